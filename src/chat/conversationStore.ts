import * as vscode from 'vscode';
import {
  corruptName,
  decodeConversation,
  encodeConversation,
  markInterrupted,
  type StoredConversation,
} from '../core/conversation/conversationFile';
import { withDeletion, withEntry } from '../core/conversation/conversationIndex';
import { writeAtomic } from '../common/atomicWrite';
import { Disposable } from '../common/dispose';
import type { ConversationSummary } from '../shared/protocol';
import { StateKey } from '../common/ids';
import { titleFrom } from './conversationText';
import { SharedIndex } from './sharedIndex';
import { HistoryIndex } from './historyIndex';
import { ConversationStoreNotices, type Notify } from './conversationStoreNotices';

/** A conversation as the store reads and writes it (the chat's model holds one). */
export type Conversation = StoredConversation;

const CURRENT_KEY = StateKey.currentConversation;

export function newId(): string {
  return globalThis.crypto.randomUUID();
}

export function emptyConversation(): Conversation {
  return { id: newId(), title: '', messages: [], updatedAt: Date.now() };
}

/**
 * Conversations persist per workspace, owned by the extension (the webview only renders).
 * Each is a JSON file in the extension's workspace storage folder, written to a temporary file
 * and renamed over the old one, so a crash leaves the old file or the new one, never half.
 * The index (a small list for the history) is `HistoryIndex`: in workspaceState and, for other
 * windows on the same workspace, in files beside the conversations; all are merged, never
 * overwritten. What the user is told when a file cannot be read or written is `ConversationStoreNotices`.
 */
export class ConversationStore extends Disposable {
  /** Conversations whose last save failed: retried on the next save of any conversation. */
  private readonly unsaved = new Map<string, Conversation>();
  /** Per conversation, how many saves were asked for: a write only clears what it covered. */
  private readonly asked = new Map<string, number>();
  /** Per conversation, the count of `asked` its last successful write covered. */
  private readonly written = new Map<string, number>();
  /** Conversations read from a newer Parley's file: shown, never saved over. */
  private readonly newer = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly index: HistoryIndex;
  private readonly notices: ConversationStoreNotices;
  private readonly listChanged = this._register(new vscode.EventEmitter<void>());
  /** What `list()` returns may have changed (a save, a deletion, other windows' changes taken in). */
  readonly onDidChangeList = this.listChanged.event;
  private readonly wrote = this._register(new vscode.EventEmitter<string>());
  /** A conversation's file was written (its id). */
  readonly onDidWrite = this.wrote.event;
  private readonly failed = this._register(new vscode.EventEmitter<{ id: string; error: unknown }>());
  /** A write failed (the conversation stays in memory and is tried again at the next save). */
  readonly onDidFailToSave = this.failed.event;
  private readonly notified = this._register(new vscode.EventEmitter<string>());
  /** The user was told something (a file unreadable, moved aside, not saved). */
  readonly onDidNotify = this.notified.event;

  constructor(
    private readonly memento: vscode.Memento,
    readonly folder: vscode.Uri,
    notify: Notify = () => undefined,
  ) {
    super();
    // Index files have dots in their names, which no conversation's file has before `.json`.
    this.index = new HistoryIndex(memento, new SharedIndex(this.dir, writeAtomic, newId()));
    this.notices = new ConversationStoreNotices((message, where) => {
      this.notified.fire(message);
      notify(message, where);
    });
  }

