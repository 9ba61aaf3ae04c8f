import type { RewriteTarget } from './rewriteTarget';
import type { TrackedRegion } from './trackedRegion';

/**
 * Streams the rewrite into the file in place of the selection. Every edit is one undo step
 * together (the region opens it once), so Accept only has to stop writing.
 */
export class InlineTarget implements RewriteTarget {
  /** Edits never overlap or reorder: each waits for the one before. */
  private queue: Promise<void> = Promise.resolve();
  private state: 'showing' | 'restoring' | 'done' = 'showing';

  constructor(private readonly region: TrackedRegion, private readonly original: string) {}

  show(text: string): Promise<void> {
    return this.enqueue(text, () => this.state === 'showing');
  }

  restore(): Promise<void> {
    if (this.state === 'showing') this.state = 'restoring';
    return this.enqueue(this.original, () => this.state === 'restoring');
  }

  commit(): Promise<void> {
    this.state = 'done';
    return this.queue;
  }

  dispose(): void {
    this.state = 'done';
  }

  /** Queues a write of `text`, checked against `wanted` when its turn comes, not when asked. */
  private enqueue(text: string, wanted: () => boolean): Promise<void> {
    this.queue = this.queue.then(async () => {
      // An edit fails when the user's typing changed the document first: try again on the new text.
      for (let attempt = 0; attempt < 10; attempt++) {
        if (this.region.document.isClosed || !wanted() || text === this.region.text) return;
        if (await this.region.replace(text)) return;
      }
    });
    return this.queue;
  }
}
