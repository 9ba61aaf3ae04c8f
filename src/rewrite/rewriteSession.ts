import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import { ChatError } from '../core/client/chatError';
import { errorMessage } from '../core/client/errorMessage';
import { applyStreamEvent, type ReplyParts } from '../core/client/replyText';
import { canMove, isFinal, type RestoredStatus, type RewriteStatus } from '../core/rewrite/rewriteStates';
import { rewriteToShow, type Insertion, type SelectionShape } from '../core/rewrite/rewriteText';
import type { ChatMessage, FinishReason } from '../core/types';
import type { CompletionService } from '../connection/completionService';
import { openHunks, type DiffLine, type OpenHunk } from '../core/rewrite/rewriteHunks';
import type { ReviewedHunk, RewriteTarget } from './rewriteTarget';
import type { InsideEditReason, TrackedRegion } from './trackedRegion';

export type { RewriteStatus } from '../core/rewrite/rewriteStates';

/** How often the partial reply is written out while it streams. */
const FLUSH_MS = 40;

/**
 * A rewrite of one range of one document: streams the model's reply to its target (the file
 * or a preview) and walks the states in `core/rewriteStates`. The original is kept until
 * Accept or Reject; an edit inside the region or closing the document stops it, and from then
 * on nothing is written over what the user did.
 */
export class RewriteSession extends Disposable {
  private current: RewriteStatus = 'streaming';
  private reason?: FinishReason;
  private failure?: string;
  /** The answer so far; reasoning is not the rewrite's business. */
  private readonly reply: ReplyParts = { content: '' };
  private readonly abort = new AbortController();
  private flushTimer?: ReturnType<typeof setTimeout>;
  // Not `_register`ed: the final state's event must still reach listeners as the session is
  // disposed; `dispose` releases it last.
  private readonly didChange = new vscode.EventEmitter<RewriteSession>();
  /** The status changed. */
  readonly onDidChange = this.didChange.event;
  /** The region moved or its text changed (the region's own event: every streamed edit fires it). */
  readonly onDidMove: vscode.Event<void>;
  /** The document shows a different inline diff (the target's own event). */
  readonly onDidChangeLayout: vscode.Event<void>;

  constructor(
    private readonly region: TrackedRegion,
    private readonly target: RewriteTarget,
    private readonly shape: SelectionShape,
    private readonly maskedSecrets: string[],
    private readonly insertion?: Insertion,
  ) {
    super();
    this.onDidMove = region.onDidMove;
    this.onDidChangeLayout = target.onDidChangeLayout;
    this._register(region);
    this._register(target);
    this._register(region.onDidConflict(() => this.moveTo('conflict')));
    this._register(region.onDidEditInside((reason) => void this.onEditInside(reason)));
    this._register(region.onDidClose(() => this.moveTo('closed')));
  }

  get document(): vscode.TextDocument {
    return this.region.document;
  }

  /** The region's current range in the document. */
  get range(): vscode.Range {
    return this.region.range;
  }

  get original(): string {
    return this.shape.original;
  }

  get status(): RewriteStatus {
    return this.current;
  }

  /** Why the reply ended; `length` means it was cut off at the token limit. */
  get finishReason(): FinishReason | undefined {
    return this.reason;
  }

  /** What went wrong, when the status is `failed`. */
  get error(): string | undefined {
    return this.failure;
  }

  /** The changes and what was decided for each (none for a diff preview). */
  get hunks(): readonly ReviewedHunk[] {
    return this.target.hunks;
  }

  /** Each line of the region as the document shows it (removed, added, same, pending); empty for a diff preview. */
  get layout(): readonly DiffLine[] {
    return this.target.layout;
  }

  /** Where each undecided change shows, in document lines, in order. */
  get openHunks(): OpenHunk[] {
    return openHunks(this.layout, this.range.start.line);
  }

  /** Removed lines are in the document now: a save must take them out first. */
  get holdsRemovedLines(): boolean {
    return this.target.holdsRemovedLines && this.active;
  }

  /** Takes the removed lines out of the document (the save guard calls it before a save). */
  hideRemoved(): Promise<void> {
    return this.target.hideRemoved();
  }

  /** Accepts or rejects one change still open (no other index does anything; a preview has none); the last decision ends the rewrite. */
  async decide(index: number, decision: 'accepted' | 'rejected'): Promise<void> {
    if (this.current !== 'pending' || this.target.hunks[index]?.decision !== 'undecided') return;
    await this.target.decide(index, decision);
    if (this.current === 'pending' && this.target.hunks.every((h) => h.decision !== 'undecided')) await this.finish();
  }

  private get anyAccepted(): boolean {
    return this.target.hunks.some((h) => h.decision === 'accepted');
  }

