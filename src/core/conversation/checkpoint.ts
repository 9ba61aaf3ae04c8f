/**
 * Saves a streaming reply's text so far at most once per interval, never on every chunk:
 * `poke()` on each chunk schedules one save at `lastSave + interval` if none is pending.
 */

/** How long to wait before the next checkpoint, given the last one (or the reply's start). */
export function checkpointDelay(lastAt: number, now: number, intervalMs: number): number {
  return Math.max(0, lastAt + intervalMs - now);
}

export class CheckpointThrottle {
  private lastAt: number;
  private timer?: ReturnType<typeof setTimeout>;
  private running?: Promise<unknown>;
  private stopped = false;
  /** Checkpoints taken (for tests and the soak run). */
  count = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly save: () => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {
    this.lastAt = now();
  }

  poke(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => void this.fire(), checkpointDelay(this.lastAt, this.now(), this.intervalMs));
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    await this.running;
    this.lastAt = this.now();
    this.count++;
    // The store reports its own failures (and never rejects); this only keeps a bug from becoming an unhandled rejection.
    this.running = this.save().catch(() => undefined);
    await this.running;
  }

  /** No more checkpoints; resolves once one in flight has finished (the final save comes after). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
