import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import { ChatError } from '../core/client/chatError';
import { errorMessage } from '../core/client/errorMessage';
import { unmaskSecrets } from '../core/context/maskSecrets';
import { applyStreamEvent, type ReplyParts } from '../core/client/replyText';
import { canMove, isFinal, type RestoredStatus, type RewriteStatus } from '../core/rewrite/rewriteStates';
import { cleanRewrite, type SelectionShape } from '../core/rewrite/rewriteText';
import type { ChatMessage, FinishReason } from '../core/types';
import type { CompletionService } from '../connection/completionService';
import type { DiffLine, Hunk, HunkDecision } from '../core/rewrite/rewriteHunks';
import { InlineTarget } from './inlineTarget';
import type { RewriteTarget } from './rewriteTarget';
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

  constructor(
    private readonly region: TrackedRegion,
    private readonly target: RewriteTarget,
    private readonly shape: SelectionShape,
    private readonly maskedSecrets: string[],
    /** Code generated at the cursor: nothing is replaced, and `lead` (a line break, the indentation) goes first. */
    private readonly insertion?: { lead: string; indent: string },
  ) {
    super();
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

  /** Fires when the region moves or its text changes, for decorations. */
  get onDidMove(): vscode.Event<void> {
    return this.region.onDidMove;
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

  /** The inline diff, when the rewrite shows in the file (not in a diff editor). */
  private get inline(): InlineTarget | undefined {
    return this.target instanceof InlineTarget ? this.target : undefined;
  }

  /** The hunks of an inline rewrite and what was decided for each (empty for a diff preview). */
  get hunks(): readonly { hunk: Hunk; decision: HunkDecision }[] {
    const inline = this.inline;
    return inline ? inline.hunks.map((hunk, i) => ({ hunk, decision: inline.decisionsSoFar[i] })) : [];
  }

  /** Each line of the region as the document shows it (removed, added, same, pending). */
  get layout(): readonly DiffLine[] {
    return this.inline?.layout ?? [];
  }

  /** Fires when the document shows a different inline diff. */
  get onDidChangeLayout(): vscode.Event<void> {
    return this.inline?.onDidChangeLayout ?? (() => ({ dispose() {} }));
  }

  /** Where each undecided hunk shows, in document lines, in order. */
  get openHunks(): { index: number; first: number; last: number }[] {
    const start = this.range.start.line;
    const out: { index: number; first: number; last: number }[] = [];
    this.layout.forEach((line, i) => {
      if (line.hunk === undefined || line.kind === 'pending') return;
      const at = out.find((h) => h.index === line.hunk);
      if (at) at.last = start + i;
      else out.push({ index: line.hunk, first: start + i, last: start + i });
    });
    return out;
  }

  /** Removed lines are in the document now: a save must take them out first. */
  get holdsRemovedLines(): boolean {
    return !!this.inline?.holdsRemovedLines && this.active;
  }

  /** Takes the removed lines out of the document (the save guard calls it before a save). */
  hideRemoved(): Promise<void> {
    return this.inline?.hideRemoved() ?? Promise.resolve();
  }

  /** Accepts or rejects one hunk; the last decision ends the rewrite. */
  async decide(index: number, decision: 'accepted' | 'rejected'): Promise<void> {
    const inline = this.inline;
    if (!inline || this.current !== 'pending') return;
    await inline.decide(index, decision);
    if (this.current === 'pending' && inline.allDecided) await this.finish();
  }

  /** Every hunk is decided: accepted if any was taken, else rejected (the original is back). */
  private async finish(): Promise<void> {
    if (this.inline?.anyAccepted) {
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
    const inline = this.inline;
    const backToReview = this.region.text === this.original || !!inline?.showsReview(this.region.text);
    if (reason !== 'edit' && backToReview && (this.current === 'streaming' || this.current === 'pending')) {
      await this.restoreAs(this.current === 'streaming' ? 'stopped' : 'rejected');
      return;
    }
    const settled = inline?.settleAfterUserEdit();
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
      await this.target.show(cleaned.text, false);
      if (this.current === 'streaming') this.moveTo('pending');
    } catch (e) {
      clearTimeout(this.flushTimer);
      if (this.current !== 'streaming') return; // stopped by conflict, close or the user
      this.failure = e instanceof ChatError && e.kind === 'aborted' ? undefined : errorMessage(e);
      await this.restoreAs(this.failure ? 'failed' : 'stopped');
    }
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
    const inline = this.inline;
    if (this.current === 'pending' && inline?.anyAccepted) {
      await inline.decideRest('rejected');
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
    if (this.insertion) {
      // Cleaned as a reply for an empty selection indented to the cursor: the lead holds that indentation.
      const cleaned = cleanRewrite(this.reply.content, { ...this.shape, original: '', linePrefix: this.insertion.indent }, { partial });
      return { ...cleaned, text: cleaned.empty ? '' : this.insertion.lead + cleaned.text };
    }
    const cleaned = cleanRewrite(this.reply.content, this.shape, { partial });
    return { ...cleaned, text: unmaskSecrets(cleaned.text, this.maskedSecrets) };
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
