import * as vscode from 'vscode';
import type { AgentTool, ToolOutcome } from '../core/agent/agentTool';
import type { CommandApproval } from '../agent/tools/commandApproval';
import { askToCall, objectArgs } from './askToCall';
import { mcpTimeoutMs } from './mcpSettings';

/**
 * VS Code's own tools (`vscode.lm.tools`: other extensions' and the MCP servers VS Code runs
 * from its `mcp.json`), offered to Parley's agent when the user turns them on in the tool
 * picker. VS Code 1.95 and later; the API is read by shape (the typings here are older).
 */
export interface VsCodeToolInfo {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: object;
  readonly tags: readonly string[];
  /** VS Code 1.10x: where it comes from (an MCP server's label). */
  readonly source?: { readonly label?: string };
}

interface LmToolsApi {
  tools?: readonly VsCodeToolInfo[];
  invokeTool?(
    name: string,
    options: { input: object; toolInvocationToken: undefined },
    token: vscode.CancellationToken,
  ): Thenable<{ content: readonly unknown[] }>;
}

const lm = (): LmToolsApi => vscode.lm as unknown as LmToolsApi;

const PARLEY_ID = 'parley-dev.parley';

/** In `parley.mcp.allowedTools`, VS Code's tools are `vscode/<name>`. */
export const VSCODE_TOOLS = 'vscode';

/**
 * The tools VS Code knows now that Parley may offer (none before 1.95): its MCP servers' (tagged
 * `mcp`) and those other installed extensions contribute. VS Code's own chat tools
 * (`run_in_terminal`, `vscode_editFile_internal`, …) are left out: they belong to its chat
 * session and would go around Parley's checks.
 */
export function vscodeToolInfos(): readonly VsCodeToolInfo[] {
  const contributed = new Set(
    vscode.extensions.all
      .filter((e) => e.packageJSON?.isBuiltin !== true && e.id.toLowerCase() !== PARLEY_ID)
      .flatMap((e) => ((e.packageJSON?.contributes?.languageModelTools ?? []) as { name?: unknown }[]).map((t) => t.name)),
  );
  return (lm().tools ?? []).filter((t) => t.tags.includes('mcp') || contributed.has(t.name));
}

/** Where a tool comes from, in words: `VS Code's MCP server "docs"` or `VS Code's tool`. */
export function vscodeToolSource(info: VsCodeToolInfo): string {
  return info.tags.includes('mcp') && info.source?.label
    ? vscode.l10n.t('VS Code\'s MCP server "{0}"', info.source.label)
    : vscode.l10n.t("VS Code's tool");
}

/** One of VS Code's tools as an agent tool: asked about before each call, like an MCP tool. */
export function vscodeAgentTool(name: string, info: VsCodeToolInfo, approve: CommandApproval): AgentTool {
  return {
    definition: {
      name,
      description: `${info.description}\n(VS Code's tool "${info.name}".)`,
      parameters: (info.inputSchema as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} },
    },
    kind: 'run',
    describe: () => `VS Code · ${info.name}`,
    run: async (args, { signal, callId }) => {
      const read = objectArgs(args, name);
      if ('error' in read) return read.error;
      const { input } = read;
      const question = {
        server: VSCODE_TOOLS,
        tool: info.name,
        readOnly: false,
        input,
        where: vscodeToolSource(info),
        offerServer: false,
        callId,
        signal,
      };
      const notCalled = await askToCall(approve, question);
      if (notCalled) return notCalled;
      return invoke(info.name, input, signal);
    },
  };
}

async function invoke(tool: string, input: object, signal: AbortSignal): Promise<ToolOutcome> {
  const invokeTool = lm().invokeTool;
  if (!invokeTool) return { text: 'This VS Code cannot call its tools from an extension.', isError: true };
  const cancel = new vscode.CancellationTokenSource();
  const stop = () => cancel.cancel();
  signal.addEventListener('abort', stop, { once: true });
  const timer = setTimeout(stop, mcpTimeoutMs());
  try {
    const result = await invokeTool.call(vscode.lm, tool, { input, toolInvocationToken: undefined }, cancel.token);
    const text = result.content.map(partText).filter(Boolean).join('\n\n') || 'The tool returned nothing.';
    return { text, summary: `${text.split('\n').length} lines` };
  } catch (e) {
    if (signal.aborted) return { text: 'The call was cancelled: the user stopped the agent.', isError: true, summary: 'stopped' };
    return { text: `VS Code's tool failed: ${e instanceof Error ? e.message : String(e)}`, isError: true, summary: 'failed' };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
    cancel.dispose();
  }
}

/** A text part's value; any other part named (images, data), never its bytes. */
function partText(part: unknown): string {
  if (part && typeof part === 'object' && 'value' in part && typeof (part as { value: unknown }).value === 'string')
    return (part as { value: string }).value;
  const mime = part && typeof part === 'object' && 'mimeType' in part ? String((part as { mimeType: unknown }).mimeType) : 'data';
  return `[${mime}: not shown to the model]`;
}
