import * as vscode from 'vscode';
import type { ConversationSummary, MessageView } from '../shared/protocol';
import { StateKey } from '../common/ids';

export interface Conversation {
  id: string;
  title: string;
  messages: MessageView[];
  updatedAt: number;
}

const INDEX_KEY = StateKey.conversationIndex;
const CURRENT_KEY = StateKey.currentConversation;

export function newId(): string {
  return globalThis.crypto.randomUUID();
}

export function emptyConversation(): Conversation {
  return { id: newId(), title: '', messages: [], updatedAt: Date.now() };
}

/**
 * Conversations persist per workspace, owned by the extension (the webview only renders).
 * Each is a JSON file in the extension's workspace storage folder; only a small index lives
 * in workspaceState, because VS Code rewrites an extension's whole state on every update and
 * a 10 MB reply there would slow every later save.
 */
export class ConversationStore {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly folder: vscode.Uri,
  ) {}

  private file(id: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, 'conversations', `${id.replace(/[^\w-]/g, '_')}.json`);
  }

  private index(): ConversationSummary[] {
    return this.memento.get<ConversationSummary[]>(INDEX_KEY, []);
  }

  list(): ConversationSummary[] {
    return [...this.index()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async get(id: string): Promise<Conversation | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(this.file(id));
      return JSON.parse(new TextDecoder().decode(bytes)) as Conversation;
    } catch {
      return undefined;
    }
  }

  /** The conversation the view showed last; a new empty one when there is none. */
  async current(): Promise<Conversation> {
    const id = this.memento.get<string>(CURRENT_KEY);
    return (id && (await this.get(id))) || emptyConversation();
  }

  async setCurrent(id: string): Promise<void> {
    await this.memento.update(CURRENT_KEY, id);
  }

  async save(conversation: Conversation): Promise<void> {
    conversation.updatedAt = Date.now();
    if (!conversation.title) {
      const first = conversation.messages.find((m) => m.role === 'user');
      if (first) conversation.title = titleFrom(first.display ?? first.content);
    }
    await vscode.workspace.fs.writeFile(this.file(conversation.id), new TextEncoder().encode(JSON.stringify(conversation)));
    const { id, title, updatedAt } = conversation;
    const index = this.index().filter((c) => c.id !== id);
    if (conversation.messages.length > 0) index.push({ id, title, updatedAt });
    await this.memento.update(INDEX_KEY, index);
    await this.setCurrent(conversation.id);
  }

  async delete(id: string): Promise<void> {
    await vscode.workspace.fs.delete(this.file(id)).then(undefined, () => undefined);
    await this.memento.update(INDEX_KEY, this.index().filter((c) => c.id !== id));
    if (this.memento.get<string>(CURRENT_KEY) === id) await this.memento.update(CURRENT_KEY, undefined);
  }
}

export function titleFrom(text: string): string {
  const line = text.replace(/```[\s\S]*?```/g, ' ').replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || 'Untitled';
}

/** A conversation as Markdown, for export. */
export function conversationToMarkdown(c: Conversation): string {
  const parts = [`# ${c.title || 'Parley conversation'}`, ''];
  for (const m of c.messages) {
    parts.push(`## ${m.role === 'user' ? 'You' : 'Assistant'}`, '', m.display ?? m.content, '');
    if (m.error) parts.push(`> Error: ${m.error}`, '');
  }
  return parts.join('\n');
}