  /** Every change is decided: accepted if any was taken, else rejected (the original is back). */
  private async finish(): Promise<void> {
    if (this.anyAccepted) {
      if (this.moveTo('accepting')) this.moveTo('accepted');
    } else {
      await this.restoreAs('rejected');
    }
  }

  /**
   * An edit inside the region that is not ours. Undo back to the original ends the rewrite as
   * rejected, and so does an Undo or Redo that lands on another state of the review (something
   * the user did split the rewrite's undo step): the original is put back, never a document that
   * shows removed lines outside a review. Anything else is the user's text now: the rewrite stops
   * there (a conflict), and an inline diff takes out only the removed lines the user left alone.
   */
  private async onEditInside(reason: InsideEditReason): Promise<void> {
    if (!this.active) return;
    const backToReview = this.region.text === this.original || this.target.showsReview(this.region.text);
    if (reason !== 'edit' && backToReview && (this.current === 'streaming' || this.current === 'pending')) {
      await this.restoreAs(this.current === 'streaming' ? 'stopped' : 'rejected');
      return;
    }
    const settled = this.target.settleAfterUserEdit();
    this.moveTo('conflict');
    await settled;
  }

  /** Still holds its region: streaming, waiting for Accept or Reject, or settling either. */
  get active(): boolean {
    return !isFinal(this.current);
  }

  /** Streams the model's reply to the target. Resolves when the reply has ended. */
  async run(service: CompletionService, messages: ChatMessage[]): Promise<void> {
    try {
      const result = await service.run(messages, {
        purpose: 'rewrite',
        signal: this.abort.signal,
        onEvent: (event) => {
          applyStreamEvent(this.reply, event);
          if (event.type !== 'reasoning') this.scheduleFlush();
        },
      });
      if (this.current !== 'streaming') return;
      clearTimeout(this.flushTimer);
      this.reason = result.finishReason;
      const cleaned = this.cleaned();
      if (cleaned.empty) return await this.restoreAs('empty');
      await this.propose(cleaned.text);
    } catch (e) {
      clearTimeout(this.flushTimer);
      if (this.current !== 'streaming') return; // stopped by conflict, close or the user
      this.failure = e instanceof ChatError && e.kind === 'aborted' ? undefined : errorMessage(e);
      await this.restoreAs(this.failure ? 'failed' : 'stopped');
    }
  }

  /** Shows the whole proposal and waits for Accept or Reject: the end of a reply, or an agent's edit (no request). */
  async propose(text: string): Promise<void> {
    if (this.current !== 'streaming') return;
    await this.target.show(text, false);
    if (this.current === 'streaming') this.moveTo('pending');
  }

  /** Keeps the rewrite (Accept All: every hunk still open). Everything it changed is one undo step. */
  async accept(): Promise<void> {
    if (!this.moveTo('accepting')) return;
    await this.target.commit();
    this.moveTo('accepted');
  }

  /**
   * Reject All: puts the original back, byte for byte, and stops the request if it is still
   * running. Hunks accepted one by one before stay: the text is the original with exactly those.
   */
  async reject(): Promise<void> {
    if (this.current === 'pending' && this.anyAccepted) {
      await this.target.decideRest('rejected');
      if (this.current === 'pending') await this.finish();
      return;
    }
    const outcome = this.current === 'streaming' ? 'stopped' : 'rejected';
    if (this.current === 'streaming' || this.current === 'pending') await this.restoreAs(outcome);
  }

  private async restoreAs(outcome: RestoredStatus): Promise<void> {
    if (!this.moveTo('restoring')) return;
    await this.target.restore();
    this.moveTo(outcome);
  }

  /** The rewrite so far; `partial` while the answer is still streaming. */
  private cleaned(partial = false) {
    return rewriteToShow(this.reply.content, this.shape, { partial, maskedSecrets: this.maskedSecrets, insertion: this.insertion });
  }

  /** Writes at most every FLUSH_MS: an edit per token would flood the editor and its undo. */
  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.current !== 'streaming') return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const cleaned = this.cleaned(true);
      if (!cleaned.empty && this.current === 'streaming') void this.target.show(cleaned.text, true);
    }, FLUSH_MS);
  }

  /** Moves along the table in `core/rewriteStates`; false, and nothing happens, off it. */
  private moveTo(to: RewriteStatus): boolean {
    if (!canMove(this.current, to)) return false;
    this.current = to;
    // Whatever comes after streaming, the request is no longer wanted.
    if (to !== 'pending') {
      this.abort.abort();
      clearTimeout(this.flushTimer);
    }
    this.didChange.fire(this);
    if (isFinal(to)) this.dispose();
    return true;
  }

  override dispose(): void {
    clearTimeout(this.flushTimer);
    super.dispose();
    this.didChange.dispose();
  }
}
