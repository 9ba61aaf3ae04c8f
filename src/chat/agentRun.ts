import * as vscode from 'vscode';
import { runAgentLoop, type AgentEnd } from '../core/agent/agentLoop';
import { agentSystemPrompt } from '../core/agent/agentPrompt';
import type { AgentTool } from '../core/agent/agentTool';
import { runToolStep, type StepDeps } from '../core/agent/toolStep';
import type { ToolCall } from '../core/types';
import * as settings from '../common/settings';
import type { UserPrompts } from '../common/userPrompts';
import type { Checkpoints } from '../agent/checkpoints';
import { newId } from './conversationStore';
import { streamReply, type ReplyDeps } from './streamReply';

/** Ask: the chat talks. Agent: the reply may call tools (read, search, edit, run). */
export type ChatMode = 'ask' | 'agent';

/** What Agent mode runs with: the tools as they are now (Restricted Mode, settings), and how it asks the user. */
export interface AgentParts {
  tools(): Promise<readonly AgentTool[]>;
  prompts: UserPrompts;
  checkpoints: Checkpoints;
}

export interface AgentRunDeps extends Omit<ReplyDeps, 'ends'> {
  tools: readonly AgentTool[];
  prompts: UserPrompts;
  checkpoints: Checkpoints;
}

/** The least of a tool result the model always reads, whatever its window (in characters). */
const MIN_RESULT_CHARS = 4_000;

/**
 * Agent mode for one question: replies with the tools, each call run as a step, until the model
 * answers. A model that takes no tool calling (it said so, or Parley learnt it before) gets the
 * same tools described in the prompt, its calls read from fenced blocks.
 */
export async function runAgent(deps: AgentRunDeps): Promise<AgentEnd> {
  const { conversation, service, signal } = deps;
  const byName = new Map(deps.tools.map((t) => [t.definition.name, t]));
  const definitions = deps.tools.map((t) => t.definition);
  const budget = await service.contextBudget();
  // A quarter of the window for one result: a token is about four characters.
  const maxResultChars = Math.max(MIN_RESULT_CHARS, budget.tokens);
  const prompt = agentSystemPrompt({
    folders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.name),
    os: process.platform === 'darwin' ? 'macOS' : process.platform === 'win32' ? 'Windows' : 'Linux',
    trusted: vscode.workspace.isTrusted,
  });
  const reply = async (): Promise<readonly ToolCall[]> => {
    const profile = settings.activeProfile();
    const native = !profile || (profile.nativeTools !== false && service.supportsTools(profile));
    let refused = false;
    const firstFencedId = conversation.turns.filter((t) => t.role === 'tool').length + 1;
    const calls = await streamReply(
      { ...deps, ends: () => !(refused = native && !!profile && !service.supportsTools(profile)) },
      { definitions, fenced: !native, firstFencedId, prompt },
    );
    if (!refused || signal.aborted) return calls;
    // The server refused the tools and the model answered without them: asked again, with the tools in the prompt.
    const last = conversation.turns.at(-1);
    if (last?.role === 'assistant') conversation.removeFrom(last.id);
    return reply();
  };
  return runAgentLoop({
    signal,
    maxSteps: settings.agentMaxSteps(),
    reply,
    runCall: async (call) => {
      const step = runToolStep(call, {
        conversation,
        tools: byName,
        signal,
        maxResultChars,
        newId,
        now: () => performance.now(),
        ...checkpointsFor(deps),
      });
      // The step is on disk while it runs (added before runToolStep's first await): a reload marks it interrupted.
      void deps.store.save(conversation.data);
      await step;
      await savedAfterStep(deps, byName.get(call.name));
    },
    goOn: async (steps) => {
      const more = vscode.l10n.t('Go On');
      const answer = await deps.prompts.choose(
        vscode.l10n.t("Parley's agent has made {0} requests with tool calls for this question.", steps),
        vscode.l10n.t('Go on for up to {0} more, or stop here? (parley.agent.maxSteps)', settings.agentMaxSteps()),
        [more],
      );
      return answer === more;
    },
  });
}

/** The step's checkpoint for Restore to here: the files an edit names, or what a command changes. Neither rejects. */
function checkpointsFor({ checkpoints, conversation }: AgentRunDeps): Pick<StepDeps, 'beforeChange' | 'watchChanges'> {
  return {
    beforeChange: (step, paths) => checkpoints.record(conversation.id, step.id, paths).catch(() => undefined),
    watchChanges: (step) =>
      checkpoints.watch(conversation.id, step.id).then(
        (recorded) => () => recorded().catch(() => undefined),
        () => async () => undefined,
      ),
  };
}

/**
 * After a step: one that edited files or ran a command is on disk before the run goes on;
 * reading and asking go on while theirs is written (a save took 50–100 ms, twice a step): the
 * store writes in order, and the run's end waits for it.
 */
function savedAfterStep(deps: AgentRunDeps, tool: AgentTool | undefined): Promise<boolean> | undefined {
  const saved = deps.store.save(deps.conversation.data);
  return tool?.kind === 'edit' || tool?.kind === 'run' ? saved : undefined;
}
