/**
 * One tool call as a step of the conversation: shown as running, checked, run, its result
 * trimmed and recorded as what the model reads next. A call that cannot run (an unknown tool,
 * arguments that are not JSON) is a failed step whose text tells the model what to do instead:
 * the run goes on, and the model may call again.
 */
import type { Conversation } from '../conversation/conversation';
import type { ToolStatus, ToolTurn } from '../conversation/turn';
import type { ToolCall } from '../types';
import type { AgentTool, ToolOutcome } from './agentTool';

export interface StepDeps {
  readonly conversation: Conversation;
  readonly tools: ReadonlyMap<string, AgentTool>;
  readonly signal: AbortSignal;
  /** The most of a result the model reads; the rest is left out with a note saying how to get less. */
  readonly maxResultChars: number;
  newId(): string;
  now(): number;
  /** Before a call that may change files runs (the checkpoint is taken here). Never rejects. */
  beforeChange?(step: ToolTurn, paths: readonly string[]): Promise<void>;
  /** Before a call that may change any file runs (a command): returns what to call once it ended. Neither rejects. */
  watchChanges?(step: ToolTurn): Promise<() => Promise<void>>;
}

/** Adds the call's step to the conversation, runs it, and ends the step; resolves with it. */
export async function runToolStep(call: ToolCall, deps: StepDeps): Promise<ToolTurn> {
  const tool = deps.tools.get(call.name);
  const step: ToolTurn = {
    id: deps.newId(),
    role: 'tool',
    toolCallId: call.id,
    name: call.name,
    step: tool ? describe(tool, call.parsed) : call.name,
    status: 'running',
    content: '',
  };
  deps.conversation.add(step);
  const started = deps.now();
  const outcome = await outcomeOf(call, tool, step, deps);
  const stopped = deps.signal.aborted && !outcome.denied;
  const status: ToolStatus = stopped ? 'stopped' : outcome.denied ? 'denied' : outcome.isError ? 'failed' : 'done';
  deps.conversation.changeStep(step.id, {
    status,
    content: trimResult(outcome.text, deps.maxResultChars),
    summary: outcome.summary,
    images: outcome.images?.length ? outcome.images : undefined,
    ms: Math.max(0, Math.round(deps.now() - started)),
    approval: undefined,
    question: undefined,
  });
  return step;
}

async function outcomeOf(call: ToolCall, tool: AgentTool | undefined, step: ToolTurn, deps: StepDeps): Promise<ToolOutcome> {
  if (!tool) {
    const known = [...deps.tools.keys()].join(', ');
    return { isError: true, text: `There is no tool named "${call.name}". The tools are: ${known}.` };
  }
  if (call.parseError !== undefined) {
    return {
      isError: true,
      text: `The arguments were not valid JSON (${call.parseError}), so the call was not run. Send them again as one JSON object.`,
    };
  }
  if (deps.signal.aborted) return { isError: true, text: 'Stopped by the user before it ran.' };
  try {
    const paths = tool.changes?.(call.parsed) ?? [];
    if (paths.length && deps.beforeChange) await deps.beforeChange(step, paths);
    const waiting = (summary: string) => deps.conversation.changeStep(step.id, { status: 'waiting', summary });
    const watch = deps.watchChanges;
    const watchChanges = watch && (() => watch(step));
    return await tool.run(call.parsed ?? {}, { signal: deps.signal, callId: call.id, waiting, watchChanges });
  } catch (e) {
    // A tool should never throw; if one does, the model reads why and the run goes on.
    return { isError: true, text: `The tool failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function describe(tool: AgentTool, args: unknown): string {
  try {
    return tool.describe(args);
  } catch {
    return tool.definition.name;
  }
}

/** A result over `max` characters: its start and end, and how much was left out between. */
export function trimResult(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor(max * 0.8);
  const tail = max - head;
  const left = text.length - head - tail;
  return (
    `${text.slice(0, head)}\n\n[… ${left.toLocaleString('en')} characters left out to fit the context; ` +
    `ask for less (a line range, a narrower search) to see them …]\n\n${text.slice(text.length - tail)}`
  );
}
