/**
 * Agent mode's loop: a reply, the tools it called run one after another, the next reply with
 * their results, until the model answers without calling a tool or the user stops it. Every
 * `maxSteps` replies the user is asked whether to go on (a model that calls tools forever
 * costs at most that many requests before someone says so).
 */
import type { ToolCall } from '../types';

export interface AgentLoopDeps {
  readonly signal: AbortSignal;
  readonly maxSteps: number;
  /** One reply (streamed into the conversation); the tools it called, none when it answered or failed. */
  reply(): Promise<readonly ToolCall[]>;
  /** Runs one call as a step of the conversation. */
  runCall(call: ToolCall): Promise<void>;
  /** `maxSteps` replies called tools: whether to go on for as many again. */
  goOn(steps: number): Promise<boolean>;
}

/** How the run ended: the model answered (or its reply failed), Stop, or no to going on. */
export type AgentEnd = 'answered' | 'stopped' | 'limit';

export async function runAgentLoop(deps: AgentLoopDeps): Promise<AgentEnd> {
  let steps = 0;
  for (;;) {
    const calls = await deps.reply();
    if (deps.signal.aborted) return 'stopped';
    if (calls.length === 0) return 'answered';
    for (const call of calls) {
      await deps.runCall(call);
      if (deps.signal.aborted) return 'stopped';
    }
    steps++;
    if (steps % deps.maxSteps === 0 && !(await deps.goOn(steps))) return 'limit';
    if (deps.signal.aborted) return 'stopped';
  }
}
