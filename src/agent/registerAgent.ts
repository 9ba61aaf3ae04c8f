import * as vscode from 'vscode';
import type { AgentTool } from '../core/agent/agentTool';
import { registerCommand } from '../common/commands';
import { Command } from '../common/ids';
import type { LogGetter } from '../common/log';
import type { UserPrompts } from '../common/userPrompts';
import { McpServers } from '../mcp/mcpServers';
import { chooseAgentTools, disabledTools, vscodeToolsOn } from './chooseTools';
import { mcpToolNames } from '../core/mcp/mcpToolName';
import { vscodeAgentTool, vscodeToolInfos } from '../mcp/vscodeTools';
import { createAskUserTool, type AskInChat } from './tools/askUser';
import type { CommandApproval } from './tools/commandApproval';
import { createEditTools } from './tools/editFile';
import type { InlineReviews } from './tools/editReview';
import { createReadTools, defaultReadToolDeps } from './tools/readTools';
import { createRunCommandTool } from './tools/runCommand';

/** Agent mode's tools for the chat (the tests reach them through the API `activate()` returns). */
export interface AgentApi {
  /**
   * The tools the agent may use now: the built-in ones and the MCP servers' (started on the first
   * call), less those turned off in the picker. Restricted Mode and the settings are checked by
   * each tool as it runs.
   */
  tools(): Promise<readonly AgentTool[]>;
  /** The MCP servers (the tests read their processes). */
  readonly mcp: McpServers;
}

/** What the tools need of the rest of Parley. */
export interface AgentDeps {
  /** Rewrite's inline review, for the agent's edits. */
  reviews: InlineReviews;
  /** The chat's transcript, where the model's questions wait for the user. */
  ask: AskInChat;
  /** The chat's transcript, where commands and MCP tool calls wait for the user's answer. */
  approve: CommandApproval;
  prompts: UserPrompts;
  log: LogGetter;
}

/** Agent mode's tools: built on the first Agent-mode question, never at activation. */
export function registerAgent(context: vscode.ExtensionContext, deps: AgentDeps): AgentApi {
  let builtIns: readonly AgentTool[] | undefined;
  const builtIn = (): readonly AgentTool[] => {
    if (builtIns) return builtIns;
    const run = createRunCommandTool({ approve: deps.approve, log: deps.log });
    context.subscriptions.push(run); // its terminal closes with Parley
    return (builtIns = [
      ...createReadTools(defaultReadToolDeps()),
      ...createEditTools({ reviews: deps.reviews }),
      run,
      createAskUserTool(deps.ask),
    ]);
  };
  // Nothing of MCP runs until Agent mode asks: the SDK itself loads with the first server.
  const mcp = new McpServers({
    secrets: context.secrets,
    memento: context.globalState,
    prompts: deps.prompts,
    approve: deps.approve,
    log: deps.log,
  });
  context.subscriptions.push(
    mcp,
    registerCommand(Command.chooseAgentTools, () => chooseAgentTools(builtIn(), mcp, context.globalState, deps.prompts), deps.log),
  );
  /** VS Code's tools the user turned on in the picker; none in Restricted Mode, as for MCP servers. */
  const fromVsCode = (taken: string[]): AgentTool[] => {
    const on = vscodeToolsOn(context.globalState);
    const infos = vscode.workspace.isTrusted && on.size ? vscodeToolInfos().filter((t) => on.has(t.name)) : [];
    const names = mcpToolNames(
      infos.map((t) => ({ server: '', tool: t.name })),
      taken,
      'vscode',
    );
    return infos.map((t, i) => vscodeAgentTool(names[i], t, deps.approve));
  };
  return {
    mcp,
    tools: async () => {
      const off = disabledTools(context.globalState);
      const tools = builtIn().filter((t) => !off.has(t.definition.name));
      const servers = await mcp.tools(
        builtIn().map((t) => t.definition.name),
        off,
      );
      return [...tools, ...servers, ...fromVsCode([...builtIn(), ...servers].map((t) => t.definition.name))];
    },
  };
}
