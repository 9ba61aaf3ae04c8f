import type * as vscode from 'vscode';
import type { ConversationSummary, MessageView } from '../shared/protocol';

export interface Conversation {
  id: string;
  title: string;
  messages: MessageView[];
  updatedAt: number;
}

const LIST_KEY = 'parley.conversations';
const CURRENT_KEY = 'parley.currentConversation';

export function newId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Conversations persist per workspace, owned by the extension (the webview only renders). */
export class ConversationStore {
  constructor(private readonly memento: vscode.Memento) {}

  private all(): Conversation[] {
    return this.memento.get<Conversation[]>(LIST_KEY, []);
  }

  list(): ConversationSummary[] {
    return this.all()
      .filter((c) => c.messages.length > 0)
      .map(({ id, title, updatedAt }) => ({ id, title, updatedAt }))
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  get(id: string): Conversation | undefined {
    return this.all().find((c) => c.id === id);
  }

  /** The conversation the view shows; a new empty one when there is none. */
  current(): Conversation {
    const id = this.memento.get<string>(CURRENT_KEY);
    return (id && this.get(id)) || { id: newId(), title: '', messages: [], updatedAt: Date.now() };
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
    const others = this.all().filter((c) => c.id !== conversation.id);
    await this.memento.update(LIST_KEY, [...others, conversation]);
    await this.setCurrent(conversation.id);
  }

  async delete(id: string): Promise<void> {
    await this.memento.update(LIST_KEY, this.all().filter((c) => c.id !== id));
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
