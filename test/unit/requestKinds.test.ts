import * as assert from 'assert';
import { RequestKinds } from '../../src/core/autocomplete/node/requestKinds';
import { SuggestionError } from '../../src/core/autocomplete/node/suggestionRequest';
import type { Profile } from '../../src/core/connection/profiles';
import { startChatServer, type ChatServer, type ChatServerOptions } from '../server/chatServer';

/** globalState as plain JSON in a Map: what RequestKinds keeps must survive a round trip. */
class JsonMemento {
  readonly values = new Map<string, string>();
  keys = () => [...this.values.keys()];
  get<T>(key: string, fallback?: T): T | undefined {
    const raw = this.values.get(key);
    return raw === undefined ? fallback : (JSON.parse(raw) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
  }
}

/** Which request kind autocomplete uses, found against the real test server and remembered. */
describe('autocomplete: the request kind per endpoint, against a real server', function () {
  this.timeout(20_000);
  let server: ChatServer;
  let state: JsonMemento;
  afterEach(async () => {
    assert.deepStrictEqual(
      server.invalidRequests().map((r) => r.invalid),
      [],
      'every request valid against its spec',
    );
    await server.close();
  });

  const start = async (options: ChatServerOptions) => {
    server = await startChatServer(options);
    state = new JsonMemento();
    return new RequestKinds(state, 'plan:');
  };
  const ask = (kinds: RequestKinds, model = 'test-model', signal = new AbortController().signal) => {
    const profile: Profile = { name: 't', baseUrl: server.url, model, apiStyle: 'openai', headers: {}, stream: true, needsKey: false };
    return kinds.ask({
      profile,
      model,
      prefix: 'def add(a, b):\n    return ',
      suffix: '\n',
      snippets: [],
      filePath: 'a.py',
      languageId: 'python',
      multiLine: false,
      signal,
    });
  };
  const paths = () => server.requests.map((r) => r.path);

  it('an OpenAI-like server: /completions with the suffix, kept for the next suggestion', async () => {
    const kinds = await start({});
    server.enqueueCompletion({ text: 'a + b' }, { text: 'a + b' });
    assert.strictEqual((await ask(kinds)).text, 'a + b');
    await ask(kinds);
    assert.deepStrictEqual(paths(), ['/v1/completions', '/v1/completions']);
    assert.strictEqual(server.requests[0].body.suffix, '\n');
    assert.strictEqual(kinds.current(server.url, 'test-model'), 'completions');
  });

  for (const [what, completionSuffix] of [
    ['llama.cpp today (suffix ignored)', 'ignore'],
    ['an older llama.cpp (suffix refused with a 500)', 'refuse'],
  ] as const) {
    it(`${what}: told by its Server header, moved to /infill at once and from then on`, async () => {
      const kinds = await start({ like: 'llamacpp', completionSuffix });
      server.respondCompletion(({ route }) => ({ text: route === 'infill' ? 'a + b' : 'blind to the suffix' }));
      assert.deepStrictEqual(await ask(kinds), { text: 'a + b', server: 'llama.cpp', kind: 'infill' });
      await ask(kinds);
      assert.deepStrictEqual(paths(), ['/v1/completions', '/infill', '/infill']);
      // A new window reads the same globalState: straight to /infill.
      const again = new RequestKinds(state, 'plan:');
      assert.strictEqual(again.current(server.url, 'test-model'), 'infill');
    });
  }

  it('no /completions: a FIM family gets its own tokens, any other model chat', async () => {
    const kinds = await start({ completions: false });
    server.setDefault({ steps: [{ content: 'a + b' }, { finish_reason: 'stop' }] });
    assert.deepStrictEqual(await ask(kinds), { text: 'a + b', server: undefined, kind: 'chat' });
    assert.deepStrictEqual(paths(), ['/v1/completions', '/v1/chat/completions']);
    await ask(kinds, 'qwen2.5-coder:1.5b').catch(() => undefined);
    assert.deepStrictEqual(paths().slice(2), ['/v1/completions', '/v1/completions', '/v1/chat/completions']);
    assert.ok(server.requests[3].body.prompt.startsWith('<|fim_prefix|>'), 'the second /completions is the raw FIM prompt');
  });

  it('a busy server is no verdict: the error carries status and message, and the kind stays', async () => {
    const kinds = await start({});
    server.enqueueCompletion({ status: 503, body: { error: { message: 'loading model', type: 'server_error', param: null, code: null } } });
    const failure = await ask(kinds).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(failure instanceof SuggestionError);
    assert.strictEqual(failure.status, 503);
    assert.match(failure.message, /loading model/);
    assert.strictEqual(kinds.current(server.url, 'test-model'), 'completions');
    assert.deepStrictEqual(state.keys(), [], 'nothing learnt');
  });

  it('an abort closes the request and says it was aborted', async () => {
    const kinds = await start({});
    server.enqueueCompletion({ stall: true });
    const abort = new AbortController();
    const asked = ask(kinds, 'test-model', abort.signal);
    while (server.requests.length === 0) await new Promise((r) => setImmediate(r));
    abort.abort();
    const failure = await asked.then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(failure instanceof SuggestionError && failure.aborted, String(failure));
    assert.strictEqual((await server.settled(0)).closedEarly, true);
  });
});
