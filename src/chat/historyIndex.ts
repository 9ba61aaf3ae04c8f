import type * as vscode from 'vscode';
import { mergeIndex, parseIndex, type ConversationIndex } from '../core/conversation/conversationIndex';
import { StateKey } from '../common/ids';
import type { SharedIndex } from './sharedIndex';

const INDEX_KEY = StateKey.conversationIndex;
const DELETED_KEY = StateKey.conversationsDeleted;

/**
 * The index the history is listed from: this window's copy in workspaceState, kept merged with
 * what other windows on the workspace wrote (`SharedIndex`). Every change re-reads theirs first,
 * so an entry or a deletion from another window is never overwritten.
 */
export class HistoryIndex {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly shared: SharedIndex,
  ) {}

  /** This window's copy, as last merged. */
  read(): ConversationIndex {
    return parseIndex({ entries: this.memento.get(INDEX_KEY, []), deleted: this.memento.get(DELETED_KEY, []) });
  }

  titleOf(id: string): string {
    return this.read().entries.find((e) => e.id === id)?.title || id;
  }

  /** Takes in what other windows saved or deleted (their files are not written). */
  async takeInOthers(): Promise<void> {
    await this.keep(mergeIndex(this.read(), await this.shared.read()));
  }

  /** Re-reads the shared index, merges this window's, applies the change, writes both. */
  async change(change: (index: ConversationIndex) => ConversationIndex): Promise<void> {
    const merged = change(mergeIndex(this.read(), await this.shared.read()));
    await this.shared.write(merged);
    await this.keep(merged);
  }

  private async keep(index: ConversationIndex): Promise<void> {
    await this.memento.update(INDEX_KEY, index.entries);
    await this.memento.update(DELETED_KEY, index.deleted);
  }
}
