import type * as vscode from 'vscode';
import type { AgentTool } from '../core/agent/agentTool';
import { createAskUserTool, type AskInChat } from './tools/askUser';
import { createEditTools } from './tools/editFile';
import type { InlineReviews } from './tools/editReview';
import { createReadTools, defaultReadToolDeps } from './tools/readTools';
import { createRunCommandTool } from './tools/runCommand';
import type { CommandApproval } from './tools/commandApproval';
import type { LogGetter } from '../common/log';

/** Agent mode's tools for the chat (the tests reach them through the API `activate()` returns). */
export interface AgentApi {
  /** The tools as they are now: what Restricted Mode and the settings allow is checked by each tool as it runs. */
  tools(): readonly AgentTool[];
}

/** What the tools need of the rest of Parley. */
export interface AgentDeps {
  /** Rewrite's inline review, for the agent's edits. */
  reviews: InlineReviews;
  /** The chat's transcript, where the model's questions wait for the user. */
  ask: AskInChat;
  /** The chat's transcript, where commands wait for Run / Always Allow / Deny. */
  approve: CommandApproval;
  log: LogGetter;
}

/** Agent mode's tools: built on the first Agent-mode question, never at activation. */
export function registerAgent(context: vscode.ExtensionContext, deps: AgentDeps): AgentApi {
  let tools: readonly AgentTool[] | undefined;
  const build = (): AgentTool[] => {
    const run = createRunCommandTool({ approve: deps.approve, log: deps.log });
    context.subscriptions.push(run); // its terminal closes with Parley
    return [...createReadTools(defaultReadToolDeps()), ...createEditTools({ reviews: deps.reviews }), run, createAskUserTool(deps.ask)];
  };
  return {
    tools: () => (tools ??= build()),
  };
}
