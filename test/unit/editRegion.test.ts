import * as assert from 'assert';
import { changedLines } from '../../src/core/agent/editRegion';
import { computeHunks, splitLines } from '../../src/core/rewrite/rewriteHunks';

/** The region, checked the way the review needs it: it rebuilds `after`, and both sides are whole lines. */
function region(before: string, after: string): { old: string; text: string } {
  const r = changedLines(before, after);
  assert.ok(r, 'the texts differ, so there is a region');
  assert.strictEqual(before.slice(0, r.start) + r.text + before.slice(r.end), after, 'the region rebuilds the text after');
  assert.ok(r.start === 0 || before[r.start - 1] === '\n', 'it starts at a line start');
  const old = before.slice(r.start, r.end);
  for (const side of [old, r.text]) {
    if (r.end < before.length && side !== '') assert.ok(side.endsWith('\n'), `${JSON.stringify(side)} ends on a line break`);
  }
  return { old, text: r.text };
}

describe('edit_file: the lines the review owns', () => {
  it('one changed line is the region, alone', () => {
    assert.deepStrictEqual(region('a\nb\nc\n', 'a\nB\nc\n'), { old: 'b\n', text: 'B\n' });
  });

  it('an inserted line is an empty region with the line, and a deleted line leaves nothing in its place', () => {
    assert.deepStrictEqual(region('a\nc\n', 'a\nb\nc\n'), { old: '', text: 'b\n' });
    assert.deepStrictEqual(region('a\nb\nc\n', 'a\nc\n'), { old: 'b\n', text: '' });
  });

  it('text added inside a line, or before an unchanged one, takes the whole line (never a line the next one joins)', () => {
    assert.deepStrictEqual(region('ab\ncd\n', 'ab\nXcd\n'), { old: 'cd\n', text: 'Xcd\n' });
    assert.deepStrictEqual(region('a\nb\nc', 'a\nXc'), { old: 'b\nc', text: 'Xc' });
    assert.deepStrictEqual(region('one two\n', 'one, two\n'), { old: 'one two\n', text: 'one, two\n' });
  });

  it('two changes far apart make one region from the first to the last', () => {
    const before = ['1', '2', '3', '4', '5', ''].join('\n');
    assert.deepStrictEqual(region(before, before.replace('2', 'two').replace('4', 'four')), { old: '2\n3\n4\n', text: 'two\n3\nfour\n' });
  });

  it('the first and the last line, with and without a last line break', () => {
    assert.deepStrictEqual(region('a\nb\n', 'A\nb\n'), { old: 'a\n', text: 'A\n' });
    assert.deepStrictEqual(region('a\nb', 'a\nB'), { old: 'b', text: 'B' });
    assert.deepStrictEqual(region('a\nb', 'a\nb\n'), { old: 'b', text: 'b\n' });
    assert.deepStrictEqual(region('\nb\n', '\nB\n'), { old: 'b\n', text: 'B\n' });
    assert.deepStrictEqual(region('', 'new\n'), { old: '', text: 'new\n' });
  });

  it('CRLF lines stay whole, and the review sees exactly the changed lines as one change', () => {
    const before = 'a\r\nb\r\nc\r\n';
    const r = region(before, 'a\r\nB\r\nb2\r\nc\r\n');
    assert.deepStrictEqual(r, { old: 'b\r\n', text: 'B\r\nb2\r\n' });
    assert.deepStrictEqual(computeHunks(r.old, r.text), [{ start: 0, removed: ['b\r\n'], added: ['B\r\n', 'b2\r\n'] }]);
  });

  it('the same text is no region', () => {
    assert.strictEqual(changedLines('a\n', 'a\n'), undefined);
  });

  it('any edit of lines, at random, gives a region of whole lines that rebuilds the result', () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const pieces = ['x', 'y\n', '\n', 'zz', '\r\n', '\t', ''];
    for (let i = 0; i < 2000; i++) {
      const lines = Array.from({ length: random(6) }, () => pieces[random(pieces.length)] + pieces[random(pieces.length)]);
      const before = lines.join('');
      const at = random(before.length + 1);
      const after = before.slice(0, at) + pieces[random(pieces.length)] + before.slice(at + random(3));
      if (before === after) continue;
      region(before, after);
      // Every line outside the region is the same in both texts.
      const r = changedLines(before, after)!;
      assert.deepStrictEqual(splitLines(before.slice(0, r.start)), splitLines(after.slice(0, r.start)));
    }
  });
});
