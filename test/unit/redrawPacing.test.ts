import * as assert from 'assert';
import {
  FRAME_BUDGET_MS,
  giveWay,
  MAX_GIVEN_WAY,
  MIN_PIECE_CHARS,
  PIECE_CHARS,
  pieceChars,
  redrawBudget,
  redrawWait,
  renderSpeed,
  TYPING_FRAME_BUDGET_MS,
  TYPING_MS,
  TYPING_REDRAW_MS,
} from '../../src/core/view/redrawPacing';

/** A streaming reply's redraws make way for the user's keys, and never starve. */
describe('Redrawing a streaming reply while the user types', () => {
  const idle = { lastInput: -Infinity, lastRender: -Infinity };

  it('redraws at once, with the whole budget, when no key went down lately', () => {
    assert.strictEqual(redrawWait(idle, 5_000, 0), 0);
    assert.strictEqual(redrawWait({ lastInput: 5_000 - TYPING_MS, lastRender: 4_990 }, 5_000, 0), 0);
    assert.strictEqual(redrawWait(idle, 5_000, 250), 250, 'a long reply keeps its own wait');
    assert.strictEqual(redrawBudget(idle, 5_000), FRAME_BUDGET_MS);
  });

  it('while typing, redraws at most every TYPING_REDRAW_MS, with a smaller budget', () => {
    const clock = { lastInput: 4_900, lastRender: 4_950 };
    assert.strictEqual(redrawWait(clock, 5_000, 0), 4_950 + TYPING_REDRAW_MS - 5_000);
    assert.strictEqual(redrawWait({ lastInput: 4_900, lastRender: 4_000 }, 5_000, 0), 0, 'the last redraw was long enough ago');
    assert.strictEqual(redrawWait({ lastInput: 4_900, lastRender: 4_000 }, 5_000, 250), 250);
    assert.strictEqual(redrawBudget(clock, 5_000), TYPING_FRAME_BUDGET_MS);
    assert.ok(TYPING_FRAME_BUDGET_MS < FRAME_BUDGET_MS);
  });

  it('gives way in the frame after a key, or with input waiting, but never more than MAX_GIVEN_WAY frames in a row', () => {
    const frameStart = 10_000;
    assert.strictEqual(giveWay(idle, frameStart, false, 0), 0, 'nothing to give way to');
    assert.strictEqual(giveWay({ lastInput: frameStart - 5, lastRender: 0 }, frameStart, false, 0), 1, 'a key this frame paints');
    assert.strictEqual(giveWay({ lastInput: frameStart - 40, lastRender: 0 }, frameStart, false, 0), 0, 'a key two frames ago');
    assert.strictEqual(giveWay(idle, frameStart, true, 0), 1, 'input waiting');
    let givenWay = 0;
    const counts: number[] = [];
    for (let frame = 0; frame < 2 * (MAX_GIVEN_WAY + 1); frame++) counts.push((givenWay = giveWay(idle, frameStart, true, givenWay)));
    assert.deepStrictEqual(counts, [1, 2, 3, 0, 1, 2, 3, 0], 'every fourth frame draws, input or not');
  });
});

/** A reply's finished blocks go into the page in pieces sized to what is left of the frame's budget. */
describe('Sizing the pieces of a reply to the frame budget', () => {
  it('takes whole pieces with no budget or no speed measured yet', () => {
    assert.strictEqual(pieceChars(Infinity, 100), PIECE_CHARS);
    assert.strictEqual(pieceChars(8, undefined), PIECE_CHARS);
  });

  it('fits the piece to the budget left at the speed measured, within MIN_PIECE_CHARS..PIECE_CHARS', () => {
    assert.strictEqual(pieceChars(4, 150), 600, '4 ms at 150 characters a ms');
    assert.strictEqual(pieceChars(8, 1_000), PIECE_CHARS, 'a fast machine: whole pieces');
    assert.strictEqual(pieceChars(0.5, 150), MIN_PIECE_CHARS, 'little left: still a piece worth a call');
    assert.strictEqual(pieceChars(-3, 150), MIN_PIECE_CHARS);
  });

  it('measures the speed as a running average that one slow piece moves only part way', () => {
    const first = renderSpeed(undefined, 2_000, 10);
    assert.strictEqual(first, 200);
    const afterSlow = renderSpeed(first, 2_000, 100)!; // 20 a ms: a GC in the middle
    assert.ok(afterSlow > 100 && afterSlow < 200, String(afterSlow));
    assert.strictEqual(renderSpeed(first, MIN_PIECE_CHARS - 1, 50), first, 'a piece too small to time leaves it');
    assert.ok(Number.isFinite(renderSpeed(undefined, 1_000, 0)!), 'a piece timed at 0 ms (a coarse clock) is not infinitely fast');
  });
});
