/**
 * The agent bench's scripted model. The question says what to do, as one line
 * `agent-bench {"tag":…,"steps":…,"tool":…,"args":…}` (the extension host picks the tool by the
 * names Parley has): the model calls that tool once a reply, `steps` times, then answers. Each
 * call's id names its run and step, so a request tells which call's result it carries.
 */
import { textReply, toolCallReply, type ScriptedReply } from '../server/chatServer';

const PREFIX = 'agent-bench ';

export interface AgentScript {
  /** Names the run; call ids are `<tag>_<step>`. */
  tag: string;
  steps: number;
  tool: string;
  args: Record<string, unknown>;
}

/** The question that starts a scripted run. */
export function scriptQuestion(script: AgentScript): string {
  return PREFIX + JSON.stringify(script);
}

export const callId = (tag: string, step: number) => `${tag}_${step}`;

/** What a request is, by its messages: its run, and the steps whose results it already has. */
export function readRequest(body: any): { script: AgentScript; done: number } | undefined {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  let last = -1;
  messages.forEach((m, i) => m.role === 'user' && (last = i));
  const text = last >= 0 && typeof messages[last].content === 'string' ? (messages[last].content as string) : '';
  if (!text.startsWith(PREFIX)) return undefined;
  const script = JSON.parse(text.slice(PREFIX.length)) as AgentScript;
  return { script, done: messages.slice(last + 1).filter((m) => m.role === 'tool').length };
}

/** The reply to a request: the next call (its arguments streamed in pieces, as a model does), or the answer. */
export function scriptedReply(body: any): ScriptedReply | undefined {
  const read = readRequest(body);
  if (!read) return undefined;
  const { script, done } = read;
  if (done >= script.steps) return textReply(`Done after ${done} steps.`);
  return toolCallReply([{ id: callId(script.tag, done + 1), name: script.tool, arguments: JSON.stringify(script.args) }]);
}
