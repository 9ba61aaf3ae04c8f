/**
 * When to send a suggestion request, and when to stop sending for a while. Pure: every time is
 * passed in (milliseconds), nothing here starts a timer.
 *
 * The debounce weighs two costs. Waiting adds its delay to every suggestion. Not waiting sends
 * requests the next keystroke aborts, and a local server (llama.cpp with one slot, Ollama) still
 * spends its time on them, delaying the request that matters. So:
 * - when a reply comes back before the user's next keystroke (server latency plus the shortest
 *   wait is under the typing interval), a request sent mid-burst is shown, not wasted: wait only
 *   `MIN_DEBOUNCE_MS`;
 * - otherwise send only once the user has likely paused: one and a half typing intervals with no
 *   key, between `MIN_DEBOUNCE_MS` and `MAX_DEBOUNCE_MS`.
 * 50 ms is about one keystroke's key-down to key-up, the least that still merges a key held for
 * auto-repeat or pasted in pieces; 300 ms is where a wait before grey text reads as lag. At
 * 8 keys a second against a 150 ms server that is 188 ms: requests only in pauses; against a
 * 20 ms server it is 50 ms: a suggestion after almost every key.
 */

export const MIN_DEBOUNCE_MS = 50;
export const MAX_DEBOUNCE_MS = 300;
/** Assumed until measured: a small local model's usual reply time, a typist's usual interval. */
export const DEFAULT_LATENCY_MS = 300;
export const DEFAULT_INTERVAL_MS = 150;
/** A gap longer than this between keys is a pause, not typing speed. */
export const PAUSE_MS = 1000;
/** How many recent latencies and intervals the medians are taken over. */
const WINDOW = 10;

/** The wait before sending, from the server's typical latency and the user's typing interval. */
export function debounceDelayMs(latencyMs = DEFAULT_LATENCY_MS, intervalMs = DEFAULT_INTERVAL_MS): number {
  if (latencyMs + MIN_DEBOUNCE_MS <= intervalMs) return MIN_DEBOUNCE_MS;
  return Math.round(Math.min(MAX_DEBOUNCE_MS, Math.max(MIN_DEBOUNCE_MS, 1.5 * intervalMs)));
}

/** Keeps the recent latencies and typing intervals and gives the delay they call for. */
export class AdaptiveDebounce {
  private readonly latencies: number[] = [];
  private readonly intervals: number[] = [];
  private lastKeyAt: number | undefined;

  /** A keystroke at `atMs`; the gap since the previous one counts unless it was a pause. */
  keystroke(atMs: number): void {
    if (this.lastKeyAt !== undefined) {
      const gap = atMs - this.lastKeyAt;
      if (gap > 0 && gap <= PAUSE_MS) push(this.intervals, gap);
    }
    this.lastKeyAt = atMs;
  }

  /** A request answered in `ms` (request sent to last byte). Aborted requests tell nothing: skip them. */
  answered(ms: number): void {
    if (Number.isFinite(ms) && ms >= 0) push(this.latencies, ms);
  }

  delayMs(): number {
    return debounceDelayMs(median(this.latencies), median(this.intervals));
  }
}

function push(window: number[], value: number): void {
  window.push(value);
  if (window.length > WINDOW) window.shift();
}

/** The median (not the mean: one slow cold start or one long hesitation should not move it). */
function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Failures in a row that pause suggestions, and for how long. */
export const FAILURES_TO_PAUSE = 3;
export const PAUSE_FOR_MS = 60_000;

/**
 * Three failed requests in a row pause suggestions for a minute, so a server that is down is not
 * asked on every keystroke. Only a success clears the count: after the pause one more failure
 * pauses again (one try a minute while it stays down). Aborted requests are neither.
 */
export class FailurePause {
  private failuresInARow = 0;
  private until = 0;

  succeeded(): void {
    this.failuresInARow = 0;
    this.until = 0;
  }

  failed(atMs: number): void {
    this.failuresInARow++;
    if (this.failuresInARow >= FAILURES_TO_PAUSE) this.until = atMs + PAUSE_FOR_MS;
  }

  /** When the pause ends, if suggestions are paused at `nowMs`; undefined when they are not. */
  pausedUntil(nowMs: number): number | undefined {
    return nowMs < this.until ? this.until : undefined;
  }

  /** The user turned suggestions back on, or changed the endpoint: start afresh. */
  reset(): void {
    this.succeeded();
  }

  get failures(): number {
    return this.failuresInARow;
  }
}
