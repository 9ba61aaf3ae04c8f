import * as vscode from 'vscode';
import type { RewriteSessions } from './rewriteSessions';

/**
 * Removed lines are shown in the document but are not code: before any save (Ctrl+S, auto
 * save, format on save) they are taken out, so the file on disk holds the rewrite's proposed
 * code and never the removed lines. The review goes on: every change can still be accepted or
 * rejected (Reject puts the original lines back from memory), and the first line of each change
 * shows, on hover, what it replaces. They are not put back after the save: that would make the
 * file dirty again, and with auto save on, save it again, in a loop.
 */
export function guardSaves(sessions: RewriteSessions): vscode.Disposable {
  return vscode.workspace.onWillSaveTextDocument((e) => {
    const session = sessions.get(e.document);
    if (session?.holdsRemovedLines) e.waitUntil(session.hideRemoved());
  });
}
