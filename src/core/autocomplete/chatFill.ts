/**
 * The last resort for an endpoint with no completions route (Groq, some gateways): a chat model
 * asked to fill the gap. Slower and less exact than FIM; the status bar's tooltip says so, and
 * `cleanCompletion` removes the fence and the repeated line such models add.
 */
import type { ChatMessage } from '../types';

export const CURSOR_MARK = '<CURSOR>';

const INSTRUCTION =
  `You complete code. The user's file has the marker ${CURSOR_MARK} where the cursor is. ` +
  `Reply with only the text to insert at ${CURSOR_MARK}: no explanation, no code fence, nothing ` +
  'that is already before or after the marker. Reply with nothing if nothing fits.';

export interface ChatFillInput {
  prefix: string;
  suffix: string;
  languageId?: string;
  filePath?: string;
  /** Snippets from other files, already rendered (line comments). */
  preamble?: string;
}

export function chatFillMessages(input: ChatFillInput): ChatMessage[] {
  const header = input.filePath ? `File: ${input.filePath}${input.languageId ? ` (${input.languageId})` : ''}\n` : '';
  const context = input.preamble ? `Related code from other files:\n${input.preamble}\n\n` : '';
  // The marker stays literal in user text: a file that holds it already gets it defused.
  const own = (text: string) => text.split(CURSOR_MARK).join('<CURSOR\u200b>');
  return [
    { role: 'system', content: INSTRUCTION },
    { role: 'user', content: `${context}${header}${own(input.prefix)}${CURSOR_MARK}${own(input.suffix)}` },
  ];
}

/** A reasoning model's `<think>…</think>` before the answer is not code; cut off inside it, there is no answer. */
export function withoutThinking(text: string): string {
  if (/^\s*<think>/.test(text) && !text.includes('</think>')) return '';
  return text.replace(/^\s*<think>[\s\S]*?<\/think>\s*/, '');
}
