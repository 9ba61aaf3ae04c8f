import * as assert from 'assert';
import {
  FRAME_BUDGET_MS,
  giveWay,
  MAX_GIVEN_WAY,
  putOffForPress,
  redrawBudget,
  redrawWait,
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

  it('a redraw ready with input waiting leaves the page alone unless the user is typing, and not for long', () => {
    const now = 20_000;
    assert.strictEqual(putOffForPress(idle, now, true, 0), true, 'a press waiting (Stop) goes before the page changes');
    assert.strictEqual(putOffForPress(idle, now, false, 0), false, 'nothing waiting: drawn');
    assert.strictEqual(putOffForPress({ lastInput: now - 200, lastRender: 0 }, now, true, 0), false, 'typing: keys wait all the time');
    assert.strictEqual(putOffForPress({ lastInput: now - TYPING_MS, lastRender: 0 }, now, true, 0), true, 'a second after the last key');
    assert.strictEqual(putOffForPress(idle, now, true, MAX_GIVEN_WAY), false, 'drawn after MAX_GIVEN_WAY frames put off');
  });
});
