import * as vscode from 'vscode';
import { errorMessage } from '../core/client/errorMessage';

/** How the store tells the user something went wrong (the extension passes `reportError`). */
export type Notify = (message: string, where: string) => void;

const WHERE = 'conversation store';

/**
 * What the user is told when a conversation cannot be read or saved. Each says which
 * conversation and what happens to it; a failing disk is reported once until a save succeeds,
 * and a newer Parley's file once per conversation, so a retry at every change does not nag.
 */
export class ConversationStoreNotices {
  private failing = false;
  private readonly refusalTold = new Set<string>();

  constructor(private readonly notify: Notify) {}

  unreadable(title: string, version: number): void {
    this.tell(
      vscode.l10n.t(
        'The conversation "{0}" was saved by a newer version of Parley (file version {1}) and cannot be read by this one; its file is left as it is.',
        title,
        version,
      ),
    );
  }

  movedAside(title: string, reason: string, name: string): void {
    this.tell(
      vscode.l10n.t(
        'The conversation "{0}" could not be read ({1}); its file was moved aside as {2}. The rest of the history is unaffected.',
        title,
        reason,
        name,
      ),
    );
  }

  notMovedAside(title: string, reason: string, error: unknown): void {
    this.tell(
      vscode.l10n.t('The conversation "{0}" could not be read ({1}), nor its file moved aside: {2}', title, reason, errorMessage(error)),
    );
  }

  /** A newer Parley's conversation is not saved over: said once per conversation. */
  notSavedOverNewer(id: string, title: string, version: number): void {
    if (this.refusalTold.has(id)) return;
    this.refusalTold.add(id);
    this.tell(
      vscode.l10n.t(
        'The conversation "{0}" was saved by a newer version of Parley (file version {1}); this version shows it but does not save over it.',
        title,
        version,
      ),
    );
  }

  /** Said once, until a save succeeds again (`saved`). */
  saveFailed(title: string, error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.tell(
      vscode.l10n.t(
        'Could not save the conversation "{0}": {1}. It stays open here; Parley tries again at the next change.',
        title,
        errorMessage(error),
      ),
    );
  }

  saved(): void {
    this.failing = false;
  }

  private tell(message: string): void {
    this.notify(message, WHERE);
  }
}
