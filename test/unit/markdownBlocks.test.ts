import * as assert from 'assert';
import MarkdownIt from 'markdown-it';
import { blockStarts } from '../../src/core/text/markdownBlocks';

const md = new MarkdownIt({ html: false, linkify: true });

const REPLY = [
  '# Total',
  '',
  'The loop sums **prices**:',
  '',
  '```ts',
  'let sum = 0;',
  '',
  'for (const item of items) sum += item.price;',
  '```',
  '',
  '~~~~',
  '```not a close',
  '',
  'still code',
  '~~~~',
  '',
  '> a quote',
  '> over two lines',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '',
  '- tight',
  '- list',
  '',
  '    indented code',
  '',
  '    more of it',
  '',
  '1. Step',
  '',
  '   ```js',
  '   inside the item',
  '   ```',
  '',
  '---',
  'Done.',
  '',
].join('\n');

function pieces(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (const start of blockStarts(text)) {
    out.push(text.slice(from, start));
    from = start;
  }
  return [...out, text.slice(from)];
}

describe('Markdown blocks for incremental rendering', () => {
  it('splits only where the pieces render exactly as the whole does', () => {
    const split = pieces(REPLY);
    assert.ok(split.length >= 8, `${split.length} pieces`);
    assert.strictEqual(split.join(''), REPLY);
    assert.strictEqual(split.map((p) => md.render(p)).join(''), md.render(REPLY));
  });

  it('never splits inside a fence, an indented code block or a list item', () => {
    const split = pieces(REPLY);
    assert.ok(
      split.some((p) => p.startsWith('```ts') && p.includes('for (const item')),
      'the blank line inside the fence stays',
    );
    assert.ok(
      split.some((p) => p.startsWith('~~~~') && p.includes('still code')),
      'a ``` line does not close a ~~~~ fence',
    );
    assert.ok(
      split.some((p) => p.includes('    indented code') && p.includes('more of it')),
      'indented lines after a list belong to it',
    );
    assert.ok(split.some((p) => p.startsWith('1. Step') && p.includes('inside the item')));
  });

  it('a block start found while streaming stays one when more text arrives', () => {
    const final = new Set(blockStarts(REPLY));
    for (let n = 0; n <= REPLY.length; n++) {
      for (const start of blockStarts(REPLY.slice(0, n)))
        assert.ok(final.has(start), `prefix ${n}: ${start} is not a block start of the whole`);
    }
  });

  it('continues from an earlier block start as if scanning from the beginning', () => {
    const all = blockStarts(REPLY);
    for (const from of all)
      assert.deepStrictEqual(
        blockStarts(REPLY, from),
        all.filter((s) => s > from),
      );
  });

  it('an unclosed fence holds everything after it in one block', () => {
    const text = 'Intro\n\n```py\nx = 1\n\ny = 2\n\nprint(x)';
    assert.deepStrictEqual(blockStarts(text), [7]);
  });
});
