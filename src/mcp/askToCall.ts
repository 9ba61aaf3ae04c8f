import type { ToolOutcome } from '../core/agent/agentTool';
import type { CommandApproval } from '../agent/tools/commandApproval';
import { allowMcpTool, mcpToolAllowed } from './mcpSettings';

/** A call's arguments as the JSON object a server or VS Code takes, or the error the model reads. */
export function objectArgs(args: unknown, name: string): { input: Record<string, unknown> } | { error: ToolOutcome } {
  if (args !== undefined && (args === null || typeof args !== 'object' || Array.isArray(args)))
    return { error: { text: `The arguments of ${name} must be a JSON object.`, isError: true } };
  return { input: (args ?? {}) as Record<string, unknown> };
}

export interface CallQuestion {
  /** `server` in `parley.mcp.allowedTools` (`vscode` for VS Code's tools) and the tool's own name. */
  server: string;
  tool: string;
  readOnly: boolean;
  input: Record<string, unknown>;
  /** Where the tool comes from, as the question shows it. */
  where: string;
  /** Offer Always Allow for every tool of `server` too. */
  offerServer: boolean;
  callId: string;
  signal: AbortSignal;
}

/**
 * Asks the user before a tool call that `parley.mcp.allowedTools` does not allow: Call, Always
 * Allow (this tool, or its whole server) or Deny. Undefined: go on and call; an outcome: not called.
 */
export async function askToCall(approve: CommandApproval, q: CallQuestion): Promise<ToolOutcome | undefined> {
  if (mcpToolAllowed(q.server, q.tool, q.readOnly)) return undefined;
  const entry = `${q.server}/${q.tool}`;
  const answer = await approve({
    command: `${q.tool} ${JSON.stringify(q.input, null, 2)}`,
    cwd: '',
    where: q.where,
    kind: 'tool',
    callId: q.callId,
    signal: q.signal,
    alwaysAllows: q.offerServer ? [entry, q.server] : [entry],
  });
  if (q.signal.aborted) return { text: 'The tool was not called: the user stopped the agent.', isError: true };
  if (answer.choice === 'deny') return declined(answer.reason);
  if (answer.choice === 'always') await allowMcpTool(entry);
  if (answer.choice === 'alwaysServer' && q.offerServer) await allowMcpTool(q.server);
  return undefined;
}

function declined(reason: string | undefined): ToolOutcome {
  const said = reason?.trim();
  return {
    text: said
      ? `The user declined this tool call and said: ${JSON.stringify(said)}. Do not call it again; take their answer into account.`
      : 'The user declined this tool call. Do not call it again; ask what they would like instead, or go on without it.',
    denied: true,
    summary: 'declined',
  };
}
