/**
 * One change the agent wants, shown to the user in the editor: reviewed inline (or applied at once
 * when `parley.agent.autoAcceptEdits` says so), then settled (saved, or a rejected new file
 * removed). The wait ends when the user has decided, or at Stop; settling happens either way,
 * whenever the user decides.
 */
import * as vscode from 'vscode';
import type { ToolContext } from '../../core/agent/agentTool';
import * as settings from '../../common/settings';
import { computeHunks } from '../../core/rewrite/rewriteHunks';
import { reviewEnded, unlessStopped, type InlineReviews, type ReviewEnding } from './editReview';

export type Settled = ReviewEnding & { saved: boolean };

export type ChangeResult = { auto: true; saved: boolean } | ({ auto: false } & Settled) | 'stopped';

/** What happens once the review ended (a save, a rejected new file removed), and how it ended after that. */
export type Settle = (ending: ReviewEnding) => Promise<Settled>;

export async function changeInEditor(
  reviews: InlineReviews,
  editor: vscode.TextEditor,
  range: vscode.Range,
  text: string,
  { signal, waiting }: Pick<ToolContext, 'signal' | 'waiting'>,
  settle: Settle,
): Promise<ChangeResult> {
  // The editor writes every line break (a lone CR too) as the document's: the review must write
  // what the document will hold, or it would take its own edit for the user's.
  text = text.replace(/\r\n|\r|\n/g, editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (settings.agentAutoAcceptEdits()) {
    // Every change taken, as Accept All would; one plain edit, so one Ctrl+Z takes it back.
    const hunks = computeHunks(editor.document.getText(range), text).map((hunk) => ({ hunk, decision: 'accepted' as const }));
    if (!(await editor.edit((b) => b.replace(range, text)))) throw new Error('the editor did not take the change');
    const ending: ReviewEnding = { end: 'decided', hunks, firstLine: range.start.line, text };
    return { auto: true, saved: (await settle(ending)).saved };
  }
  const review = await reviews.review(editor.document, range, text);
  waiting?.('review the change in the editor');
  const settled = reviewEnded(review).then(async (ending) => ({ auto: false as const, ...(await settle(ending)) }));
  return unlessStopped(settled, signal);
}

/**
 * Saves a file the review changed, when it had no unsaved changes of the user's before (the
 * agent's next step, a build or a test run, reads it from disk), and not while the user is
 * typing in it (they edited inside the change). True when the disk holds what the editor does.
 */
export async function saveAfterReview(document: vscode.TextDocument, wasDirty: boolean, ending: ReviewEnding): Promise<boolean> {
  if (document.isClosed) return false;
  if (!wasDirty && ending.end === 'decided' && document.isDirty) {
    try {
      await document.save();
    } catch {
      // A read-only file or a full disk: the outcome says it is not saved.
    }
  }
  return !document.isDirty;
}

/** The document in an editor, the focus left where it is (the chat): the user reviews there when ready. */
export function openEditor(document: vscode.TextDocument): Thenable<vscode.TextEditor> {
  return vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
}
