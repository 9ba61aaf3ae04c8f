/**
 * VS Code's chat messages (as plain data: `src/lm` reads them off VS Code's part classes) into
 * Chat Completions messages. Tool results must follow the assistant message that called them,
 * so a user message's tool results come before its text.
 */
import type { ChatMessage, ImageAttachment } from '../types';

export type LmPart =
  | { kind: 'text'; text: string }
  | { kind: 'image'; mimeType: string; dataUrl: string }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  | { kind: 'toolResult'; callId: string; text: string };

export interface LmMessage {
  role: 'system' | 'user' | 'assistant';
  parts: LmPart[];
}

// tool calls: wired when the client's tool support lands (issue 29 part 1). Until then these
// local types stand for the client's assistant `tool_calls` and `role: "tool"` messages.
export interface WireToolCall {
  id: string;
  name: string;
  /** The input as JSON text, as the API's `function.arguments` carries it. */
  arguments: string;
}

export type WireMessage = (ChatMessage & { toolCalls?: WireToolCall[] }) | { role: 'tool'; toolCallId: string; content: string };

/** The messages in the API's order; an empty message (no text, no call, no image) is left out. */
export function toWireMessages(messages: readonly LmMessage[]): WireMessage[] {
  const out: WireMessage[] = [];
  for (const message of messages) {
    const text = message.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    if (message.role === 'assistant') {
      const toolCalls = message.parts.flatMap((p) =>
        p.kind === 'toolCall' ? [{ id: p.callId, name: p.name, arguments: JSON.stringify(p.input ?? {}) }] : [],
      );
      if (text || toolCalls.length) out.push({ role: 'assistant', content: text, ...(toolCalls.length ? { toolCalls } : {}) });
      continue;
    }
    for (const p of message.parts) if (p.kind === 'toolResult') out.push({ role: 'tool', toolCallId: p.callId, content: p.text });
    const images: ImageAttachment[] = message.parts.flatMap((p, i) =>
      p.kind === 'image' && message.role === 'user' ? [{ name: `image ${i + 1}`, mimeType: p.mimeType, dataUrl: p.dataUrl }] : [],
    );
    if (text || images.length) out.push({ role: message.role, content: text, ...(images.length ? { images } : {}) });
  }
  return out;
}

/**
 * The messages as today's client takes them (no tool fields): a call and a result are told in
 * words, so an Agent-mode history still reaches the model whole.
 */
// tool calls: wired when the client's tool support lands (issue 29 part 1): pass WireMessage as is.
export function withoutToolFields(messages: readonly WireMessage[]): ChatMessage[] {
  return messages.map((m): ChatMessage => {
    if (m.role === 'tool') return { role: 'user', content: `Result of tool call ${m.toolCallId}:\n${m.content}` };
    if (!('toolCalls' in m) || !m.toolCalls) return m;
    const { toolCalls, ...rest } = m;
    const calls = toolCalls.map((c) => `Called tool ${c.name} (call ${c.id}) with ${c.arguments}`).join('\n');
    return { ...rest, content: rest.content ? `${rest.content}\n${calls}` : calls };
  });
}
