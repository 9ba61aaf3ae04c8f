import * as assert from 'assert';
import hljs from 'highlight.js/lib/common';
import { grammarsToWarm } from '../../src/core/view/grammarWarmup';

const nameOf = (l: string) => hljs.getLanguage(l)?.name;

describe('The order the highlighter compiles its grammars in while the view is idle', () => {
  const all = hljs.listLanguages();

  it('every grammar highlight.js has, each once, the languages on the page first (aliases resolved)', () => {
    const order = grammarsToWarm(['rust', 'ts', 'typescript', 'sql'], all, nameOf, new Set());
    assert.deepStrictEqual(order.slice(0, 3), ['rust', 'ts', 'sql'], 'ts and typescript are one grammar');
    assert.strictEqual(order.length, all.length);
    assert.deepStrictEqual(new Set(order.map(nameOf)), new Set(all.map(nameOf)));
    assert.strictEqual(order[3], 'python', 'then the most used');
  });

  it('leaves out grammars already compiled, and languages highlight.js does not know', () => {
    const compiled = new Set(['Python', 'Java']);
    const order = grammarsToWarm(['no-such-language', 'java', 'go'], all, nameOf, compiled);
    assert.strictEqual(order[0], 'go');
    assert.ok(!order.map(nameOf).includes('Java') && !order.map(nameOf).includes('Python'));
    assert.ok(!order.includes('no-such-language'));
    assert.strictEqual(order.length, all.length - 2);
  });

  it('nothing left once all are compiled', () => {
    assert.deepStrictEqual(grammarsToWarm(['ts'], all, nameOf, new Set(all.map((l) => nameOf(l)!))), []);
  });
});
