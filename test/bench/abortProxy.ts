/**
 * A TCP proxy on 127.0.0.1 in front of a model server, for the Stop bench: it passes the bytes
 * both ways untouched and records, in epoch ms, when the client (Parley's extension host) ends,
 * resets or closes each connection. That is how "the request was aborted" is seen from outside
 * Parley, in front of any server (the test server or a real llama-server), without changing it.
 */
import * as net from 'net';

const epoch = () => performance.timeOrigin + performance.now();

export interface ProxiedConnection {
  openedAt: number;
  /** What the client sent (request heads and bodies, the last 256 kB): a request is found by what it says. */
  sent: string;
  /** Request lines the client sent, in order, with when each arrived (keep-alive carries several on one connection). */
  requests: { line: string; at: number }[];
  /** The server's bytes as they passed: when, and how many SSE events (`data:` lines) so far. */
  back: { at: number; events: number }[];
  /** When and how the client left: its FIN (`end`), a reset or other error (`reset`), or the socket closed (`close`). */
  clientLeft?: { at: number; how: 'end' | 'reset' | 'close' };
  /** When the server ended its side. */
  serverLeftAt?: number;
}

export interface AbortProxy {
  /** The proxy's origin, e.g. http://127.0.0.1:40123 */
  origin: string;
  connections: ProxiedConnection[];
  /** The latest connection whose client bytes hold `marker`. */
  find(marker: string): ProxiedConnection | undefined;
  close(): Promise<void>;
}

const KEEP = 256 * 1024;
const REQUEST_LINE = /^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH) (\S+) HTTP\/1\.[01]\r?$/gm;

/** One client connection piped to a new connection to the target, both ends watched. */
function pipe(client: net.Socket, target: { host: string; port: number }, record: ProxiedConnection): void {
  const server = net.connect(target.port, target.host);
  let events = 0;
  client.on('data', (data: Buffer) => {
    const at = epoch();
    const text = data.toString('latin1');
    for (const m of text.matchAll(REQUEST_LINE)) record.requests.push({ line: `${m[1]} ${m[2]}`, at });
    record.sent = (record.sent + text).slice(-KEEP);
    server.write(data);
  });
  server.on('data', (data: Buffer) => {
    events += data.toString('latin1').split('data:').length - 1;
    record.back.push({ at: epoch(), events });
    client.write(data);
  });
  const left = (how: 'end' | 'reset' | 'close') => {
    record.clientLeft ??= { at: epoch(), how };
  };
  client.on('end', () => {
    left('end');
    server.end();
  });
  client.on('error', () => {
    left('reset');
    server.destroy();
  });
  client.on('close', () => {
    left('close');
    server.destroy();
  });
  server.on('end', () => {
    record.serverLeftAt ??= epoch();
    client.end();
  });
  server.on('error', () => client.destroy());
  server.on('close', () => client.destroy());
}

/** Starts the proxy on a free port of 127.0.0.1, in front of `target`. */
export async function startAbortProxy(target: { host: string; port: number }): Promise<AbortProxy> {
  const connections: ProxiedConnection[] = [];
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const record: ProxiedConnection = { openedAt: epoch(), sent: '', requests: [], back: [] };
    connections.push(record);
    pipe(client, target, record);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as net.AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    connections,
    find: (marker) => [...connections].reverse().find((c) => c.sent.includes(marker)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        proxy.close(() => resolve());
      }),
  };
}

/** A free TCP port on 127.0.0.1 (for a server that must start after the proxy that points at it). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
