import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ChatServer } from '../server/chatServer';
import { assertAllValid, parley, useServer, waitFor } from './helpers';
import { acceptSuggestion, editorAt, turnAutocompleteOff, turnAutocompleteOn, typeKeys } from './autocompleteHelpers';

describe('Tab autocomplete in the real host', () => {
  let server: ChatServer;
  beforeEach(() => turnAutocompleteOn());
  afterEach(async () => {
    await turnAutocompleteOff();
    assertAllValid(server);
    await server.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a server with no completions route is asked through chat, and Tab inserts exactly the suggestion', async () => {
    server = await useServer({ completions: false });
    server.setDefault({ steps: [{ content: 'a + b;' }, { finish_reason: 'stop' }] });
    const editor = await editorAt('function add(a: number, b: number) {\n  return|\n}\n');
    await typeKeys(' ');
    const text = await acceptSuggestion(editor.document);
    assert.strictEqual(text, 'function add(a: number, b: number) {\n  return a + b;\n}\n');
    const chat = server.requests.find((r) => r.path.endsWith('/chat/completions'));
    assert.ok(chat, 'asked through chat');
    assert.strictEqual(chat.body.stream, false);
    assert.match(chat.body.messages[1].content, /return <CURSOR>\n\}/);
    const api = await parley();
    assert.strictEqual(api.autocomplete.status()?.state, 'on');
    assert.match(JSON.stringify(api.autocomplete.status()), /"kind":"chat"/);
  });
  it('asks /completions with prompt and suffix, and Tab inserts exactly the suggestion', async () => {
    server = await useServer();
    server.enqueueCompletion({ text: 'a + b;' });
    const editor = await editorAt('function add(a: number, b: number) {\n  return|\n}\n');
    await typeKeys(' ');
    assert.strictEqual(await acceptSuggestion(editor.document), 'function add(a: number, b: number) {\n  return a + b;\n}\n');
    const [asked] = server.requests;
    assert.strictEqual(asked.path, '/v1/completions');
    assert.ok(asked.body.prompt.endsWith('function add(a: number, b: number) {\n  return '), asked.body.prompt);
    assert.strictEqual(asked.body.suffix, '\n}\n');
    assert.strictEqual(asked.body.model, 'test-model');
    assert.strictEqual(asked.body.stream, false);
  });

  it('the next keystroke aborts the request in flight: the server sees the connection closed', async () => {
    server = await useServer();
    server.enqueueCompletion({ stall: true }, { text: '2;' });
    const api = await parley();
    const aborted = api.autocomplete.stats().aborted;
    const editor = await editorAt('const answer = |\n');
    await typeKeys('4');
    await waitFor('the first request', () => server.requests.length === 1);
    await typeKeys('2');
    const first = await server.settled(0);
    assert.strictEqual(first.closedEarly, true, 'the stalled request was closed by the client');
    await waitFor('the abort to be counted', () => api.autocomplete.stats().aborted === aborted + 1);
    assert.strictEqual(await acceptSuggestion(editor.document), 'const answer = 422;\n');
    assert.ok(server.requests[1].body.prompt.endsWith('const answer = 42'));
  });

  it('llama.cpp: its Server header sends autocomplete to /infill (its /v1/completions ignores the suffix), and it is remembered', async () => {
    server = await useServer({ like: 'llamacpp' });
    server.respondCompletion(({ route }) => ({ text: route === 'infill' ? 'a * b;' : 'IGNORED THE SUFFIX' }));
    const editor = await editorAt('function mul(a, b) {\n  return|\n}\n', 'javascript');
    await typeKeys(' ');
    assert.strictEqual(await acceptSuggestion(editor.document), 'function mul(a, b) {\n  return a * b;\n}\n');
    assert.deepStrictEqual(
      server.requests.slice(0, 2).map((r) => r.path),
      ['/v1/completions', '/infill'],
    );
    const infill = server.requests[1].body;
    assert.ok(infill.input_prefix.endsWith('  return '));
    assert.strictEqual(infill.input_suffix, '\n}\n');
    const second = await editorAt('const c = mul(2, |);\n', 'javascript');
    await typeKeys('3');
    await acceptSuggestion(second.document);
    // VS Code may ask again after a suggestion is accepted, so more than one request can follow;
    // what matters is that none of them tries /v1/completions first.
    const later = server.requests.slice(2);
    assert.ok(later.length >= 1, 'the second file asked the server');
    assert.deepStrictEqual(
      later.map((r) => r.path),
      later.map(() => '/infill'),
      'straight to /infill',
    );
    assert.ok(
      later.some((r) => r.body.input_prefix.endsWith('mul(2, 3')),
      'the second file was asked for at its cursor',
    );
  });

  it('a CRLF file indented with tabs gets a multi-line suggestion in its own line endings, up to the end of the block', async () => {
    server = await useServer();
    server.enqueueCompletion({ text: 'if (n < 2) {\n\t\treturn n;\n\t}\n\treturn fib(n - 1) + fib(n - 2);' });
    const editor = await editorAt('function fib(n) {\r\n\t|\r\n}\r\n', 'javascript');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    const text = await acceptSuggestion(editor.document);
    assert.strictEqual(
      text,
      'function fib(n) {\r\n\tif (n < 2) {\r\n\t\treturn n;\r\n\t}\r\n}\r\n',
      'the if block, closed; the next statement is another suggestion',
    );
    assert.strictEqual(server.requests[0].body.suffix, '\r\n}\r\n');
  });
  it('snippets from open files of the same language go along, never from an excluded one', async () => {
    server = await useServer();
    server.respondCompletion(() => ({ text: 'circleArea(r);' }));
    const config = vscode.workspace.getConfiguration('parley');
    await config.update('context.exclude', ['**/secret*.ts'], vscode.ConfigurationTarget.Global);
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const secret = vscode.Uri.joinPath(folder, 'src', 'secretGeometry.ts');
    await vscode.workspace.fs.writeFile(
      secret,
      Buffer.from('export function circleAreaSecret(r: number) {\n  return hiddenPi * r * r; // circleArea radius squared\n}\n'),
    );
    try {
      await vscode.workspace.openTextDocument(secret);
      await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'src', 'geometry.ts'));
      await editorAt('// the circle area of radius r, squared\nexport function ring(r: number) {\n  return |\n}\n');
      const api = await parley();
      // Each keystroke has a few more open files looked at and indexed (other suites' documents are
      // still open here); a file that may go lends snippets from then on.
      let prompt = '';
      for (const key of 'Math.PI * r') {
        const shown = api.autocomplete.stats().shown;
        await typeKeys(key);
        await waitFor(`a suggestion after ${key}`, () => api.autocomplete.stats().shown > shown);
        prompt = server.requests.at(-1)!.body.prompt;
        if (prompt.includes('// Path: src/geometry.ts')) break;
      }
      assert.match(prompt, /\/\/ Path: src\/geometry\.ts\n\/\/ \/\*\* The area of a circle of radius r\. \*\/\n/);
      assert.match(
        prompt,
        /\/\/ Path: Untitled-\d+\n\/\/ the circle area of radius r, squared\nexport function ring/,
        "the file's own path, then its text",
      );
      assert.ok(!server.requests.some((r) => JSON.stringify(r.body).includes('hiddenPi')), 'the excluded file never went');
    } finally {
      await config.update('context.exclude', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(secret);
    }
  });
});

