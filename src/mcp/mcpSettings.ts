import * as vscode from 'vscode';
import { parseMcpServers, type McpServerConfig } from '../core/mcp/mcpConfig';
import { Settings } from '../common/settingsTable';

/** A server from the settings, and whether a workspace's settings (not the user's) define it. */
export interface ConfiguredServer {
  config: McpServerConfig;
  fromWorkspace: boolean;
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('parley');
}

/**
 * The servers the agent may use: the user's, then, in a trusted workspace only, the workspace's
 * and its folders' (a user's server of the same name wins). Problems name what was left out.
 */
export function configuredMcpServers(): { servers: ConfiguredServer[]; problems: string[] } {
  const inspected = config().inspect<unknown>(Settings.mcpServers.key);
  const user = parseMcpServers(inspected?.globalValue);
  const servers: ConfiguredServer[] = user.servers.map((c) => ({ config: c, fromWorkspace: false }));
  const problems = [...user.problems];
  if (vscode.workspace.isTrusted) {
    for (const value of [inspected?.workspaceValue, inspected?.workspaceFolderValue]) {
      const read = parseMcpServers(value);
      problems.push(...read.problems);
      for (const c of read.servers) if (!servers.some((s) => s.config.name === c.name)) servers.push({ config: c, fromWorkspace: true });
    }
  }
  return { servers, problems };
}

/** How long a call (or a server's start) may take. */
export function mcpTimeoutMs(): number {
  const v = config().get<number>(Settings.mcpTimeoutSeconds.key, Settings.mcpTimeoutSeconds.default);
  return (typeof v === 'number' && v >= 1 ? v : Settings.mcpTimeoutSeconds.default) * 1000;
}

/** Whether the user's settings let the agent call this tool unasked (`server`, `server/tool`, or read-only ones). */
export function mcpToolAllowed(server: string, tool: string, readOnly: boolean): boolean {
  const allowed = config().inspect<unknown>(Settings.mcpAllowedTools.key)?.globalValue;
  const entries = Array.isArray(allowed) ? allowed.filter((e): e is string => typeof e === 'string') : [];
  if (entries.includes(server) || entries.includes(`${server}/${tool}`)) return true;
  return readOnly && config().inspect<unknown>(Settings.mcpAllowReadOnlyTools.key)?.globalValue === true;
}

/** Always Allow: `entry` joins the user's `parley.mcp.allowedTools`. */
export async function allowMcpTool(entry: string): Promise<void> {
  const current = config().inspect<unknown>(Settings.mcpAllowedTools.key)?.globalValue;
  const list = Array.isArray(current) ? current.filter((e): e is string => typeof e === 'string') : [];
  if (!list.includes(entry)) await config().update(Settings.mcpAllowedTools.key, [...list, entry], vscode.ConfigurationTarget.Global);
}