  private get dir(): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, 'conversations');
  }

  private file(id: string): vscode.Uri {
    return vscode.Uri.joinPath(this.dir, `${safe(id)}.json`);
  }

  /** Runs one change at a time, so a checkpoint and the final save never interleave. */
  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  list(): ConversationSummary[] {
    const entries = new Map(this.index.read().entries.map((e) => [e.id, e]));
    // A conversation whose save is queued or writing (the question is saved while its request
    // goes out) is listed as the index will hold it in a moment.
    for (const c of this.unsaved.values()) {
      if (c.messages.length > 0 && !this.newer.has(c.id)) entries.set(c.id, { id: c.id, title: c.title, updatedAt: c.updatedAt });
    }
    return [...entries.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async get(id: string): Promise<Conversation | undefined> {
    const inMemory = this.unsaved.get(id); // its last save failed: the file is behind
    if (inMemory) return inMemory;
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.file(id)));
    } catch {
      return undefined; // never saved (a new chat), or deleted
    }
    const decoded = decodeConversation(text);
    switch (decoded.kind) {
      case 'corrupt':
        await this.moveAside(id, decoded.reason);
        return undefined;
      case 'unreadable':
        this.notices.unreadable(this.index.titleOf(id), decoded.version);
        return undefined;
      case 'newer':
        this.newer.set(id, decoded.version);
        break;
    }
    markInterrupted(decoded.conversation, vscode.l10n.t('Interrupted: the window closed before the reply finished.'));
    return decoded.conversation;
  }

  /** A file that does not parse is kept as `<id>.corrupt-<time>.json`, the user told which conversation it was. */
  private async moveAside(id: string, reason: string): Promise<void> {
    const title = this.index.titleOf(id);
    const name = corruptName(safe(id), new Date());
    try {
      await this.enqueue(async () => {
        await vscode.workspace.fs.rename(this.file(id), vscode.Uri.joinPath(this.dir, name), { overwrite: false });
        await this.index.change((i) => withDeletion(i, id, Date.now()));
      });
      this.listChanged.fire();
      this.notices.movedAside(title, reason, name);
    } catch (e) {
      this.notices.notMovedAside(title, reason, e);
    }
  }

  /** The conversation the view showed last; a new empty one when there is none. */
  async current(): Promise<Conversation> {
    await this.refresh();
    const id = this.memento.get<string>(CURRENT_KEY);
    return (id && (await this.get(id))) || emptyConversation();
  }

  async setCurrent(id: string): Promise<void> {
    await this.memento.update(CURRENT_KEY, id);
  }

  /** Takes in what other windows on this workspace saved or deleted. */
  refresh(): Promise<void> {
    return this.enqueue(async () => {
      await this.index.takeInOthers();
      this.listChanged.fire();
    });
  }

  /**
   * Saves the conversation, and any whose last save failed. Never rejects: a failure is
   * reported once (until a save succeeds again), the conversation stays in memory and is
   * written at the next change. Resolves true when this conversation is on disk.
   */
  save(conversation: Conversation): Promise<boolean> {
    conversation.updatedAt = Date.now();
    if (!conversation.title) {
      const first = conversation.messages.find((m) => m.role === 'user');
      if (first) conversation.title = titleFrom(first.display ?? first.content);
    }
    this.unsaved.set(conversation.id, conversation);
    this.listChanged.fire();
    const mine = (this.asked.get(conversation.id) ?? 0) + 1;
    this.asked.set(conversation.id, mine);
    return this.enqueue(async () => {
      for (const c of [...this.unsaved.values()]) {
        if (!(await this.tryWrite(c))) break;
      }
      return (this.written.get(conversation.id) ?? 0) >= mine && !this.newer.has(conversation.id);
    });
  }

  private async tryWrite(c: Conversation): Promise<boolean> {
    const newer = this.newer.get(c.id);
    if (newer !== undefined) {
      this.unsaved.delete(c.id);
      this.notices.notSavedOverNewer(c.id, c.title, newer);
      return true;
    }
    try {
      // A save asked for while this one writes (the reply grew meanwhile) must still happen.
      const covered = this.asked.get(c.id);
      await writeAtomic(this.file(c.id), encodeConversation(c));
      this.wrote.fire(c.id);
      const { id, title, updatedAt } = c;
      if (c.messages.length > 0) await this.index.change((i) => withEntry(i, { id, title, updatedAt }));
      await this.setCurrent(id);
      this.written.set(id, covered ?? 0);
      if (this.asked.get(id) === covered) this.unsaved.delete(id);
      this.notices.saved();
      return true;
    } catch (e) {
      this.failed.fire({ id: c.id, error: e });
      this.notices.saveFailed(c.title || c.id, e);
      return false;
    }
  }

  async delete(id: string): Promise<void> {
    this.unsaved.delete(id);
    this.asked.delete(id);
    this.written.delete(id);
    await this.enqueue(async () => {
      await Promise.resolve(vscode.workspace.fs.delete(this.file(id))).catch(() => undefined);
      await this.index.change((i) => withDeletion(i, id, Date.now()));
    });
    if (this.memento.get<string>(CURRENT_KEY) === id) await this.memento.update(CURRENT_KEY, undefined);
    this.listChanged.fire();
  }
}

function safe(id: string): string {
  return id.replace(/[^\w-]/g, '_');
}