describe('Tab autocomplete: when it does not ask', () => {
  let server: ChatServer;
  beforeEach(() => turnAutocompleteOn());
  afterEach(async () => {
    await turnAutocompleteOff();
    await server.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('typing through a suggestion sends no request, and Tab inserts the rest exactly', async () => {
    server = await useServer({ completions: false });
    server.setDefault({ steps: [{ content: 'a + b;' }, { finish_reason: 'stop' }] });
    const api = await parley();
    const editor = await editorAt('function add(a: number, b: number) {\n  return|\n}\n');
    const shown = api.autocomplete.stats().shown;
    await typeKeys(' ');
    await waitFor('a suggestion', () => api.autocomplete.stats().shown === shown + 1);
    const asked = server.requests.length;
    const hits = api.autocomplete.stats().cacheHits;
    await typeKeys('a');
    await waitFor('the cache to answer', () => api.autocomplete.stats().cacheHits >= hits + 1);
    await typeKeys(' ');
    await waitFor('the cache to answer again', () => api.autocomplete.stats().cacheHits >= hits + 2);
    assert.strictEqual(server.requests.length, asked, 'no request while typing through the suggestion');
    assert.strictEqual(await acceptSuggestion(editor.document), 'function add(a: number, b: number) {\n  return a + b;\n}\n');
    assert.strictEqual(server.requests.length, asked);
  });

  it('a language turned off, and a file parley.context.exclude names, send nothing', async () => {
    server = await useServer();
    const api = await parley();
    const config = vscode.workspace.getConfiguration('parley');
    await config.update('autocomplete.enabled', { '*': true, typescript: false }, vscode.ConfigurationTarget.Global);
    await editorAt('const x = |;\n');
    await typeKeys('1');
    await waitFor('the status bar to say so', () => api.autocomplete.status()?.state === 'off');
    assert.match(JSON.stringify(api.autocomplete.status()), /typescript/);
    await turnAutocompleteOn();
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const secrets = vscode.Uri.joinPath(folder, 'autocomplete.env');
    await vscode.workspace.fs.writeFile(secrets, Buffer.from('TOKEN=\n'));
    await config.update('context.exclude', ['*.env'], vscode.ConfigurationTarget.Global);
    try {
      const editor = await vscode.window.showTextDocument(secrets);
      editor.selection = new vscode.Selection(0, 6, 0, 6);
      await typeKeys('a');
      await waitFor('the status bar to say the file is left out', () => api.autocomplete.status()?.state === 'excluded');
      assert.match(JSON.stringify(api.autocomplete.status()), /parley\.context\.exclude/);
      // Taken before the clean-up: once the exclusion is lifted, VS Code may rightly ask again.
      assert.deepStrictEqual(server.requests, [], 'nothing was asked');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await config.update('context.exclude', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(secrets);
    }
  });

  it('failures show in the status bar with the server message, and three in a row pause it', async () => {
    server = await useServer({ completions: false });
    server.setDefault({ status: 503, body: { error: { message: 'model is loading', type: 'server_error', param: null, code: null } } });
    const api = await parley();
    await editorAt('let total = |;\n');
    const failures = api.autocomplete.stats().failures;
    for (let n = 1; n <= 3; n++) {
      await typeKeys(String(n));
      await waitFor(`failure ${n}`, () => api.autocomplete.stats().failures === failures + n);
    }
    const status = api.autocomplete.status();
    assert.strictEqual(status?.state, 'failed');
    assert.match(JSON.stringify(status), /HTTP 503 .*model is loading/);
    assert.ok(
      status?.state === 'failed' && status.pausedUntil! > Date.now() + 50_000,
      `paused for about a minute: ${JSON.stringify(status)}`,
    );
    const asked = server.requests.length;
    await typeKeys('4');
    await waitFor('the status bar to say it is paused', () => api.autocomplete.status()?.state === 'paused');
    assert.strictEqual(server.requests.length, asked, 'nothing asked while paused');
  });
});
