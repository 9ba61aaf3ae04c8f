import type { ToolTurn } from '../../src/core/conversation/turn';
import { parley } from './helpers';

/** Answers every command the agent asks about with `choice`, as a person clicking in the transcript would; returns what was asked. */
export function answerCommands(choice: 'run' | 'deny', reason?: string): { asked: string[]; stop(): void } {
  const asked: string[] = [];
  let on = true;
  void (async () => {
    const api = await parley();
    while (on) {
      for (const callId of api.approvals.pending) {
        const step = api.chat.messages.find((t): t is ToolTurn => t.role === 'tool' && t.toolCallId === callId);
        asked.push(step?.approval?.command ?? '?');
        api.approvals.answer(callId, choice, reason);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return { asked, stop: () => (on = false) };
}
