import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import { renderBlock } from '../../src/core/context/contextRender';
import { countTokens } from '../../src/core/tokens/node/tokenCount';
import type { ParleyApi } from '../../src/extension';
import type { ChatServer } from '../server/chatServer';
import { assertAllValid, openFixture, parley, useServer, waitFor } from './helpers';
import { recordTrayNotices } from './recorders';

const SECRET = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/**
 * Attachments as the chat view sends them: each intent goes through `view.receive`, the same
 * validated path the webview's messages take, and the assertions are on what the server got.
 */
describe('Attachments: workspace context in chat messages', () => {
  let server: ChatServer;
  let api: ParleyApi;
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const ui = (message: Record<string, unknown>) => api.view.receive(message);
  const lastBody = () => server.requests[server.requests.length - 1].body as { messages: { role: string; content: unknown }[] };
  const lastUser = () => {
    const content = lastBody().messages.at(-1)!.content;
    return typeof content === 'string' ? content : (content as { type: string; text?: string }[]).map((p) => p.text ?? '').join('');
  };
  const chips = () => api.attachments.views();
  const send = async (text: string) => {
    await ui({ type: 'send', text });
    await api.chat.idle();
  };
  const currentChip = (path: string) =>
    waitFor(`the current file chip for ${path}`, () => chips().find((c) => c.kind === 'currentFile' && c.label === path));

  beforeEach(async () => {
    server = await useServer();
    api = await parley();
    await api.chat.newChat();
    api.attachments.views(); // as the view does when it opens
  });
  afterEach(async () => {
    assertAllValid(server);
    await server.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const c of api.attachments.views().filter((v) => v.kind !== 'currentFile')) await ui({ type: 'detach', id: c.id });
    await vscode.workspace.getConfiguration('parley').update('context.currentFile', undefined, vscode.ConfigurationTarget.Global);
  });

  it('#selection, #problems, a dropped file and the current file arrive labelled, fenced and masked', async () => {
    const editor = await openFixture('src/config.py');
    await currentChip('src/config.py');
    editor.selection = new vscode.Selection(2, 0, 4, 0);
    const diagnostics = vscode.languages.createDiagnosticCollection('parley-test');
    diagnostics.set(editor.document.uri, [
      new vscode.Diagnostic(new vscode.Range(2, 0, 2, 9), `Hard-coded token ${SECRET}`, vscode.DiagnosticSeverity.Warning),
    ]);
    try {
      await ui({ type: 'attach', what: 'selection' });
      await ui({ type: 'attach', what: 'problems' });
      await ui({ type: 'attachUris', uris: [vscode.Uri.joinPath(folder(), 'src/math.ts').toString()] });
      assert.deepStrictEqual(
        chips().map((c) => `${c.kind} ${c.label}`),
        ['currentFile src/config.py', 'selection src/config.py:3-4', 'problems src/config.py', 'file src/math.ts'],
      );
      await send('What is wrong here?');
    } finally {
      diagnostics.dispose();
    }
    const sent = lastUser();
    assert.ok(!JSON.stringify(lastBody()).includes(SECRET), 'no secret reaches the server');
    assert.match(sent, /Current file: src\/config\.py\n```python\nimport os\n\nAPI_TOKEN = "⟦secret 1⟧"/);
    assert.match(sent, /Selection: src\/config\.py:3-4 \(src\/config\.py\)\n```python\nAPI_TOKEN = "⟦secret 1⟧"\n\n```/);
    assert.match(sent, /Problems: src\/config\.py\n```\nsrc\/config\.py:3:1 warning: Hard-coded token ⟦secret 1⟧\n```/);
    assert.match(sent, /File: src\/math\.ts\n```typescript\n\/\/ Small helpers used by the tests\.\n[\s\S]*export function fib/);
    assert.match(sent, /```\n\nWhat is wrong here\?$/, 'the question comes after the context');
    const [question] = api.chat.messages;
    assert.deepStrictEqual(
      question.context?.map((b) => b.kind),
      ['currentFile', 'selection', 'problems', 'file'],
      'the message in history carries its context',
    );
    assert.deepStrictEqual(
      chips().map((c) => c.kind),
      ['currentFile'],
      'sending clears what was attached; the current file stays',
    );
  });

  it("a chip shows the tokenizer's own count; removing a chip removes it from the message", async () => {
    await openFixture('src/math.ts');
    await currentChip('src/math.ts');
    await ui({ type: 'toggleCurrentFile' });
    await ui({
      type: 'attachUris',
      uris: [vscode.Uri.joinPath(folder(), 'src/crlf.js').toString(), vscode.Uri.joinPath(folder(), 'src/config.py').toString()],
    });
    const crlf = await waitFor('token counts', () => chips().find((c) => c.label === 'src/crlf.js' && c.tokens !== undefined));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'src/crlf.js'));
    assert.strictEqual(
      crlf.tokens,
      countTokens(renderBlock({ kind: 'file', label: 'src/crlf.js', path: 'src/crlf.js', language: 'javascript', text: doc.getText() })),
    );
    const python = chips().find((c) => c.label === 'src/config.py')!;
    await ui({ type: 'detach', id: python.id });
    await send('Explain');
    const sent = lastUser();
    assert.match(sent, /File: src\/crlf\.js/);
    assert.ok(!sent.includes('config.py'), 'the removed chip is not sent');
    assert.ok(!sent.includes('Current file'), 'the current file chip was turned off');
    await ui({ type: 'toggleCurrentFile' });
    await send('And now?');
    assert.match(lastUser(), /^Attached context:\n\nCurrent file: src\/math\.ts/);
  });

  it('#changes sends the staged and working-tree diff of a real git repository, masked', async function () {
    this.timeout(60_000);
    const repo = vscode.Uri.joinPath(folder(), 'repo');
    const git = (...args: string[]) => execFileSync('git', ['-C', repo.fsPath, ...args], { encoding: 'utf8' });
    await vscode.workspace.fs.createDirectory(repo);
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'Test');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(repo, 'app.js'), Buffer.from('const a = 1;\n'));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(repo, 'notes.md'), Buffer.from('# Notes\n'));
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(repo, 'notes.md'), Buffer.from('# Notes\nStaged line\n'));
    git('add', 'notes.md');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(repo, 'app.js'), Buffer.from(`const a = 2;\nconst token = "${SECRET}";\n`));
    await openFixture('repo/app.js');
    await ui({ type: 'toggleCurrentFile' }); // only the diff, this time
    await ui({ type: 'attach', what: 'changes' });
    await waitFor('the changes chip', () => chips().find((c) => c.kind === 'changes'));
    await send('Review my changes');
    await ui({ type: 'toggleCurrentFile' });
    const sent = lastUser();
    assert.ok(!sent.includes(SECRET));
    assert.match(sent, /Changes: staged and working-tree changes\n```diff\n/);
    assert.match(sent, /repo: staged\ndiff --git a\/notes\.md b\/notes\.md[\s\S]*\+Staged line/);
    assert.match(
      sent,
      /repo: working tree\ndiff --git a\/app\.js b\/app\.js[\s\S]*-const a = 1;\n\+const a = 2;\n\+const token = "⟦secret 1⟧";/,
    );
  });

  it("#editors sends every open editor's file", async () => {
    for (const file of ['src/crlf.js', 'src/math.ts']) {
      // Not in preview mode: a preview tab is replaced by the next file opened.
      await vscode.window.showTextDocument(vscode.Uri.joinPath(folder(), file), { preview: false });
    }
    await ui({ type: 'toggleCurrentFile' });
    await ui({ type: 'attach', what: 'editors' });
    await send('How do these relate?');
    await ui({ type: 'toggleCurrentFile' });
    const sent = lastUser();
    assert.match(sent, /Open editor: src\/crlf\.js\n```javascript\nfunction a\(\)/);
    assert.match(sent, /Open editor: src\/math\.ts\n```typescript\n/);
  });

  it('an excluded file is never the current file and asks before it is attached', async () => {
    const env = vscode.Uri.joinPath(folder(), '.env.local');
    await vscode.workspace.fs.writeFile(env, Buffer.from(`GITHUB_TOKEN=${SECRET}\n`));
    const asked: string[] = [];
    let answer = false;
    const answering = api.answerPrompts({
      confirm: async (message, action) => {
        asked.push(`${message} [${action}]`);
        return answer;
      },
    });
    try {
      await openFixture('.env.local');
      await openFixture('src/math.ts');
      await currentChip('src/math.ts'); // the checks are done in order: .env.local's has been answered
      await openFixture('.env.local');
      assert.ok(!chips().some((c) => c.kind === 'currentFile'), 'no current-file chip for an excluded file');
      await ui({ type: 'attachUris', uris: [env.toString()] });
      assert.deepStrictEqual(asked, [
        'Attach .env.local? It is excluded from context because it matches parley.context.exclude; it may hold secrets. [Attach]',
      ]);
      assert.strictEqual(chips().length, 0, 'declined: nothing attached');
      await send('Anything?');
      assert.strictEqual(lastUser(), 'Anything?', 'nothing from the excluded file went implicitly');
      answer = true;
      await ui({ type: 'attachUris', uris: [env.toString()] });
      await send('Now?');
      assert.match(lastUser(), /File: \.env\.local\n```[a-z]*\nGITHUB_TOKEN=⟦secret 1⟧/);
    } finally {
      answering.dispose();
      await vscode.workspace.fs.delete(env);
    }
  });

  it('asking for a selection or the open editors when no editor is open says so and adds no chip', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('no editor open', () => vscode.window.visibleTextEditors.length === 0);
    const notices = recordTrayNotices(api);
    try {
      await ui({ type: 'attach', what: 'selection' });
      await ui({ type: 'attach', what: 'editors' });
    } finally {
      notices.dispose();
    }
    assert.deepStrictEqual(notices.all, ['Select some code in an editor first.', 'No editors are open.']);
    assert.deepStrictEqual(chips(), []);
  });

  it('with parley.context.currentFile off, the current file is not offered', async () => {
    await vscode.workspace.getConfiguration('parley').update('context.currentFile', false, vscode.ConfigurationTarget.Global);
    await openFixture('src/math.ts');
    assert.ok(!chips().some((c) => c.kind === 'currentFile'));
    await send('Plain question');
    assert.strictEqual(lastUser(), 'Plain question');
  });

  it('a pasted image arrives as a spec-valid image_url part and shows in the history', async () => {
    await vscode.workspace.getConfiguration('parley').update('context.currentFile', false, vscode.ConfigurationTarget.Global);
    await ui({ type: 'attachImage', name: 'dot.png', mimeType: 'image/png', dataUrl: PNG });
    assert.deepStrictEqual(
      chips().map((c) => [c.kind, c.label, c.thumbnail]),
      [['image', 'dot.png', PNG]],
    );
    await send('What colour is this?');
    const content = lastBody().messages.at(-1)!.content;
    assert.deepStrictEqual(content, [
      { type: 'text', text: 'What colour is this?' },
      { type: 'image_url', image_url: { url: PNG } },
    ]);
    assert.deepStrictEqual(server.invalidRequests(), [], 'the spec accepts the content parts');
    assert.strictEqual(api.chat.messages[0].images?.[0].name, 'dot.png');
  });

  it('a model that refuses images: a clear error naming it, and the question resent without the image', async () => {
    await server.close();
    server = await useServer({ rejectImages: true });
    await vscode.workspace.getConfiguration('parley').update('context.currentFile', false, vscode.ConfigurationTarget.Global);
    await ui({ type: 'attachImage', name: 'dot.png', mimeType: 'image/png', dataUrl: PNG });
    await send('Describe it');
    const failed = api.chat.messages[1];
    assert.match(
      failed.error ?? '',
      /The model test-model does not accept images \(HTTP 400[^)]*image_url is only supported by certain models/,
    );
    assert.strictEqual(failed.imagesRejected, true);
    await ui({ type: 'resendWithoutImages' });
    await api.chat.idle();
    assert.strictEqual(lastBody().messages.at(-1)!.content, 'Describe it');
    assert.deepStrictEqual(
      api.chat.messages.map((m) => [m.role, m.content, !!m.images]),
      [
        ['user', 'Describe it', false],
        ['assistant', 'Hello from the test server.', false],
      ],
    );
  });
});
