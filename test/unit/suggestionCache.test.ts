import * as assert from 'assert';
import { SuggestionCache, PREFIX_TAIL, type CachePosition } from '../../src/core/autocomplete/suggestionCache';

const URI = 'untitled:Untitled-1';
const at = (prefix: string, suffix = '\n}\n', uri = URI): CachePosition => ({ uri, prefix, suffix });

/**
 * Types `text` one character at a time after `prefix`, asking the cache at each step the way the
 * provider would: a miss would be a request, so each step records whether one would be sent.
 */
function typeThrough(cache: SuggestionCache, prefix: string, text: string, suffix?: string) {
  const shown: (string | undefined)[] = [];
  let requests = 0;
  for (let i = 1; i <= text.length; i++) {
    const rest = cache.get(at(prefix + text.slice(0, i), suffix));
    if (rest === undefined) requests++;
    shown.push(rest);
  }
  return { shown, requests };
}

describe('suggestion cache', () => {
  const prefix = 'function add(a: number, b: number) {\n  ';

  it('typing through a suggestion character by character hits at every step and sends nothing', () => {
    const cache = new SuggestionCache();
    cache.set(at(prefix), 'return a + b;');
    const typed = 'return a + b'; // all but the last character: something is left to show
    const { shown, requests } = typeThrough(cache, prefix, typed);
    assert.strictEqual(requests, 0);
    assert.deepStrictEqual(
      shown,
      [...typed].map((_, i) => 'return a + b;'.slice(i + 1)),
    );
    assert.strictEqual(cache.hits, typed.length);
    assert.strictEqual(cache.misses, 0);
  });

  it('the first position itself hits, with the whole suggestion', () => {
    const cache = new SuggestionCache();
    cache.set(at(prefix), 'return a + b;');
    assert.strictEqual(cache.get(at(prefix)), 'return a + b;');
  });

  it('a character that differs from the suggestion misses', () => {
    const cache = new SuggestionCache();
    cache.set(at(prefix), 'return a + b;');
    assert.strictEqual(cache.get(at(prefix + 'ret')), 'urn a + b;');
    assert.strictEqual(cache.get(at(prefix + 'retx')), undefined);
    assert.strictEqual(cache.get(at(prefix + 'x')), undefined);
    assert.strictEqual(cache.misses, 2);
  });

  it('backspacing within the typed part still hits; backspacing before the first position misses', () => {
    const cache = new SuggestionCache();
    cache.set(at(prefix), 'return a + b;');
    assert.strictEqual(cache.get(at(prefix + 'retur')), 'n a + b;');
    assert.strictEqual(cache.get(at(prefix + 'ret')), 'urn a + b;');
    assert.strictEqual(cache.get(at(prefix + 're')), 'turn a + b;');
    assert.strictEqual(cache.get(at(prefix.slice(0, -1))), undefined);
  });

  it('typing the whole suggestion leaves nothing to show: a miss, so a new request can follow', () => {
    const cache = new SuggestionCache();
    cache.set(at(prefix), 'return a + b;');
    assert.strictEqual(cache.get(at(prefix + 'return a + b;')), undefined);
  });

  it('a different suffix misses (an auto-closed bracket, an edit after the cursor), another document too', () => {
    const cache = new SuggestionCache();
    cache.set(at(prefix, '\n}\n'), 'return a + b;');
    assert.strictEqual(cache.get(at(prefix + 'r', ')\n}\n')), undefined);
    assert.strictEqual(cache.get(at(prefix + 'r', '\n}\nexport {};\n')), undefined);
    assert.strictEqual(cache.get(at(prefix + 'r', '\n}\n', 'untitled:Untitled-2')), undefined);
    assert.strictEqual(cache.get(at(prefix + 'r', '\n}\n')), 'eturn a + b;');
  });

  it('only the start of the suffix counts: an edit far below the cursor still hits', () => {
    const cache = new SuggestionCache();
    const far = '\n}\n' + 'x'.repeat(1000);
    cache.set(at(prefix, far + 'a'), 'return a + b;');
    assert.strictEqual(cache.get(at(prefix + 're', far + 'b')), 'turn a + b;');
  });

  it('an edit above the cursor that changes the text before the suggestion misses', () => {
    const cache = new SuggestionCache();
    cache.set(at(prefix), 'return a + b;');
    const edited = prefix.replace('add', 'sum');
    assert.strictEqual(cache.get(at(edited + 'r')), undefined);
    assert.strictEqual(cache.get(at('// note\n' + prefix + 'r')), undefined);
  });

  it('a multi-line suggestion is typed through across its line breaks', () => {
    const cache = new SuggestionCache();
    const suggestion = 'if (a < 0) {\n    return 0;\n  }\n  return a + b;';
    cache.set(at(prefix), suggestion);
    const { shown, requests } = typeThrough(cache, prefix, suggestion.slice(0, -1));
    assert.strictEqual(requests, 0);
    assert.strictEqual(shown[11], '\n    return 0;\n  }\n  return a + b;');
    assert.strictEqual(shown[12], '    return 0;\n  }\n  return a + b;');
  });

  it('in a CRLF document a suggestion with LF breaks is typed through with CRLF', () => {
    const cache = new SuggestionCache();
    const crlfPrefix = 'function add(a: number, b: number) {\r\n  ';
    const suffix = '\r\n}\r\n';
    cache.set(at(crlfPrefix, suffix), 'if (a < 0) {\n    return 0;\n  }');
    const typed = 'if (a < 0) {\r\n    return 0;\r\n  ';
    const { shown, requests } = typeThrough(cache, crlfPrefix, typed, suffix);
    assert.strictEqual(requests, 0);
    assert.strictEqual(shown[shown.length - 1], '}');
    assert.strictEqual(shown[11], '\r\n    return 0;\r\n  }');
    assert.strictEqual(cache.get(at(crlfPrefix + 'if (a < 0) {\n', suffix)), undefined, 'an LF typed in a CRLF file is not the same text');
  });

  it('the document line break can be given; a CRLF suggestion in an LF file is made LF', () => {
    const cache = new SuggestionCache();
    cache.set(at('let x = 1;'), 'let y = 2;\r\nlet z = 3;', '\r\n');
    assert.strictEqual(cache.get(at('let x = 1;let y = 2;\r\n')), 'let z = 3;');
    cache.set(at('const a = 1;', ''), '\r\nconst b = 2;');
    assert.strictEqual(cache.get(at('const a = 1;\n', '')), 'const b = 2;');
  });

  it('the most recent suggestion that applies wins', () => {
    const cache = new SuggestionCache();
    cache.set(at(prefix), 'return a + b;');
    cache.set(at(prefix + 'return '), 'a + b + 0;');
    assert.strictEqual(cache.get(at(prefix + 'return a')), ' + b + 0;');
    assert.strictEqual(cache.get(at(prefix + 're')), 'turn a + b;');
  });

  it('is bounded by entries, forgetting the least recently used first', () => {
    const cache = new SuggestionCache({ maxEntries: 3, maxChars: 10_000 });
    for (const n of [1, 2, 3]) cache.set(at(`const v${n} = `), `${n};`);
    assert.strictEqual(cache.get(at('const v1 = ')), '1;', 'v1 used: now the most recent');
    cache.set(at('const v4 = '), '4;');
    assert.strictEqual(cache.size, 3);
    assert.strictEqual(cache.get(at('const v2 = ')), undefined, 'v2 was the least recently used');
    assert.strictEqual(cache.get(at('const v1 = ')), '1;');
    assert.strictEqual(cache.get(at('const v4 = ')), '4;');
  });

  it('is bounded by characters held; a suggestion larger than the whole bound is not kept', () => {
    const cache = new SuggestionCache({ maxEntries: 100, maxChars: 300 });
    for (let n = 0; n < 10; n++) cache.set(at(`// ${n}\n`, ''), 'x'.repeat(50));
    assert.ok(cache.chars <= 300, String(cache.chars));
    assert.strictEqual(cache.size, 5, 'each entry holds 50 + 5 characters');
    assert.strictEqual(cache.get(at('// 9\n', '')), 'x'.repeat(50));
    assert.strictEqual(cache.get(at('// 4\n', '')), undefined);
    cache.set(at('// big\n', ''), 'y'.repeat(400));
    assert.strictEqual(cache.get(at('// big\n', '')), undefined);
    assert.strictEqual(cache.size, 5);
  });

  it('keeps only the tail of a long prefix and still tells nearby places apart', () => {
    const cache = new SuggestionCache({ maxEntries: 10, maxChars: 1000 });
    const long = 'a'.repeat(100_000) + '\n  ';
    cache.set(at(long), 'done();');
    assert.ok(cache.chars <= PREFIX_TAIL + 3 + 7 + 1, String(cache.chars));
    assert.strictEqual(cache.get(at(long + 'do')), 'ne();');
    assert.strictEqual(cache.get(at(long.slice(0, -3) + '\n\t' + 'do')), undefined);
  });

  it('storing at the same place replaces; forgetting a document drops its entries only', () => {
    const cache = new SuggestionCache();
    cache.set(at(prefix), 'return a + b;');
    cache.set(at(prefix), 'return b + a;');
    assert.strictEqual(cache.size, 1);
    assert.strictEqual(cache.get(at(prefix + 'return b')), ' + a;');
    cache.set(at(prefix, '\n}\n', 'untitled:Untitled-2'), 'x;');
    cache.forgetDocument(URI);
    assert.strictEqual(cache.size, 1);
    assert.strictEqual(cache.get(at(prefix, '\n}\n', 'untitled:Untitled-2')), 'x;');
    assert.strictEqual(cache.chars, 'x;'.length + prefix.length + '\n}\n'.length);
  });
});
