import * as assert from 'assert';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import { detectLocalServers, localCandidates, modelIds, probeUrl, profileFromLocalServer, uniqueName, type LocalCandidate } from '../../src/core/localServers';
import { parseProfiles, PRESETS } from '../../src/core/profiles';
import { startChatServer, type ChatServer } from '../server/chatServer';

/** A real HTTP server on `host` answering every request with `status`, `type` and `body`. */
async function responder(body: string, options: { host?: string; type?: string; status?: number } = {}) {
  const connections: { local: string; remote: string }[] = [];
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(options.status ?? 200, { 'content-type': options.type ?? 'application/json' });
    res.end(body);
  });
  server.on('connection', (s) => connections.push({ local: s.localAddress ?? '', remote: s.remoteAddress ?? '' }));
  await new Promise<void>((r) => server.listen(0, options.host ?? '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return { port, connections, paths, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** A TCP server that accepts connections and never answers. */
async function silent() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return { port, accepted: () => sockets.size, close: () => new Promise<void>((r) => { sockets.forEach((s) => s.destroy()); server.close(() => r()); }) };
}

/** A port with nothing listening on loopback (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('local server detection (real sockets)', function () {
  this.timeout(10_000);
  let chat: ChatServer;
  beforeEach(async () => { chat = await startChatServer({ models: ['llama3.2:latest', 'qwen2.5-coder:7b', 'nomic-embed-text'] }); });
  afterEach(async () => { await chat.close(); });

  it('finds the test Chat Completions server on a probed port, with its models', async () => {
    const found = await detectLocalServers([{ name: 'Ollama', port: chat.port, presetId: 'ollama' }], 1000);
    assert.deepStrictEqual(found, [{
      name: 'Ollama', port: chat.port, presetId: 'ollama',
      baseUrl: `http://127.0.0.1:${chat.port}/v1`,
      models: ['llama3.2:latest', 'qwen2.5-coder:7b', 'nomic-embed-text'],
    }]);
    assert.deepStrictEqual(chat.requests.map((r) => `${r.method} ${r.path}`), ['GET /v1/models']);
    assert.strictEqual(chat.requests[0].headers.authorization, undefined, 'no key is sent to a port that was not set up');
  });

  it('skips ports that answer with something that is not a model list, and keeps candidate order', async () => {
    const html = await responder('<!doctype html><title>Jenkins</title><p>Dashboard</p>', { type: 'text/html' });
    const otherJson = await responder(JSON.stringify({ status: 'ok', models: ['a', 'b'] }));
    const badIds = await responder(JSON.stringify({ object: 'list', data: [{ id: 1 }, { name: 'x' }] }));
    const notFound = await responder(JSON.stringify({ object: 'list', data: [{ id: 'm' }] }), { status: 404 });
    const nothing = await closedPort();
    const second = await startChatServer({ models: ['only-model'] });
    try {
      const candidates: LocalCandidate[] = [
        { name: 'HTML', port: html.port },
        { name: 'Second', port: second.port },
        { name: 'Other JSON', port: otherJson.port },
        { name: 'Bad ids', port: badIds.port },
        { name: 'Not found', port: notFound.port },
        { name: 'Closed', port: nothing },
        { name: 'First', port: chat.port },
      ];
      const found = await detectLocalServers(candidates, 1000);
      assert.deepStrictEqual(found.map((f) => [f.name, f.models]), [['Second', ['only-model']], ['First', ['llama3.2:latest', 'qwen2.5-coder:7b', 'nomic-embed-text']]]);
      // Each of them was really asked.
      for (const r of [html, otherJson, badIds, notFound]) assert.deepStrictEqual(r.paths, ['/v1/models']);
    } finally {
      await Promise.all([html.close(), otherJson.close(), badIds.close(), notFound.close(), second.close()]);
    }
  });

  it('gives up on a port that accepts and never answers, within its timeout, while the others are found', async () => {
    const mute = await silent();
    try {
      const timeoutMs = 400;
      const started = performance.now();
      const found = await detectLocalServers([{ name: 'Mute', port: mute.port }, { name: 'Chat', port: chat.port }], timeoutMs);
      const elapsed = performance.now() - started;
      assert.deepStrictEqual(found.map((f) => f.name), ['Chat']);
      assert.strictEqual(mute.accepted(), 1, 'the silent server was connected to');
      assert.ok(elapsed >= timeoutMs - 50, `returned after ${elapsed.toFixed(0)} ms: it should have waited for the silent port`);
      assert.ok(elapsed < timeoutMs + 300, `took ${elapsed.toFixed(0)} ms for a ${timeoutMs} ms timeout`);
    } finally {
      await mute.close();
    }
  });

  it('gives up on a server that sends headers and then stalls the body', async () => {
    const sockets = new Set<net.Socket>();
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"object":"list","data":[');
    });
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const started = performance.now();
      const found = await detectLocalServers([{ name: 'Stall', port: (server.address() as net.AddressInfo).port }], 300);
      assert.deepStrictEqual(found, []);
      assert.ok(performance.now() - started < 600);
    } finally {
      sockets.forEach((s) => s.destroy());
      server.close();
    }
  });

  it('probes only loopback: every connection arrives on 127.0.0.1, a server on another address is never asked', async () => {
    // Listening on every address, the server sees which one the probe connected to.
    const everywhere = await responder(JSON.stringify({ object: 'list', data: [{ id: 'm' }] }), { host: '0.0.0.0' });
    const external = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    const elsewhere = external ? await responder(JSON.stringify({ object: 'list', data: [{ id: 'x' }] }), { host: external }) : undefined;
    try {
      const candidates = [{ name: 'Everywhere', port: everywhere.port }, ...(elsewhere ? [{ name: 'Elsewhere', port: elsewhere.port }] : [])];
      const found = await detectLocalServers(candidates, 500);
      assert.deepStrictEqual(found.map((f) => f.name), ['Everywhere']);
      assert.ok(everywhere.connections.length > 0);
      for (const c of everywhere.connections) {
        assert.match(c.local, /^(::ffff:)?127\.0\.0\.1$/, `connection on ${c.local}`);
        assert.match(c.remote, /^(::ffff:)?127\.0\.0\.1$/, `connection from ${c.remote}`);
      }
      if (elsewhere) assert.deepStrictEqual(elsewhere.connections, [], `the server on ${external} was contacted`);
      assert.ok(found.every((f) => new URL(f.baseUrl).hostname === '127.0.0.1'));
    } finally {
      await everywhere.close();
      await elsewhere?.close();
    }
  });
});

describe('local server detection (pure parts)', () => {
  it('candidates are the local presets, in preset order, with their ports', () => {
    assert.deepStrictEqual(localCandidates().map((c) => [c.name, c.port]), [
      ['Ollama', 11434], ['LM Studio', 1234], ['llama.cpp server', 8080], ['vLLM', 8000],
    ]);
  });

  it('builds loopback URLs only, and refuses what is not a port', () => {
    for (const c of localCandidates()) assert.strictEqual(probeUrl(c.port), `http://127.0.0.1:${c.port}/v1/models`);
    assert.throws(() => probeUrl(0));
    assert.throws(() => probeUrl(70000));
    assert.throws(() => probeUrl(80.5));
  });

  it('accepts only an OpenAI-compatible model list', () => {
    assert.deepStrictEqual(modelIds({ object: 'list', data: [{ id: 'a', object: 'model' }, { id: 'b' }] }), ['a', 'b']);
    assert.deepStrictEqual(modelIds({ data: [{ id: 'a' }] }), ['a'], 'object is optional');
    assert.deepStrictEqual(modelIds({ object: 'list', data: [] }), [], 'a server with no models yet is still a server');
    for (const bad of [null, 'x', [], {}, { object: 'model', data: [] }, { data: {} }, { data: [{}] }, { data: [{ id: '' }] }, { data: [{ id: 3 }] }, { data: ['a'] }, { models: [{ name: 'a' }] }]) {
      assert.strictEqual(modelIds(bad), undefined, JSON.stringify(bad));
    }
  });

  it('a found server becomes a valid keyless profile with its first model and a free name', () => {
    const server = { name: 'Ollama', port: 11434, presetId: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', models: ['qwen2.5-coder:7b', 'llama3.2'] };
    const raw = profileFromLocalServer(server, ['Ollama']);
    assert.deepStrictEqual(raw, { name: 'Ollama 2', baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5-coder:7b', needsKey: false });
    const [profile] = parseProfiles([raw]);
    assert.strictEqual(profile.needsKey, false);
    const empty = profileFromLocalServer({ ...server, models: [] }, []);
    assert.strictEqual(empty.model, PRESETS.find((p) => p.id === 'ollama')!.model, 'no models listed: the preset default');
    assert.strictEqual(uniqueName('A', ['A', 'A 2']), 'A 3');
  });
});
