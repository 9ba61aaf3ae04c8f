import * as assert from 'assert';
import { cursorWindow, cursorWindowOfLines, type LinePosition } from '../../src/core/autocomplete/node/cursorWindow';
import { countTokens } from '../../src/core/tokens/node/tokenCount';
import { TokenCountCache } from '../../src/core/tokens/node/tokenCountCache';

/** A file of varied code lines: indentation by spaces and tabs, blank lines, strings. */
function codeFile(lines: number, eol = '\n'): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    if (i % 7 === 0) out.push('');
    else if (i % 5 === 0) out.push(`\tif (items[${i}].name === "item ${i}") {`);
    else out.push(`  const value${i} = compute(${i}, 'label ${i % 13}'); // note ${i}`);
  }
  return out.join(eol);
}

/** A cache over the real count that also says how many lines it was asked to count. */
function countingCache() {
  const counted: string[] = [];
  const cache = new TokenCountCache((text) => {
    counted.push(text);
    return countTokens(text);
  });
  return { cache, counted };
}

describe('cursor window', () => {
  const text = codeFile(2000);
  const offset = text.indexOf('const value1003 = ') + 6; // mid-line

  it('keeps whole lines outward from the cursor within the budgets, by real token counts', () => {
    const { cache } = countingCache();
    const w = cursorWindow(text, offset, { prefixTokens: 500, suffixTokens: 200 }, cache);
    assert.strictEqual(w.prefix, text.slice(w.start, offset));
    assert.strictEqual(w.suffix, text.slice(offset, w.end));
    assert.ok(w.start === 0 || text[w.start - 1] === '\n', 'the prefix starts at a line start');
    assert.ok(text[w.end - 1] === '\n', 'the suffix ends after a line break');
    assert.ok(countTokens(w.prefix) <= 500 && w.prefixTokens <= 500, `${countTokens(w.prefix)} / ${w.prefixTokens}`);
    assert.ok(countTokens(w.suffix) <= 200 && w.suffixTokens <= 200);
    assert.ok(countTokens(w.prefix) <= w.prefixTokens, 'the reported count bounds the real one');
    // Full: the next line out would not have fitted.
    const above = text.slice(text.lastIndexOf('\n', w.start - 2) + 1, w.start);
    assert.ok(w.prefixTokens + countTokens(above) > 500);
    const below = text.slice(w.end, text.indexOf('\n', w.end) + 1);
    assert.ok(w.suffixTokens + countTokens(below) > 200);
  });

  it('counts only the lines it takes and the one that stopped it, and a keystroke re-counts none of them', () => {
    const { cache, counted } = countingCache();
    const w = cursorWindow(text, offset, { prefixTokens: 400, suffixTokens: 100 }, cache);
    const taken = w.prefix.split('\n').length - 1 + w.suffix.split('\n').length - 1;
    assert.ok(counted.length <= taken + 2, `${counted.length} counted for ${taken} lines`);
    const before = counted.length;
    const typed = text.slice(0, offset) + 'x' + text.slice(offset);
    const again = cursorWindow(typed, offset + 1, { prefixTokens: 400, suffixTokens: 100 }, cache);
    assert.strictEqual(counted.length - before, 1, "the lines around are known: only the cursor line's changed part is counted anew");
    assert.ok(again.prefix.endsWith('x'));
  });

  it('takes a small file whole by its byte length, counting nothing', () => {
    const { cache, counted } = countingCache();
    const small = 'def f(x):\n    return x + 1\n\nprint(f(2))\n';
    const w = cursorWindow(small, small.indexOf('x + 1'), { prefixTokens: 100, suffixTokens: 100 }, cache);
    assert.deepStrictEqual([w.prefix + w.suffix, w.start, w.end], [small, 0, small.length]);
    assert.strictEqual(counted.length, 0);
    assert.strictEqual(w.prefixTokens, Buffer.byteLength(w.prefix));
  });

  it('cuts the cursor line by characters next to the cursor when it alone is over budget', () => {
    const line = 'let s = [' + Array.from({ length: 800 }, (_, i) => `"w${i}"`).join(', ') + '];';
    const doc = `a\n${line}\nb\n`;
    const cursor = 2 + line.indexOf('"w400"');
    const w = cursorWindow(doc, cursor, { prefixTokens: 50, suffixTokens: 30 });
    assert.ok(line.slice(0, cursor - 2).endsWith(w.prefix) && w.prefix.length > 0);
    assert.ok(line.slice(cursor - 2).startsWith(w.suffix) && w.suffix.length > 0);
    assert.ok(countTokens(w.prefix) <= 50 && countTokens(w.prefix) >= 40, String(countTokens(w.prefix)));
    assert.ok(countTokens(w.suffix) <= 30 && countTokens(w.suffix) >= 20);
    assert.deepStrictEqual([w.start, w.end], [cursor - w.prefix.length, cursor + w.suffix.length]);
  });

  it('never splits an emoji when cutting, and keeps unicode lines whole', () => {
    const emoji = '😀🎉👍🏽'.repeat(200);
    const doc = `const a = "日本語のテキスト";\nconst e = "${emoji}${emoji}";\n`;
    const cursor = doc.indexOf(emoji) + emoji.length; // between two halves, on a pair boundary
    const w = cursorWindow(doc, cursor, { prefixTokens: 25, suffixTokens: 25 });
    for (const side of [w.prefix, w.suffix]) {
      assert.ok(!/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(side), 'no lone surrogate at either end');
      assert.ok(countTokens(side) <= 25);
    }
    const whole = cursorWindow(doc, doc.indexOf('const e'), { prefixTokens: 100, suffixTokens: 0 });
    assert.strictEqual(whole.prefix, 'const a = "日本語のテキスト";\n');
  });

  it('keeps CRLF lines whole, with their breaks', () => {
    const crlf = codeFile(300, '\r\n');
    const at = crlf.indexOf('value151') + 3;
    const w = cursorWindow(crlf, at, { prefixTokens: 120, suffixTokens: 120 });
    assert.ok(w.start > 0 && crlf.slice(w.start - 2, w.start) === '\r\n');
    assert.ok(w.suffix.endsWith('\r\n'));
    assert.ok(countTokens(w.prefix) <= 120 && countTokens(w.suffix) <= 120);
  });

  it('handles the cursor at the start and end of the document, and an empty document', () => {
    const start = cursorWindow(text, 0, { prefixTokens: 100, suffixTokens: 100 });
    assert.deepStrictEqual([start.prefix, start.start, start.prefixTokens], ['', 0, 0]);
    assert.ok(start.suffix.length > 0 && text.startsWith(start.suffix));
    const end = cursorWindow(text, text.length, { prefixTokens: 100, suffixTokens: 100 });
    assert.deepStrictEqual([end.suffix, end.end], ['', text.length]);
    assert.ok(text.endsWith(end.prefix) && end.prefix.length > 0);
    assert.deepStrictEqual(cursorWindow('', 0, { prefixTokens: 10, suffixTokens: 10 }), {
      prefix: '',
      suffix: '',
      prefixTokens: 0,
      suffixTokens: 0,
      start: 0,
      end: 0,
    });
    const none = cursorWindowOfLines([], { line: 0, character: 0 }, { prefixTokens: 10, suffixTokens: 10 });
    assert.deepStrictEqual([none.prefix, none.suffix], ['', '']);
  });
});

