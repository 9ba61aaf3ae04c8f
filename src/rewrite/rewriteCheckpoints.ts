import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import { StateKey } from '../common/ids';
import type { RewriteSession } from './rewriteSession';
import type { RewriteSessions } from './rewriteSessions';

/** What a document showed while a rewrite was reviewed there, and what it replaced. */
interface Checkpoint {
  /** Offset of the region in the document. */
  start: number;
  /** The region's text with the removed lines in it. */
  shown: string;
  original: string;
}

/** How often at most a checkpoint is written while a reply streams. */
const WRITE_MS = 500;

/**
 * If the window closes or crashes while removed lines are in a document, VS Code's hot exit
 * brings the document back with them in it, and Parley is not there to take them out. So
 * while they are, the region and its original are kept in workspace storage; when Parley next
 * runs in this workspace (it starts on first use, never at start-up) and finds a document still
 * showing exactly that, it puts the original back and says so.
 */
export class RewriteCheckpoints extends Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents that changed since their last checkpoint, while writes wait out WRITE_MS. */
  private readonly pending = new Set<string>();

  constructor(
    private readonly state: vscode.Memento,
    sessions: RewriteSessions,
  ) {
    super();
    const save = (session: RewriteSession) => this.schedule(session);
    this._register(sessions.onDidMove(save));
    this._register(sessions.onDidChangeLayout(save));
    this._register(sessions.onDidChange(save));
    this._register(vscode.workspace.onDidOpenTextDocument((d) => void this.recover(d)));
    for (const document of vscode.workspace.textDocuments) void this.recover(document);
  }

  private all(): Record<string, Checkpoint> {
    return this.state.get<Record<string, Checkpoint>>(StateKey.rewriteCheckpoints, {});
  }

  /**
   * The first checkpoint is written at once (a reload a moment after the review appears must find
   * it); after that at most one per WRITE_MS, the last state always written.
   */
  private schedule(session: RewriteSession): void {
    const key = session.document.uri.toString();
    if (!session.holdsRemovedLines) {
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
      this.pending.delete(key);
      if (this.all()[key]) void this.write(key, undefined);
      return;
    }
    if (this.timers.has(key)) {
      this.pending.add(key);
      return;
    }
    this.checkpoint(key, session);
    const next = () => {
      if (this.pending.delete(key) && session.holdsRemovedLines) {
        this.checkpoint(key, session);
        this.timers.set(key, setTimeout(next, WRITE_MS));
      } else this.timers.delete(key);
    };
    this.timers.set(key, setTimeout(next, WRITE_MS));
  }

  private checkpoint(key: string, session: RewriteSession): void {
    const start = session.document.offsetAt(session.range.start);
    void this.write(key, { start, shown: session.document.getText(session.range), original: session.original });
  }

  private write(key: string, checkpoint: Checkpoint | undefined): Thenable<void> {
    const all = { ...this.all() };
    if (checkpoint) all[key] = checkpoint;
    else delete all[key];
    return this.state.update(StateKey.rewriteCheckpoints, all);
  }

  /** A document a crash left with removed lines in it gets its original back. */
  private async recover(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const checkpoint = this.all()[key];
    if (!checkpoint || this.timers.has(key)) return;
    const text = document.getText();
    await this.write(key, undefined);
    if (text.slice(checkpoint.start, checkpoint.start + checkpoint.shown.length) !== checkpoint.shown) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      document.uri,
      new vscode.Range(document.positionAt(checkpoint.start), document.positionAt(checkpoint.start + checkpoint.shown.length)),
      checkpoint.original,
    );
    if (await vscode.workspace.applyEdit(edit)) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Parley put back the original code in {0}: a change was being reviewed there when the window closed.',
          vscode.workspace.asRelativePath(document.uri),
        ),
      );
    }
  }

  override dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.pending.clear();
    super.dispose();
  }
}
