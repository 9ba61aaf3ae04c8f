import * as assert from 'assert';
import { streamChat } from '../../src/core/client/node/chatClient';
import { startChatServer, type ChatServer, type StreamStep } from '../server/chatServer';
import { validateCompletion, validateModelList, validateStreamChunk } from '../server/specValidator';

/** The test server itself must be able to fail a test: it rejects what the spec rejects. */
describe('the test Chat Completions server', function () {
  this.timeout(20_000);
  let server: ChatServer;
  beforeEach(async () => {
    server = await startChatServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('rejects an invalid request body with 400 and an OpenAI error body, and records it', async () => {
    const res = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'wizard', content: 'hi' }], stream: true }),
    });
    assert.strictEqual(res.status, 400);
    const body = (await res.json()) as { error: { message: string; type: string } };
    assert.strictEqual(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /Invalid request: \/messages\/0/);
    assert.strictEqual(server.invalidRequests().length, 1);
  });

  it('validates image content parts, and as a text-only model refuses them with 400', async () => {
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
    const post = (content: unknown) =>
      fetch(`${server.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content }], stream: true }),
      });
    assert.strictEqual((await post([{ type: 'text', text: 'hi' }, image])).status, 200);
    assert.strictEqual(
      (await post([{ type: 'image_url', image_url: { detail: 'high' } }])).status,
      400,
      'an image part without a URL is invalid',
    );
    assert.strictEqual(server.invalidRequests().length, 1);
    await server.close();
    server = await startChatServer({ rejectImages: true });
    const refused = await post([{ type: 'text', text: 'hi' }, image]);
    assert.strictEqual(refused.status, 400);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /image_url is only supported by certain models/);
    assert.strictEqual((await post('just text')).status, 200);
  });

  it("as a model without tools refuses a request with tools: 400 in Ollama's words, 500 in llama-server's; images likewise", async () => {
    const tools = [{ type: 'function', function: { name: 'current_time', parameters: { type: 'object', properties: {} } } }];
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
    const post = (extra: Record<string, unknown>, content: unknown = 'hi') =>
      fetch(`${server.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'gemma3:4b', messages: [{ role: 'user', content }], stream: false, ...extra }),
      });
    const messageOf = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;
    assert.strictEqual((await post({ tools })).status, 200, 'tools are taken unless scripted otherwise');
    await server.close();
    server = await startChatServer({ rejectTools: true });
    const ollama = await post({ tools });
    assert.strictEqual(ollama.status, 400);
    assert.strictEqual(await messageOf(ollama), 'registry.ollama.ai/library/gemma3:4b does not support tools');
    assert.strictEqual((await post({})).status, 200, 'a request without tools is answered');
    assert.strictEqual((await post({}, [{ type: 'text', text: 'hi' }, image])).status, 200, 'images are taken');
    await server.close();
    server = await startChatServer({ rejectTools: true, rejectImages: true, like: 'llamacpp' });
    const jinja = await post({ tools });
    assert.strictEqual(jinja.status, 500);
    assert.strictEqual(await messageOf(jinja), 'tools param requires --jinja flag');
    const mmproj = await post({}, [{ type: 'text', text: 'hi' }, image]);
    assert.strictEqual(mmproj.status, 500);
    assert.match(await messageOf(mmproj), /^image input is not supported - hint: .*mmproj/);
    assert.deepStrictEqual(server.invalidRequests(), [], 'the refused requests were valid');
  });

  it('accepts a valid body and checks the bearer key when it has one', async () => {
    await server.close();
    server = await startChatServer({ apiKey: 'sk-right' });
    const valid = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const wrong = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-wrong' },
      body: valid,
    });
    assert.strictEqual(wrong.status, 401);
    const right = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-right' },
      body: valid,
    });
    assert.strictEqual(right.status, 200);
    assert.match(await right.text(), /data: \[DONE\]/);
    assert.strictEqual(server.invalidRequests().length, 0);
  });

  it('serves Azure-style deployment URLs with api-version, and the client sends api-key there', async () => {
    const result = await streamChat({
      endpoint: {
        baseUrl: `http://127.0.0.1:${server.port}`,
        apiStyle: 'azure',
        apiVersion: '2024-10-21',
        deployment: 'my-gpt',
        headers: {},
      },
      apiKey: 'azure-key',
      body: { model: 'my-gpt', messages: [{ role: 'user', content: 'hi' }], stream: true },
      timeouts: { firstTokenMs: 5000, idleMs: 5000 },
      onEvent: () => undefined,
    });
    assert.strictEqual(result.content, 'Hello from the test server.');
    const req = server.requests[0];
    assert.strictEqual(req.path, '/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21');
    assert.strictEqual(req.headers['api-key'], 'azure-key');
    assert.strictEqual(req.headers.authorization, undefined, 'the key goes only in api-key');
  });

  /** POSTs a streamed chat request and returns the `data:` payloads of the reply. */
  async function stream(body: Record<string, unknown> = {}): Promise<string[]> {
    const res = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true, ...body }),
    });
    assert.strictEqual(res.status, 200);
    return (await res.text())
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => l.slice(6));
  }

  it('every step a test scripts as valid streams chunks the spec accepts; scripted breaks are not held against it', async () => {
    const steps: StreamStep[] = [
      { roleOnly: true },
      { reasoning_content: 'r1' },
      { reasoning: 'r2' },
      { comment: 'keep-alive' },
      { emptyChoices: true },
      { content: 'Hel' },
      { content: 'lo' },
      { rawData: '{"not": "a chunk"' },
      { error: { message: 'scripted', type: 'server_error' } },
      { finish_reason: 'length' },
      { finish_reason: 'content_filter' },
      { finish_reason: 'tool_calls' },
      { finish_reason: 'stop' },
    ];
    server.enqueue({ steps });
    const data = await stream({ stream_options: { include_usage: true } });
    assert.strictEqual(data.at(-1), '[DONE]');
    // The chunks the server sent, checked here on their own: all but the two scripted breaks pass.
    const verdicts = data.slice(0, -1).map((d) => {
      try {
        return validateStreamChunk(JSON.parse(d)).length === 0;
      } catch {
        return false;
      }
    });
    assert.deepStrictEqual(verdicts, [true, true, true, true, true, true, false, false, true, true, true, true, true]);
    assert.deepStrictEqual(
      server.invalidResponses().map((r) => r.invalidResponse),
      [],
    );
  });

  it('records a streamed chunk the spec rejects, so the test server cannot drift from it unseen', async () => {
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => {
      logged.push(args.join(' '));
    };
    try {
      server.enqueue({ steps: [{ content: 'ok' }, { finish_reason: 'finished' }] });
      const data = await stream();
      assert.match(data[1], /"finish_reason":"finished"/, 'the chunk is still sent as scripted');
    } finally {
      console.error = original;
    }
    const bad = server.invalidResponses();
    assert.strictEqual(bad.length, 1);
    assert.deepStrictEqual(bad[0].invalidResponse, ['chunk 1: /choices/0/finish_reason must be equal to one of the allowed values']);
    assert.match(logged.join('\n'), /test server: POST \/v1\/chat\/completions sent a chunk 1 the OpenAPI spec rejects/);
    assert.strictEqual(server.invalidRequests().length, 0, 'the request itself was fine');
  });

  it('validates the model list and a non-streamed completion it sends', async () => {
    const models = await fetch(`${server.url}/models`);
    assert.strictEqual(models.status, 200);
    assert.deepStrictEqual(validateModelList(await models.json()), []);
    const res = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.deepStrictEqual(validateCompletion(await res.json()), []);
    assert.deepStrictEqual(
      server.invalidResponses().map((r) => r.invalidResponse),
      [],
    );
  });

  it('the response validators reject what the spec rejects', () => {
    const chunk = {
      id: 'c',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null, logprobs: null }],
    };
    assert.deepStrictEqual(validateStreamChunk(chunk), []);
    const { object: _object, created: _created, ...bare } = chunk;
    assert.deepStrictEqual(validateStreamChunk(bare), ["(body) must have required property 'created'"]);
    assert.deepStrictEqual(validateStreamChunk({ ...bare, created: 1 }), ["(body) must have required property 'object'"]);
    assert.deepStrictEqual(validateStreamChunk({ ...chunk, created: 'now' }), ['/created must be integer']);
    assert.deepStrictEqual(validateModelList({ object: 'list', data: [{ id: 'x' }] }), ["/data/0 must have required property 'object'"]);
    const message = { role: 'assistant', content: 'x' };
    const completion = {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }],
    };
    assert.deepStrictEqual(validateCompletion(completion), ["/choices/0/message must have required property 'refusal'"]);
    completion.choices[0].message = { ...message, refusal: null } as typeof message;
    assert.deepStrictEqual(validateCompletion(completion), []);
  });
});
