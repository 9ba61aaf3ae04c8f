/**
 * VS Code's chat messages (as plain data: `src/lm` reads them off VS Code's part classes) into
 * Chat Completions messages. Tool results must follow the assistant message that called them,
 * in the order the calls were made, so a user message's tool results come before its text.
 */
import type { ChatMessage, ImageAttachment, ToolCallRequest } from '../types';

export type LmPart =
  | { kind: 'text'; text: string }
  | { kind: 'image'; mimeType: string; dataUrl: string }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  | { kind: 'toolResult'; callId: string; text: string };

export interface LmMessage {
  role: 'system' | 'user' | 'assistant';
  parts: LmPart[];
}

type ToolResult = Extract<LmPart, { kind: 'toolResult' }>;

function textOf(message: LmMessage): string {
  return message.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
}

function callsOf(message: LmMessage): ToolCallRequest[] {
  return message.parts.flatMap((p) =>
    p.kind === 'toolCall' ? [{ id: p.callId, name: p.name, arguments: JSON.stringify(p.input ?? {}) }] : [],
  );
}

/** Results in the order their calls were made (a result for no call of the last reply keeps its place, after them). */
function inCallOrder(results: ToolResult[], callIds: readonly string[]): ToolResult[] {
  const rank = (r: ToolResult) => {
    const i = callIds.indexOf(r.callId);
    return i < 0 ? callIds.length : i;
  };
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map(({ r }) => r);
}

/** The messages in the API's order; an empty message (no text, no call, no image) is left out. */
export function toWireMessages(messages: readonly LmMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  let callIds: string[] = [];
  for (const message of messages) {
    const text = textOf(message);
    if (message.role === 'assistant') {
      const toolCalls = callsOf(message);
      callIds = toolCalls.map((c) => c.id);
      if (text || toolCalls.length) out.push({ role: 'assistant', content: text, ...(toolCalls.length ? { toolCalls } : {}) });
      continue;
    }
    const results = message.parts.filter((p): p is ToolResult => p.kind === 'toolResult');
    for (const r of inCallOrder(results, callIds)) out.push({ role: 'tool', toolCallId: r.callId, content: r.text });
    const images: ImageAttachment[] = message.parts.flatMap((p, i) =>
      p.kind === 'image' && message.role === 'user' ? [{ name: `image ${i + 1}`, mimeType: p.mimeType, dataUrl: p.dataUrl }] : [],
    );
    if (text || images.length) out.push({ role: message.role, content: text, ...(images.length ? { images } : {}) });
  }
  return out;
}
