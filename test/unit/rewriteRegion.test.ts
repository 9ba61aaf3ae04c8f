import * as assert from 'assert';
import { followRegion } from '../../src/core/rewrite/rewriteRegion';

describe('following a rewrite region after the review (for undo)', () => {
  const change = (rangeOffset: number, rangeLength: number, text: string) => ({ rangeOffset, rangeLength, text });
  it('a change before shifts it, after leaves it, inside grows it, across an edge loses it', () => {
    const r = { start: 10, length: 5 };
    assert.deepStrictEqual(followRegion(r, [change(2, 0, 'abc')], false), { start: 13, length: 5 });
    assert.deepStrictEqual(followRegion(r, [change(15, 0, 'abc')], false), { start: 10, length: 5 });
    assert.deepStrictEqual(followRegion(r, [change(11, 2, 'wxyz')], false), { start: 10, length: 7 });
    assert.strictEqual(followRegion(r, [change(8, 4, '')], false), undefined);
    assert.strictEqual(followRegion(r, [change(14, 3, '')], false), undefined);
  });
  it('undo and redo of the rewrite own the edges: text put back into an empty region is inside it', () => {
    assert.deepStrictEqual(followRegion({ start: 4, length: 0 }, [change(4, 0, 'code\n')], true), { start: 4, length: 5 });
    assert.deepStrictEqual(
      followRegion({ start: 4, length: 0 }, [change(4, 0, 'typed')], false),
      { start: 4, length: 0 },
      'typing at an empty region stays after it',
    );
    assert.deepStrictEqual(followRegion({ start: 4, length: 3 }, [change(4, 3, 'longer')], true), { start: 4, length: 6 });
  });
});
