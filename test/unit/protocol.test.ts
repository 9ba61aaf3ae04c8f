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
    assert.deepStrictEqual(
      parseFromWebview({ type: 'useLocalServer', port: 8080, baseUrl: 'http://evil.example/v1', host: 'evil.example' }),
      { type: 'useLocalServer', port: 8080 },
    );
  });
});

describe('webview protocol: every message is checked on receipt', () => {
  /** One well-formed example of each message the webview may send. */
  const valid: unknown[] = [
    { type: 'ready' },
    { type: 'ready', fromId: 'm20' },
    { type: 'ready', fromId: 'm20', snapshot: 3 },
    { type: 'earlier', beforeId: 'm1', count: 30 },
    { type: 'stop' },
    { type: 'newChat' },
    { type: 'exportConversation' },
    { type: 'regenerate' },
    { type: 'chooseModel' },
    { type: 'setup' },
    { type: 'findLocalServers' },
    { type: 'send', text: 'hello' },
    { type: 'openConversation', id: 'c1' },
    { type: 'deleteConversation', id: 'c1' },
    { type: 'editResend', messageId: 'm1', text: 'again' },
    { type: 'codeAction', action: 'insert', code: 'x()', language: 'ts' },
    { type: 'codeAction', action: 'copy', code: 'x()' },
    { type: 'openLink', href: 'https://example.com' },
    { type: 'useLocalServer', port: 1234 },
    { type: 'attach', what: 'changes' },
    { type: 'attach', what: 'problemsAll' },
    { type: 'attachUris', uris: ['file:///w/src/a.ts', 'vscode-remote://127.0.0.1:8080/w/b.ts'] },
    { type: 'attachImage', name: 'shot.png', mimeType: 'image/png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
    { type: 'detach', id: 'a1' },
    { type: 'toggleCurrentFile' },
    { type: 'resendWithoutImages' },
    { type: 'enterApiKey', messageId: 'm2' },
  ];

  for (const message of valid) {
    it(`passes ${JSON.stringify(message)} through as it is`, () => {
      assert.deepStrictEqual(parseFromWebview(message), message);
    });
  }

  const invalid: [string, unknown][] = [
    ['not an object', 'send'],
    ['null', null],
    ['an unknown type', { type: 'runShell', command: 'rm -rf /' }],
    ['no type', { text: 'hi' }],
    ['send without text', { type: 'send' }],
    ['send with only whitespace', { type: 'send', text: '  \n' }],
    ['send with a non-string', { type: 'send', text: { toString: () => 'hi' } }],
    ['send over 1 MB', { type: 'send', text: 'x'.repeat(1_000_001) }],
    ['an id over 100 characters', { type: 'openConversation', id: 'i'.repeat(101) }],
    ['a numeric id', { type: 'deleteConversation', id: 7 }],
    ['editResend with blank text', { type: 'editResend', messageId: 'm1', text: ' ' }],
    ['an unknown code action', { type: 'codeAction', action: 'execute', code: 'x' }],
    ['a code action without code', { type: 'codeAction', action: 'copy' }],
    ['a language that is not a short string', { type: 'codeAction', action: 'copy', code: 'x', language: 'l'.repeat(61) }],
    ['a link over 4,000 characters', { type: 'openLink', href: `https://e.com/${'a'.repeat(4000)}` }],
    ['earlier without a message id', { type: 'earlier', count: 30 }],
    ['enterApiKey without the message it is for', { type: 'enterApiKey' }],
    ['enterApiKey naming a message by a long string', { type: 'enterApiKey', messageId: 'm'.repeat(101) }],
    ['earlier for a count that is not a whole positive number', { type: 'earlier', beforeId: 'm1', count: 2.5 }],
    ['earlier for more than 10,000 messages', { type: 'earlier', beforeId: 'm1', count: 10_001 }],
    ['earlier for no messages', { type: 'earlier', beforeId: 'm1', count: 0 }],
    ['an attach kind that does not exist', { type: 'attach', what: 'terminal' }],
    ['dropped URIs that are not URIs', { type: 'attachUris', uris: ['no scheme, just a name'] }],
    ['no dropped URIs', { type: 'attachUris', uris: [] }],
    [
      'an image of a type the API does not take',
      { type: 'attachImage', name: 'x.svg', mimeType: 'image/svg+xml', dataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' },
    ],
    [
      'an image whose data is not its declared type',
      { type: 'attachImage', name: 'x.png', mimeType: 'image/png', dataUrl: 'data:text/html;base64,PGI+' },
    ],
    [
      'an image that is a link, not data',
      { type: 'attachImage', name: 'x.png', mimeType: 'image/png', dataUrl: 'https://evil.example/x.png' },
    ],
    [
      'an image over the size cap',
      { type: 'attachImage', name: 'x.png', mimeType: 'image/png', dataUrl: `data:image/png;base64,${'A'.repeat(4_000_000)}` },
    ],
  ];

  for (const [name, message] of invalid) {
    it(`rejects ${name}`, () => assert.strictEqual(parseFromWebview(message), undefined));
  }

  it('a ready naming a message it cannot take is a plain ready (the page still gets its state)', () => {
    for (const fromId of [20, null, { id: 'm1' }, 'm'.repeat(101)])
      assert.deepStrictEqual(parseFromWebview({ type: 'ready', fromId }), { type: 'ready' }, String(fromId));
  });

  it('a ready naming a snapshot that is not a whole number names none (the page gets the state)', () => {
    for (const snapshot of ['3', 1.5, null, NaN, Number.MAX_VALUE])
      assert.deepStrictEqual(parseFromWebview({ type: 'ready', snapshot }), { type: 'ready' }, String(snapshot));
  });

  it('drops fields a message does not have', () => {
    assert.deepStrictEqual(parseFromWebview({ type: 'send', text: 'hi', role: 'system', __proto__: { polluted: true } }), {
      type: 'send',
      text: 'hi',
    });
  });
});
