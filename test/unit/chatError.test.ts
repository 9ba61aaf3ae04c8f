import * as assert from 'assert';
import { ChatError, messageFromBody } from '../../src/core/client/chatError';

describe('error messages', () => {
  it('reads the message from every error body shape servers send', () => {
    assert.strictEqual(messageFromBody('{"error":{"message":"Invalid model","type":"invalid_request_error"}}'), 'Invalid model');
    assert.strictEqual(
      messageFromBody('{"error":{"code":429,"message":"Rate limit exceeded: free-models-per-day"}}'),
      'Rate limit exceeded: free-models-per-day',
    );
    assert.strictEqual(
      messageFromBody('{"object":"error","message":"max_tokens is too large","type":"BadRequestError","code":400}'),
      'max_tokens is too large',
    );
    assert.strictEqual(messageFromBody('{"error":"model \'x\' not found"}'), "model 'x' not found");
    assert.strictEqual(messageFromBody('{"detail":"Not authenticated"}'), 'Not authenticated');
    assert.strictEqual(
      messageFromBody('<html><head><style>p{}</style></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>'),
      '502 Bad Gateway nginx',
    );
    assert.strictEqual(messageFromBody(''), 'no message in the reply');
  });

  it('says the status, the server message, the request id and what to do next', () => {
    const e = new ChatError({
      kind: 'http',
      status: 429,
      detail: 'Slow down',
      host: 'api.example.com',
      requestId: 'req_1',
      retryAfterMs: 20_000,
    });
    assert.strictEqual(e.message, 'HTTP 429 from api.example.com: Slow down (request id req_1). Rate limited: wait 20 s and try again.');
    const auth = new ChatError({ kind: 'http', status: 401, detail: 'Incorrect API key provided.', host: 'h' });
    assert.match(auth.message, /HTTP 401 .*Incorrect API key provided\..*Set API Key/);
    const net = new ChatError({ kind: 'network', detail: 'ECONNREFUSED', host: '127.0.0.1:9' });
    assert.match(net.message, /Could not reach 127\.0\.0\.1:9: ECONNREFUSED\. Check the base URL/);
  });
});
