import type { Turn } from '../core/conversation/turn';
import * as vscode from 'vscode';

/**
 * What the status line says a conversation's last reply cost: its usage when it finished with
 * one, else nothing. Read from the conversation (never kept beside it), so New Chat, another
 * conversation, a Stop or an error never show a figure that belongs to a different reply.
 */
export function usageLabel(messages: readonly Turn[]): string | undefined {
  const last = messages.at(-1);
  if (last?.role !== 'assistant' || last.streaming || last.error || !last.usage) return undefined;
  return vscode.l10n.t('{0} prompt + {1} reply tokens', last.usage.promptTokens, last.usage.completionTokens);
}
