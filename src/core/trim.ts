import { renderText } from './contextRender';
import { countTokens, MESSAGE_OVERHEAD_TOKENS } from './tokenCount';
import type { ChatMessage } from './types';

/** A message's cost in tokens: its text plus the chat format's framing. */
export function messageTokens(text: string): number {
  return countTokens(text) + MESSAGE_OVERHEAD_TOKENS;
}

export interface Trimmed {
  messages: ChatMessage[];
  /** How many earlier messages were left out. */
  dropped: number;
}

/**
 * Keeps the system prompt and the newest messages that fit the budget, dropping the oldest
 * first. The newest message is always kept, even alone over budget: the server will say.
 */
export function trimToBudget(messages: ChatMessage[], budgetTokens: number): Trimmed {
  const system = messages.filter((m) => m.role === 'system');
  const rest = messages.filter((m) => m.role !== 'system');
  let used = system.reduce((n, m) => n + messageTokens(renderText(m)), 0);
  const kept: ChatMessage[] = [];
  for (let i = rest.length - 1; i >= 0; i--) {
    const cost = messageTokens(renderText(rest[i]));
    if (kept.length > 0 && used + cost > budgetTokens) break;
    kept.unshift(rest[i]);
    used += cost;
  }
  // Never start with an assistant turn: some servers insist on user first.
  while (kept.length > 1 && kept[0].role === 'assistant') kept.shift();
  return { messages: [...system, ...kept], dropped: rest.length - kept.length };
}
