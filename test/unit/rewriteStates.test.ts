import * as assert from 'assert';
import { moveRegion } from '../../src/core/rewrite/rewriteRegion';
import { canMove, isFinal, TRANSITIONS, type RewriteStatus } from '../../src/core/rewrite/rewriteStates';

describe('the rewrite state machine', () => {
  const states = Object.keys(TRANSITIONS) as RewriteStatus[];

  it('every transition leads to a known state, and every state but streaming is reachable', () => {
    for (const to of Object.values(TRANSITIONS).flat()) assert.ok(states.includes(to), to);
    const reachable = new Set(Object.values(TRANSITIONS).flat());
    assert.deepStrictEqual(
      states.filter((s) => s !== 'streaming' && !reachable.has(s)),
      [],
    );
  });

  it('Accept only from a shown rewrite, and only through accepting', () => {
    assert.ok(canMove('pending', 'accepting'));
    assert.ok(canMove('accepting', 'accepted'));
    for (const from of states.filter((s) => s !== 'pending')) assert.ok(!canMove(from, 'accepting'), from);
    for (const from of states.filter((s) => s !== 'accepting')) assert.ok(!canMove(from, 'accepted'), from);
  });

  it('the original comes back only from streaming or pending, before the outcome is known', () => {
    assert.deepStrictEqual(
      states.filter((s) => canMove(s, 'restoring')),
      ['streaming', 'pending'],
    );
    for (const outcome of ['rejected', 'stopped', 'failed', 'empty'] as const) {
      assert.deepStrictEqual(
        states.filter((s) => canMove(s, outcome)),
        ['restoring'],
        outcome,
      );
    }
  });

  it('an edit inside or a closed document ends every live state; final states have no way out', () => {
    for (const s of states) {
      assert.strictEqual(canMove(s, 'conflict'), !isFinal(s), s);
      assert.strictEqual(canMove(s, 'closed'), !isFinal(s), s);
    }
    assert.deepStrictEqual(
      states.filter((s) => !isFinal(s)),
      ['streaming', 'pending', 'accepting', 'restoring'],
    );
  });
});

describe('a rewrite region as the document changes', () => {
  const region = { start: 10, length: 5 };
  const change = (rangeOffset: number, rangeLength: number, text: string) => ({ rangeOffset, rangeLength, text });

  it('shifts by edits before it, including one that ends at its start', () => {
    assert.deepStrictEqual(moveRegion(region, [change(0, 0, 'abc')]), { start: 13, length: 5 });
    assert.deepStrictEqual(moveRegion(region, [change(2, 8, 'x')]), { start: 3, length: 5 });
    assert.deepStrictEqual(moveRegion(region, [change(0, 0, 'ab'), change(4, 2, '')]), { start: 10, length: 5 });
  });

  it('stays put for edits after it, including one at its end', () => {
    assert.deepStrictEqual(moveRegion(region, [change(15, 0, 'tail')]), region);
    assert.deepStrictEqual(moveRegion(region, [change(20, 3, '')]), region);
  });

  it('is a conflict when an edit touches its inside', () => {
    assert.strictEqual(moveRegion(region, [change(12, 0, 'x')]), 'conflict');
    assert.strictEqual(moveRegion(region, [change(8, 4, '')]), 'conflict');
    assert.strictEqual(moveRegion(region, [change(0, 0, 'a'), change(14, 1, 'y')]), 'conflict');
  });

  it('keeps an empty region before what is typed at its start', () => {
    assert.deepStrictEqual(moveRegion({ start: 4, length: 0 }, [change(4, 0, 'typed')]), { start: 4, length: 0 });
    assert.deepStrictEqual(moveRegion({ start: 4, length: 0 }, [change(1, 0, 'ab')]), { start: 6, length: 0 });
  });
});
