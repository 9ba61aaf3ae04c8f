/**
 * Agent mode's work per step, the extension host's side (agentBench.ts starts it and reads the
 * server's times). Parley points at the bench's server (PARLEY_BENCH_SERVER), the chat view is
 * open, and each run is a new conversation whose question makes the scripted model call one
 * tool a reply (agentScript.ts). The tool is read_file on a workspace file when Parley has it,
 * else ask_user answered at once (the answering is then the tool's time). Prints one
 * `BENCH {json}` line: the tool used and, per run, each step's call id and recorded `ms`.
 */
import * as vscode from 'vscode';
import type { ParleyApi } from '../../src/extension';
import type { ToolTurn } from '../../src/core/conversation/turn';
import { SUITE_START } from '../suite/fixtures';
import { recordStates } from '../suite/recorders';
import { profiled } from './profiled';
import { scriptQuestion, type AgentScript } from './agentScript';

/** A fixture of the test workspace (test/suite/fixtures.ts). */
const READ_PATH = 'src/math.ts';

export interface HostStep {
  id: string;
  ms: number;
  /** The reply that made the call ended (Parley had read its last byte) → the step was added. */
  replyToStepMs: number;
  /** The step ended → the next reply was added (its request about to be built and sent). */
  stepToReplyMs: number;
}

export interface HostRunResult {
  tag: string;
  steps: HostStep[];
}

export interface AgentHostResult {
  tool: string;
  args: Record<string, unknown>;
  runs: HostRunResult[];
}

/** The runs, in order: each a new conversation (agentBench.ts says which are counted). */
export const RUNS = [
  { tag: 'warm', steps: 10 },
  { tag: 'run1', steps: 40 },
  { tag: 'run2', steps: 40 },
  { tag: 'run3', steps: 40 },
  { tag: 'long', steps: 240 },
] as const;

/** read_file when Parley has it (chosen by name, so the bench follows the build), else ask_user. */
async function chooseTool(api: ParleyApi): Promise<Pick<AgentScript, 'tool' | 'args'>> {
  const names = (await api.agent.tools()).map((t) => t.definition.name);
  if (names.includes('read_file')) return { tool: 'read_file', args: { path: READ_PATH } };
  if (names.includes('ask_user')) return { tool: 'ask_user', args: { question: 'Go on?' } };
  throw new Error(`no tool to measure with: Parley has ${names.join(', ') || 'none'}`);
}

/** Answers each ask_user question as soon as it waits (after ask() has stored it: a microtask later). */
function answerAtOnce(api: ParleyApi): { dispose(): void } {
  return api.chat.conversation.onDidChange((e) => {
    if (e.type !== 'stepChanged' || e.turn.role !== 'tool' || e.turn.status !== 'waiting') return;
    const id = e.turn.toolCallId;
    queueMicrotask(() => api.questions.answer(id, 'Yes'));
  });
}

/** When the conversation told each of a step's moments (host clock, ms), by call id. */
interface Moments {
  replyEnded: Map<string, number>;
  stepAdded: Map<string, number>;
  stepDone: Map<string, number>;
  nextReply: Map<string, number>;
}

function recordMoments(api: ParleyApi): Moments & { dispose(): void } {
  const m: Moments = { replyEnded: new Map(), stepAdded: new Map(), stepDone: new Map(), nextReply: new Map() };
  let lastDone: string | undefined;
  const listening = api.chat.conversation.onDidChange((e) => {
    const t = performance.now();
    if (e.type === 'turnEnded') for (const c of e.turn.toolCalls ?? []) m.replyEnded.set(c.id, t);
    else if (e.type === 'turnAdded' && e.turn.role === 'tool') m.stepAdded.set(e.turn.toolCallId, t);
    else if (e.type === 'stepChanged' && e.turn.status === 'done') m.stepDone.set((lastDone = e.turn.toolCallId), t);
    else if (e.type === 'turnAdded' && e.turn.role === 'assistant' && lastDone) m.nextReply.set(lastDone, t);
  });
  return { ...m, dispose: () => listening.dispose() };
}

async function oneRun(api: ParleyApi, script: AgentScript): Promise<HostRunResult> {
  await api.chat.newChat();
  const answering = script.tool === 'ask_user' ? answerAtOnce(api) : undefined;
  const moments = recordMoments(api);
  try {
    await api.chat.send(scriptQuestion(script), undefined, {}, 'agent');
    await api.chat.idle();
  } finally {
    answering?.dispose();
    moments.dispose();
  }
  const between = (from: Map<string, number>, to: Map<string, number>, id: string) => (to.get(id) ?? NaN) - (from.get(id) ?? NaN);
  const steps = api.chat.messages.filter((t): t is ToolTurn => t.role === 'tool');
  const bad = steps.filter((s) => s.status !== 'done');
  // A failed step measures the failure path, not the tool's: the run is void.
  if (steps.length !== script.steps || bad.length) {
    throw new Error(`run ${script.tag}: ${steps.length} of ${script.steps} steps, not done: ${JSON.stringify(bad.slice(0, 2))}`);
  }
  const last = api.chat.messages.at(-1);
  if (last?.role !== 'assistant' || !last.content.startsWith('Done after')) throw new Error(`run ${script.tag} did not end in the answer`);
  return {
    tag: script.tag,
    steps: steps.map((s) => ({
      id: s.toolCallId,
      ms: s.ms ?? NaN,
      replyToStepMs: between(moments.replyEnded, moments.stepAdded, s.toolCallId),
      stepToReplyMs: between(moments.stepDone, moments.nextReply, s.toolCallId),
    })),
  };
}

export async function run(): Promise<void> {
  console.log(SUITE_START);
  const ext = vscode.extensions.getExtension<ParleyApi>('parley-dev.parley');
  if (!ext) throw new Error('extension missing');
  const api = await ext.activate();
  const url = process.env.PARLEY_BENCH_SERVER;
  if (!url) throw new Error('PARLEY_BENCH_SERVER is not set');
  const config = vscode.workspace.getConfiguration('parley');
  await config.update(
    'profiles',
    [{ name: 'Bench', baseUrl: url, model: 'bench-model', needsKey: false }],
    vscode.ConfigurationTarget.Global,
  );
  await config.update('activeProfile', 'Bench', vscode.ConfigurationTarget.Global);
  // No "go on?" question in the middle of a run.
  await config.update('agent.maxSteps', 1000, vscode.ConfigurationTarget.Global);

  // The view open, as a person has it: its updates are part of Parley's work per step.
  const states = recordStates(api);
  await vscode.commands.executeCommand('parley.openChat');
  while (!states.all.length) await new Promise((r) => setTimeout(r, 5));
  states.dispose();

  const { tool, args } = await chooseTool(api);
  const runs: HostRunResult[] = [];
  // PARLEY_BENCH_PROFILE: the long run profiled, to see where the time goes (it slows what it watches).
  const profile = process.env.PARLEY_BENCH_PROFILE;
  for (const r of RUNS) {
    const one = () => oneRun(api, { ...r, tool, args });
    runs.push(await (profile && r.tag === 'long' ? profiled(profile, one) : one()));
  }
  console.log(`BENCH ${JSON.stringify({ tool, args, runs } satisfies AgentHostResult)}`);
}
