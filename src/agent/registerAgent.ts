import type * as vscode from 'vscode';
import type { AgentTool } from '../core/agent/agentTool';
import type { ChatParts } from '../chat/registerChat';
import { createAskUserTool } from './tools/askUser';

/** What the tools need of the rest of Parley. */
export interface AgentDeps {
  chat: Pick<ChatParts, 'approvals' | 'questions'>;
}

/** Agent mode's tools for the chat (the tests reach them through the API `activate()` returns). */
export interface AgentApi {
  /** The tools as they are now: what Restricted Mode and the settings allow is checked by each tool as it runs. */
  tools(): readonly AgentTool[];
}

/** Agent mode's tools: built once, on the first Agent-mode question, never at activation. */
export function registerAgent(_context: vscode.ExtensionContext, { chat }: AgentDeps): AgentApi {
  let tools: readonly AgentTool[] | undefined;
  const build = (): AgentTool[] => [
    createAskUserTool((callId, question, options, signal) => chat.questions.ask(callId, question, options, signal)),
  ];
  return {
    tools: () => (tools ??= build()),
  };
}
