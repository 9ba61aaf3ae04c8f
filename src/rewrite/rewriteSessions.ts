import * as vscode from 'vscode';
import { Disposable, DisposableStore } from '../common/dispose';
import { ContextKey } from '../common/ids';
import type { RewriteSession } from './rewriteSession';

/**
 * The running rewrites, one per document, found by the document's URI or by the URI of the
 * proposal a preview shows. Keeps `parley.rewritePending` true while the active editor has a
 * rewrite, so Accept and Reject keybindings apply only there.
 */
export class RewriteSessions extends Disposable {
  private readonly byDocument = new Map<vscode.TextDocument, RewriteSession>();
  /** Preview proposals, by URI: Accept and Reject from the diff editor reach their session. */
  private readonly byProposal = new Map<string, RewriteSession>();
  /** What each running session is listened to by, released when it ends. */
  private readonly listening = new Map<RewriteSession, DisposableStore>();
  private readonly didChange = this._register(new vscode.EventEmitter<RewriteSession>());
  /** A session started, or its status changed. */
  readonly onDidChange = this.didChange.event;
  private readonly didMove = this._register(new vscode.EventEmitter<RewriteSession>());
  /** A session's region moved or its text changed (every streamed edit: kept apart for that). */
  readonly onDidMove = this.didMove.event;

  private readonly didChangeLayout = this._register(new vscode.EventEmitter<RewriteSession>());
  /** A session's inline diff changed: other hunks, or a hunk decided. */
  readonly onDidChangeLayout = this.didChangeLayout.event;

  constructor() {
    super();
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()));
  }

  get(document: vscode.TextDocument): RewriteSession | undefined {
    return this.byDocument.get(document);
  }

  all(): Iterable<RewriteSession> {
    return this.byDocument.values();
  }

  /** The session a command means: the one for `uri`, else for the active editor. */
  at(uri?: vscode.Uri): RewriteSession | undefined {
    uri ??= vscode.window.activeTextEditor?.document.uri;
    if (!uri) return undefined;
    const key = uri.toString();
    const proposal = this.byProposal.get(key);
    if (proposal) return proposal;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    return doc ? this.byDocument.get(doc) : undefined;
  }

  add(session: RewriteSession): void {
    this.byDocument.set(session.document, session);
    const store = new DisposableStore();
    this.listening.set(session, store);
    store.add(session.onDidChange(() => this.changed(session)));
    // The region's and the target's own events, each told with the session it belongs to.
    store.add(session.onDidMove(() => this.didMove.fire(session)));
    store.add(session.onDidChangeLayout(() => this.didChangeLayout.fire(session)));
    this.changed(session);
  }

  /** Lets `at(proposal)` find the session while it runs. */
  addProposal(proposal: vscode.Uri, session: RewriteSession): void {
    this.byProposal.set(proposal.toString(), session);
    this.updateContext();
  }

  private changed(session: RewriteSession): void {
    if (!session.active) {
      if (this.byDocument.get(session.document) === session) this.byDocument.delete(session.document);
      for (const [uri, s] of this.byProposal) if (s === session) this.byProposal.delete(uri);
      this.listening.get(session)?.dispose();
      this.listening.delete(session);
    }
    this.didChange.fire(session);
    this.updateContext();
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', ContextKey.rewritePending, !!this.at()?.active);
  }

  override dispose(): void {
    // Leaving nothing half-written: every running rewrite puts its original back.
    // Each session's listeners stay until it ends, as it does from here: the context key follows it.
    for (const s of this.byDocument.values()) void s.reject();
    super.dispose();
  }
}
