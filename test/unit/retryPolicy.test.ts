import * as assert from 'assert';
import { retryDelayMs, serverWaitMs } from '../../src/core/client/retryPolicy';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });
const fixed = () => 0;

describe('retry policy', () => {
  it('retries 408, 409, 429 and 5xx, not other 4xx', () => {
    for (const status of [408, 409, 429, 500, 502, 503])
      assert.notStrictEqual(
        retryDelayMs({ attempt: 0, maxRetries: 2, status, outputStarted: false, random: fixed }),
        undefined,
        String(status),
      );
    for (const status of [400, 401, 403, 404, 422])
      assert.strictEqual(retryDelayMs({ attempt: 0, maxRetries: 2, status, outputStarted: false }), undefined, String(status));
  });

  it('retries a connection failure before any output, never after output started', () => {
    assert.strictEqual(retryDelayMs({ attempt: 0, maxRetries: 2, outputStarted: false, random: fixed }), 500);
    assert.strictEqual(retryDelayMs({ attempt: 0, maxRetries: 2, outputStarted: true, random: fixed }), undefined);
  });

  it('stops after maxRetries', () => {
    assert.strictEqual(retryDelayMs({ attempt: 2, maxRetries: 2, status: 503, outputStarted: false }), undefined);
  });

  it('backs off exponentially with jitter of at most a quarter', () => {
    assert.strictEqual(retryDelayMs({ attempt: 1, maxRetries: 3, status: 500, outputStarted: false, random: fixed }), 1000);
    const jittered = retryDelayMs({ attempt: 1, maxRetries: 3, status: 500, outputStarted: false, random: () => 0.999 })!;
    assert.ok(jittered >= 750 && jittered < 1000, String(jittered));
  });

  it('honours Retry-After in seconds, as a date, and retry-after-ms', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.strictEqual(serverWaitMs(headers({ 'retry-after': '2' }), now), 2000);
    assert.strictEqual(serverWaitMs(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now), 5000);
    assert.strictEqual(serverWaitMs(headers({ 'retry-after-ms': '150', 'retry-after': '9' }), now), 150);
    assert.strictEqual(
      retryDelayMs({ attempt: 0, maxRetries: 2, status: 429, headers: headers({ 'retry-after': '1' }), outputStarted: false }),
      1000,
    );
  });

  it('does not retry when the server asks for more than 60 s', () => {
    assert.strictEqual(
      retryDelayMs({ attempt: 0, maxRetries: 2, status: 429, headers: headers({ 'retry-after': '120' }), outputStarted: false }),
      undefined,
    );
  });
});
