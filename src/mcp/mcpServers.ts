import * as vscode from 'vscode';
import type { AgentTool } from '../core/agent/agentTool';
import { describeServer } from '../core/mcp/mcpConfig';
import { mcpToolNames } from '../core/mcp/mcpToolName';
import { McpConnection } from '../core/mcp/node/mcpConnection';
import type { CommandApproval } from '../agent/tools/commandApproval';
import type { LogGetter } from '../common/log';
import type { UserPrompts } from '../common/userPrompts';
import { fillMcpSecrets } from './mcpSecrets';
import { configuredMcpServers, mcpTimeoutMs, type ConfiguredServer } from './mcpSettings';
import { mcpAgentTool } from './mcpTool';

export interface McpDeps {
  secrets: vscode.SecretStorage;
  /** Where the answers to "use this workspace's server?" are kept. */
  memento: vscode.Memento;
  prompts: UserPrompts;
  approve: CommandApproval;
  log: LogGetter;
}

/** A server as the tool picker shows it. */
export interface McpServerStatus {
  name: string;
  what: string;
  state: McpConnection['state'] | 'declined';
  error?: string;
  tools: { name: string; description?: string }[];
}

const CONSENT_KEY = 'parley.mcp.workspaceServers';

/**
 * The MCP servers of `parley.mcp.servers`, started when Agent mode first asks for tools (never at
 * activation), kept running for the next question, restarted when their settings change or after a
 * crash, and all ended with Parley.
 */
export class McpServers implements vscode.Disposable {
  private readonly running = new Map<string, { definition: string; connection: McpConnection }>();
  private readonly declined = new Set<string>();
  private disposed = false;

  constructor(private readonly deps: McpDeps) {}

  /**
   * The servers' tools as agent tools, each server started if it is not running; `taken`: names
   * in use; `off`: tools turned off in the picker (`server/tool`).
   */
  async tools(taken: readonly string[], off: ReadonlySet<string>): Promise<AgentTool[]> {
    // Restricted Mode: the agent only reads the workspace, and a server's tools may do anything.
    if (!vscode.workspace.isTrusted || this.disposed) return [];
    const connections = await this.start();
    const listed = connections.flatMap((c) =>
      c.tools.filter((info) => !off.has(`${c.config.name}/${info.name}`)).map((info) => ({ connection: c, info })),
    );
    const names = mcpToolNames(
      listed.map(({ connection, info }) => ({ server: connection.config.name, tool: info.name })),
      taken,
    );
    return listed.map(({ connection, info }, i) => mcpAgentTool(names[i], connection, info, this.deps));
  }

  /** Every configured server, started if it can be, with its tools or why it has none. */
  async status(): Promise<McpServerStatus[]> {
    await this.start();
    return configuredMcpServers().servers.map(({ config }) => {
      const c = this.running.get(config.name)?.connection;
      return {
        name: config.name,
        what: describeServer(config),
        state: c?.state ?? 'declined',
        error: c?.error,
        tools: c?.state === 'ready' ? c.tools.map((t) => ({ name: t.name, description: t.title ?? t.description })) : [],
      };
    });
  }

  /** Running processes' ids (the tests check none is left once Parley is gone). */
  get pids(): number[] {
    return [...this.running.values()].flatMap((r) => (r.connection.pid ? [r.connection.pid] : []));
  }

  dispose(): void {
    this.disposed = true;
    for (const { connection } of this.running.values()) void connection.close();
    this.running.clear();
  }

  /** Brings the running servers in line with the settings and starts those not running; the ready ones. */
  private async start(): Promise<McpConnection[]> {
    const { servers, problems } = configuredMcpServers();
    for (const p of problems) this.deps.log().warn(p);
    const wanted = new Map(servers.map((s) => [s.config.name, s]));
    for (const [name, r] of this.running) {
      if (wanted.get(name) && JSON.stringify(wanted.get(name)!.config) === r.definition) continue;
      void r.connection.close();
      this.running.delete(name);
    }
    const ready = await Promise.all(servers.map((s) => this.started(s)));
    return ready.filter((c): c is McpConnection => c?.state === 'ready');
  }

  private async started(server: ConfiguredServer): Promise<McpConnection | undefined> {
    const definition = JSON.stringify(server.config);
    let r = this.running.get(server.config.name);
    if (!r) {
      if (this.disposed) return undefined; // Parley is going: nothing new starts
      if (server.fromWorkspace && !(await this.consented(server, definition))) return undefined;
      const filled = await fillMcpSecrets(server.config, this.deps.secrets, this.deps.prompts);
      if (!filled || this.disposed) return undefined;
      const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      r = { definition, connection: new McpConnection(filled, { startTimeoutMs: mcpTimeoutMs(), cwd }) };
      this.running.set(server.config.name, r);
    }
    const { connection } = r;
    const was = connection.state;
    await connection.start();
    if (connection.state !== 'ready' && was !== connection.state)
      this.deps.log().warn(connection.error ?? `MCP server "${server.config.name}" is not running.`);
    return connection;
  }

  /** A workspace's server runs only once the user agreed to exactly this definition (asked once, remembered). */
  private async consented(server: ConfiguredServer, definition: string): Promise<boolean> {
    const answers = this.deps.memento.get<Record<string, boolean>>(CONSENT_KEY, {});
    if (definition in answers) return answers[definition];
    if (this.declined.has(definition)) return false;
    const start = vscode.l10n.t('Start It');
    const never = vscode.l10n.t('Never');
    const answer = await this.deps.prompts.choose(
      vscode.l10n.t('This workspace\'s settings define the MCP server "{0}". Start it for Parley\'s agent?', server.config.name),
      vscode.l10n.t('It runs or connects to: {0}. Its tools are still asked about before each call.', describeServer(server.config)),
      [start, never],
    );
    if (answer === undefined) {
      this.declined.add(definition); // asked again in a later session
      return false;
    }
    await this.deps.memento.update(CONSENT_KEY, { ...answers, [definition]: answer === start });
    return answer === start;
  }
}