describe('cursor window from lines', () => {
  /** The position of `offset` in `text`. */
  const positionAt = (text: string, offset: number): LinePosition => {
    const before = text.slice(0, offset).split(/\r?\n/);
    return { line: before.length - 1, character: before[before.length - 1].length };
  };

  for (const eol of ['\n', '\r\n'] as const) {
    it(`gives the same window as the text, ${JSON.stringify(eol)} line breaks`, () => {
      const text = codeFile(600, eol);
      const lines = text.split(eol);
      const cases: [number, number, number][] = [
        [text.indexOf('value302') + 2, 300, 150],
        [0, 50, 50],
        [text.length, 80, 10],
        [text.indexOf('value598'), 5, 5],
        [text.indexOf('value11 '), 10_000, 10_000],
      ];
      for (const [offset, prefixTokens, suffixTokens] of cases) {
        const fromText = cursorWindow(text, offset, { prefixTokens, suffixTokens });
        const fromLines = cursorWindowOfLines(lines, positionAt(text, offset), { prefixTokens, suffixTokens }, eol);
        assert.strictEqual(fromLines.prefix, fromText.prefix, `prefix at ${offset}`);
        assert.strictEqual(fromLines.suffix, fromText.suffix, `suffix at ${offset}`);
        assert.deepStrictEqual(fromLines.start, positionAt(text, fromText.start));
        assert.deepStrictEqual(fromLines.end, positionAt(text, fromText.end));
      }
    });
  }
});
