import * as vscode from 'vscode';
import type { AgentTool } from '../core/agent/agentTool';
import type { UserPrompts } from '../common/userPrompts';
import type { McpServers, McpServerStatus } from '../mcp/mcpServers';
import { vscodeToolInfos, vscodeToolSource } from '../mcp/vscodeTools';

const DISABLED_KEY = 'parley.agent.disabledTools';
const VSCODE_ON_KEY = 'parley.agent.vscodeTools';

/** The tools the user turned off in the picker: built-in ones by name, MCP ones as `server/tool`. */
export function disabledTools(memento: vscode.Memento): Set<string> {
  return new Set(memento.get<string[]>(DISABLED_KEY, []));
}

/** VS Code's own tools the user turned on (they are off until then), by name. */
export function vscodeToolsOn(memento: vscode.Memento): Set<string> {
  return new Set(memento.get<string[]>(VSCODE_ON_KEY, []));
}

interface ToolItem extends vscode.QuickPickItem {
  key?: string;
  /** One of VS Code's tools (off unless picked). */
  vscodeTool?: string;
}

/**
 * Agent mode's tool picker: the built-in tools, then each MCP server under its name (started to
 * list its tools; one that would not start or crashed says so), each tool checked while the
 * agent may use it.
 */
export async function chooseAgentTools(
  builtIns: readonly AgentTool[],
  mcp: McpServers,
  memento: vscode.Memento,
  prompts: UserPrompts,
): Promise<void> {
  const off = disabledTools(memento);
  const servers = await mcp.status();
  const tool = (key: string, label: string, description?: string): ToolItem => ({ key, label, description, picked: !off.has(key) });
  const items: ToolItem[] = [
    { label: vscode.l10n.t('Built-in'), kind: vscode.QuickPickItemKind.Separator },
    ...builtIns.map((t) => tool(t.definition.name, t.definition.name, firstLine(t.definition.description))),
  ];
  for (const s of servers) {
    items.push({ label: serverLabel(s), kind: vscode.QuickPickItemKind.Separator });
    items.push(...s.tools.map((t) => tool(`${s.name}/${t.name}`, t.name, firstLine(t.description))));
  }
  const vsOn = vscodeToolsOn(memento);
  const fromVsCode: ToolItem[] = vscodeToolInfos().map((t) => ({
    vscodeTool: t.name,
    label: t.name,
    description: `${vscodeToolSource(t)} · ${firstLine(t.description) ?? ''}`,
    picked: vsOn.has(t.name),
  }));
  if (fromVsCode.length)
    items.push(
      { label: vscode.l10n.t("VS Code's tools (other extensions', VS Code's MCP servers')"), kind: vscode.QuickPickItemKind.Separator },
      ...fromVsCode,
    );
  const picked = await prompts.pickMany(items, {
    title: vscode.l10n.t("Agent Mode's Tools"),
    placeHolder: servers.length
      ? vscode.l10n.t('Checked tools are offered to the model')
      : vscode.l10n.t('Checked tools are offered to the model. Add MCP servers in the setting parley.mcp.servers.'),
  });
  if (!picked) return;
  const on = new Set(picked.map((i) => i.key));
  // Tools of servers not running now keep what they had.
  const shown = items.filter((i) => i.key).map((i) => i.key!);
  const kept = [...off].filter((k) => !shown.includes(k));
  await memento.update(DISABLED_KEY, [...kept, ...shown.filter((k) => !on.has(k))]);
  const shownVs = new Set(fromVsCode.map((i) => i.vscodeTool!));
  await memento.update(VSCODE_ON_KEY, [
    ...[...vsOn].filter((n) => !shownVs.has(n)),
    ...picked.flatMap((i) => (i.vscodeTool ? [i.vscodeTool] : [])),
  ]);
}

function serverLabel(s: McpServerStatus): string {
  switch (s.state) {
    case 'ready':
      return vscode.l10n.t('MCP server {0}', s.name);
    case 'declined':
      return vscode.l10n.t('MCP server {0}: not started (not agreed to, or a secret not given)', s.name);
    default:
      return vscode.l10n.t('MCP server {0}: {1}', s.name, s.error ?? s.state);
  }
}

function firstLine(text: string | undefined): string | undefined {
  return text?.split('\n')[0].slice(0, 100);
}
