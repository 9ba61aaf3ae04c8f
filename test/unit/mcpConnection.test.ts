import * as assert from 'assert';
import * as path from 'path';
import { McpConnection } from '../../src/core/mcp/node/mcpConnection';
import type { McpServerConfig } from '../../src/core/mcp/mcpConfig';
import { processAlive } from '../fixtures/mcp/processAlive';
import { startMcpHttpServer, type McpHttpFixture } from '../fixtures/mcp/httpServer';

const STDIO_SERVER = path.join(__dirname, '../fixtures/mcp/stdioServer.js');

function stdio(args: string[] = [], env: Record<string, string> = {}): McpServerConfig {
  return { name: 'fixture', transport: 'stdio', command: process.execPath, args: [STDIO_SERVER, ...args], env };
}

/** Waits (polling, no fixed sleep) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const text = (r: { content?: readonly unknown[] }) => (r.content?.[0] as { text: string }).text;

describe('McpConnection over stdio (a real MCP server written with the SDK)', function () {
  this.timeout(20_000);
  let c: McpConnection;
  afterEach(() => c?.close());

  it('starts, lists the tools with their schemas and read-only hints, calls one, and leaves no process after close', async () => {
    c = new McpConnection(stdio(), { startTimeoutMs: 10_000 });
    await c.start();
    assert.strictEqual(c.state, 'ready', c.error);
    const echo = c.tools.find((t) => t.name === 'echo')!;
    assert.deepStrictEqual(Object.keys((echo.inputSchema as { properties: object }).properties), ['text']);
    assert.strictEqual(echo.readOnly, true);
    assert.strictEqual(c.tools.find((t) => t.name === 'add')!.readOnly, false);
    assert.strictEqual(text(await c.call('add', { a: 2, b: 40 }, new AbortController().signal, 5000)), '42');
    const pid = c.pid!;
    assert.ok(processAlive(pid));
    await c.close();
    await until(() => !processAlive(pid), 'the server process to end');
    assert.strictEqual(c.state, 'stopped');
  });

  it("a tool's structured result is checked against its output schema: a valid one reaches the caller, one that breaks it is refused", async () => {
    c = new McpConnection(stdio(), { startTimeoutMs: 10_000 });
    await c.start();
    assert.strictEqual(c.state, 'ready', c.error);
    const result = await c.call('forecast', { city: 'Oslo' }, new AbortController().signal, 5000);
    assert.strictEqual(text(result), 'Oslo: 21 °C');
    assert.deepStrictEqual((result as { structuredContent?: unknown }).structuredContent, { city: 'Oslo', celsius: 21 });
    await assert.rejects(
      c.call('bad_forecast', {}, new AbortController().signal, 5000),
      /does not match the tool's output schema[^]*celsius/,
    );
  });

  it('a server that exits at start is failed, with what it wrote to stderr', async () => {
    c = new McpConnection(stdio(['--fail-start']), { startTimeoutMs: 10_000 });
    await c.start();
    assert.strictEqual(c.state, 'failed');
    assert.match(c.error!, /did not start/);
    assert.match(c.error!, /missing FIXTURE_TOKEN/);
  });

  it('a server that crashes mid-call: the call fails, the state says crashed, and the next start runs it again', async () => {
    let changes = 0;
    c = new McpConnection(stdio(), { startTimeoutMs: 10_000, onChange: () => changes++ });
    await c.start();
    const pid = c.pid!;
    await assert.rejects(c.call('crash', {}, new AbortController().signal, 5000));
    await until(() => c.state === 'crashed', 'crashed');
    assert.match(c.error!, /stopped: fixture: crashing on purpose/);
    assert.ok(!processAlive(pid));
    assert.ok(changes >= 3, 'starting, ready, crashed were told');
    assert.strictEqual(text(await c.call('echo', { text: 'again' }, new AbortController().signal, 5000)), 'echo: again');
    assert.notStrictEqual(c.pid, pid);
  });

  it('a call that never answers ends at the timeout; Stop ends another at once; the server goes on', async () => {
    c = new McpConnection(stdio(), { startTimeoutMs: 10_000 });
    await c.start();
    await assert.rejects(c.call('hang', {}, new AbortController().signal, 300), /timed out/i);
    const stop = new AbortController();
    const call = c.call('hang', {}, stop.signal, 60_000);
    // The server reads its pipe in order: once a later call is answered, it has the hanging one.
    await c.call('echo', { text: 'after hang' }, new AbortController().signal, 5000);
    stop.abort();
    await assert.rejects(call);
    assert.strictEqual(text(await c.call('echo', { text: 'still here' }, new AbortController().signal, 5000)), 'echo: still here');
    // Both ends reached the server as MCP cancellations (the server gave up its own work too).
    await until(
      async () => text(await c.call('cancelled_calls', {}, new AbortController().signal, 5000)) === '2',
      'the server to count 2 cancellations',
    );
  });

  it('follows tools/list_changed: a tool the server adds while running is listed', async () => {
    c = new McpConnection(stdio(), { startTimeoutMs: 10_000 });
    await c.start();
    assert.ok(!c.tools.some((t) => t.name === 'late'));
    await c.call('add_tool', {}, new AbortController().signal, 5000);
    await until(() => c.tools.some((t) => t.name === 'late'), 'the tool "late" to be listed');
  });

  it('env reaches the server (a secret filled in by Parley)', async () => {
    c = new McpConnection(stdio([], { FIXTURE_TOKEN: 'abc123' }), { startTimeoutMs: 10_000 });
    await c.start();
    assert.strictEqual(text(await c.call('token', {}, new AbortController().signal, 5000)), 'token length 6');
  });
});

describe('McpConnection over HTTP (a real MCP server written with the SDK)', function () {
  this.timeout(20_000);
  let c: McpConnection;
  let server: McpHttpFixture;
  afterEach(async () => {
    await c?.close();
    await server?.close();
  });

  it('streamable HTTP: sends the headers, lists and calls tools', async () => {
    server = await startMcpHttpServer();
    c = new McpConnection(
      { name: 'web', transport: 'http', url: server.url, headers: { Authorization: 'Bearer s3cret' } },
      { startTimeoutMs: 10_000 },
    );
    await c.start();
    assert.strictEqual(c.state, 'ready', c.error);
    assert.strictEqual(text(await c.call('echo', { text: 'hi' }, new AbortController().signal, 5000)), 'echo: hi');
    assert.ok(server.authorizations.length >= 2);
    assert.ok(server.authorizations.every((a) => a === 'Bearer s3cret'));
  });

  it('falls back to the legacy HTTP+SSE transport when the server has only that', async () => {
    server = await startMcpHttpServer({ legacySse: true });
    c = new McpConnection({ name: 'old', transport: 'http', url: server.url, headers: {} }, { startTimeoutMs: 10_000 });
    await c.start();
    assert.strictEqual(c.state, 'ready', c.error);
    assert.strictEqual(text(await c.call('add', { a: 1, b: 2 }, new AbortController().signal, 5000)), '3');
  });

  it('an address where nothing listens: failed, naming the server', async () => {
    server = await startMcpHttpServer();
    const url = server.url;
    await server.close();
    c = new McpConnection({ name: 'gone', transport: 'http', url, headers: {} }, { startTimeoutMs: 5_000 });
    await c.start();
    assert.strictEqual(c.state, 'failed');
    assert.match(c.error!, /MCP server "gone" did not start/);
  });
});
