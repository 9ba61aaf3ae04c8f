/**
 * `parley.mcp.servers` read into server definitions: a server with a `command` runs as a child
 * process over stdio; one with a `url` is reached over streamable HTTP (the legacy SSE
 * transport as fallback, or only with `"type": "sse"`). Values in `env` and `headers` may hold
 * `${secret:label}`: the secret itself lives in SecretStorage, asked for once.
 */

export interface StdioServer {
  readonly name: string;
  readonly transport: 'stdio';
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface HttpServer {
  readonly name: string;
  /** `http`: streamable HTTP, then legacy SSE if that fails; `sse`: legacy SSE only. */
  readonly transport: 'http' | 'sse';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

export type McpServerConfig = StdioServer | HttpServer;

/** What the settings hold, each server with where it came from. */
export interface McpServersRead {
  servers: McpServerConfig[];
  /** A server left out, in words naming it and why. */
  problems: string[];
}

const SECRET = /\$\{secret:([^}]+)\}/g;

/** Reads one settings value (an object of name → definition). Never throws. */
export function parseMcpServers(value: unknown): McpServersRead {
  const read: McpServersRead = { servers: [], problems: [] };
  if (value === undefined || value === null) return read;
  if (typeof value !== 'object' || Array.isArray(value)) {
    read.problems.push('parley.mcp.servers must be an object of server names to definitions.');
    return read;
  }
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    const server = parseServer(name, raw);
    if (typeof server === 'string') read.problems.push(`MCP server "${name}" left out: ${server}`);
    else read.servers.push(server);
  }
  return read;
}

function parseServer(name: string, raw: unknown): McpServerConfig | string {
  if (!name.trim()) return 'it has no name.';
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'its definition must be an object.';
  const o = raw as Record<string, unknown>;
  const type = o.type ?? (typeof o.command === 'string' ? 'stdio' : typeof o.url === 'string' ? 'http' : undefined);
  if (type === 'stdio') {
    if (typeof o.command !== 'string' || !o.command.trim()) return '"command" must be the program to start.';
    if (o.args !== undefined && !stringList(o.args)) return '"args" must be a list of strings.';
    if (o.env !== undefined && !stringMap(o.env)) return '"env" must map names to strings.';
    if (o.cwd !== undefined && typeof o.cwd !== 'string') return '"cwd" must be a folder.';
    return {
      name,
      transport: 'stdio',
      command: o.command,
      args: (o.args as string[] | undefined) ?? [],
      env: (o.env as Record<string, string> | undefined) ?? {},
      cwd: o.cwd as string | undefined,
    };
  }
  if (type === 'http' || type === 'sse' || type === 'streamableHttp') {
    if (typeof o.url !== 'string' || !/^https?:\/\//i.test(o.url)) return '"url" must be an http(s) address.';
    try {
      new URL(o.url);
    } catch {
      return `"${o.url}" is not an address.`;
    }
    if (o.headers !== undefined && !stringMap(o.headers)) return '"headers" must map names to strings.';
    return { name, transport: type === 'sse' ? 'sse' : 'http', url: o.url, headers: (o.headers as Record<string, string>) ?? {} };
  }
  return 'give it a "command" (stdio) or a "url" (HTTP).';
}

function stringList(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function stringMap(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** The secret labels a server's env or headers name, each once. */
export function secretLabels(server: McpServerConfig): string[] {
  const values = Object.values(server.transport === 'stdio' ? server.env : server.headers);
  return [...new Set(values.flatMap((v) => [...v.matchAll(SECRET)].map((m) => m[1].trim())))];
}

/** The server with each `${secret:label}` replaced by its value. */
export function withSecrets<T extends McpServerConfig>(server: T, secrets: ReadonlyMap<string, string>): T {
  const fill = (map: Readonly<Record<string, string>>) =>
    Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.replace(SECRET, (_, label: string) => secrets.get(label.trim()) ?? '')]));
  return server.transport === 'stdio' ? { ...server, env: fill(server.env) } : { ...server, headers: fill(server.headers) };
}

/**
 * Where a server's secrets may go: the same name with the same program, or the same origin. A
 * secret saved for one is never filled into a definition that was changed to point elsewhere.
 */
export function secretScope(server: McpServerConfig): string {
  const target = server.transport === 'stdio' ? `${server.command} ${server.args.join(' ')}` : new URL(server.url).origin;
  return `${server.name}\u0000${server.transport === 'stdio' ? 'stdio' : 'http'}\u0000${target}`;
}

/** One line saying what a server is, for questions and the tool picker: `npx -y server-x` or the URL. */
export function describeServer(server: McpServerConfig): string {
  return server.transport === 'stdio' ? [server.command, ...server.args].join(' ') : server.url;
}
