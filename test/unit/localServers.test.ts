import * as assert from 'assert';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import {
  detectLocalServers,
  keyWantedBy,
  localCandidates,
  modelIds,
  probeUrl,
  profileFromLocalServer,
  uniqueName,
  type LocalCandidate,
} from '../../src/core/connection/localServers';
import { parseProfiles, PRESETS } from '../../src/core/connection/profiles';
import { startChatServer, type ChatServer } from '../server/chatServer';

/** A real HTTP server on `host` answering every request with `status`, `type`, `headers` and `body`. */
async function responder(body: string, options: { host?: string; type?: string; status?: number; headers?: Record<string, string> } = {}) {
  const connections: { local: string; remote: string }[] = [];
  const paths: string[] = [];
  const auth: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    auth.push(req.headers.authorization);
    res.writeHead(options.status ?? 200, { 'content-type': options.type ?? 'application/json', ...options.headers });
    res.end(body);
  });
  server.on('connection', (s) => connections.push({ local: s.localAddress ?? '', remote: s.remoteAddress ?? '' }));
  await new Promise<void>((r) => server.listen(0, options.host ?? '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    connections,
    paths,
    auth,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A TCP server that accepts connections and never answers. */
async function silent() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    accepted: () => sockets.size,
    close: () =>
      new Promise<void>((r) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  };
}

/** A port with nothing listening on loopback (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Short waits: the unit tests' servers answer at once or never (the host test uses the product's). */
const QUICK = { firstMs: 1000, retryMs: 1000 };

describe('local server detection (real sockets)', function () {
  this.timeout(10_000);
  let chat: ChatServer;
  beforeEach(async () => {
    chat = await startChatServer({ models: ['llama3.2:latest', 'qwen2.5-coder:7b', 'nomic-embed-text'] });
  });
  afterEach(async () => {
    await chat.close();
  });

  it('finds the test Chat Completions server on a probed port, with its models', async () => {
    const { found } = await detectLocalServers([{ name: 'Ollama', port: chat.port, presetId: 'ollama' }], QUICK);
    assert.deepStrictEqual(found, [
      {
        name: 'Ollama',
        port: chat.port,
        presetId: 'ollama',
        baseUrl: `http://127.0.0.1:${chat.port}/v1`,
        models: ['llama3.2:latest', 'qwen2.5-coder:7b', 'nomic-embed-text'],
      },
    ]);
    assert.deepStrictEqual(
      chat.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /v1/models'],
    );
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
      const { found, late } = await detectLocalServers(candidates, QUICK);
      assert.deepStrictEqual(
        found.map((f) => [f.name, f.models]),
        [
          ['Second', ['only-model']],
          ['First', ['llama3.2:latest', 'qwen2.5-coder:7b', 'nomic-embed-text']],
        ],
      );
      assert.deepStrictEqual(late, [], 'a closed port or a wrong answer is not late');
      // Each of them was really asked.
      for (const r of [html, otherJson, badIds, notFound]) assert.deepStrictEqual(r.paths, ['/v1/models']);
    } finally {
      await Promise.all([html.close(), otherJson.close(), badIds.close(), notFound.close(), second.close()]);
    }
  });

  it('a port that accepts and never answers is asked once more with the longer wait, then reported late (not as no server), while the others are found', async () => {
    const mute = await silent();
    const nothing = await closedPort();
    try {
      const times = { firstMs: 300, retryMs: 500 };
      const retried: number[][] = [];
      const started = performance.now();
      const { found, late } = await detectLocalServers(
        [
          { name: 'Mute', port: mute.port },
          { name: 'Closed', port: nothing },
          { name: 'Chat', port: chat.port },
        ],
        times,
        (l) => retried.push(l.map((c) => c.port)),
      );
      const elapsed = performance.now() - started;
      assert.deepStrictEqual(
        found.map((f) => f.name),
        ['Chat'],
      );
      assert.deepStrictEqual(late, [{ name: 'Mute', port: mute.port }]);
      assert.deepStrictEqual(retried, [[mute.port]], 'only the late port is asked again, once');
      // At least once per probe: fetch may open another connection to a port that never answers.
      assert.ok(mute.accepted() >= 2, `the silent server was connected to ${mute.accepted()} times`);
      assert.ok(
        elapsed >= times.firstMs + times.retryMs - 50,
        `returned after ${elapsed.toFixed(0)} ms: it should have waited for the silent port twice`,
      );
      assert.ok(elapsed < times.firstMs + times.retryMs + 300, `took ${elapsed.toFixed(0)} ms for ${times.firstMs} + ${times.retryMs} ms`);
    } finally {
      await mute.close();
    }
  });

  it('a server that lists its models after the first wait is found by the retry', async () => {
    const slow = await startChatServer({ models: ['busy-model'], modelsDelayMs: 600 });
    try {
      const retried: string[][] = [];
      const { found, late } = await detectLocalServers(
        [
          { name: 'Ollama', port: slow.port, presetId: 'ollama' },
          { name: 'Chat', port: chat.port },
        ],
        { firstMs: 300, retryMs: 3000 },
        (l) => retried.push(l.map((c) => c.name)),
      );
      assert.deepStrictEqual(
        found.map((f) => [f.name, f.models]),
        [
          ['Ollama', ['busy-model']],
          ['Chat', ['llama3.2:latest', 'qwen2.5-coder:7b', 'nomic-embed-text']],
        ],
      );
      assert.deepStrictEqual([late, retried], [[], [['Ollama']]]);
      assert.deepStrictEqual(
        slow.requests.map((r) => r.path),
        ['/v1/models', '/v1/models'],
      );
    } finally {
      await slow.close();
    }
  });

  it('a server that wants a key is found as such: llama.cpp by its answer, another API by its address; a login page is not a model server; no key is sent', async () => {
    const LLAMA_401 = JSON.stringify({ error: { code: 401, message: 'Invalid API Key', type: 'authentication_error' } });
    const llama = await startChatServer({ apiKey: 'k', like: 'llamacpp' });
    const llamaWordsOnly = await responder(LLAMA_401, { status: 401 });
    const openai = await startChatServer({ apiKey: 'k' });
    const vllm = await responder(JSON.stringify({ error: 'Unauthorized' }), { status: 401 });
    const login = await responder('<!doctype html><title>Sign in</title>', {
      status: 401,
      type: 'text/html',
      headers: { 'www-authenticate': 'Basic realm="Jenkins"' },
    });
    const basicJson = await responder(JSON.stringify({ error: 'login' }), {
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="x"' },
    });
    try {
      const candidates: LocalCandidate[] = [
        { name: 'Ollama', port: llama.port, presetId: 'ollama' },
        { name: 'LM Studio', port: llamaWordsOnly.port, presetId: 'lmstudio' },
        { name: 'vLLM', port: openai.port, presetId: 'vllm' },
        { name: 'Four', port: vllm.port },
        { name: 'Login', port: login.port },
        { name: 'Basic', port: basicJson.port },
      ];
      const { found } = await detectLocalServers(candidates, QUICK);
      const url = (port: number) => `http://127.0.0.1:${port}/v1`;
      assert.deepStrictEqual(found, [
        { name: 'llama.cpp server', presetId: 'llamacpp', port: llama.port, baseUrl: url(llama.port), models: [], needsKey: true },
        {
          name: 'llama.cpp server',
          presetId: 'llamacpp',
          port: llamaWordsOnly.port,
          baseUrl: url(llamaWordsOnly.port),
          models: [],
          needsKey: true,
        },
        {
          name: `localhost:${openai.port}`,
          presetId: 'vllm',
          port: openai.port,
          baseUrl: url(openai.port),
          models: [],
          needsKey: true,
          unrecognised: true,
        },
        {
          name: `localhost:${vllm.port}`,
          presetId: undefined,
          port: vllm.port,
          baseUrl: url(vllm.port),
          models: [],
          needsKey: true,
          unrecognised: true,
        },
      ]);
      const sent = [
        ...llama.requests.map((r) => r.headers.authorization),
        ...openai.requests.map((r) => r.headers.authorization),
        ...llamaWordsOnly.auth,
        ...vllm.auth,
        ...login.auth,
      ];
      assert.ok(sent.length >= 5 && sent.every((a) => a === undefined), 'a probe sends no key');
      // Set up, it is a profile that needs a key (the default): none is written.
      const raw = profileFromLocalServer(found[0], []);
      assert.deepStrictEqual(raw, { name: 'llama.cpp server', baseUrl: url(llama.port), model: 'local-model' });
      assert.strictEqual(parseProfiles([raw])[0].needsKey, true);
    } finally {
      await Promise.all([llama.close(), llamaWordsOnly.close(), openai.close(), vllm.close(), login.close(), basicJson.close()]);
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
      const { found, late } = await detectLocalServers([{ name: 'Stall', port: (server.address() as net.AddressInfo).port }], {
        firstMs: 200,
        retryMs: 300,
      });
      assert.deepStrictEqual([found, late.map((c) => c.name)], [[], ['Stall']]);
      assert.ok(performance.now() - started < 800);
    } finally {
      sockets.forEach((s) => s.destroy());
      server.close();
    }
  });

  it('probes only loopback: every connection arrives on 127.0.0.1, a server on another address is never asked', async () => {
    // Listening on every address, the server sees which one the probe connected to.
    const everywhere = await responder(JSON.stringify({ object: 'list', data: [{ id: 'm' }] }), { host: '0.0.0.0' });
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    const elsewhere = external ? await responder(JSON.stringify({ object: 'list', data: [{ id: 'x' }] }), { host: external }) : undefined;
    try {
      const candidates = [
        { name: 'Everywhere', port: everywhere.port },
        ...(elsewhere ? [{ name: 'Elsewhere', port: elsewhere.port }] : []),
      ];
      const { found } = await detectLocalServers(candidates, { firstMs: 500, retryMs: 500 });
      assert.deepStrictEqual(
        found.map((f) => f.name),
        ['Everywhere'],
      );
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
    assert.deepStrictEqual(
      localCandidates().map((c) => [c.name, c.port]),
      [
        ['Ollama', 11434],
        ['LM Studio', 1234],
        ['llama.cpp server', 8080],
        ['vLLM', 8000],
      ],
    );
  });

  it('builds loopback URLs only, and refuses what is not a port', () => {
    for (const c of localCandidates()) assert.strictEqual(probeUrl(c.port), `http://127.0.0.1:${c.port}/v1/models`);
    assert.throws(() => probeUrl(0));
    assert.throws(() => probeUrl(70000));
    assert.throws(() => probeUrl(80.5));
  });

  it('a 401 is an API wanting a key only when it says so in JSON and asks for no browser login', () => {
    const h = (o: Record<string, string> = {}) => new Headers(o);
    const llama = JSON.stringify({ error: { code: 401, message: 'Invalid API Key', type: 'authentication_error' } });
    assert.strictEqual(keyWantedBy(h(), llama), 'llamacpp');
    assert.strictEqual(keyWantedBy(h({ server: 'llama.cpp' }), JSON.stringify({ error: { message: 'Unauthorized' } })), 'llamacpp');
    assert.strictEqual(
      keyWantedBy(h(), JSON.stringify({ error: { message: 'Incorrect API key provided.', type: 'invalid_request_error' } })),
      'other',
    );
    assert.strictEqual(keyWantedBy(h(), JSON.stringify({ error: 'Unauthorized' })), 'other');
    for (const [headers, body] of [
      [h(), '<h1>401</h1>'],
      [h(), '{}'],
      [h(), 'null'],
      [h(), JSON.stringify({ detail: 'x' })],
      [h({ 'www-authenticate': 'Basic realm="x"' }), llama],
      [h({ server: 'llama.cpp' }), 'Unauthorized'],
    ] as const) {
      assert.strictEqual(keyWantedBy(headers, body), undefined, body);
    }
  });

  it('accepts only an OpenAI-compatible model list', () => {
    assert.deepStrictEqual(modelIds({ object: 'list', data: [{ id: 'a', object: 'model' }, { id: 'b' }] }), ['a', 'b']);
    assert.deepStrictEqual(modelIds({ data: [{ id: 'a' }] }), ['a'], 'object is optional');
    assert.deepStrictEqual(modelIds({ object: 'list', data: [] }), [], 'a server with no models yet is still a server');
    for (const bad of [
      null,
      'x',
      [],
      {},
      { object: 'model', data: [] },
      { data: {} },
      { data: [{}] },
      { data: [{ id: '' }] },
      { data: [{ id: 3 }] },
      { data: ['a'] },
      { models: [{ name: 'a' }] },
    ]) {
      assert.strictEqual(modelIds(bad), undefined, JSON.stringify(bad));
    }
  });

  it('a found server becomes a valid keyless profile with its first model and a free name', () => {
    const server = {
      name: 'Ollama',
      port: 11434,
      presetId: 'ollama',
      baseUrl: 'http://127.0.0.1:11434/v1',
      models: ['qwen2.5-coder:7b', 'llama3.2'],
    };
    const raw = profileFromLocalServer(server, ['Ollama']);
    assert.deepStrictEqual(raw, { name: 'Ollama 2', baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5-coder:7b', needsKey: false });
    const [profile] = parseProfiles([raw]);
    assert.strictEqual(profile.needsKey, false);
    const empty = profileFromLocalServer({ ...server, models: [] }, []);
    assert.strictEqual(empty.model, PRESETS.find((p) => p.id === 'ollama')!.model, 'no models listed: the preset default');
    assert.strictEqual(uniqueName('A', ['A', 'A 2']), 'A 3');
  });
});
