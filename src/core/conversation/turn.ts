import type { ChatMessage, ContextBlock, ImageAttachment, Usage } from '../types';

/**
 * One turn of a conversation, as the chat holds it, its file stores it and the page draws it.
 * Tool-call and tool-result turns will join the union, each with its own `role`.
 */
export type Turn = UserTurn | AssistantTurn;

interface TurnBase {
  id: string;
  /** What the user typed (the whole prompt Explain built), or the reply. */
  content: string;
}

interface UserOnly {
  /** Markdown shown instead of `content` (Explain shows the code, not the whole prompt). */
  display?: string;
  /** What the question carried (shown as chips in the history). */
  context?: ContextBlock[];
  images?: ImageAttachment[];
}

export interface UserTurn extends TurnBase, UserOnly, Absent<AssistantOnly> {
  role: 'user';
}

interface AssistantOnly {
  reasoning?: string;
  /** Error text shown under the reply; what arrived before it stays visible. */
  error?: string;
  /** A note such as "cut off at the token limit". */
  note?: string;
  streaming?: boolean;
  /** Set on a reply that failed because the model takes no images: the view offers to resend without them. */
  imagesRejected?: boolean;
  /** Set on a reply the server refused with 401: the profile it went to. The view offers to enter its key and send again. */
  keyFor?: string;
  /** What a reply that finished cost, as the server reported it (none when stopped or failed). */
  usage?: Usage;
}

export interface AssistantTurn extends TurnBase, AssistantOnly, Absent<UserOnly> {
  role: 'assistant';
}

/** The other role's fields, never set: any turn may be read as `turn.error` or `turn.display` without narrowing. */
type Absent<T> = { [K in keyof T]?: never };

/**
 * The turns as the request's messages: the system prompt first, replies that said nothing left
 * out (a failed or stopped one), and what a question carried beside its text.
 */
export function toChatMessages(turns: readonly Turn[], systemPrompt?: string): ChatMessage[] {
  const messages: ChatMessage[] = turns
    .filter((t) => !(t.role === 'assistant' && !t.content))
    .map((t) => {
      const message: ChatMessage = { role: t.role, content: t.content };
      if (t.context?.length) message.context = t.context;
      if (t.images?.length) message.images = t.images;
      return message;
    });
  return systemPrompt ? [{ role: 'system', content: systemPrompt }, ...messages] : messages;
}
