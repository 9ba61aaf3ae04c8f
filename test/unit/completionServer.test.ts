import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { startChatServer, type ChatServer, type ChatServerOptions } from '../server/chatServer';
import { DEFAULT_COMPLETION_TEXT, LLAMACPP_SUFFIX_REFUSAL, type CompletionRequest } from '../server/completionRoutes';
import { infillValidator, validateResponse } from '../server/specValidator';
import { repoRoot } from '../spec/extractSpec';

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'llamacpp', name), 'utf8'));
const FIM = { model: 'm', prompt: 'function add(a, b) {\n  ', suffix: '\n}\n', max_tokens: 64, temperature: 0.2, stop: ['\n\n'] };
const INFILL = {
  input_prefix: 'def add(a, b):\n    ',
  input_suffix: '\n',
  input_extra: [{ filename: 'util.py', text: 'x = 1\n' }],
  n_predict: 64,
};

/** Autocomplete's routes on the test server: legacy /completions and llama.cpp's /infill, validated both ways. */
describe('the test server: completions and infill', function () {
  this.timeout(20_000);
  let server: ChatServer;
  const start = async (options: ChatServerOptions = {}) => {
    await server?.close();
    server = await startChatServer(options);
  };
  const origin = () => server.url.replace(/\/v1$/, '');
  const post = (url: string, body: unknown, init: RequestInit = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...init });
  afterEach(async () => {
    assert.deepStrictEqual(
      server.invalidResponses().map((r) => r.invalidResponse),
      [],
      'the server sent only what its schemas accept',
    );
    await server.close();
  });

  it('answers /completions with prompt and suffix, or prompt alone, as a text_completion the spec accepts', async () => {
    await start();
    const seen: CompletionRequest[] = [];
    server.respondCompletion((req) => (seen.push(req), { text: 'return a + b;' }));
    const res = await post(`${server.url}/completions`, FIM);
    assert.strictEqual(res.status, 200);
    const body = (await res.json()) as any;
    assert.deepStrictEqual(validateResponse('textCompletion', body), []);
    assert.strictEqual(body.object, 'text_completion');
    assert.strictEqual(body.choices[0].text, 'return a + b;');
    const raw = await post(`${server.url}/completions`, { model: 'm', prompt: '<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>' });
    assert.strictEqual(raw.status, 200);
    assert.deepStrictEqual(
      seen.map((s) => [s.route, s.body.suffix]),
      [
        ['completions', '\n}\n'],
        ['completions', undefined],
      ],
    );
    assert.deepStrictEqual(
      server.requests.map((r) => r.path),
      ['/v1/completions', '/v1/completions'],
    );
    assert.strictEqual(server.invalidRequests().length, 0);
  });

  it('takes queued replies first, then the model, then the default text; a scripted status sends its body', async () => {
    await start();
    server.enqueueCompletion({ text: 'first' }, { status: 503, body: { error: { message: 'busy', type: 'server_error' } } });
    server.respondCompletion(() => ({ text: 'modelled' }));
    const texts = [];
    for (let i = 0; i < 2; i++) texts.push(((await (await post(`${server.url}/completions`, FIM)).json()) as any).choices?.[0].text);
    assert.deepStrictEqual(texts, ['first', undefined]);
    assert.strictEqual(server.requests.length, 2);
    const third = await post(`${server.url}/completions`, FIM);
    assert.strictEqual(((await third.json()) as any).choices[0].text, 'modelled');
    server.respondCompletion(undefined);
    assert.strictEqual(((await (await post(`${server.url}/completions`, FIM)).json()) as any).choices[0].text, DEFAULT_COMPLETION_TEXT);
  });

  it('a scripted status answers with it', async () => {
    await start();
    server.enqueueCompletion({ status: 429 });
    const res = await post(`${server.url}/completions`, FIM);
    assert.strictEqual(res.status, 429);
    assert.match(((await res.json()) as any).error.message, /Scripted status 429/);
  });

  it('rejects a body the spec rejects with 400 and an OpenAI error body, on both routes', async () => {
    await start({ like: 'llamacpp' });
    const bad = await post(`${server.url}/completions`, { model: 'm', suffix: 'x', max_tokens: 'many' });
    assert.strictEqual(bad.status, 400);
    const error = ((await bad.json()) as any).error;
    assert.strictEqual(error.type, 'invalid_request_error');
    assert.match(error.message, /Invalid request: .*prompt/);
    const badInfill = await post(`${origin()}/infill`, { ...INFILL, input_extra: [{ filename: 'a.py' }] });
    assert.strictEqual(badInfill.status, 400);
    assert.match(((await badInfill.json()) as any).error.message, /input_extra\/0 must have required property 'text'/);
    assert.strictEqual(server.invalidRequests().length, 2);
  });

  it("like llama.cpp: /infill answers in llama-server's shape; /v1/completions ignores suffix (200), or refuses it as older servers did", async () => {
    await start({ like: 'llamacpp' });
    const seen: CompletionRequest[] = [];
    server.respondCompletion((req) => (seen.push(req), { text: 'a + b' }));
    const infill = await post(`${origin()}/infill`, INFILL);
    assert.strictEqual(infill.status, 200);
    assert.strictEqual(infill.headers.get('server'), 'llama.cpp');
    const body = (await infill.json()) as any;
    assert.deepStrictEqual(Object.keys(body), Object.keys(fixture('infill-response.json')), 'the keys the real server sends, in its order');
    assert.strictEqual(body.content, 'a + b');
    const completion = await post(`${server.url}/completions`, FIM);
    assert.strictEqual(completion.status, 200);
    assert.deepStrictEqual(
      seen.map((s) => [s.route, 'suffix' in s.body]),
      [
        ['infill', false],
        ['completions', false],
      ],
    );
    await start({ like: 'llamacpp', completionSuffix: 'refuse' });
    const refused = await post(`${server.url}/completions`, FIM);
    assert.strictEqual(refused.status, 500);
    assert.deepStrictEqual(await refused.json(), LLAMACPP_SUFFIX_REFUSAL);
    assert.strictEqual((await post(`${server.url}/completions`, { ...FIM, suffix: undefined })).status, 200);
  });

  it('OpenAI-like has no /infill (404); `completions: false` has no /completions either, and chat still answers', async () => {
    await start();
    assert.strictEqual((await post(`${origin()}/infill`, INFILL)).status, 404);
    await start({ completions: false });
    assert.strictEqual((await post(`${server.url}/completions`, FIM)).status, 404);
    const chat = await post(`${server.url}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    assert.strictEqual(chat.status, 200);
  });

  it('a stall answers nothing; the client leaving sets closedEarly and settles the request', async () => {
    await start();
    server.enqueueCompletion({ stall: true });
    const abort = new AbortController();
    const pending = post(`${server.url}/completions`, FIM, { signal: abort.signal }).catch((e: Error) => e);
    while (server.requests.length === 0) await new Promise((r) => setImmediate(r));
    let settled = false;
    void server.settled(0).then(() => (settled = true));
    // Another request served in full meanwhile: the stalled one has still not ended.
    assert.strictEqual((await post(`${server.url}/completions`, FIM)).status, 200);
    await server.settled(1);
    assert.strictEqual(settled, false, 'a stalled request has not ended');
    abort.abort();
    assert.strictEqual(((await pending) as Error).name, 'AbortError');
    const record = await server.settled(0);
    assert.strictEqual(record.closedEarly, true);
  });

  it('delayMs holds the headers back; settled resolves when the answer is complete', async () => {
    await start({ like: 'llamacpp' });
    server.enqueueCompletion({ delayMs: 120, text: 'late' });
    const t0 = performance.now();
    const res = await post(`${origin()}/infill`, INFILL);
    assert.ok(performance.now() - t0 >= 110, `headers after ${performance.now() - t0} ms`);
    assert.strictEqual(((await res.json()) as any).content, 'late');
    const record = await server.settled(0);
    assert.strictEqual(record.closedEarly, false);
    assert.ok(record.lastByteAt! - record.arrivedAt >= 110);
  });

  it('streams text_completion chunks (finish_reason on the last) and `data: [DONE]` when asked', async () => {
    await start();
    server.enqueueCompletion({ text: 'return a + b;' });
    const res = await post(`${server.url}/completions`, { ...FIM, stream: true });
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const data = (await res.text()).split('\n\n').filter(Boolean);
    assert.strictEqual(data.pop(), 'data: [DONE]');
    const chunks = data.map((d) => JSON.parse(d.replace(/^data: /, '')));
    assert.strictEqual(chunks.map((c) => c.choices[0].text).join(''), 'return a + b;');
    assert.deepStrictEqual(
      chunks.map((c) => c.choices[0].finish_reason),
      [null, null, null, null, 'stop'],
    );
    assert.ok(chunks.every((c) => c.object === 'text_completion'));
  });
});

describe('the completion schemas against what the real llama-server sent (test/fixtures/llamacpp)', () => {
  it('accept the recorded answers, and reject them broken', () => {
    const infill = fixture('infill-response.json');
    assert.deepStrictEqual(infillValidator('InfillResponse')(infill), []);
    assert.deepStrictEqual(infillValidator('InfillResponse')({ ...infill, content: undefined }), [
      "(body) must have required property 'content'",
    ]);
    assert.deepStrictEqual(validateResponse('textCompletion', fixture('v1-completions-suffix-response.json')), []);
    assert.notDeepStrictEqual(
      validateResponse('textCompletion', { ...fixture('v1-completions-suffix-response.json'), object: 'chat.completion' }),
      [],
    );
  });
});
