import type * as vscode from 'vscode';
import type { AgentTool } from '../core/agent/agentTool';

/** Agent mode's tools for the chat (the tests reach them through the API `activate()` returns). */
export interface AgentApi {
  /** The tools as they are now: what Restricted Mode and the settings allow is checked by each tool as it runs. */
  tools(): readonly AgentTool[];
}

/** Agent mode's tools: built once, on the first Agent-mode question, never at activation. */
export function registerAgent(_context: vscode.ExtensionContext): AgentApi {
  let tools: readonly AgentTool[] | undefined;
  return {
    tools: () => (tools ??= []),
  };
}
