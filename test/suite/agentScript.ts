import type { ToolTurn } from '../../src/core/conversation/turn';
import { textReply, toolCallReply, type ScriptedCall, type ScriptedReply } from '../server/chatServer';
import { parley } from './helpers';

/**
 * A scripted model working through a plan: each reply makes the next call of `plan` (one reply
 * per entry), and once every call has its result it answers. What it was sent is checked apart.
 */
export function plannedModel(plan: ScriptedCall[][], answer: string): (body: any) => ScriptedReply {
  return (body) => {
    const results = (body.messages as any[]).filter((m) => m.role === 'tool').length;
    let made = 0;
    for (const calls of plan) {
      if (results < made + calls.length) return toolCallReply(calls);
      made += calls.length;
    }
    return textReply(answer);
  };
}

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
