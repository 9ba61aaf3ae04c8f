/**
 * One MCP server as Parley's agent uses it: started when first asked for (a child process over
 * stdio, or streamable HTTP with legacy SSE as fallback), its tools listed and kept current
 * (`notifications/tools/list_changed`), calls with a timeout and Stop (both send the server
 * `notifications/cancelled`), and an end noticed: a server that exits is `crashed` until asked
 * for again, when it starts anew.
 */
import type { McpServerConfig } from '../mcpConfig';
import type { McpCallResult } from '../mcpResult';
import { mcpSdk } from './mcpSdk';

export type McpState = 'stopped' | 'starting' | 'ready' | 'crashed' | 'failed';

export interface McpToolInfo {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly inputSchema: Record<string, unknown>;
  /** The server says the tool changes nothing (`annotations.readOnlyHint`). */
  readonly readOnly: boolean;
}

export interface McpConnectionOptions {
  /** How long starting (connecting, initializing, listing tools) may take. */
  startTimeoutMs: number;
  /** Folder for a stdio server without its own `cwd`. */
  cwd?: string;
  /** Told whenever the state or the tools change. */
  onChange?: () => void;
}

type Client = InstanceType<ReturnType<typeof mcpSdk>['Client']>;

/** How much of a stdio server's stderr is kept to explain its end. */
const STDERR_TAIL = 2_000;

export class McpConnection {
  state: McpState = 'stopped';
  /** Why it is `crashed` or `failed`, in the server's or the transport's words. */
  error?: string;
  tools: readonly McpToolInfo[] = [];
  /** The stdio server's process id while it runs (the tests check none is left). */
  pid?: number;
  private client?: Client;
  private starting?: Promise<void>;
  private closing = false;
  private stderr = '';

  constructor(
    readonly config: McpServerConfig,
    private readonly options: McpConnectionOptions,
  ) {}

  /** Starts the server unless it runs; a crashed or failed one starts again. Never throws: see `state`. */
  start(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    this.starting ??= this.connect().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Calls a tool; a server that ended or a timeout rejects with its reason. */
  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal, timeoutMs: number): Promise<McpCallResult> {
    await this.start();
    if (this.state !== 'ready' || !this.client) throw new Error(this.error ?? `MCP server "${this.config.name}" is not running.`);
    return (await this.client.callTool({ name: tool, arguments: args }, undefined, { signal, timeout: timeoutMs })) as McpCallResult;
  }

  async close(): Promise<void> {
    this.closing = true;
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
    this.pid = undefined;
    this.set('stopped');
  }

  private async connect(): Promise<void> {
    this.closing = false;
    this.error = undefined;
    this.stderr = '';
    this.set('starting');
    try {
      this.client = await this.open();
      this.tools = await this.listTools(this.client);
      this.set('ready');
    } catch (e) {
      const client = this.client;
      this.client = undefined;
      this.closing = true;
      await client?.close().catch(() => undefined);
      this.pid = undefined;
      this.error = this.reason(e);
      this.set('failed');
    }
  }

  private async open(): Promise<Client> {
    const sdk = mcpSdk();
    const timeout = this.options.startTimeoutMs;
    const newClient = () => {
      const client = new sdk.Client(
        { name: 'parley', version: '1' },
        {
          listChanged: { tools: { onChanged: (error, tools) => !error && tools && this.toolsChanged(tools) } },
          jsonSchemaValidator: new sdk.CfWorkerJsonSchemaValidator(),
        },
      );
      client.onclose = () => this.ended();
      return client;
    };
    const c = this.config;
    if (c.transport === 'stdio') {
      const transport = new sdk.StdioClientTransport({
        command: c.command,
        args: [...c.args],
        env: { ...c.env },
        cwd: c.cwd ?? this.options.cwd,
        stderr: 'pipe',
      });
      transport.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_TAIL)));
      const client = newClient();
      this.client = client;
      await client.connect(transport, { timeout });
      this.pid = transport.pid ?? undefined;
      return client;
    }
    const requestInit = { headers: { ...c.headers } };
    if (c.transport === 'http') {
      const client = newClient();
      this.client = client;
      try {
        await client.connect(new sdk.StreamableHTTPClientTransport(new URL(c.url), { requestInit }), { timeout });
        return client;
      } catch (first) {
        // An older server speaks only the 2024-11-05 HTTP+SSE transport: try that before giving up.
        this.closing = true;
        await client.close().catch(() => undefined);
        this.closing = false;
        const legacy = newClient();
        this.client = legacy;
        await legacy.connect(new sdk.SSEClientTransport(new URL(c.url), { requestInit }), { timeout }).catch(() => {
          throw first;
        });
        return legacy;
      }
    }
    const client = newClient();
    this.client = client;
    await client.connect(new sdk.SSEClientTransport(new URL(c.url), { requestInit }), { timeout });
    return client;
  }

  private async listTools(client: Client): Promise<McpToolInfo[]> {
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: this.options.startTimeoutMs });
      tools.push(...page.tools.map(toolInfo));
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  private toolsChanged(tools: readonly Parameters<typeof toolInfo>[0][]): void {
    this.tools = tools.map(toolInfo);
    this.options.onChange?.();
  }

  /** The transport closed: asked to (close), or the server went away. */
  private ended(): void {
    if (this.closing || this.state === 'starting') return;
    this.client = undefined;
    this.pid = undefined;
    const said = this.stderr.trim().split('\n').slice(-3).join(' ').trim();
    this.error = `MCP server "${this.config.name}" stopped${said ? `: ${said}` : '.'}`;
    this.set('crashed');
  }

  private reason(e: unknown): string {
    const message = e instanceof Error ? e.message : String(e);
    const said = this.stderr.trim().split('\n').slice(-3).join(' ').trim();
    return `MCP server "${this.config.name}" did not start: ${message}${said ? ` (it said: ${said})` : ''}`;
  }

  private set(state: McpState): void {
    this.state = state;
    this.options.onChange?.();
  }
}

function toolInfo(t: {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: { readOnlyHint?: boolean; title?: string };
}): McpToolInfo {
  return {
    name: t.name,
    title: t.title ?? t.annotations?.title,
    description: t.description,
    inputSchema: t.inputSchema,
    readOnly: t.annotations?.readOnlyHint === true,
  };
}
