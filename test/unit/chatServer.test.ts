import * as assert from 'assert';
import { streamChat } from '../../src/core/chatClient';
import { startChatServer, type ChatServer } from '../server/chatServer';

/** The test server itself must be able to fail a test: it rejects what the spec rejects. */
describe('the test Chat Completions server', function () {
  this.timeout(20_000);
  let server: ChatServer;
  beforeEach(async () => { server = await startChatServer(); });
  afterEach(async () => { await server.close(); });

  it('rejects an invalid request body with 400 and an OpenAI error body, and records it', async () => {
    const res = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'wizard', content: 'hi' }], stream: true }),
    });
    assert.strictEqual(res.status, 400);
    const body = await res.json() as { error: { message: string; type: string } };
    assert.strictEqual(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /Invalid request: \/messages\/0/);
    assert.strictEqual(server.invalidRequests().length, 1);
  });

  it('accepts a valid body and checks the bearer key when it has one', async () => {
    await server.close();
    server = await startChatServer({ apiKey: 'sk-right' });
    const valid = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const wrong = await fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-wrong' }, body: valid });
    assert.strictEqual(wrong.status, 401);
    const right = await fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-right' }, body: valid });
    assert.strictEqual(right.status, 200);
    assert.match(await right.text(), /data: \[DONE\]/);
    assert.strictEqual(server.invalidRequests().length, 0);
  });

  it('serves Azure-style deployment URLs with api-version, and the client sends api-key there', async () => {
    const result = await streamChat({
      endpoint: { baseUrl: `http://127.0.0.1:${server.port}`, apiStyle: 'azure', apiVersion: '2024-10-21', deployment: 'my-gpt', headers: {} },
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
});
