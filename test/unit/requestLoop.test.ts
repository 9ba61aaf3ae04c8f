import * as assert from 'assert';
import { ChatError } from '../../src/core/client/chatError';
import { parseProfile, type Profile } from '../../src/core/connection/profiles';
import { sendAdapting, type RequestLoopDeps } from '../../src/core/client/node/requestLoop';
import { DEFAULT_CAPS, type EndpointCaps } from '../../src/core/types';
import { errorReply, startChatServer, textReply, type ChatServer } from '../server/chatServer';

/** The request loop every feature uses, in plain Node against the real test server. */
describe('request loop: keys and parameter adaptation', function () {
  this.timeout(20_000);
  let server: ChatServer;
  afterEach(async () => {
    assert.deepStrictEqual(
      server.invalidRequests().map((r) => r.invalid),
      [],
      'every request satisfies the OpenAPI spec',
    );
    await server.close();
  });

  /** Deps that record what the loop asked for, with keys handed out in turn. */
  function deps(keys: (string | undefined)[] = []) {
    const known = new Map<string, EndpointCaps>();
    const asked: (string | undefined)[] = [];
    const remembered: EndpointCaps[] = [];
    const lines: string[] = [];
    const d: RequestLoopDeps = {
      key: async (_p, rejected) => {
        asked.push(rejected);
        return keys.shift();
      },
      known: (p) => known.get(p.baseUrl) ?? DEFAULT_CAPS,
      remember: async (p, caps) => {
        remembered.push(caps);
        known.set(p.baseUrl, caps);
      },
      timeouts: () => ({ firstTokenMs: 5000, idleMs: 5000 }),
      log: { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) },
    };
    return { d, asked, remembered, lines };
  }
  const profile = (extra: Record<string, unknown> = {}): Profile =>
    parseProfile({ name: 'Test', baseUrl: server.url, model: 'test-model', ...extra }, 0);
  const run = (p: Profile, d: RequestLoopDeps) =>
    sendAdapting(
      p,
      [{ role: 'user', content: 'hi' }],
      { purpose: 'test', onEvent: () => undefined },
      { caps: d.known(p), generation: { model: p.model, maxTokens: p.maxTokens, temperature: p.temperature } },
      d,
    );

  it("a rejected key is asked for again once, with the server's reason, and the new key is used", async () => {
    server = await startChatServer({ apiKey: 'sk-good' });
    const { d, asked, lines } = deps(['sk-old', 'sk-good']);
    const { result } = await run(profile(), d);
    assert.strictEqual(result.content, 'Hello from the test server.');
    assert.deepStrictEqual(asked, [undefined, 'Incorrect API key provided.']);
    assert.deepStrictEqual(
      server.requests.map((r) => r.headers.authorization),
      ['Bearer sk-old', 'Bearer sk-good'],
    );
    assert.ok(
      lines.every((l) => !l.includes('sk-')),
      'no key in the log',
    );
  });

  it('a second 401 is not asked about again: it fails with the status', async () => {
    server = await startChatServer({ apiKey: 'sk-good' });
    const { d, asked } = deps(['sk-a', 'sk-b', 'sk-c']);
    await assert.rejects(run(profile(), d), (e: unknown) => e instanceof ChatError && e.status === 401);
    assert.strictEqual(asked.length, 2);
    assert.strictEqual(server.requests.length, 2);
  });

  it('a 401 on a profile set up without a key asks for nothing and says the server wants one (not that a key was rejected)', async () => {
    server = await startChatServer({ apiKey: 'sk-good', like: 'llamacpp' });
    const { d, asked } = deps();
    await assert.rejects(run(profile({ name: 'llama.cpp server', needsKey: false }), d), (e: unknown) => {
      assert.ok(e instanceof ChatError && e.status === 401);
      assert.strictEqual(
        e.message,
        `HTTP 401 from 127.0.0.1:${server.port}: Invalid API Key. This server asks for an API key and the profile "llama.cpp server" sends none: run "Parley: Set API Key" to enter one.`,
      );
      return true;
    });
    assert.deepStrictEqual(asked, [undefined], 'no key box for a keyless profile: the chat offers one');
    assert.deepStrictEqual(
      server.requests.map((r) => r.headers.authorization),
      [undefined],
    );
  });

  it('adapts to each parameter the endpoint rejects in turn, and remembers what works', async () => {
    server = await startChatServer();
    server.enqueue(
      errorReply(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."),
      errorReply(400, "Unsupported value: 'temperature' does not support 0.2 with this model."),
      textReply('ok'),
    );
    const { d, remembered } = deps();
    const { caps } = await run(profile({ maxTokens: 50, temperature: 0.2, needsKey: false }), d);
    assert.strictEqual(server.requests.length, 3);
    assert.deepStrictEqual([server.requests[2].body.max_completion_tokens, server.requests[2].body.temperature], [50, undefined]);
    assert.deepStrictEqual([caps.maxTokensParam, caps.temperature], ['max_completion_tokens', false]);
    assert.deepStrictEqual(remembered.at(-1), { ...caps });
  });

  it('never adapts the same parameter twice (no ping-pong between two names)', async () => {
    server = await startChatServer();
    server.enqueue(
      errorReply(400, "Unsupported parameter: 'max_tokens' is not supported."),
      errorReply(400, "Unsupported parameter: 'max_completion_tokens' is not supported."),
    );
    const { d } = deps();
    await assert.rejects(run(profile({ maxTokens: 50, needsKey: false }), d), (e: unknown) => e instanceof ChatError && e.status === 400);
    assert.strictEqual(server.requests.length, 2);
  });

  it('a 400 about something else is shown at once, not retried', async () => {
    server = await startChatServer();
    server.enqueue(errorReply(400, 'messages: too long'));
    const { d } = deps();
    await assert.rejects(run(profile({ needsKey: false }), d), /too long/);
    assert.strictEqual(server.requests.length, 1);
  });
});
