/**
 * When a streaming reply is redrawn. It is redrawn at most once a frame; while the user types (a
 * key within TYPING_MS) at most every TYPING_REDRAW_MS, with a smaller budget, and never in the
 * frame right after a key: the frames that paint the user's keys stay as light as when nothing
 * streams, and the reply still grows on screen a few times a second.
 */

/** How long one frame may spend putting a streaming reply's finished blocks on the page. */
export const FRAME_BUDGET_MS = 8;
export const TYPING_MS = 1_000;
export const TYPING_REDRAW_MS = 250;
export const TYPING_FRAME_BUDGET_MS = 4;
/** Past this many characters a streaming reply is redrawn a few times a second only (every LONG_REDRAW_MS). */
export const LONG_REPLY_CHARS = 50_000;
export const LONG_REDRAW_MS = 250;
/** Frames in a row a redraw may give way to input: it never starves. */
export const MAX_GIVEN_WAY = 3;

export interface InputClock {
  /** When the last key or pointer went down in the page, and when the reply was last redrawn (ms, page clock). */
  lastInput: number;
  lastRender: number;
}

/** A key or a press within TYPING_MS: the user is at work in the page. */
export const typing = (clock: InputClock, now: number): boolean => now - clock.lastInput < TYPING_MS;

/** How long to wait before asking for the next redraw's frame (at least `wait`). */
export function redrawWait(clock: InputClock, now: number, wait: number): number {
  return typing(clock, now) ? Math.max(wait, clock.lastRender + TYPING_REDRAW_MS - now) : wait;
}

/** The frame budget for this redraw. */
export const redrawBudget = (clock: InputClock, now: number): number => (typing(clock, now) ? TYPING_FRAME_BUDGET_MS : FRAME_BUDGET_MS);

/**
 * Whether the redraw due in the frame that started at `frameStart` gives way (to the next frame):
 * input waits for the thread, or a key or press was handled since the last frame (its paint, or
 * the click it becomes, is this frame's).
 * `givenWay` is how many frames in a row it already did; returns the new count (0: draw now).
 */
export function giveWay(clock: InputClock, frameStart: number, inputPending: boolean, givenWay: number): number {
  const keyThisFrame = clock.lastInput > frameStart - 1000 / 60;
  if (!inputPending && !keyThisFrame) return 0;
  return givenWay >= MAX_GIVEN_WAY ? 0 : givenWay + 1;
}

/**
 * Whether a redraw, its blocks made, leaves the page as it is for now (and draws next frame):
 * input is waiting while the user is not typing, so it is most likely a press, Stop's say, and
 * its handler goes first: the page draws nothing after the press. Not while typing (keys wait
 * all the time then, and a redraw put off for each would never land), nor more than
 * MAX_GIVEN_WAY frames in a row.
 */
export function putOffForPress(clock: InputClock, now: number, inputPending: boolean, givenWay: number): boolean {
  return inputPending && !typing(clock, now) && givenWay < MAX_GIVEN_WAY;
}
