import * as vscode from 'vscode';
import type { RewriteSession } from './rewriteSession';
import type { RewriteSessions } from './rewriteSessions';

/** Tells the user how a rewrite ended when the editor alone would not show it. */
export function showRewriteOutcomes(sessions: RewriteSessions): vscode.Disposable {
  return sessions.onDidChange(notify);
}

function notify(session: RewriteSession): void {
  switch (session.status) {
    case 'failed':
      void vscode.window.showErrorMessage(vscode.l10n.t('Parley: the rewrite failed and your code was restored. {0}', session.error ?? ''));
      break;
    case 'conflict':
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Parley stopped the rewrite because you edited inside it. Your text is as you left it; Undo steps back to the original.',
        ),
      );
      break;
    case 'empty':
      void vscode.window.showInformationMessage(vscode.l10n.t('Parley: the model replied with no code, so nothing changed.'));
      break;
    case 'pending':
      if (session.finishReason === 'length') {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('Parley: the rewrite was cut off at the token limit. Review it before accepting.'),
        );
      }
      break;
  }
}
