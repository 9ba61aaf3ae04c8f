import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import { Command } from '../common/ids';
import type { RewriteSessions } from './rewriteSessions';

/**
 * Stop while a rewrite streams; then Accept All and Reject All above the region, and Accept and
 * Reject above each change when there is more than one.
 */
export class RewriteCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly didChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.didChange.event;

  constructor(private readonly sessions: RewriteSessions) {
    super();
    this._register(sessions.onDidChange(() => this.didChange.fire()));
    this._register(sessions.onDidChangeLayout(() => this.didChange.fire()));
    this._register(vscode.languages.registerCodeLensProvider({ scheme: '*' }, this));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const session = this.sessions.get(document);
    if (!session) return [];
    const at = new vscode.Range(session.range.start.line, 0, session.range.start.line, 0);
    const lens = (title: string, command: string, tooltip?: string) =>
      new vscode.CodeLens(at, { title, command, tooltip, arguments: [document.uri] });
    switch (session.status) {
      case 'streaming':
        return [lens(`$(loading~spin) ${vscode.l10n.t('Rewriting… Stop (Esc)')}`, Command.rejectRewrite)];
      case 'pending': {
        const hunks = session.openHunks;
        const several = session.hunks.length > 1;
        const lenses = [
          // Accept's key is not in its title: it is Ctrl or Cmd by platform (and a remote window's
          // UI may run on another OS than this host), so the tooltip names both defaults. Esc is
          // the same everywhere, so Reject (and Stop) carry it; a rebound key is not followed there.
          lens(
            `$(check) ${several ? vscode.l10n.t('Accept All') : vscode.l10n.t('Accept')}`,
            Command.acceptRewrite,
            vscode.l10n.t('Keep the rewrite (default key: Ctrl+Enter, Cmd+Enter on macOS)'),
          ),
          lens(`$(discard) ${several ? vscode.l10n.t('Reject All (Esc)') : vscode.l10n.t('Reject (Esc)')}`, Command.rejectRewrite),
        ];
        if (several) {
          for (const hunk of hunks) {
            const here = new vscode.Range(hunk.first, 0, hunk.first, 0);
            const args = [document.uri, hunk.index];
            lenses.push(
              new vscode.CodeLens(here, {
                title: `$(check) ${vscode.l10n.t('Accept change')}`,
                command: Command.acceptChange,
                arguments: args,
                tooltip: vscode.l10n.t('Keep this change (default key: Ctrl+Shift+Enter, Cmd+Shift+Enter on macOS)'),
              }),
              new vscode.CodeLens(here, {
                title: `$(discard) ${vscode.l10n.t('Reject change')}`,
                command: Command.rejectChange,
                arguments: args,
                tooltip: vscode.l10n.t('Put the original lines back (default key: Ctrl+Shift+Backspace, Cmd+Shift+Backspace on macOS)'),
              }),
            );
          }
        }
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
