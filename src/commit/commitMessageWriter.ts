import * as vscode from 'vscode';
import { ChatError } from '../core/client/chatError';
import { commitMessages, commitMessageText, subjectOf } from '../core/prompts/commitPrompt';
import { summarizeDiff } from '../core/prompts/node/diffSummary';
import { applyStreamEvent, type ReplyParts } from '../core/client/replyText';
import { countTokens } from '../core/tokens/node/tokenCount';
import type { ChatMessage } from '../core/types';
import { Disposable } from '../common/dispose';
import { ContextKey } from '../common/ids';
import * as settings from '../common/settings';
import type { CompletionService } from '../connection/completionService';
import { readCommitChanges, type CommitChanges } from './commitChanges';
import type { GitRepository } from '../context/gitApi';

/** How a run ended, returned by the command (the integration tests read it). */
export type CommitOutcome = 'written' | 'nothingChanged' | 'stopped' | 'userEdited' | 'empty' | 'busy';

/** Share of `parley.contextBudgetTokens` the diff may take; the rest is the prompt and the reply. */
const DIFF_SHARE = 0.6;

/**
 * Writes a commit message into a repository's Source Control input box, streamed.
 *
 * What the user had typed is never lost: it stays first in the box, untouched, and the message
 * streams in after it (a blank line between); it also goes to the model as the author's notes.
 * Stop, an error or an empty reply put the box back to exactly what was typed. Typing in the
 * box while the message streams stops the request and leaves the box as the user made it.
 */
export class CommitMessageWriter extends Disposable {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly service: CompletionService) {
    super();
  }

  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Stops the run for `root`, or every run. */
  stop(root?: vscode.Uri): void {
    for (const [key, abort] of this.running) if (!root || key === root.toString()) abort.abort();
  }

  async write(repo: GitRepository): Promise<CommitOutcome> {
    const key = repo.rootUri.toString();
    if (this.running.has(key)) return 'busy';
    this.service.requireProfile();
    const changes = await readCommitChanges(repo, settings.contextExclude());
    if (!changes) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Nothing to write a commit message for: {0} has no changes.',
          vscode.workspace.asRelativePath(repo.rootUri, true) || repo.rootUri.fsPath,
        ),
      );
      return 'nothingChanged';
    }
    const { messages, draft } = await commitRequest(repo, changes);
    const abort = new AbortController();
    this.running.set(key, abort);
    this.updateContext();
    const reply: ReplyParts = { content: '' };
    const box = new StreamedBox(repo.inputBox, draft, () => abort.abort());
    try {
      await this.service.run(messages, {
        purpose: 'commit message',
        signal: abort.signal,
        onEvent: (event) => {
          applyStreamEvent(reply, event);
          box.show(reply.content);
        },
      });
      box.show(reply.content);
      if (box.userEdited) return 'userEdited';
      if (!commitMessageText(reply.content)) {
        repo.inputBox.value = draft;
        void vscode.window.showWarningMessage(vscode.l10n.t('The model sent no commit message; the box is as you left it.'));
        return 'empty';
      }
      return 'written';
    } catch (e) {
      if (box.userEdited) return 'userEdited';
      box.restore();
      if (e instanceof ChatError && e.kind === 'aborted') return 'stopped';
      throw e;
    } finally {
      this.running.delete(key);
      this.updateContext();
    }
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', ContextKey.commitMessageRunning, this.busy);
  }

  override dispose(): void {
    this.stop();
    super.dispose();
  }
}

/**
 * What the model is asked: the diff within its share of the budget, the recent subjects (for
 * their style), and the user's draft as notes, read last, once nothing more is awaited.
 */
async function commitRequest(repo: GitRepository, changes: CommitChanges): Promise<{ messages: ChatMessage[]; draft: string }> {
  const subjects = (await repo.log({ maxEntries: 10 }).catch(() => [])).map((c) => subjectOf(c.message)).filter(Boolean);
  const summary = summarizeDiff(changes.files, Math.floor(settings.contextBudgetTokens() * DIFF_SHARE), countTokens);
  const notes = [
    changes.excluded > 0 ? `${changes.excluded} changed files are not shown (excluded from what Parley sends).` : '',
    summary.cut.length > 0 ? `The diffs of ${summary.cut.length} files were cut to fit.` : '',
  ].filter(Boolean);
  const draft = repo.inputBox.value;
  return {
    messages: commitMessages({
      diff: summary.text,
      recentSubjects: subjects,
      staged: changes.staged,
      draft,
      note: notes.join(' ') || undefined,
    }),
    draft,
  };
}

/** The commit box as the message streams into it, after what the user had typed (a blank line between). */
class StreamedBox {
  private readonly prefix: string;
  private written: string;
  /**
   * Every text Parley put in the box: the workbench echoes each back a moment later, and an
   * echo of an earlier one arriving after a later write is not the user typing.
   */
  private readonly ours: Set<string>;
  private edited = false;

  constructor(
    private readonly box: { value: string },
    private readonly draft: string,
    private readonly onUserEdit: () => void,
  ) {
    this.prefix = draft.trim() ? `${draft.replace(/\s+$/, '')}\n\n` : '';
    this.written = draft;
    this.ours = new Set([draft]);
  }

  /** Whether the user typed in the box while the message streamed: then their text won. */
  get userEdited(): boolean {
    return this.edited;
  }

  /** Shows the reply so far; once the user has typed in the box, nothing more is written and `onUserEdit` ends the request. */
  show(content: string): void {
    if (this.edited) return;
    if (this.box.value !== this.written && !this.ours.has(this.box.value)) {
      this.edited = true;
      this.onUserEdit();
      return;
    }
    this.written = this.prefix + commitMessageText(content);
    this.ours.add(this.written);
    this.box.value = this.written;
  }

  /** Puts back what the user had typed, unless the box holds something other than Parley's last write. */
  restore(): void {
    if (this.box.value === this.written) this.box.value = this.draft;
  }
}
