import { textReply, toolCallReply, type ScriptedCall, type ScriptedReply } from './chatServer';

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
