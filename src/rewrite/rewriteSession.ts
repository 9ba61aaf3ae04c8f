import * as vscode from 'vscode';
import { ChatError } from '../core/chatError';
import { unmaskSecrets } from '../core/maskSecrets';
import { applyStreamEvent, type ReplyParts } from '../core/replyText';
import { cleanRewrite, type SelectionShape } from '../core/rewriteText';
import type { ChatMessage, FinishReason } from '../core/types';
import type { CompletionService } from '../connection/completionService';

export type RewriteStatus = 'streaming' | 'pending' | 'accepted' | 'rejected' | 'stopped' | 'failed' | 'conflict' | 'empty' | 'closed';

/** One edit we are making, to recognise its change event as ours. */
interface ExpectedEdit {
  offset: number;
  length: number;
  text: string;
}

/**
 * A rewrite of one range of one document. The region is tracked by offset and length as the
 * document changes: edits before it shift it, an edit inside it stops the rewrite and leaves
 * the text as the user made it. The original is kept until Accept or Reject.
 */
export class RewriteSession implements vscode.Disposable {
  status: RewriteStatus = 'streaming';
  finishReason?: FinishReason;
  error?: string;
  private start: number;
  private length: number;
  private current: string;
  /** The answer so far; reasoning is not the rewrite's business. */
  private readonly reply: ReplyParts = { content: '' };
  private readonly abort = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private expected: ExpectedEdit[] = [];
  private firstEdit = true;
  private flushTimer?: ReturnType<typeof setTimeout>;
  private readonly changed = new vscode.EventEmitter<RewriteSession>();
  readonly onDidChange = this.changed.event;
  /** Preview mode: the document stays as it is and the rewrite grows in `proposed`. */
  proposed: string;
  private readonly proposalChanged = new vscode.EventEmitter<RewriteSession>();
  readonly onDidUpdateProposal = this.proposalChanged.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly document: vscode.TextDocument,
    range: vscode.Range,
    private readonly shape: SelectionShape,
    private readonly maskedSecrets: string[],
    private readonly decoration: vscode.TextEditorDecorationType,
    readonly preview = false,
  ) {
    this.start = document.offsetAt(range.start);
    this.current = document.getText(range);
    this.proposed = this.current;
    this.length = this.current.length;
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document) this.onDocumentChange(e);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === document) this.finish('closed');
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()),
    );
  }

  get original(): string {
    return this.shape.original;
  }

  /** The region's current range in the document. */
  get range(): vscode.Range {
    return new vscode.Range(this.document.positionAt(this.start), this.document.positionAt(this.start + this.length));
  }

  get active(): boolean {
    return this.status === 'streaming' || this.status === 'pending';
  }

  /** Streams the model's reply into the region. Resolves when the reply has ended. */
  async run(service: CompletionService, messages: ChatMessage[]): Promise<void> {
    this.decorate();
    try {
      const result = await service.run(messages, {
        purpose: 'rewrite',
        signal: this.abort.signal,
        onEvent: (event) => {
          applyStreamEvent(this.reply, event);
          if (event.type !== 'reasoning') this.scheduleFlush();
        },
      });
      if (this.status !== 'streaming') return;
      clearTimeout(this.flushTimer);
      this.finishReason = result.finishReason;
      const cleaned = this.cleaned();
      if (cleaned.empty) {
        await this.restore();
        this.finish('empty');
        return;
      }
      await this.replace(cleaned.text);
      await this.queue;
      if (this.status === 'streaming') {
        this.status = 'pending';
        this.changed.fire(this);
      }
    } catch (e) {
      clearTimeout(this.flushTimer);
      if (this.status !== 'streaming') return; // stopped by conflict, close or the user
      this.error = e instanceof ChatError && e.kind === 'aborted' ? undefined : (e as Error).message;
      await this.restore();
      this.finish(this.error ? 'failed' : 'stopped');
    }
  }

  /** Keeps the rewrite. Everything it changed is one undo step. */
  async accept(): Promise<void> {
    if (this.status !== 'pending') return;
    await this.queue;
    if (this.preview) {
      this.queue = this.queue.then(async () => {
        for (let attempt = 0; attempt < 10 && this.proposed !== this.current; attempt++) await this.applyReplacement(this.proposed);
      });
      await this.queue;
    }
    this.finish('accepted');
  }

  /** The whole document as it would be with the rewrite in place (for the diff preview). */
  proposedDocument(): string {
    const text = this.document.getText();
    return text.slice(0, this.start) + this.proposed + text.slice(this.start + this.length);
  }

  /** Puts the original back, byte for byte; stops the request if it is still running. */
  async reject(): Promise<void> {
    if (!this.active) return;
    const wasStreaming = this.status === 'streaming';
    this.status = 'rejected';
    this.abort.abort();
    clearTimeout(this.flushTimer);
    await this.restore();
    this.finish(wasStreaming ? 'stopped' : 'rejected');
  }

  /** The rewrite so far; `partial` while the answer is still streaming. */
  private cleaned(partial = false) {
    const cleaned = cleanRewrite(this.reply.content, this.shape, { partial });
    return { ...cleaned, text: unmaskSecrets(cleaned.text, this.maskedSecrets) };
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.status !== 'streaming') return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const cleaned = this.cleaned(true);
      if (!cleaned.empty && this.status === 'streaming') void this.replace(cleaned.text);
    }, 40);
  }

  private async restore(): Promise<void> {
    await this.queue;
    if (this.preview) {
      this.proposed = this.shape.original;
      this.proposalChanged.fire(this);
      return;
    }
    if (this.document.isClosed) return;
    await this.replace(this.shape.original, true);
  }

  /** Queues a replacement of the region; edits never overlap or reorder. */
  private replace(text: string, force = false): Promise<void> {
    if (this.preview) {
      if (this.status === 'streaming' && text !== this.proposed) {
        this.proposed = text;
        this.proposalChanged.fire(this);
      }
      return this.queue;
    }
    this.queue = this.queue.then(async () => {
      // An edit fails when the user's typing changed the document first: try again on the new text.
      for (let attempt = 0; attempt < 10; attempt++) {
        if (this.document.isClosed || (!force && this.status !== 'streaming') || text === this.current) return;
        if (await this.applyReplacement(text)) return;
      }
    });
    return this.queue;
  }

  private async applyReplacement(text: string): Promise<boolean> {
    const range = this.range;
    const expected: ExpectedEdit = { offset: this.start, length: this.length, text };
    this.expected.push(expected);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    let ok: boolean;
    try {
      if (editor) {
        // Only the first edit opens an undo step, so the whole rewrite undoes at once.
        ok = await editor.edit((b) => b.replace(range, text), { undoStopBefore: this.firstEdit, undoStopAfter: false });
      } else {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(this.document.uri, range, text);
        ok = await vscode.workspace.applyEdit(edit);
      }
    } catch {
      ok = false;
    }
    this.expected = this.expected.filter((x) => x !== expected);
    if (ok) this.firstEdit = false;
    this.decorate();
    return ok;
  }

  private onDocumentChange(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const [only] = e.contentChanges;
    const mine = e.contentChanges.length === 1 && this.expected.find((x) => x.offset === only.rangeOffset && x.length === only.rangeLength && x.text === only.text);
    if (mine) {
      this.length = only.text.length;
      this.current = only.text;
      return;
    }
    if (!this.active) return;
    let shift = 0;
    for (const change of e.contentChanges) {
      const end = change.rangeOffset + change.rangeLength;
      if (end <= this.start && !(change.rangeLength === 0 && change.rangeOffset === this.start && this.length === 0)) {
        shift += change.text.length - change.rangeLength;
      } else if (change.rangeOffset >= this.start + this.length) {
        // after the region: nothing moves
      } else {
        this.conflict();
        return;
      }
    }
    this.start += shift;
    for (const x of this.expected) x.offset += shift;
    this.decorate();
    if (this.preview) this.proposalChanged.fire(this);
  }

  /** The user edited inside the region: stop, and leave their text exactly as it is. */
  private conflict(): void {
    this.abort.abort();
    clearTimeout(this.flushTimer);
    this.finish('conflict');
  }

  private decorate(): void {
    const ranges = this.active ? [this.range] : [];
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document === this.document) editor.setDecorations(this.decoration, ranges);
    }
  }

  private finish(status: RewriteStatus): void {
    if (!this.active && status !== 'closed') {
      if (this.status === 'rejected') this.status = status;
      else return;
    }
    this.status = status;
    this.abort.abort();
    this.decorate();
    this.changed.fire(this);
    this.dispose();
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
    this.disposables.forEach((d) => d.dispose());
    this.disposables.length = 0;
    this.changed.dispose();
    this.proposalChanged.dispose();
  }
}
