import * as assert from 'assert';
import { shortenLongLines } from '../../src/core/text/longLines';

const note = (left: number) => ` … [${left} more]`;

/** What the view did before: one pattern over the whole text (slow on long replies, same result). */
function byPattern(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.replace(new RegExp(`[^\\n]{${max + 1},}`, 'g'), (line) => line.slice(0, max) + note(line.length - max));
}

/** Long lines are cut for display, in one pass, exactly as before. */
describe('Shortening long lines for the view', () => {
  it('cuts each line over the limit and says how much was left out; other lines stay', () => {
    assert.strictEqual(shortenLongLines('short\n' + 'x'.repeat(12) + '\nend', 10, note), 'short\n' + 'x'.repeat(10) + ' … [2 more]\nend');
    assert.strictEqual(shortenLongLines('y'.repeat(11), 10, note), 'y'.repeat(10) + ' … [1 more]', 'a last line with no newline');
    assert.strictEqual(shortenLongLines('z'.repeat(11) + '\n', 10, note), 'z'.repeat(10) + ' … [1 more]\n');
    assert.strictEqual(
      shortenLongLines('a'.repeat(10) + '\n' + 'b'.repeat(10), 10, note),
      'a'.repeat(10) + '\n' + 'b'.repeat(10),
      'at the limit: kept',
    );
    const text = 'ok\n'.repeat(5);
    assert.strictEqual(shortenLongLines(text, 2, note), text, 'nothing over the limit: the same string');
  });

  it('gives what the pattern gave, on texts of every shape (CRLF, blank lines, long lines anywhere)', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pieces = ['\n', '\r\n', '', 'a', 'word ', 'é', '\t', '🙂'];
    for (let round = 0; round < 300; round++) {
      let text = '';
      const lines = random(6);
      for (let i = 0; i < lines; i++) text += 'x'.repeat(random(30)) + pieces[random(pieces.length)];
      const max = 1 + random(20);
      assert.strictEqual(shortenLongLines(text, max, note), byPattern(text, max), JSON.stringify({ text, max }));
    }
  });

  it('a 1 MB text of short lines with one long one at its end', () => {
    const text = 'a short line of code\n'.repeat(50_000) + 'q'.repeat(20_000) + '\nafter';
    const out = shortenLongLines(text, 10_000, note);
    assert.ok(out.endsWith('q'.repeat(10_000) + ' … [10000 more]\nafter'));
    assert.strictEqual(out.length, text.length - 10_000 + ' … [10000 more]'.length);
  });
});
