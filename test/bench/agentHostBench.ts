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
import { recordPosts } from '../suite/recorders';
import { scriptQuestion, type AgentScript } from './agentScript';

/** A fixture of the test workspace (test/suite/fixtures.ts). */
const READ_PATH = 'src/math.ts';

export interface HostStep {
  id: string;
  ms: number;
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
function chooseTool(api: ParleyApi): Pick<AgentScript, 'tool' | 'args'> {
  const names = api.agent.tools().map((t) => t.definition.name);
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

async function oneRun(api: ParleyApi, script: AgentScript): Promise<HostRunResult> {
  await api.chat.newChat();
  const answering = script.tool === 'ask_user' ? answerAtOnce(api) : undefined;
  try {
    await api.chat.send(scriptQuestion(script), undefined, {}, 'agent');
    await api.chat.idle();
  } finally {
    answering?.dispose();
  }
  const steps = api.chat.messages.filter((t): t is ToolTurn => t.role === 'tool');
  const bad = steps.filter((s) => s.status !== 'done');
  // A failed step measures the failure path, not the tool's: the run is void.
  if (steps.length !== script.steps || bad.length) {
    throw new Error(`run ${script.tag}: ${steps.length} of ${script.steps} steps, not done: ${JSON.stringify(bad.slice(0, 2))}`);
  }
  const last = api.chat.messages.at(-1);
  if (last?.role !== 'assistant' || !last.content.startsWith('Done after')) throw new Error(`run ${script.tag} did not end in the answer`);
  return { tag: script.tag, steps: steps.map((s) => ({ id: s.toolCallId, ms: s.ms ?? NaN })) };
}

export async function run(): Promise<void> {
  console.log(SUITE_START);
  const ext = vscode.extensions.getExtension<ParleyApi>('parley-dev.parley');
  if (!ext) throw new Error('extension missing');
  const api = await ext.activate();
  const url = process.env.PARLEY_BENCH_SERVER;
  if (!url) throw new Error('PARLEY_BENCH_SERVER is not set');
  const config = vscode.workspace.getConfiguration('parley');
  await config.update('profiles', [{ name: 'Bench', baseUrl: url, model: 'bench-model', needsKey: false }], vscode.ConfigurationTarget.Global);
  await config.update('activeProfile', 'Bench', vscode.ConfigurationTarget.Global);
  // No "go on?" question in the middle of a run.
  await config.update('agent.maxSteps', 1000, vscode.ConfigurationTarget.Global);

  // The view open, as a person has it: its updates are part of Parley's work per step.
  const posts = recordPosts(api);
  await vscode.commands.executeCommand('parley.openChat');
  while (!posts.all.some((m) => m.type === 'state')) await new Promise((r) => setTimeout(r, 5));
  posts.dispose();

  const { tool, args } = chooseTool(api);
  const runs: HostRunResult[] = [];
  for (const r of RUNS) runs.push(await oneRun(api, { ...r, tool, args }));
  console.log(`BENCH ${JSON.stringify({ tool, args, runs } satisfies AgentHostResult)}`);
}
