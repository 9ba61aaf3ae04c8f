/**
 * The fallback's side of a conversation: calls written back as the `tool_call` blocks the model
 * was asked for, results as user messages with a `tool_result` block, and a conversation held
 * with native `toolCalls` / `role: 'tool'` messages turned into that form, so a run can switch
 * to the fallback mid-way when a model turns out to refuse tools.
 */
import type { ChatMessage, ImageAttachment, ToolCallRequest, ToolDefinition } from '../types';
import { fenceFor } from './fenceLine';
import { CALL_INFO, describeToolsForPrompt, RESULT_INFO } from './fencedPrompt';

/** An info string's word from an id or name: nothing a model or markdown would misread. */
const word = (text: string) => text.replace(/[^\w.:-]/g, '_');

/** A call as the model is asked to write it (its arguments as an object when they parse). */
export function fencedCallBlock(call: ToolCallRequest): string {
  let args: unknown = call.arguments;
  try {
    args = JSON.parse(call.arguments.trim() === '' ? '{}' : call.arguments);
  } catch {
    // Kept as the text the model wrote: the history shows what was asked, not a repair.
  }
  const json = JSON.stringify({ name: call.name, arguments: args });
  const fence = fenceFor(json);
  return `${fence}${CALL_INFO}\n${json}\n${fence}`;
}

/** The user message text that carries a call's result back: a fence longer than any in the result. */
export function fencedResultMessage(call: Pick<ToolCallRequest, 'id' | 'name'>, resultText: string): string {
  const fence = fenceFor(resultText);
  const name = call.name ? ` name=${word(call.name)}` : '';
  const body = resultText.endsWith('\n') ? resultText : `${resultText}\n`;
  return `${fence}${RESULT_INFO} id=${word(call.id)}${name}\n${body}${fence}`;
}

/**
 * The same conversation in the fenced form: an assistant message's calls appended to its text as
 * blocks, each run of tool results as one user message (many chat templates refuse two user
 * messages in a row, and a result never stands alone), with the results' images. Other messages are kept as they are.
 */
export function toFencedHistory(messages: readonly ChatMessage[]): ChatMessage[] {
  const names = new Map<string, string>();
  const out: ChatMessage[] = [];
  let results: string[] | undefined;
  let images: ImageAttachment[] = [];
  for (const message of messages) {
    if (message.role === 'tool') {
      const result = fencedResultMessage(
        { id: message.toolCallId ?? '', name: names.get(message.toolCallId ?? '') ?? '' },
        message.content,
      );
      if (!results) {
        results = [];
        images = [];
        out.push({ role: 'user', content: '' });
      }
      results.push(result);
      // The results' images ride on their user message, as a question's do.
      images.push(...(message.images ?? []));
      out[out.length - 1] = { role: 'user', content: results.join('\n\n'), ...(images.length ? { images: [...images] } : {}) };
      continue;
    }
    results = undefined;
    if (message.role !== 'assistant' || !message.toolCalls?.length) {
      out.push({ ...message });
      continue;
    }
    for (const call of message.toolCalls) names.set(call.id, call.name);
    const { toolCalls, ...rest } = message;
    const blocks = toolCalls.map(fencedCallBlock).join('\n\n');
    out.push({ ...rest, content: message.content.trim() ? `${message.content.trimEnd()}\n\n${blocks}` : blocks });
  }
  return out;
}

/** The messages with the tools' section at the end of the system prompt (one is added first if none). */
export function withToolsInSystemPrompt(messages: readonly ChatMessage[], tools: readonly ToolDefinition[]): ChatMessage[] {
  const section = describeToolsForPrompt(tools);
  if (!section) return [...messages];
  const at = messages.findIndex((m) => m.role === 'system');
  if (at === -1) return [{ role: 'system', content: section }, ...messages];
  const system = messages[at];
  const content = system.content.trim() ? `${system.content.trimEnd()}\n\n${section}` : section;
  return messages.map((m, i) => (i === at ? { ...system, content } : m));
}
