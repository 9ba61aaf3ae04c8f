import type { AgentTool, ToolOutcome } from '../core/agent/agentTool';
import type { McpConnection, McpToolInfo } from '../core/mcp/node/mcpConnection';
import { mcpOutcome } from '../core/mcp/mcpResult';
import type { CommandApproval } from '../agent/tools/commandApproval';
import type { LogGetter } from '../common/log';
import { askToCall, objectArgs } from './askToCall';
import { mcpTimeoutMs } from './mcpSettings';

export interface McpToolDeps {
  approve: CommandApproval;
  log: LogGetter;
}

/**
 * One MCP server's tool as a tool of Parley's agent: its schema to the model under `name`, the
 * user asked before each call (unless allowed in the settings), the result as text, and every
 * failure (the server's error, a crash, the timeout) a result the model reads.
 */
export function mcpAgentTool(name: string, server: McpConnection, info: McpToolInfo, deps: McpToolDeps): AgentTool {
  const serverName = server.config.name;
  const about = info.description ?? info.title ?? info.name;
  return {
    definition: {
      name,
      description: `${about}\n(Tool "${info.name}" of the MCP server "${serverName}".)`,
      parameters: info.inputSchema,
    },
    kind: 'run',
    describe: (args) => `${serverName} · ${info.title ?? info.name}${argsInWords(args)}`,
    run: async (args, { signal, callId }) => {
      const read = objectArgs(args, name);
      if ('error' in read) return read.error;
      const { input } = read;
      const where = `MCP server "${serverName}"`;
      const question = { server: serverName, tool: info.name, readOnly: info.readOnly, input, where, offerServer: true, callId, signal };
      const notCalled = await askToCall(deps.approve, question);
      if (notCalled) return notCalled;
      return call(server, info.name, input, signal, deps);
    },
  };
}

async function call(
  server: McpConnection,
  tool: string,
  input: Record<string, unknown>,
  signal: AbortSignal,
  deps: McpToolDeps,
): Promise<ToolOutcome> {
  const timeoutMs = mcpTimeoutMs();
  const started = Date.now();
  try {
    const outcome = mcpOutcome(await server.call(tool, input, signal, timeoutMs));
    deps.log().info(`MCP ${server.config.name}/${tool}: ${outcome.isError ? 'error' : 'done'} after ${Date.now() - started} ms`);
    return outcome;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    deps.log().info(`MCP ${server.config.name}/${tool}: ${message}`);
    if (signal.aborted) return { text: 'The call was cancelled: the user stopped the agent.', isError: true, summary: 'stopped' };
    if (/timed out/i.test(message))
      return { text: `The MCP tool did not answer within ${timeoutMs / 1000} s and was cancelled.`, isError: true, summary: 'timed out' };
    const state = server.state === 'crashed' || server.state === 'failed' ? ` ${server.error ?? ''}` : '';
    return { text: `The MCP tool failed: ${message}.${state}`.replace(/\.\./g, '.'), isError: true, summary: 'failed' };
  }
}

/** `(query: "x", limit: 5)`, short: the call in words for the transcript. */
function argsInWords(args: unknown): string {
  if (!args || typeof args !== 'object' || Array.isArray(args)) return '';
  const parts = Object.entries(args as Record<string, unknown>).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  const line = parts.join(', ');
  return line ? ` (${line.length > 80 ? `${line.slice(0, 79)}…` : line})` : '';
}
