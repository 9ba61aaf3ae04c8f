import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import { Command, StatusItem } from '../common/ids';
import type { RewriteSessions } from './rewriteSessions';

/** A spinner in the status bar while any rewrite streams; clicking it stops the rewrite. */
export class RewriteStatusItem extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem(StatusItem.rewrite, vscode.StatusBarAlignment.Left, 100));

  constructor(private readonly sessions: RewriteSessions) {
    super();
    this.item.name = 'Parley Rewrite';
    this._register(sessions.onDidChange(() => this.update()));
  }

  private update(): void {
    const streaming = [...this.sessions.all()].some((s) => s.status === 'streaming');
    if (!streaming) {
      this.item.hide();
      return;
    }
    this.item.text = `$(loading~spin) ${vscode.l10n.t('Parley: rewriting…')}`;
    this.item.tooltip = vscode.l10n.t('Click to stop the rewrite and restore the original');
    this.item.command = Command.rejectRewrite;
    this.item.show();
  }
}
