import * as assert from 'assert';
import {
  AdaptiveDebounce,
  FailurePause,
  MAX_DEBOUNCE_MS,
  MIN_DEBOUNCE_MS,
  PAUSE_FOR_MS,
  debounceDelayMs,
} from '../../src/core/autocomplete/debounce';

/** Keystrokes every `intervalMs` from `startMs`; returns the time of the last. */
function typeAt(debounce: AdaptiveDebounce, keys: number, intervalMs: number, startMs = 0): number {
  let t = startMs;
  for (let i = 0; i < keys; i++, t += intervalMs) debounce.keystroke(t);
  return t - intervalMs;
}

describe('autocomplete debounce', () => {
  it('a fast server with a reply before the next key: the shortest wait', () => {
    assert.strictEqual(debounceDelayMs(20, 125), MIN_DEBOUNCE_MS);
    assert.strictEqual(debounceDelayMs(75, 125), MIN_DEBOUNCE_MS, 'exactly in time still counts');
  });

  it('a server slower than the typing: wait for a likely pause, 1.5 typing intervals', () => {
    assert.strictEqual(debounceDelayMs(150, 125), 188);
    assert.strictEqual(debounceDelayMs(76, 125), 188, 'one millisecond too late for the next key');
  });

  it('stays between the bounds', () => {
    assert.strictEqual(debounceDelayMs(2000, 600), MAX_DEBOUNCE_MS, 'a slow typist: never more than 300 ms');
    assert.strictEqual(debounceDelayMs(40, 20), MIN_DEBOUNCE_MS, 'a key held down: never less than 50 ms');
    for (const latency of [0, 10, 100, 500, 5000])
      for (const interval of [1, 30, 125, 400, 1000]) {
        const d = debounceDelayMs(latency, interval);
        assert.ok(d >= MIN_DEBOUNCE_MS && d <= MAX_DEBOUNCE_MS, `${latency}/${interval}: ${d}`);
      }
  });

  it('before anything is measured it assumes a 300 ms server and a 150 ms typist', () => {
    assert.strictEqual(new AdaptiveDebounce().delayMs(), 225);
  });

  it('learns the typing interval from keystrokes, ignoring pauses', () => {
    const debounce = new AdaptiveDebounce();
    debounce.answered(150);
    const last = typeAt(debounce, 10, 125);
    debounce.keystroke(last + 5000); // a pause: not typing speed
    typeAt(debounce, 3, 125, last + 5125);
    assert.strictEqual(debounce.delayMs(), 188);
  });

  it('follows the server: from waiting for pauses to the shortest wait as replies get fast', () => {
    const debounce = new AdaptiveDebounce();
    typeAt(debounce, 10, 125);
    for (let i = 0; i < 10; i++) debounce.answered(400);
    assert.strictEqual(debounce.delayMs(), 188);
    for (let i = 0; i < 6; i++) debounce.answered(20);
    assert.strictEqual(debounce.delayMs(), MIN_DEBOUNCE_MS, 'the median of the last ten is now 20 ms');
  });

  it('one slow cold start does not move the median', () => {
    const debounce = new AdaptiveDebounce();
    typeAt(debounce, 10, 125);
    for (const ms of [4000, 30, 25, 35]) debounce.answered(ms);
    assert.strictEqual(debounce.delayMs(), MIN_DEBOUNCE_MS);
  });
});

describe('failure pause', () => {
  it('three failures in a row pause for a minute from the third', () => {
    const pause = new FailurePause();
    pause.failed(1000);
    pause.failed(2000);
    assert.strictEqual(pause.pausedUntil(2001), undefined, 'two are not enough');
    pause.failed(3000);
    assert.strictEqual(pause.pausedUntil(3000), 3000 + PAUSE_FOR_MS);
    assert.strictEqual(pause.pausedUntil(3000 + PAUSE_FOR_MS - 1), 3000 + PAUSE_FOR_MS);
    assert.strictEqual(pause.pausedUntil(3000 + PAUSE_FOR_MS), undefined);
  });

  it('a success between failures clears the count', () => {
    const pause = new FailurePause();
    pause.failed(1000);
    pause.failed(2000);
    pause.succeeded();
    pause.failed(3000);
    pause.failed(4000);
    assert.strictEqual(pause.pausedUntil(4000), undefined);
    assert.strictEqual(pause.failures, 2);
  });

  it('after the pause one more failure pauses again; a success then resumes at once', () => {
    const pause = new FailurePause();
    for (const t of [0, 100, 200]) pause.failed(t);
    const later = 200 + PAUSE_FOR_MS + 5;
    assert.strictEqual(pause.pausedUntil(later), undefined);
    pause.failed(later);
    assert.strictEqual(pause.pausedUntil(later + 1), later + PAUSE_FOR_MS);
    pause.succeeded();
    assert.strictEqual(pause.pausedUntil(later + 2), undefined);
    assert.strictEqual(pause.failures, 0);
  });

  it('reset lifts a pause (the user turned suggestions back on)', () => {
    const pause = new FailurePause();
    for (const t of [0, 1, 2]) pause.failed(t);
    assert.notStrictEqual(pause.pausedUntil(10), undefined);
    pause.reset();
    assert.strictEqual(pause.pausedUntil(10), undefined);
  });
});
