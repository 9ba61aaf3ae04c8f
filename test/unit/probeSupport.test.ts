import * as assert from 'assert';
import { probeSupport, type ProbeDeps } from '../../src/core/client/node/probeSupport';
import { withImagesRefused } from '../../src/core/client/imageSupport';
import { parseProfile, type Profile } from '../../src/core/connection/profiles';
import { DEFAULT_CAPS } from '../../src/core/types';
import { errorReply, startChatServer, type ChatServer, type ChatServerOptions } from '../server/chatServer';

/** Test Connection's probes sent to the real test server, scripted as models that refuse one thing or the other. */
describe("Test Connection's probes against a server", function () {
  this.timeout(20_000);
  let server: ChatServer | undefined;
  afterEach(async () => {
    if (!server) return;
    assert.deepStrictEqual(
      server.invalidRequests().map((r) => r.invalid),
      [],
      'every probe satisfies the OpenAPI spec',
    );
    assert.deepStrictEqual(
      server.invalidResponses().map((r) => r.invalidResponse),
      [],
    );
    await server.close();
    server = undefined;
  });

  async function serve(options: ChatServerOptions): Promise<{ profile: Profile; deps: ProbeDeps; lines: string[] }> {
    server = await startChatServer(options);
    const lines: string[] = [];
    const profile = parseProfile({ name: 'Local', baseUrl: server.url, model: 'gemma3:4b', needsKey: false }, 0);
    return {
      profile,
      lines,
      deps: { key: undefined, timeouts: { firstTokenMs: 5000, idleMs: 5000 }, log: { info: (m) => lines.push(m) } },
    };
  }

  it("a model that takes tools and refuses images (OpenAI's words): tools yes, images no; two requests, neither streamed", async () => {
    const { profile, deps, lines } = await serve({ rejectImages: true });
    assert.deepStrictEqual(await probeSupport(profile, DEFAULT_CAPS, deps), { tools: 'yes', images: 'no' });
    const sent = server!.requests.map((r) => r.body);
    assert.strictEqual(sent.length, 2);
    assert.ok(sent[0].tools?.length === 1 && sent.every((b) => b.stream === false && b.model === 'gemma3:4b'));
    assert.match(lines.join('\n'), /takes images: no .*image_url is only supported by certain models/);
  });

  it("a model that refuses tools (Ollama's words) and takes images: tools no, images yes", async () => {
    const { profile, deps } = await serve({ rejectTools: true });
    assert.deepStrictEqual(await probeSupport(profile, DEFAULT_CAPS, deps), { tools: 'no', images: 'yes' });
  });

  it('llama-server started without --jinja or --mmproj: both refused with a 500 in its words, each asked once', async () => {
    const { profile, deps } = await serve({ rejectTools: true, rejectImages: true, like: 'llamacpp' });
    assert.deepStrictEqual(await probeSupport(profile, DEFAULT_CAPS, deps), { tools: 'no', images: 'no' });
    assert.strictEqual(server!.requests.length, 2, 'a refusal is not retried');
  });

  it('a model remembered as without images is asked again, and its answer is a yes', async () => {
    const { profile, deps } = await serve({});
    const caps = withImagesRefused(DEFAULT_CAPS, 'gemma3:4b');
    assert.deepStrictEqual(await probeSupport(profile, caps, deps), { tools: 'yes', images: 'yes' });
    assert.ok(Array.isArray(server!.requests[1].body.messages[0].content), 'the image was sent');
  });

  it('a busy server (503, then 429) tells nothing: unknown, asked once each, never retried', async () => {
    const { profile, deps } = await serve({});
    server!.enqueue(errorReply(503, 'Loading model'), errorReply(429, 'Too many requests', { 'retry-after': '1' }));
    assert.deepStrictEqual(await probeSupport(profile, DEFAULT_CAPS, deps), { tools: 'unknown', images: 'unknown' });
    assert.strictEqual(server!.requests.length, 2);
  });

  it('a server that does not answer in time tells nothing, and the test goes on to the next question', async () => {
    const { profile, deps } = await serve({});
    server!.enqueue({ headersDelayMs: 2000 });
    const started = Date.now();
    const support = await probeSupport(profile, DEFAULT_CAPS, { ...deps, timeouts: { firstTokenMs: 300, idleMs: 300 } });
    assert.deepStrictEqual(support, { tools: 'unknown', images: 'yes' });
    assert.ok(Date.now() - started < 1900, 'the first question gave up at its timeout');
  });

  it('stopped by the user: nothing thrown, nothing known', async () => {
    const { profile, deps } = await serve({});
    const abort = new AbortController();
    abort.abort();
    assert.deepStrictEqual(await probeSupport(profile, DEFAULT_CAPS, { ...deps, signal: abort.signal }), {
      tools: 'unknown',
      images: 'unknown',
    });
  });
});
