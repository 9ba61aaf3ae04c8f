import type * as vscode from 'vscode';
import type { AgentTool } from '../core/agent/agentTool';
import { createAskUserTool, type AskInChat } from './tools/askUser';
import { createEditTools } from './tools/editFile';
import type { InlineReviews } from './tools/editReview';
import { createReadTools, defaultReadToolDeps } from './tools/readTools';

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
}

/** Agent mode's tools: built on the first Agent-mode question, never at activation. */
export function registerAgent(_context: vscode.ExtensionContext, deps: AgentDeps): AgentApi {
  let tools: readonly AgentTool[] | undefined;
  const build = (): AgentTool[] => [
    ...createReadTools(defaultReadToolDeps()),
    ...createEditTools({ reviews: deps.reviews }),
    createAskUserTool(deps.ask),
  ];
  return {
    tools: () => (tools ??= build()),
  };
}
