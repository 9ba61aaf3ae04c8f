import * as assert from 'assert';
import { streamChat, listModels, type StreamChatRequest } from '../../src/core/client/node/chatClient';
import { ChatError } from '../../src/core/client/chatError';
import { buildChatRequest } from '../../src/core/client/chatRequest';
import { DEFAULT_CAPS, type Endpoint, type StreamEvent } from '../../src/core/types';
import { errorReply, startChatServer, textReply, type ChatServer } from '../server/chatServer';

/** The core client against the real test server over real sockets. */
describe('streamChat against the test server', function () {
  this.timeout(30_000);
  let server: ChatServer;
  beforeEach(async () => {
    server = await startChatServer();
  });
  afterEach(async () => {
    assert.deepStrictEqual(
      server.invalidRequests().map((r) => r.invalid),
      [],
      'every request must satisfy the OpenAPI spec',
    );
    assert.deepStrictEqual(
      server.invalidResponses().map((r) => r.invalidResponse),
      [],
      'every reply must satisfy the OpenAPI spec',
    );
    await server.close();
  });

  const endpoint = (): Endpoint => ({ baseUrl: server.url, apiStyle: 'openai', headers: {} });
  function request(overrides: Partial<StreamChatRequest> = {}): StreamChatRequest & { events: StreamEvent[] } {
    const events: StreamEvent[] = [];
    return {
      endpoint: endpoint(),
      body: buildChatRequest([{ role: 'user', content: 'hi' }], { model: 'test-model' }, DEFAULT_CAPS),
      timeouts: { firstTokenMs: 10_000, idleMs: 10_000 },
      onEvent: (e) => events.push(e),
      events,
      ...overrides,
    };
  }
  async function failure(req: StreamChatRequest): Promise<ChatError> {
    try {
      await streamChat(req);
    } catch (e) {
      assert.ok(e instanceof ChatError, `expected a ChatError, got ${e}`);
      return e;
    }
    throw new Error('expected the request to fail');
  }

  it('streams a reply token by token, with usage and finish reason', async () => {
    server.enqueue(textReply('Hello there, how are you today?'));
    const req = request();
    const result = await streamChat(req);
    assert.strictEqual(result.content, 'Hello there, how are you today?');
    assert.ok(req.events.filter((e) => e.type === 'content').length >= 6, 'several content events');
    assert.strictEqual(result.finishReason, 'stop');
    assert.ok(result.usage && result.usage.completionTokens > 0);
    assert.strictEqual(result.requestId, 'req_test_0');
  });

  it('parses a stream split into 1-, 3- and 7-byte TCP writes', async () => {
    for (const splitBytes of [1, 3, 7]) {
      server.enqueue({ ...textReply('<think>plan</think>Done: ünïcödé ✓'), splitBytes });
      const result = await streamChat(request());
      assert.strictEqual(result.content, 'Done: ünïcödé ✓', `split ${splitBytes}`);
      assert.strictEqual(result.reasoning, 'plan');
    }
  });

  it('keeps reasoning_content, reasoning and <think> apart from the answer', async () => {
    server.enqueue({
      steps: [
        { reasoning_content: 'Think A. ' },
        { reasoning: 'Think B.' },
        { content: 'Ans' },
        { content: 'wer' },
        { finish_reason: 'stop' },
      ],
    });
    let result = await streamChat(request());
    assert.deepStrictEqual([result.reasoning, result.content], ['Think A. Think B.', 'Answer']);
    assert.strictEqual(result.reasoningVia, 'reasoning_content', 'the first field seen');
    server.enqueue({ steps: [{ reasoning: 'OpenRouter style.' }, { content: 'x' }, { finish_reason: 'stop' }] });
    assert.strictEqual((await streamChat(request())).reasoningVia, 'reasoning');
    server.enqueue({
      steps: [{ content: '<thi' }, { content: 'nk>hidden</th' }, { content: 'ink>\n\nvisible' }, { finish_reason: 'stop' }],
    });
    result = await streamChat(request());
    assert.deepStrictEqual([result.reasoning, result.content], ['hidden', 'visible']);
    assert.strictEqual(result.reasoningVia, 'think tags');
    server.enqueue({
      steps: [{ content: 'half-open thoughts' }, { content: '</think>' }, { content: 'final' }, { finish_reason: 'stop' }],
    });
    const req = request();
    result = await streamChat(req);
    assert.deepStrictEqual([result.reasoning, result.content], ['half-open thoughts', 'final']);
    assert.ok(req.events.some((e) => e.type === 'reclassify'));
    assert.strictEqual(result.reasoningVia, 'think tags');
    server.enqueue(textReply('plain answer'));
    assert.strictEqual((await streamChat(request())).reasoningVia, undefined, 'no reasoning, no claim');
  });

  it('a whole JSON completion sent in reply to a streamed request is the answer, parsed like a stream', async () => {
    server.enqueue({
      json: true,
      steps: [
        { reasoning_content: 'Weighing it.' },
        { content: '<think>more</think>The ' },
        { content: 'answer.' },
        { finish_reason: 'length' },
      ],
    });
    const req = request();
    const result = await streamChat(req);
    assert.strictEqual(server.requests[0].body.stream, true, 'the request asked for a stream');
    assert.strictEqual(result.content, 'The answer.');
    assert.strictEqual(result.reasoning, 'Weighing it.more');
    assert.strictEqual(result.finishReason, 'length');
    assert.deepStrictEqual(result.usage, { promptTokens: 5, completionTokens: 2, totalTokens: 7 });
    assert.deepStrictEqual(
      req.events
        .filter((e) => e.type === 'content')
        .map((e) => (e as { text: string }).text)
        .join(''),
      'The answer.',
    );
  });

  it('a profile with stream: false sends stream false without stream_options and reads the JSON reply', async () => {
    server.enqueue({ steps: [{ content: 'Whole ' }, { content: 'reply.' }] });
    const body = buildChatRequest([{ role: 'user', content: 'hi' }], { model: 'test-model', stream: false }, DEFAULT_CAPS);
    const result = await streamChat(request({ body }));
    assert.strictEqual(server.requests[0].body.stream, false);
    assert.strictEqual(server.requests[0].body.stream_options, undefined);
    assert.strictEqual(result.content, 'Whole reply.');
    assert.strictEqual(result.finishReason, 'stop');
  });

  it('a JSON body that is not a completion, in reply to a stream, is an empty reply rather than a crash', async () => {
    server.enqueue({ json: true, steps: [] });
    const result = await streamChat(request());
    assert.strictEqual(result.content, '');
  });

  it('ignores SSE comments, empty choices and deltas without content; works without [DONE]', async () => {
    server.enqueue({
      noDone: true,
      steps: [
        { comment: 'keep-alive' },
        { roleOnly: true },
        { emptyChoices: true },
        { content: 'ok' },
        { comment: 'ping' },
        { finish_reason: 'stop' },
      ],
    });
    const result = await streamChat(request());
    assert.strictEqual(result.content, 'ok');
  });

  for (const lineEnd of ['\r\n', '\r'] as const) {
    it(`reads a stream framed with ${JSON.stringify(lineEnd)} line ends, split into 1-byte writes`, async () => {
      server.enqueue({
        lineEnd,
        splitBytes: 1,
        steps: [{ comment: 'ping' }, { content: 'Hel' }, { content: 'lo ✓' }, { finish_reason: 'stop' }],
      });
      const req = request();
      const result = await streamChat(req);
      assert.strictEqual(result.content, 'Hello ✓');
      assert.strictEqual(result.finishReason, 'stop');
      assert.ok(result.usage && result.usage.completionTokens === 2, 'the usage chunk after the content is read too');
    });
  }

  it('stops reading at [DONE]: what a server sends after it is not part of the reply', async () => {
    server.enqueue({
      noDone: true,
      steps: [{ content: 'kept' }, { finish_reason: 'stop' }, { rawData: '[DONE]' }, { content: ' after done' }],
    });
    const result = await streamChat(request());
    assert.strictEqual(result.content, 'kept');
  });

  it('reports finish_reason length and content_filter', async () => {
    server.enqueue(textReply('cut', { finish: 'length' }), textReply('no', { finish: 'content_filter' }));
    assert.strictEqual((await streamChat(request())).finishReason, 'length');
    assert.strictEqual((await streamChat(request())).finishReason, 'content_filter');
  });

  it('sends no Authorization header without a key, a Bearer key with one, plus profile headers', async () => {
    await streamChat(request());
    assert.strictEqual(server.requests[0].headers.authorization, undefined);
    await streamChat(request({ apiKey: 'sk-abc', endpoint: { ...endpoint(), headers: { 'X-Title': 'Parley' } } }));
    assert.strictEqual(server.requests[1].headers.authorization, 'Bearer sk-abc');
    assert.strictEqual(server.requests[1].headers['x-title'], 'Parley');
  });

  it('turns an HTTP error into the status and the server message, without retrying a 400', async () => {
    server.enqueue(errorReply(400, 'Invalid value for model'));
    const e = await failure(request());
    assert.strictEqual(e.status, 400);
    assert.strictEqual(e.detail, 'Invalid value for model');
    assert.strictEqual(server.requests.length, 1);
    server.enqueue({ status: 400, body: { object: 'error', message: 'vLLM says no', type: 'BadRequestError', code: 400 } });
    assert.strictEqual((await failure(request())).detail, 'vLLM says no');
  });

  it("does not retry a refusal sent as a 500 (llama-server's and Ollama's for images and tools): it would be refused again", async () => {
    const image = errorReply(500, 'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj');
    // Only the first request is refused: a retry would be answered (the server's default reply).
    server.enqueue(image);
    assert.strictEqual((await failure(request({ maxRetries: 2 }))).status, 500);
    assert.strictEqual(server.requests.length, 1);
    server.enqueue(errorReply(500, 'this model is missing data required for image input'));
    assert.strictEqual((await failure(request({ maxRetries: 2 }))).status, 500);
    assert.strictEqual(server.requests.length, 2);
  });

  it('retries 429 after Retry-After and succeeds', async () => {
    server.enqueue(errorReply(429, 'Too many requests', { 'retry-after': '1' }), textReply('after wait'));
    const retries: number[] = [];
    const t0 = Date.now();
    const result = await streamChat(request({ onRetry: (_a, delay) => retries.push(delay) }));
    assert.strictEqual(result.content, 'after wait');
    assert.deepStrictEqual(retries, [1000]);
    assert.ok(Date.now() - t0 >= 900);
    assert.strictEqual(server.requests.length, 2);
  });

  it('gives up on 5xx after two retries, with the HTML page text as the message', async () => {
    const html = errorReply(502, 'x');
    html.body = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    server.enqueue(html, html, html);
    const e = await failure(request({ maxRetries: 2 }));
    assert.strictEqual(e.status, 502);
    assert.strictEqual(e.detail, '502 Bad Gateway');
    assert.strictEqual(server.requests.length, 3);
  });

  it('a mid-stream error object becomes an error carrying what arrived', async () => {
    server.enqueue({ steps: [{ content: 'partial ' }, { error: { message: 'Upstream overloaded', code: 502 } }] });
    const e = await failure(request());
    assert.strictEqual(e.kind, 'stream');
    assert.match(e.message, /Upstream overloaded/);
    assert.deepStrictEqual(e.partial, { content: 'partial ', reasoning: '' });
    assert.strictEqual(server.requests.length, 1, 'no retry after output started');
  });

  it('a malformed chunk is an error that keeps the text so far', async () => {
    server.enqueue({ steps: [{ content: 'fine ' }, { rawData: '{"choices":[{"delta":{"content":"bro' }] });
    const e = await failure(request());
    assert.strictEqual(e.kind, 'stream');
    assert.strictEqual(e.partial?.content, 'fine ');
  });

  it('a connection cut mid-stream fails with the partial text and no retry', async () => {
    server.enqueue({ steps: [{ content: 'one ' }, { content: 'two ' }, { cut: true }] });
    const e = await failure(request());
    assert.strictEqual(e.kind, 'stream');
    assert.match(e.message, /closed before the reply was complete/);
    assert.strictEqual(e.partial?.content, 'one two ');
    assert.strictEqual(server.requests.length, 1);
  });

  it('a connection cut before headers is retried', async () => {
    server.enqueue({ cutBeforeHeaders: true }, textReply('second try'));
    const result = await streamChat(request());
    assert.strictEqual(result.content, 'second try');
    assert.strictEqual(server.requests.length, 2);
  });

  it('a stalled stream hits the idle timeout', async () => {
    server.enqueue({ steps: [{ content: 'start' }, { stall: true }] });
    const e = await failure(request({ timeouts: { firstTokenMs: 5000, idleMs: 300 } }));
    assert.strictEqual(e.kind, 'timeout');
    assert.strictEqual(e.partial?.content, 'start');
    assert.strictEqual((await server.settled(0)).closedEarly, true, 'the socket is closed');
  });

  it('keep-alive comments are not silence: they keep a slow first token from timing out', async () => {
    server.enqueue({
      steps: [
        ...Array.from({ length: 8 }, () => ({ comment: 'keep-alive', delayMs: 150 })),
        { content: 'late', delayMs: 150 },
        { finish_reason: 'stop' },
      ],
    });
    const result = await streamChat(request({ timeouts: { firstTokenMs: 5000, idleMs: 400 } }));
    assert.strictEqual(result.content, 'late');
  });

  it('abort stops the request and closes the socket', async () => {
    server.enqueue(textReply('a b c d e f g h i j k l m n o p', { delayMs: 100 }));
    const abort = new AbortController();
    const req = request({ signal: abort.signal, onEvent: () => abort.abort() });
    const e = await failure(req);
    assert.strictEqual(e.kind, 'aborted');
    const recorded = await server.settled(0);
    assert.strictEqual(recorded.closedEarly, true);
  });

  it('connection refused is a clear network error', async () => {
    await server.close();
    const e = await failure(request({ maxRetries: 0 }));
    assert.strictEqual(e.kind, 'network');
    assert.match(e.message, /Could not reach 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    server = await startChatServer();
  });

  it('lists models', async () => {
    assert.deepStrictEqual(await listModels(endpoint(), undefined), ['test-model', 'test-model-large']);
  });
});
