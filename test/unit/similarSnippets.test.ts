import * as assert from 'assert';
import { queryText, sameLanguageFamily, similarSnippets } from '../../src/core/autocomplete/similarSnippets';
import { SnippetIndexCache, type SnippetDocument } from '../../src/core/autocomplete/snippetIndex';
import { countTokens } from '../../src/core/tokens/node/tokenCount';

/** `count` lines of filler code whose words are all `tag`-prefixed, so they match nothing else. */
const filler = (tag: string, count: number) =>
  Array.from({ length: count }, (_, i) => `  ${tag}Alpha${i}.${tag}Beta(${tag}Gamma${i % 3});`).join('\n');

const orderCode = [
  'function totalPrice(order: Order, discount: Discount): number {',
  '  const subtotal = order.items.reduce((sum, item) => sum + item.price * item.quantity, 0);',
  '  const reduced = applyDiscount(subtotal, discount);',
  '  return roundCents(reduced + shippingCost(order));',
  '}',
].join('\n');

const query = ['export function invoiceTotal(order: Order, discount: Discount) {', '  const subtotal = order.items.reduce('].join('\n');

const doc = (path: string, text: string, languageId = 'typescript', version?: number): SnippetDocument => ({
  path,
  languageId,
  text,
  version,
});

describe('similar snippets', () => {
  it('returns the most similar windows first and drops the unrelated', () => {
    const close = doc('src/close.ts', `${filler('aa', 40)}\n${orderCode}\n${filler('bb', 40)}`);
    const partial = doc('src/partial.ts', `${filler('cc', 30)}\nconst subtotal = order.items.length;\n${filler('dd', 5)}`);
    const unrelated = doc('src/unrelated.ts', filler('ee', 100));
    const snippets = similarSnippets(query, 'typescript', [unrelated, partial, close], new SnippetIndexCache(), {
      minScore: 0.02,
      maxNewIndexes: 3,
    });
    assert.deepStrictEqual(
      snippets.map((s) => s.path),
      ['src/close.ts', 'src/partial.ts'],
    );
    assert.ok(snippets[0].score > snippets[1].score);
    assert.ok(snippets[0].text.includes('applyDiscount(subtotal, discount)'));
    assert.strictEqual(snippets[0].text, close.text.toString().split('\n').slice(snippets[0].startLine, snippets[0].endLine).join('\n'));
    assert.deepStrictEqual(similarSnippets(query, 'typescript', [close], new SnippetIndexCache(), { minScore: 0.9 }), []);
  });

  it('offers only the same language family', () => {
    const cache = new SnippetIndexCache();
    const candidates = [doc('a.py', orderCode, 'python'), doc('b.jsx', orderCode, 'javascriptreact'), doc('c.go', orderCode, 'go')];
    assert.deepStrictEqual(
      similarSnippets(query, 'typescript', candidates, cache).map((s) => s.path),
      ['b.jsx'],
    );
    assert.ok(sameLanguageFamily('c', 'cpp') && sameLanguageFamily('python', 'python'));
    assert.ok(!sameLanguageFamily('c', 'csharp') && !sameLanguageFamily('typescript', 'python'));
  });

  it('masks secrets in the snippets it returns', () => {
    const key = 'sk-' + 'a1B2c3D4e5'.repeat(4);
    const withKey = doc('src/config.ts', `${orderCode}\nconst apiKey = "${key}";\n`);
    const [masked] = similarSnippets(query, 'typescript', [withKey], new SnippetIndexCache());
    assert.ok(masked.text.includes('applyDiscount') && !masked.text.includes(key), masked.text);
    // Unnumbered: the current file's secret n must never stand in for a snippet's.
    assert.ok(masked.text.includes('const apiKey = "⟦secret⟧";') && !/⟦secret \d+⟧/.test(masked.text), masked.text);
    const [plain] = similarSnippets(query, 'typescript', [withKey], new SnippetIndexCache(), { mask: false });
    assert.ok(plain.text.includes(key));
  });

  it('gives one snippet where overlapping windows of a file both match', () => {
    // 30 lines: windows 0–20 and 10–30 overlap, and both hold the matching code at lines 12–16.
    const text = `${filler('ff', 12)}\n${orderCode}\n${filler('gg', 13)}`;
    const snippets = similarSnippets(query, 'typescript', [doc('src/one.ts', text)], new SnippetIndexCache(), { maxSnippets: 5 });
    assert.strictEqual(snippets.length, 1);
  });

  it('keeps to the number of snippets and the character and token budgets', () => {
    const files = Array.from({ length: 6 }, (_, i) => doc(`src/f${i}.ts`, `${filler(`h${i}`, 25)}\n${orderCode}\n${filler(`k${i}`, 25)}`));
    const cache = new SnippetIndexCache();
    assert.strictEqual(similarSnippets(query, 'typescript', files, cache, { maxSnippets: 4, maxChars: 1e6, maxNewIndexes: 6 }).length, 4);
    const byChars = similarSnippets(query, 'typescript', files, cache, { maxSnippets: 6, maxChars: 3000 });
    const chars = byChars.reduce((n, s) => n + s.text.length, 0);
    assert.ok(byChars.length >= 1 && byChars.length < 6 && chars <= 3000, `${byChars.length} snippets, ${chars} chars`);
    const byTokens = similarSnippets(query, 'typescript', files, cache, { maxSnippets: 6, maxChars: 1e6, maxTokens: 700, countTokens });
    const tokens = byTokens.reduce((n, s) => n + countTokens(s.text), 0);
    assert.ok(byTokens.length >= 1 && byTokens.length < 6 && tokens <= 700, `${byTokens.length} snippets, ${tokens} tokens`);
  });

  it('indexes a document once per version, reading its text only when the version changed', () => {
    const cache = new SnippetIndexCache();
    let reads = 0;
    const lazy = (version: number): SnippetDocument => ({
      path: 'src/lazy.ts',
      languageId: 'typescript',
      version,
      text: () => (reads++, orderCode),
    });
    similarSnippets(query, 'typescript', [lazy(1)], cache);
    similarSnippets(query, 'typescript', [lazy(1)], cache);
    assert.deepStrictEqual([reads, cache.indexed], [1, 1]);
    similarSnippets(query, 'typescript', [lazy(2)], cache);
    assert.deepStrictEqual([reads, cache.indexed], [2, 2]);
    // Without a version, the text decides.
    similarSnippets(query, 'typescript', [doc('src/plain.ts', orderCode)], cache);
    similarSnippets(query, 'typescript', [doc('src/plain.ts', orderCode)], cache);
    similarSnippets(query, 'typescript', [doc('src/plain.ts', orderCode + '\n')], cache);
    assert.strictEqual(cache.indexed, 4);
  });

  it('indexes at most a few new documents per call, the rest on the next calls', () => {
    const files = Array.from({ length: 5 }, (_, i) => doc(`src/n${i}.ts`, `${orderCode}\n${filler(`m${i}`, 5)}`, 'typescript', 1));
    const cache = new SnippetIndexCache();
    const first = similarSnippets(query, 'typescript', files, cache, { maxSnippets: 5, maxNewIndexes: 2 });
    assert.deepStrictEqual([first.length, cache.indexed], [2, 2]);
    similarSnippets(query, 'typescript', files, cache, { maxSnippets: 5, maxNewIndexes: 2 });
    const third = similarSnippets(query, 'typescript', files, cache, { maxSnippets: 5, maxNewIndexes: 2 });
    assert.deepStrictEqual([third.length, cache.indexed], [5, 5]);
  });

  it('compares with the last lines before the cursor', () => {
    assert.strictEqual(queryText('a\nb\nc\nd', 2), 'c\nd');
    assert.strictEqual(queryText('a\nb', 5), 'a\nb');
    assert.strictEqual(queryText('', 5), '');
    assert.deepStrictEqual(similarSnippets('', 'typescript', [doc('x.ts', orderCode)], new SnippetIndexCache()), []);
  });
});
