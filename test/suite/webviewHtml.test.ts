import * as assert from 'assert';
import { nonce } from '../../src/chat/webviewHtml';

describe('Chat view page in the real host', () => {
  it('the CSP nonce comes from a secure random source, not Math.random', () => {
    const original = Math.random;
    Math.random = () => 0.5; // a predictable Math.random must not make predictable nonces
    try {
      const seen = new Set(Array.from({ length: 50 }, () => nonce()));
      assert.strictEqual(seen.size, 50, 'every nonce differs');
      for (const n of seen) {
        assert.ok(Buffer.from(n, 'base64').length >= 16, `at least 128 bits: ${n}`);
        assert.match(n, /^[A-Za-z0-9+/]+=*$/, 'a CSP nonce is base64');
      }
    } finally {
      Math.random = original;
    }
  });
});
