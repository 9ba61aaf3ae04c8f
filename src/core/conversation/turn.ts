import type { ChatMessage, ContextBlock, ImageAttachment, ToolCallRequest, Usage } from '../types';

/**
 * One turn of a conversation, as the chat holds it, its file stores it and the page draws it:
 * a question, a reply (which may call tools, in Agent mode), or one tool call's step.
 */
export type Turn = UserTurn | AssistantTurn | ToolTurn;

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
  /** Asked in Agent mode: the reply may call tools (Regenerate asks the same way). */
  mode?: 'agent';
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
  /** What its request left out to fit the model's context: the note above the conversation, shown again when it is opened. */
  trimmed?: string;
  /** Agent mode: the tools this reply called, in order; each has a tool turn after it. */
  toolCalls?: ToolCallRequest[];
}

export interface AssistantTurn extends TurnBase, AssistantOnly, Absent<UserOnly>, Absent<ToolOnly> {
  role: 'assistant';
}

/**
 * Where a tool call's step is: `waiting` for the user (a command to approve, an edit to review),
 * `running`, or over: `done`, `failed` (the model reads why), `denied` (the user said no),
 * `stopped` (Stop), `interrupted` (the window closed while it ran).
 */
export type ToolStatus = 'waiting' | 'running' | 'done' | 'failed' | 'denied' | 'stopped' | 'interrupted';

interface ToolOnly {
  /** The call this step answers (sent as `tool_call_id`). */
  toolCallId: string;
  /** The tool's name, as the model called it. */
  name: string;
  /** The call in words: "Read src/app.ts, lines 1–40". */
  step: string;
  status: ToolStatus;
  /** A short line beside the step when the result is long ("41 lines"). */
  summary?: string;
  /** How long the call took, once it is over. */
  ms?: number;
  /** Set while a command waits for the user's Run / Always allow / Deny. */
  approval?: {
    command: string;
    /** The folder it runs in, as the user reads it (`.`, `src`). */
    where?: string;
    /** What Always Allow would add to the allow list; none: the button is not offered. */
    alwaysAllows?: string[];
    /** `tool`: an MCP tool call (`command` is the tool and its arguments; `where` the server). */
    kind?: 'tool';
  };
  /** Set while the model's question (ask_user) waits for the user's answer: its choices, if any. */
  question?: { text: string; options: string[] };
  /** The images the call returned (an MCP tool's), sent after the results to a model that takes images. */
  images?: ImageAttachment[];
}

/** One tool call's step: `content` is the result the model reads (empty until it is over). */
export interface ToolTurn extends TurnBase, ToolOnly, Absent<Omit<UserOnly, 'images'>>, Absent<AssistantOnly> {
  role: 'tool';
}

/** The other role's fields, never set: any turn may be read as `turn.error` or `turn.display` without narrowing. */
type Absent<T> = { [K in keyof T]?: never };

/** What a call that never ended (the window closed, Stop) tells the model in its place. */
export const NOT_RUN = 'This call did not finish (it was stopped or interrupted); nothing more is known of its result.';

/** What a result whose images were not sent says after its text. */
export const IMAGES_NOT_SENT = '[Its images were not sent: this model takes no images.]';

/**
 * The turns as the request's messages: the system prompt first, replies that said nothing and
 * called nothing left out (a failed or stopped one), what a question carried beside its text,
 * and every tool call followed by its result (one that never came says so: servers refuse a
 * call without its result). A result's images go with it when `toolImages` (the model takes
 * images; the request puts them after the results, see chatRequest.ts), else its text says so.
 */
export function toChatMessages(turns: readonly Turn[], systemPrompt?: string, { toolImages = true } = {}): ChatMessage[] {
  const messages: ChatMessage[] = systemPrompt ? [{ role: 'system', content: systemPrompt }] : [];
  const results = new Map<string, ToolTurn>();
  for (const t of turns) if (t.role === 'tool') results.set(t.toolCallId, t);
  for (const t of turns) {
    if (t.role === 'tool') continue; // placed right after the reply that called it
    if (t.role === 'assistant' && !t.content && !t.toolCalls?.length) continue;
    const message: ChatMessage = { role: t.role, content: t.content };
    if (t.context?.length) message.context = t.context;
    if (t.images?.length) message.images = t.images;
    if (t.toolCalls?.length) message.toolCalls = t.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
    messages.push(message);
    for (const call of t.toolCalls ?? []) messages.push(resultMessage(call.id, results.get(call.id), toolImages));
  }
  return messages;
}

function resultMessage(toolCallId: string, result: ToolTurn | undefined, toolImages: boolean): ChatMessage {
  const over = result && result.status !== 'running' && result.status !== 'waiting' && result.status !== 'interrupted';
  if (!over || !result.content) return { role: 'tool', toolCallId, content: NOT_RUN };
  if (!result.images?.length) return { role: 'tool', toolCallId, content: result.content };
  if (!toolImages) return { role: 'tool', toolCallId, content: `${result.content}\n\n${IMAGES_NOT_SENT}` };
  return { role: 'tool', toolCallId, content: result.content, images: result.images };
}
