import * as assert from 'assert';
import { ThinkSplitter } from '../../src/core/client/thinkSplitter';

function run(pieces: string[]): { content: string; reasoning: string; reclassified: boolean } {
  const s = new ThinkSplitter();
  let content = '';
  let reasoning = '';
  let reclassified = false;
  for (const piece of [...pieces.map((p) => s.push(p)), s.end()]) {
    if (piece.reclassify) {
      reasoning += content;
      content = '';
      reclassified = true;
    }
    content += piece.content;
    reasoning += piece.reasoning;
  }
  return { content, reasoning, reclassified };
}

/** Every way of cutting the text into two pieces, plus one character at a time. */
function splits(text: string): string[][] {
  const out: string[][] = [[...text]];
  for (let i = 0; i <= text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

describe('ThinkSplitter', () => {
  it('passes plain text through unchanged, however it is split', () => {
    for (const pieces of splits('if (a < b) { return a <= b; } // <thin')) {
      assert.deepStrictEqual(run(pieces), { content: 'if (a < b) { return a <= b; } // <thin', reasoning: '', reclassified: false });
    }
  });

  it('separates a <think> block from the answer at any split point', () => {
    for (const pieces of splits('<think>step 1\nstep 2</think>\n\nThe answer is 42.')) {
      assert.deepStrictEqual(run(pieces), { content: 'The answer is 42.', reasoning: 'step 1\nstep 2', reclassified: false });
    }
  });

  it('treats text before a lone </think> as reasoning', () => {
    for (const pieces of splits('I should add.</think>\nSum: 3')) {
      assert.deepStrictEqual(run(pieces), { content: 'Sum: 3', reasoning: 'I should add.', reclassified: true });
    }
  });

  it('keeps an unclosed <think> as reasoning when the stream ends', () => {
    assert.deepStrictEqual(run(['<think>still thinking', ' about it']), {
      content: '',
      reasoning: 'still thinking about it',
      reclassified: false,
    });
  });

  it('handles text before the think block and a second block', () => {
    const r = run(['Hi <thi', 'nk>a</th', 'ink>b<think>c</think>d']);
    assert.deepStrictEqual(r, { content: 'Hi bd', reasoning: 'ac', reclassified: false });
  });

  it('flushes a trailing partial tag as content at the end', () => {
    assert.deepStrictEqual(run(['x <', 'th']), { content: 'x <th', reasoning: '', reclassified: false });
  });

  // Reasoning is removed here, once: the rewrite's cleaning gets the answer only (issue 13).
  it('strips reasoning from the reply shapes a rewrite gets, at any split point', () => {
    const code = 'function add(a: number, b: number): number {\n  return a + b;\n}';
    const fenced = '```ts\n' + code + '\n```';
    const cases: [string, string, string][] = [
      ['<think>They want types. Numbers.</think>\n\n' + code, code, 'They want types. Numbers.'],
      ['<think>\nplan\n</think>\n' + fenced, fenced, '\nplan\n'],
      ['reasoning text</think>\n' + code, code, 'reasoning text'],
      ['<think>hmm</think>', '', 'hmm'],
    ];
    for (const [reply, content, reasoning] of cases) {
      for (const pieces of splits(reply)) {
        const r = run(pieces);
        assert.deepStrictEqual([r.content, r.reasoning], [content, reasoning], JSON.stringify(pieces));
      }
    }
  });
});
