import * as vscode from 'vscode';
import { registerCommand } from '../common/commands';
import { Disposable } from '../common/dispose';
import { Command } from '../common/ids';
import type { RewriteSession } from './rewriteSession';
import type { RewriteSessions } from './rewriteSessions';

/**
 * One change (hunk) at a time: accept or reject the change under the cursor (or the one a
 * CodeLens names), and move the cursor to the next or previous change still open.
 */
export class RewriteChangeCommands extends Disposable {
  constructor(
    private readonly sessions: RewriteSessions,
    log: () => vscode.LogOutputChannel,
  ) {
    super();
    this._register(registerCommand(Command.acceptChange, (uri?: vscode.Uri, index?: number) => this.decide('accepted', uri, index), log));
    this._register(registerCommand(Command.rejectChange, (uri?: vscode.Uri, index?: number) => this.decide('rejected', uri, index), log));
    this._register(registerCommand(Command.nextChange, () => this.move(1), log));
    this._register(registerCommand(Command.previousChange, () => this.move(-1), log));
  }

  private async decide(decision: 'accepted' | 'rejected', uri?: vscode.Uri, index?: number): Promise<void> {
    const session = this.sessions.at(uri);
    if (!session) return;
    const chosen = typeof index === 'number' ? index : this.hunkAtCursor(session);
    if (chosen === undefined) return;
    await session.decide(chosen, decision);
    // The next open change is where the eye goes next.
    if (session.active) this.reveal(session, session.openHunks.find((h) => h.index > chosen) ?? session.openHunks[0]);
  }

  /** The change the cursor is in, else the next one below it, else the last one. */
  private hunkAtCursor(session: RewriteSession): number | undefined {
    const hunks = session.openHunks;
    const line = this.editorOf(session)?.selection.active.line ?? -1;
    return (hunks.find((h) => h.first <= line && line <= h.last) ?? hunks.find((h) => h.first > line) ?? hunks[hunks.length - 1])?.index;
  }

  private move(direction: 1 | -1): void {
    const session = this.sessions.at();
    const editor = session && this.editorOf(session);
    if (!session || !editor) return;
    const hunks = session.openHunks;
    if (!hunks.length) return;
    const line = editor.selection.active.line;
    const target =
      direction > 0
        ? (hunks.find((h) => h.first > line) ?? hunks[0])
        : ([...hunks].reverse().find((h) => h.first < line) ?? hunks[hunks.length - 1]);
    this.reveal(session, target);
  }

  private reveal(session: RewriteSession, hunk: { first: number } | undefined): void {
    const editor = this.editorOf(session);
    if (!editor || !hunk) return;
    const at = new vscode.Position(hunk.first, 0);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private editorOf(session: RewriteSession): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    return active?.document === session.document ? active : vscode.window.visibleTextEditors.find((e) => e.document === session.document);
  }
}
