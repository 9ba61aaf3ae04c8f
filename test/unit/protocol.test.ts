import * as assert from 'assert';
import { parseFromWebview } from '../../src/shared/protocol';

describe('webview protocol: local server messages', () => {
  it('accepts a port to set up and a request to look again', () => {
    assert.deepStrictEqual(parseFromWebview({ type: 'useLocalServer', port: 11434 }), { type: 'useLocalServer', port: 11434 });
    assert.deepStrictEqual(parseFromWebview({ type: 'findLocalServers', extra: 'ignored' }), { type: 'findLocalServers' });
  });

  it('rejects anything that is not a TCP port, and never passes a URL or host through', () => {
    for (const port of ['11434', 0, -1, 65536, 1.5, NaN, null, undefined, { valueOf: () => 11434 }]) {
      assert.strictEqual(parseFromWebview({ type: 'useLocalServer', port }), undefined, String(port));
    }
    assert.deepStrictEqual(parseFromWebview({ type: 'useLocalServer', port: 8080, baseUrl: 'http://evil.example/v1', host: 'evil.example' }), { type: 'useLocalServer', port: 8080 });
  });
});
