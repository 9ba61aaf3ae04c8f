import * as vscode from 'vscode';
import { Command } from '../common/ids';
import type { CompletionService } from '../connection/completionService';
import { ProposalDocuments } from './proposalDocuments';
import { ProblemActions } from './problemActions';
import { RewriteCheckpoints } from './rewriteCheckpoints';
import { RewriteChangeCommands } from './rewriteChangeCommands';
import { RewriteCodeLens } from './rewriteCodeLens';
import { RewriteCommands } from './rewriteCommands';
import { RewriteDecorations, type RewriteMarks } from './rewriteDecorations';
import { showRewriteOutcomes } from './rewriteNotices';
import { guardSaves } from './rewriteSaveGuard';
import type { RewriteSession } from './rewriteSession';
import { RewriteSessions } from './rewriteSessions';
import { RewriteStatusItem } from './rewriteStatusItem';
import { ReviewUndo } from './reviewUndo';

/** What the rest of the extension (and the integration tests) can do with Rewrite. */
export interface RewriteApi {
  /**
   * Starts a rewrite of the active editor's selection through its command, as the palette does
   * (`generate`: Generate Here); resolves when the reply has ended, with undefined when it did not
   * start (a failure is reported as every command's is).
   */
  start(instruction?: string, mode?: 'auto' | 'generate'): Thenable<RewriteSession | undefined>;
  /**
   * Starts the inline review of `text` in place of `range` (an agent's edit: no request), the
   * same review as a rewrite's; resolves once it is shown, with the session to follow to its end.
   * Throws when a review is open in `document` already.
   */
  review(document: vscode.TextDocument, range: vscode.Range, text: string): Promise<RewriteSession>;
  /** The rewrite running in `document`, if any. */
  session(document: vscode.TextDocument): RewriteSession | undefined;
  /** The removed and added lines Parley marks in `document` now. */
  marks(document: vscode.TextDocument): RewriteMarks;
}

/**
 * "Parley: Rewrite Selection…": one session per document, Accept/Reject as CodeLens and
 * keybindings, progress in the status bar. Each VS Code role is one class; this composes them.
 */
export function registerRewrite(
  context: vscode.ExtensionContext,
  deps: { service: CompletionService; log: () => vscode.LogOutputChannel },
): RewriteApi {
  const sessions = new RewriteSessions();
  const proposals = new ProposalDocuments();
  const reviews = new ReviewUndo();
  const commands = new RewriteCommands(sessions, proposals, reviews, { ...deps, state: context.globalState });
  const decorations = new RewriteDecorations(sessions);
  context.subscriptions.push(
    commands,
    new RewriteChangeCommands(sessions, deps.log),
    new ProblemActions((instruction, mode) => commands.start(instruction, mode), deps.log),
    new RewriteCodeLens(sessions),
    decorations,
    guardSaves(sessions),
    new RewriteCheckpoints(context.workspaceState, sessions),
    new RewriteStatusItem(sessions),
    showRewriteOutcomes(sessions),
    proposals,
    reviews,
    // Last: disposing it rejects what still runs, which the others no longer need to show.
    sessions,
  );
  return {
    start: (instruction, mode) =>
      vscode.commands.executeCommand<RewriteSession | undefined>(
        mode === 'generate' ? Command.generateHere : Command.rewriteSelection,
        instruction,
      ),
    review: (document, range, text) => commands.review(document, range, text),
    session: (document) => sessions.get(document),
    marks: (document) => decorations.marksIn(document),
  };
}
