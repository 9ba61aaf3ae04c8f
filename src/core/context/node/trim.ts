import { renderText } from '../contextRender';
import { imageTokens } from './imageTokens';
import { countTokens, MESSAGE_OVERHEAD_TOKENS, tokensAtMost, type CountTokens } from '../../tokens/node/tokenCount';
import { messageCountCache } from '../../tokens/node/tokenCountCache';
import type { ChatMessage, ContextBlock } from '../../types';

/**
 * How trimming counts a text: by default remembered by text (tokenCountCache.ts), so the messages
 * a request shares with the one before are not counted again; the result is the tokenizer's.
 */
const remembered: CountTokens = messageCountCache.count;

/** A message's cost in tokens as sent: its text with the context rendered in, its images, the chat format's framing. */
export function messageTokens(message: ChatMessage | string, count: CountTokens = remembered): number {
  if (typeof message === 'string') return count(message) + MESSAGE_OVERHEAD_TOKENS;
  // A question's images, or a tool result's (sent after the results).
  const images = (message.images ?? []).reduce((n, i) => n + imageTokens(i), 0);
  const text = message.role === 'user' ? renderText(message) : message.content;
  return count(text + callsText(message)) + images + MESSAGE_OVERHEAD_TOKENS;
}

/** The tool calls a reply made count as their names and arguments. */
function callsText(message: ChatMessage): string {
  return message.toolCalls?.map((c) => c.name + c.arguments).join('') ?? '';
}

/** A bound `messageTokens` never exceeds, without the tokenizer. */
function messageTokensAtMost(message: ChatMessage): number {
  const images = (message.images ?? []).reduce((n, i) => n + imageTokens(i), 0);
  return (
    tokensAtMost((message.role === 'user' ? renderText(message) : message.content) + callsText(message)) + images + MESSAGE_OVERHEAD_TOKENS
  );
}

/** Every reply is primed with a few tokens (`<|start|>assistant<|message|>`), as OpenAI documents. */
export const REPLY_PRIMING_TOKENS = 3;

/** The whole request's prompt tokens, as `trimToBudget` counts them. */
export function requestTokens(messages: ChatMessage[], count: CountTokens = remembered): number {
  return messages.reduce((n, m) => n + messageTokens(m, count), REPLY_PRIMING_TOKENS);
}

/** Something left out to fit, for the note the user sees. */
export type LeftOut =
  | { kind: 'messages'; count: number }
  | { kind: 'block'; label: string; cut: boolean }
  | { kind: 'image'; name: string }
  /** Agent mode: earlier tool results, each replaced by `RESULT_LEFT_OUT` (one entry, however many: a long run has hundreds). */
  | { kind: 'results'; count: number };

export interface Trimmed {
  messages: ChatMessage[];
  /** True when `tokens` is the byte bound (everything fitted without counting), not the count. */
  upperBound?: boolean;
  /** How many earlier messages were left out. */
  dropped: number;
  /** Everything left out or cut, in the order it was: earlier messages, then the newest message's context. */
  leftOut: LeftOut[];
  /** What the kept request counts, in tokens. */
  tokens: number;
}

/** A context block cut this far down is not worth sending: left out instead. */
const MIN_CUT_TOKENS = 200;

/**
 * Fits a conversation into the budget: keeps the system prompt, drops the oldest messages
 * first (with what they carried), then cuts or drops the largest context blocks of the newest
 * message, then its images. The user's own text is never cut: alone over budget, it is sent
 * and the server will say (the request loop then trims again or explains).
 */
export function trimToBudget(messages: ChatMessage[], budgetTokens: number, count: CountTokens = remembered): Trimmed {
  // Most requests are far below the window: when even the byte bound fits, nothing is counted.
  const bound = messages.reduce((n, m) => n + messageTokensAtMost(m), REPLY_PRIMING_TOKENS);
  if (bound <= budgetTokens) return { messages, dropped: 0, leftOut: [], tokens: bound, upperBound: true };
  const system = messages.filter((m) => m.role === 'system');
  const rest = messages.filter((m) => m.role !== 'system');
  const tokens = (m: ChatMessage) => messageTokens(m, count);
  let used = system.reduce((n, m) => n + tokens(m), REPLY_PRIMING_TOKENS);
  const leftOut: LeftOut[] = [];
  if (rest.length === 0) return { messages, dropped: 0, leftOut, tokens: used };
  if (rest[rest.length - 1].role === 'tool') return trimAgentSteps(system, rest, budgetTokens, used, tokens);
  let newest = rest[rest.length - 1];
  const fitted = fitNewest(newest, budgetTokens - used, leftOut, count);
  newest = fitted.message;
  used += fitted.tokens;
  const kept: ChatMessage[] = [newest];
  // History goes before any of the newest message's context: once that was cut, none is kept.
  const cutNewest = leftOut.length > 0;
  for (let i = rest.length - 2; i >= 0 && !cutNewest; i--) {
    const cost = tokens(rest[i]);
    if (used + cost > budgetTokens) break;
    kept.unshift(rest[i]);
    used += cost;
  }
  // Never start with an assistant turn (some servers insist on user first) or with a tool
  // result whose call was left out (every server refuses that).
  while (kept.length > 1 && (kept[0].role === 'assistant' || kept[0].role === 'tool')) used -= tokens(kept.shift()!);
  const dropped = rest.length - kept.length;
  if (dropped > 0) leftOut.unshift({ kind: 'messages', count: dropped });
  return { messages: [...system, ...kept], dropped, leftOut, tokens: used };
}

