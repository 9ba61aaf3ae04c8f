import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import type { RewriteSession } from './rewriteSession';
import type { RewriteSessions } from './rewriteSessions';

/** Marks the region a rewrite owns, as inserted text, in every editor showing its document. */
export class RewriteDecorations extends Disposable {
  private readonly decoration = this._register(vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  }));

  constructor(sessions: RewriteSessions) {
    super();
    this._register(sessions.onDidChange((session) => this.decorate(session)));
    this._register(sessions.onDidMove((session) => this.decorate(session)));
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => {
      for (const session of sessions.all()) this.decorate(session);
    }));
  }

  private decorate(session: RewriteSession): void {
    const ranges = session.active ? [session.range] : [];
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document === session.document) editor.setDecorations(this.decoration, ranges);
    }
  }
}
