import * as assert from 'assert';
import * as vscode from 'vscode';
import * as fs from 'fs';
import * as vm from 'vm';
import { chatHtml, nonce } from '../../src/chat/webviewHtml';
import type { PageSnapshot } from '../../src/shared/protocol';

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

describe("The state in the chat page's HTML, in the real host", () => {
  // Only what chatHtml reads of a webview: resource URIs and the CSP source.
  const webview = { asWebviewUri: (uri: vscode.Uri) => uri, cspSource: 'https://parley.test' } as unknown as vscode.Webview;
  const extensionUri = () => vscode.extensions.getExtension('parley-dev.parley')!.extensionUri;
  const snapshot: PageSnapshot = {
    id: 4,
    state: {
      conversationId: 'c1',
      messages: [{ id: 'm1', role: 'user', content: 'a </script><script>document.title="pwned"</script> <!-- <script> b' }],
      busy: false,
      history: [{ id: 'c1', title: '</SCRIPT ><b>bold</b>', updatedAt: 1 }],
    },
  };

  it('is JSON data the HTML parser ends where the element does: no `<` in it, and it parses back whole', () => {
    const html = chatHtml(webview, extensionUri(), snapshot);
    const open = '<script type="application/json" id="parley-snapshot">';
    const at = html.indexOf(open);
    assert.ok(at >= 0, 'the page carries the state');
    assert.ok(at < html.indexOf('<script nonce='), 'before the boot script that reads it');
    // A script element's text ends at the first `</script`, whatever its case (the HTML spec's script data).
    const text = html.slice(at + open.length, html.slice(at).search(/<\/script/i) + at);
    assert.doesNotMatch(text, /</);
    assert.deepStrictEqual(JSON.parse(text), snapshot);
  });

  it('a page made without a state carries none', () => {
    assert.doesNotMatch(chatHtml(webview, extensionUri()), /id="parley-snapshot"/);
  });
});

describe('The chat page preloads its icon font, in the real host', () => {
  it('names the font as the stylesheet does, query included (a preload is used only for the same URL)', () => {
    const ext = vscode.extensions.getExtension('parley-dev.parley')!;
    const webview = { asWebviewUri: (uri: vscode.Uri) => uri, cspSource: 'https://parley.test' } as unknown as vscode.Webview;
    const css = fs.readFileSync(vscode.Uri.joinPath(ext.extensionUri, 'dist', 'webview.css').fsPath, 'utf8');
    const named = /url\(["']?\.\/(codicon\.ttf\?[^"')]+)/.exec(css)?.[1];
    assert.ok(named, 'the stylesheet names the font with a query');
    const preload = /<link href="([^"]+)" rel="preload" as="font"[^>]*crossorigin>/.exec(chatHtml(webview, ext.extensionUri))?.[1];
    assert.ok(preload?.endsWith(`/dist/${named}`), `${preload} is dist/${named}`);
  });
});

describe("The chat page's scripts are written into it, in the real host", () => {
  const ext = () => vscode.extensions.getExtension('parley-dev.parley')!;
  const webview = { asWebviewUri: (uri: vscode.Uri) => uri, cspSource: 'https://parley.test' } as unknown as vscode.Webview;

  it('each is the whole file under the nonce, ends only where its element does, and still compiles', () => {
    const html = chatHtml(webview, ext().extensionUri, { id: 1, state: { conversationId: 'c', messages: [], busy: false, history: [] } });
    const n = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(n, 'the CSP names a nonce');
    // What the HTML parser takes as each script element: it ends at the first `</script`, whatever its case.
    const elements = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script/gi)].filter(([, attrs]) => !attrs.includes('application/json'));
    assert.deepStrictEqual(
      elements.map(([, attrs]) => attrs.trim()),
      [`nonce="${n}"`, `nonce="${n}"`],
      'two scripts, both by nonce, neither fetched',
    );
    elements.forEach(([, , text], i) => {
      const file = ['boot.js', 'webview.js'][i];
      const whole = fs.readFileSync(vscode.Uri.joinPath(ext().extensionUri, 'dist', file).fsPath, 'utf8');
      assert.ok(text.length >= whole.length, `${file}: all of it is inside its element (${text.length} of ${whole.length} characters)`);
      assert.doesNotMatch(text, /<!--/, `${file}: no comment opener to put the HTML parser in another state`);
      assert.doesNotThrow(() => new vm.Script(text, { filename: file }), `${file} compiles as written into the page`);
    });
  });
});
