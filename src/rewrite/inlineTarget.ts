import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import {
  computeHunks,
  diffLayout,
  layoutText,
  withoutRemovedLines,
  type DiffLine,
  type Hunk,
  type HunkDecision,
} from '../core/rewrite/rewriteHunks';
import type { ReviewRecord } from './reviewUndo';
import type { ReviewedHunk, RewriteTarget } from './rewriteTarget';
import type { TrackedRegion } from './trackedRegion';

/**
 * Streams the rewrite into the file as an inline diff: the lines it removes stay in place
 * (marked, never code: a save takes them out first), the lines it adds follow them. Each hunk is
 * accepted or rejected on its own; the final text is the original with exactly the accepted
 * hunks applied. Every edit of one rewrite joins the undo step its first edit opened, so one
 * Ctrl+Z after the last decision (or during the review) gives back the original; each text the
 * review shows is recorded, so that when something the user did split that step, Undo and Redo
 * still step over the review (`ReviewUndo`).
 */
export class InlineTarget extends Disposable implements RewriteTarget {
  /** Edits never overlap or reorder: each waits for the one before. */
  private queue: Promise<void> = Promise.resolve();
  private state: 'showing' | 'restoring' | 'done' = 'showing';
  private hunkList: Hunk[] = [];
  private decisions: HunkDecision[] = [];
  private streaming = true;
  /** False once a save took the removed lines out of the document. */
  private showRemoved = true;
  /** The layout wanted now (it reaches the document through the queue). */
  private wanted: DiffLine[] = [];
  /** The layout the document holds, for decorations and for reading a user's edit. */
  private shownLayout: DiffLine[] = [];
  private readonly didChangeLayout = this._register(new vscode.EventEmitter<void>());
  /** The document now holds a different layout (decorations follow). */
  readonly onDidChangeLayout = this.didChangeLayout.event;

  constructor(
    private readonly region: TrackedRegion,
    private readonly original: string,
    private readonly eol: string,
    private readonly record: ReviewRecord,
  ) {
    super();
    this.shownLayout = diffLayout(original, [], []);
  }

  showsReview(text: string): boolean {
    return this.record.showsReview(text);
  }

  get hunks(): readonly ReviewedHunk[] {
    return this.hunkList.map((hunk, i) => ({ hunk, decision: this.decisions[i] }));
  }

  /** The diff as the document shows it: one entry per line of the region. */
  get layout(): readonly DiffLine[] {
    // The change event of our edit comes before the edit resolves: the layout it wrote is known by its text.
    if (this.wanted.length && layoutText(this.wanted) === this.region.text) return this.wanted;
    return this.shownLayout;
  }

  get holdsRemovedLines(): boolean {
    return this.shownLayout.some((l) => l.kind === 'removed') || this.wanted.some((l) => l.kind === 'removed');
  }

  show(text: string, streaming = false): Promise<void> {
    if (this.state !== 'showing') return this.queue;
    this.streaming = streaming;
    this.hunkList = computeHunks(this.original, text);
    this.decisions = this.hunkList.map(() => 'undecided');
    return this.relayout();
  }

  decide(index: number, decision: 'accepted' | 'rejected'): Promise<void> {
    if (this.state !== 'showing' || this.decisions[index] !== 'undecided') return this.queue;
    this.decisions[index] = decision;
    return this.relayout();
  }

  decideRest(decision: 'accepted' | 'rejected'): Promise<void> {
    this.decisions = this.decisions.map((d) => (d === 'undecided' ? decision : d));
    return this.relayout();
  }

  hideRemoved(): Promise<void> {
    if (this.state !== 'showing' || !this.holdsRemovedLines) return this.queue;
    this.showRemoved = false;
    return this.relayout();
  }

  restore(): Promise<void> {
    if (this.state === 'showing') this.state = 'restoring';
    this.wanted = diffLayout(this.original, [], []);
    this.record.rests(this.original);
    return this.enqueue(this.original, () => this.state === 'restoring', this.wanted);
  }

  /** Accept All: the open hunks are taken, and the document holds the final text. */
  async commit(): Promise<void> {
    await this.decideRest('accepted');
    this.state = 'done';
    return this.queue;
  }

  /**
   * Someone else edited inside the diff: their text stays, the removed lines they left alone
   * go (they were never code), and nothing more is written after that.
   */
  async settleAfterUserEdit(): Promise<void> {
    this.state = 'done';
    await this.queue;
    const cleaned = withoutRemovedLines(this.shownLayout, this.region.text);
    // What the user's edit left shows removed lines: undo may pass it, not rest there.
    this.record.showed(this.region.text);
    this.record.rests(cleaned);
    this.shownLayout = [];
    this.didChangeLayout.fire();
    await this.region.replace(cleaned);
  }

  override dispose(): void {
    this.state = 'done';
    if (!this.region.document.isClosed) {
      const range = this.region.range;
      const start = this.region.document.offsetAt(range.start);
      this.record.end({ start, length: this.region.document.offsetAt(range.end) - start });
    }
    super.dispose();
  }

  private relayout(): Promise<void> {
    this.wanted = diffLayout(this.original, this.hunkList, this.decisions, {
      streaming: this.streaming,
      showRemoved: this.showRemoved,
      eol: this.eol,
    });
    const layout = this.wanted;
    const text = layoutText(layout);
    const allDecided = this.decisions.every((d) => d !== 'undecided');
    if (allDecided && !this.streaming) this.record.rests(text);
    else this.record.showed(text);
    return this.enqueue(text, () => this.state === 'showing', layout);
  }

  /** Queues a write of `text`, checked against `wanted` when its turn comes, not when asked. */
  private enqueue(text: string, wanted: () => boolean, layout?: DiffLine[]): Promise<void> {
    this.queue = this.queue.then(async () => {
      if (!(await this.region.replace(text, () => !this.isDisposed && wanted()))) return;
      if (layout && layout !== this.shownLayout) {
        this.shownLayout = layout;
        this.didChangeLayout.fire();
      }
    });
    return this.queue;
  }
}
