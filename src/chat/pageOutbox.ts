import type { ToWebview } from '../shared/protocol';

/**
 * Messages to the chat page, sent together at the end of the extension host's task that posted
 * them, in order. What one task changes is then drawn in one frame: a Send's question and the
 * note on what its request left out (counted after the question was added, in the same task)
 * reached the page apart and were drawn a frame apart, the list laid out twice.
 */
export class PageOutbox {
  private readonly queued: ToWebview[] = [];

  constructor(private readonly send: (m: ToWebview) => void) {}

  push(m: ToWebview): void {
    if (this.queued.push(m) === 1) setImmediate(() => this.flush());
  }

  /** Sends what is queued now (before a new page is made: nothing reaches it after its state). */
  flush(): void {
    for (const m of this.queued.splice(0)) this.send(m);
  }
}