/** What a tool result left out to fit says in its place. */
export const RESULT_LEFT_OUT = '[This result was left out to fit the context window. Call the tool again, for less, if you still need it.]';

/**
 * Agent mode (the request ends with a tool result): the current task (from its question on) is
 * kept whole in shape, every call with its result; older history goes first, then the task's
 * oldest results give way to a note, so the model can ask again for what it still needs.
 */
function trimAgentSteps(
  system: ChatMessage[],
  rest: ChatMessage[],
  budgetTokens: number,
  used: number,
  tokensOf: (m: ChatMessage) => number,
): Trimmed {
  let start = rest.length - 1;
  while (start > 0 && rest[start].role !== 'user') start--;
  const task = rest.slice(start);
  const leftOut: LeftOut[] = [];
  let cost = task.reduce((n, m) => n + tokensOf(m), 0);
  let replaced = 0;
  for (let i = 0; i < task.length - 1 && used + cost > budgetTokens; i++) {
    if (task[i].role !== 'tool' || task[i].content === RESULT_LEFT_OUT) continue;
    const { images: _, ...result } = task[i];
    const shorter = { ...result, content: RESULT_LEFT_OUT };
    cost += tokensOf(shorter) - tokensOf(task[i]);
    task[i] = shorter;
    replaced++;
  }
  if (replaced > 0) leftOut.push({ kind: 'results', count: replaced });
  used += cost;
  const kept = [...task];
  for (let i = start - 1; i >= 0 && replaced === 0; i--) {
    const m = tokensOf(rest[i]);
    if (used + m > budgetTokens) break;
    kept.unshift(rest[i]);
    used += m;
  }
  while (kept.length > task.length && (kept[0].role === 'assistant' || kept[0].role === 'tool')) used -= tokensOf(kept.shift()!);
  const dropped = rest.length - kept.length;
  if (dropped > 0) leftOut.unshift({ kind: 'messages', count: dropped });
  return { messages: [...system, ...kept], dropped, leftOut, tokens: used };
}

/** The newest message cut to `room` tokens: largest blocks first, then images; never its text. */
function fitNewest(message: ChatMessage, room: number, leftOut: LeftOut[], count: CountTokens): { message: ChatMessage; tokens: number } {
  const tokensOf = (m: ChatMessage) => messageTokens(m, count);
  let m = message;
  let tokens = tokensOf(m);
  while (tokens > room && (m.context?.length ?? 0) > 0) {
    const blocks = [...m.context!];
    const sizes = blocks.map((b) => count(b.text));
    const largest = sizes.indexOf(Math.max(...sizes));
    const over = tokens - room;
    const keepTokens = sizes[largest] - over;
    if (keepTokens >= MIN_CUT_TOKENS) {
      blocks[largest] = cutBlock(blocks[largest], keepTokens);
      leftOut.push({ kind: 'block', label: blocks[largest].label, cut: true });
    } else {
      leftOut.push({ kind: 'block', label: blocks[largest].label, cut: false });
      blocks.splice(largest, 1);
    }
    m = { ...m, context: blocks.length > 0 ? blocks : undefined };
    const next = tokensOf(m);
    // A cut that saved nothing (one enormous line) drops the block instead.
    if (next >= tokens && m.context) {
      leftOut[leftOut.length - 1] = { kind: 'block', label: blocks[largest].label, cut: false };
      blocks.splice(largest, 1);
      m = { ...m, context: blocks.length > 0 ? blocks : undefined };
    }
    tokens = tokensOf(m);
  }
  while (tokens > room && (m.images?.length ?? 0) > 0) {
    const images = [...m.images!];
    const removed = images.pop()!;
    leftOut.push({ kind: 'image', name: removed.name });
    m = { ...m, images: images.length > 0 ? images : undefined };
    tokens = tokensOf(m);
  }
  return { message: m, tokens };
}

/** The block's first lines that fit `maxTokens`, cut at a line end, saying it was cut. */
export function cutBlock(block: ContextBlock, maxTokens: number): ContextBlock {
  const total = countTokens(block.text);
  if (total <= maxTokens) return block;
  let chars = Math.floor(block.text.length * (maxTokens / total));
  let text = block.text.slice(0, chars);
  // Proportional is close, not exact: shrink until the count agrees.
  while (chars > 0 && countTokens(text) > maxTokens - 12) {
    chars = Math.floor(chars * 0.9);
    text = block.text.slice(0, chars);
  }
  const lineEnd = text.lastIndexOf('\n');
  if (lineEnd > 0) text = text.slice(0, lineEnd + 1);
  return { ...block, text: `${text}… (cut to fit the context window)\n` };
}
