import * as assert from 'assert';
import * as http from 'http';
import * as net from 'net';
import * as vscode from 'vscode';
import type { ToWebview } from '../../src/shared/protocol';
import { startChatServer, type ChatServer } from '../server/chatServer';
import { chromeTold, parley, waitFor } from './helpers';
import { recordPicks, recordPosts, recordSearches, type Recorder } from './recorders';

const OLLAMA_PORT = 11434;
const LM_STUDIO_PORT = 1234;
const LLAMA_CPP_PORT = 8080;
/** PROBE_TIMEOUT_MS and RETRY_TIMEOUT_MS in src/connection/localServers.ts. */
const PROBE_TIMEOUT_MS = 1500;
const RETRY_TIMEOUT_MS = 5000;
const MODELS = ['llama3.2:latest', 'qwen2.5-coder:7b', 'nomic-embed-text'];
/** Sent by the garbage responder, so a second test run can tell it is ours. */
const GARBAGE_MARK = 'x-parley-test-garbage';

/**
 * Who holds a port we need: our own test server from a parallel run (then the test is skipped,
 * saying so) or something else, such as a real Ollama (then it fails, naming the port).
 */
async function whoHolds(port: number): Promise<'ours' | 'other'> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v1/models`, { signal: AbortSignal.timeout(2000) });
    if (res.headers.get(GARBAGE_MARK)) return 'ours';
    const body = (await res.json().catch(() => undefined)) as { data?: { owned_by?: string }[] } | undefined;
    return body?.data?.[0]?.owned_by === 'parley-test' ? 'ours' : 'other';
  } catch {
    return 'other';
  }
}

async function bindOrExplain<T>(port: number, bind: () => Promise<T>, ctx: Mocha.Context): Promise<T> {
  try {
    return await bind();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    if ((await whoHolds(port)) === 'ours') {
      console.log(
        `    skipped: port ${port} is held by another Parley test run (a UI or integration test in parallel); run this again when it is free`,
      );
      ctx.skip();
    }
    throw new Error(
      `port ${port} on 127.0.0.1 is in use by something that is not a Parley test server (a real local model server?). Stop it to run the local server tests.`,
    );
  }
}

/** Answers everything with an HTML page: a port that is open but not a model server. */
async function startGarbage(port: number): Promise<{ hits: string[]; from: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const from: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    from.push(req.socket.remoteAddress ?? '');
    res.writeHead(200, { 'content-type': 'text/html', [GARBAGE_MARK]: '1' });
    res.end('<!doctype html><title>Not a model server</title><h1>Hello</h1>');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  assert.strictEqual((server.address() as net.AddressInfo).port, port);
  return {
    hits,
    from,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Accepts connections and never answers (a hung server); undefined when the port is taken. */
async function startSilent(port: number): Promise<{ from: string[]; close(): Promise<void> } | undefined> {
  const from: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    from.push(s.remoteAddress ?? '');
    s.on('error', () => undefined);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  } catch (e) {
    console.log(`    note: port ${port} is taken (${(e as NodeJS.ErrnoException).code}), so the silent-port part is left out`);
    return undefined;
  }
  return {
    from,
    close: () =>
      new Promise<void>((r) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  };
}

const hideParley = () => vscode.commands.executeCommand('workbench.action.closeSidebar');

describe("Local servers found by themselves (Ollama on its real port, garbage on LM Studio's)", function () {
  this.timeout(60_000);
  let ollama: ChatServer | undefined;
  let garbage: Awaited<ReturnType<typeof startGarbage>> | undefined;
  let silent: Awaited<ReturnType<typeof startSilent>>;
  let restoreProfiles: (() => Promise<void>) | undefined;
  /** What the view is told, from the first test on. */
  let posts: Recorder<ToWebview> | undefined;
  const config = () => vscode.workspace.getConfiguration('parley');
  const probes = () => [
    ...(ollama?.requests.map((r) => `ollama ${r.method} ${r.path}`) ?? []),
    ...(garbage?.hits.map((h) => `garbage ${h}`) ?? []),
  ];

  before(async function () {
    ollama = await bindOrExplain(OLLAMA_PORT, () => startChatServer({ port: OLLAMA_PORT, models: MODELS }), this);
    garbage = await bindOrExplain(LM_STUDIO_PORT, () => startGarbage(LM_STUDIO_PORT), this);
    silent = await startSilent(LLAMA_CPP_PORT);
    restoreProfiles = await withoutProfiles();
  });

  after(async () => {
    posts?.dispose();
    await restoreProfiles?.();
    await ollama?.close();
    await garbage?.close();
    await silent?.close();
  });

  it('does nothing before Parley is used: activation, editors, other commands probe no port', async () => {
    await hideParley();
    const api = await parley(); // activates the extension when this test runs on its own
    posts = recordPosts(api);
    api.localServers.forget(); // as a new window: nothing found yet
    const searches = recordSearches(api);
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const x = 1;\n' });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('parley.showLog');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await new Promise((r) => setTimeout(r, 2500)); // longer than a probe's timeout
    assert.deepStrictEqual(probes(), [], 'a port was probed before Parley was opened');
    assert.deepStrictEqual(silent?.from ?? [], [], 'the silent port was connected to before Parley was opened');
    searches.dispose();
    assert.strictEqual(searches.all.length, 0, 'a search ran before Parley was opened');
  });

  it('opening the chat view looks once: Ollama offered first with its models, the garbage port asked and not offered, a silent port asked once more with a longer wait and reported as not answering in time, loopback only', async () => {
    const api = await parley();
    const searches = recordSearches(api);
    await vscode.commands.executeCommand('parley.openChat');
    // Generous limits: on a loaded machine the view can take a while to open.
    await waitFor('the chat view visible', () => api.view.visible, 45_000);
    await waitFor('a search to start', () => searches.all.length > 0, 10_000);
    const started = Date.now();
    await waitFor('the search to end', () => !api.localServers.looking, 15_000);
    const took = Date.now() - started;
    searches.dispose();
    assert.strictEqual(searches.all.length, 1, 'one search for opening the view');
    if (silent) {
      // The silent port is asked again with a longer wait, and given up on after it, not later.
      // At least twice: in the extension host, VS Code's patched fetch may open a second
      // connection to a port that accepts and never answers. "Once" is checked on the ports that
      // answer (one request each, below) and by the search count.
      assert.ok(silent.from.length >= 2, `the silent port was asked ${silent.from.length} times, not twice`);
      assert.ok(
        took < PROBE_TIMEOUT_MS + RETRY_TIMEOUT_MS + 2500,
        `the search took ${took} ms with a ${PROBE_TIMEOUT_MS} ms timeout and a ${RETRY_TIMEOUT_MS} ms retry`,
      );
    }
    // Only loopback connections: every server here saw the probe come from 127.0.0.1.
    for (const address of [...garbage!.from, ...(silent?.from ?? [])]) assert.match(address, /^(::ffff:)?127\.0\.0\.1$/);
    await waitFor('the probe to reach the stand-in Ollama', () => ollama!.requests.length > 0, 10_000);
    await waitFor('the probe to reach the garbage port', () => garbage!.hits.length > 0);
    const offered = await waitFor('the view to be told what was found', () => {
      const local = chromeTold(posts!.all).at(-1)?.localServers;
      return local && !local.looking && local.offers.length > 0 ? local : undefined;
    });
    assert.strictEqual(offered.offers[0].label, 'Ollama on localhost:11434, 3 models');
    assert.strictEqual(offered.offers[0].port, OLLAMA_PORT);
    assert.match(offered.offers[0].detail, /^llama3\.2:latest, qwen2\.5-coder:7b, nomic-embed-text$/);
    assert.ok(!offered.offers.some((o) => o.port === LM_STUDIO_PORT), 'the HTML answer on 1234 is not a model server');
    // A port that accepts and does not answer is not "no server": the view says it did not answer in time.
    if (silent) assert.match(offered.note, /^The server on port 8080 did not answer in time/);
    assert.deepStrictEqual(
      ollama!.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /v1/models'],
    );
    assert.deepStrictEqual(garbage!.hits, ['GET /v1/models']);
    assert.strictEqual(ollama!.requests[0].headers.authorization, undefined, 'no key goes to a port nobody set up');
    // Hidden and shown again in the same window: the result is kept, nothing is asked again.
    await hideParley();
    await vscode.commands.executeCommand('parley.openChat');
    await waitFor('the view visible again', () => api.view.visible);
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(ollama!.requests.length, 1);
    // The next searches need not wait for it again.
    await silent?.close();
    silent = undefined;
  });

  it('Choose Provider lists Ollama first; one pick sets up the profile and a question is answered', async () => {
    const api = await parley();
    api.localServers.forget();
    const asked = ollama!.requests.length;
    const picks = recordPicks(api);
    const command = vscode.commands.executeCommand('parley.chooseProvider');
    const items = await waitFor('the provider picker', () => picks.all.at(-1));
    picks.dispose();
    assert.strictEqual(ollama!.requests.length, asked + 1, 'Choose Provider looked again after forget()');
    assert.strictEqual(items[0], '$(vm-running) Ollama on localhost:11434, 3 models');
    assert.ok(!items.some((l) => l.includes('localhost:1234,')), 'the garbage port is not offered');
    assert.ok(items.includes('$(add) LM Studio'), 'presets follow');
    // Accept the first (active) item, as Enter would.
    await waitFor(
      'the pick to be accepted',
      async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return (config().inspect<unknown[]>('profiles')?.globalValue?.length ?? 0) > 0;
      },
      10_000,
    );
    await command;
    assert.deepStrictEqual(config().inspect('profiles')?.globalValue, [
      { name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2:latest', needsKey: false },
    ]);
    assert.strictEqual(config().inspect('activeProfile')?.globalValue, 'Ollama');
    assert.strictEqual(api.service.requireProfile().needsKey, false);

    await api.chat.newChat();
    await api.chat.send('What does fib do?');
    const reply = api.chat.messages.at(-1)!;
    assert.strictEqual(reply.error, undefined);
    assert.strictEqual(reply.content, 'Hello from the test server.');
    const chat = ollama!.requests.at(-1)!;
    assert.strictEqual(chat.path, '/v1/chat/completions');
    assert.strictEqual(chat.body.model, 'llama3.2:latest');
    assert.strictEqual(chat.headers.authorization, undefined);

    // Set up: the empty-view offer is gone.
    await waitFor('the view to drop the offer', () => {
      const last = chromeTold(posts!.all).at(-1);
      return last && last.localServers === undefined && last.profileLabel === 'Ollama · llama3.2:latest';
    });
  });

  it('with a profile set up, opening Parley probes nothing', async () => {
    const api = await parley();
    api.localServers.forget();
    const before = probes().length;
    await hideParley();
    await vscode.commands.executeCommand('parley.openChat');
    await waitFor('the view visible', () => api.view.visible);
    await new Promise((r) => setTimeout(r, 1000));
    assert.strictEqual(probes().length, before);
  });
});

/** The local-servers part of the view state posted last, when it says the search is over. */
function settledView(posted: readonly ToWebview[]) {
  const local = chromeTold(posted, 'localServers').map((c) => c.localServers);
  const last = local.at(-1);
  return last && !last.looking && last.note ? { last, all: local } : undefined;
}

describe('Local servers that are slow, or want a key (a busy Ollama on 11434, llama.cpp started with --api-key on 8080)', function () {
  this.timeout(60_000);
  const LLAMA_KEY = 'llama-key-0123456789';
  let ollama: ChatServer | undefined;
  let llama: ChatServer | undefined;
  let restoreProfiles: (() => Promise<void>) | undefined;
  const config = () => vscode.workspace.getConfiguration('parley');

  before(async function () {
    // Answers its model list after 2 s, as Ollama does on a loaded machine.
    ollama = await bindOrExplain(OLLAMA_PORT, () => startChatServer({ port: OLLAMA_PORT, models: MODELS, modelsDelayMs: 2000 }), this);
    llama = await bindOrExplain(
      LLAMA_CPP_PORT,
      () => startChatServer({ port: LLAMA_CPP_PORT, models: ['qwen2.5-coder-7b-q4_k_m.gguf'], apiKey: LLAMA_KEY, like: 'llamacpp' }),
      this,
    );
    restoreProfiles = await withoutProfiles();
  });

  after(async () => {
    await restoreProfiles?.();
    await ollama?.close();
    await llama?.close();
  });

  it('a server that answers its model list after 2 s is waited for (the view says it is still looking) and offered, not reported as none', async () => {
    const api = await parley();
    api.localServers.forget();
    const posts = recordPosts(api);
    const found = await api.localServers.find(true);
    const { last, all } = await waitFor('the view told the search is over', () => settledView(posts.all));
    posts.dispose();
    assert.ok(
      all.some((l) => l?.looking && /^Looking for/.test(l.note)),
      'the view said it was looking while it waited',
    );
    assert.doesNotMatch(last.note, /No local server answered/);
    assert.strictEqual(last.offers[0].label, 'Ollama on localhost:11434, 3 models');
    assert.deepStrictEqual(
      found.map((f) => f.port),
      [OLLAMA_PORT, LLAMA_CPP_PORT],
    );
    assert.ok(ollama!.requests.every((r) => r.path === '/v1/models' && r.headers.authorization === undefined));
  });

  it('llama.cpp answering 401 is offered as needing a key; one click asks for the key (again when rejected), sets it up, and a question is answered with it', async () => {
    const api = await parley();
    const offer = api.localServers.view()?.offers.find((o) => o.port === LLAMA_CPP_PORT);
    assert.ok(offer, `llama.cpp on ${LLAMA_CPP_PORT} is not offered: ${JSON.stringify(api.localServers.view())}`);
    assert.strictEqual(offer.label, 'llama.cpp server on localhost:8080 (needs a key)');
    assert.deepStrictEqual(
      llama!.requests.map((r) => [r.path, r.headers.authorization]),
      [['/v1/models', undefined]],
      'the probe sends no key',
    );

    const answers = ['sk-wrong-0000000000', LLAMA_KEY];
    const asked: vscode.InputBoxOptions[] = [];
    const answering = api.answerPrompts({
      input: async (options) => {
        asked.push(options);
        return answers.shift();
      },
    });
    try {
      await api.view.receive({ type: 'useLocalServer', port: LLAMA_CPP_PORT });
    } finally {
      answering.dispose();
    }
    assert.strictEqual(asked.length, 2, 'a rejected key is asked for again');
    assert.ok(asked.every((o) => o.password && o.title === 'API key for llama.cpp server'));
    assert.match(String(asked[1].prompt), /rejected/);
    assert.deepStrictEqual(config().inspect('profiles')?.globalValue, [
      { name: 'llama.cpp server', baseUrl: 'http://127.0.0.1:8080/v1', model: 'qwen2.5-coder-7b-q4_k_m.gguf' },
    ]);
    assert.strictEqual(config().inspect('activeProfile')?.globalValue, 'llama.cpp server');
    assert.strictEqual(await api.keys.get('http://127.0.0.1:8080/v1'), LLAMA_KEY);

    await api.chat.newChat();
    await api.chat.send('What does fib do?');
    const reply = api.chat.messages.at(-1)!;
    assert.strictEqual(reply.error, undefined);
    assert.strictEqual(reply.content, 'Hello from the test server.');
    const chat = llama!.requests.at(-1)!;
    assert.deepStrictEqual([chat.path, chat.headers.authorization], ['/v1/chat/completions', `Bearer ${LLAMA_KEY}`]);
    assert.ok(
      ollama!.requests.every((r) => r.headers.authorization === undefined),
      'the key went only to the server it was entered for',
    );
  });
});

/**
 * Profiles are machine settings shared by every test in this host: takes them away (local
 * servers are only looked for while there are none) and returns what puts them back.
 */
async function withoutProfiles(): Promise<() => Promise<void>> {
  const config = () => vscode.workspace.getConfiguration('parley');
  const profiles = config().inspect('profiles')?.globalValue;
  const active = config().inspect('activeProfile')?.globalValue;
  await config().update('profiles', undefined, vscode.ConfigurationTarget.Global);
  await config().update('activeProfile', undefined, vscode.ConfigurationTarget.Global);
  return async () => {
    await config().update('profiles', profiles, vscode.ConfigurationTarget.Global);
    await config().update('activeProfile', active, vscode.ConfigurationTarget.Global);
  };
}
