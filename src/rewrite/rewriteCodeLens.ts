import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import { Command } from '../common/ids';
import type { RewriteSessions } from './rewriteSessions';

/** Stop while a rewrite streams, then Accept and Reject, above the region's first line. */
export class RewriteCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly didChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.didChange.event;

  constructor(private readonly sessions: RewriteSessions) {
    super();
    this._register(sessions.onDidChange(() => this.didChange.fire()));
    this._register(vscode.languages.registerCodeLensProvider({ scheme: '*' }, this));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const session = this.sessions.get(document);
    if (!session) return [];
    const at = new vscode.Range(session.range.start.line, 0, session.range.start.line, 0);
    const lens = (title: string, command: string, tooltip?: string) => new vscode.CodeLens(at, { title, command, tooltip, arguments: [document.uri] });
    switch (session.status) {
      case 'streaming':
        return [lens(`$(loading~spin) ${vscode.l10n.t('Rewriting… Stop (Esc)')}`, Command.rejectRewrite)];
      case 'pending': {
        const lenses = [
          // No key in the title: it differs by platform (and a remote window's UI runs on another
          // machine than this host), and the user may have rebound it.
          lens(`$(check) ${vscode.l10n.t('Accept')}`, Command.acceptRewrite, vscode.l10n.t('Keep the rewrite (default key: Ctrl+Enter, Cmd+Enter on macOS)')),
          lens(`$(discard) ${vscode.l10n.t('Reject (Esc)')}`, Command.rejectRewrite),
        ];
        if (session.finishReason === 'length') {
          lenses.push(new vscode.CodeLens(at, { title: `$(warning) ${vscode.l10n.t('Cut off at the token limit')}`, command: '' }));
        }
        return lenses;
      }
      default:
        // Accepting or restoring: there is nothing left to choose.
        return [];
    }
  }
}
