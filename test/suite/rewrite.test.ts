import * as assert from 'assert';
import * as vscode from 'vscode';
import { errorReply, textReply, tokens, type ChatServer, type ScriptedReply } from '../server/chatServer';
import { cleanUpEditing, openFixture, parley, useServer, waitFor } from './helpers';

const SOURCE = ['// header', 'function add(a, b) {', '  return a + b;', '}', '', 'function keep() {}', ''].join('\n');
const REPLY_CODE = 'function add(a: number, b: number): number {\n  return a + b;\n}';

async function editorWith(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ content, language: 'typescript' });
  const editor = await vscode.window.showTextDocument(doc);
  return editor;
}

/** An editor holding `source` with the `add` function selected, and the server's next reply queued. */
async function rewriteOf(source: string, server: ChatServer, reply: ScriptedReply) {
  const api = await parley();
  const editor = await editorWith(source);
  selectLines(editor, 1, 3);
  server.enqueue(reply);
  return { api, editor };
}

/** An edit as the user's typing lands: applied to the document as it is now, whatever streams in. */
async function userEdit(doc: vscode.TextDocument, at: () => vscode.Position, text: string): Promise<void> {
  // Keystrokes in the editor always land; from the extension host an edit can lose a race
  // with the streaming rewrite, so it is tried again until it lands.
  for (let attempt = 0; attempt < 100; attempt++) {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, at(), text);
    if (await vscode.workspace.applyEdit(edit)) return;
    await new Promise((r) => setTimeout(r, 15));
  }
  assert.fail('the user edit never applied');
}

/** Selects whole lines [from, to] (0-based, inclusive) including the final newline. */
function selectLines(editor: vscode.TextEditor, from: number, to: number): void {
  editor.selection = new vscode.Selection(from, 0, to + 1, 0);
}

function slowReply(text: string, delayMs = 30) {
  return { steps: [...tokens(text).map((t) => ({ content: t, delayMs })), { finish_reason: 'stop' }] };
}

describe('Rewrite Selection in the real host', () => {
  let server: ChatServer;
  beforeEach(async () => {
    server = await useServer();
  });
  afterEach(() => cleanUpEditing(server));

  it('streams into the editor, replacing exactly the selection and nothing else', async () => {
    const { api, editor } = await rewriteOf(SOURCE, server, slowReply('```ts\n' + REPLY_CODE + '\n```'));
    const running = api.rewrite.start('Add types');
    const session = await waitFor('session', () => api.rewrite.session(editor.document));
    await waitFor('streamed text in the editor', () => session.status === 'streaming' && editor.document.getText().includes('a: number'));
    await running;
    assert.strictEqual(session.status, 'pending');
    // Pending, the removed line stays beside the new one, marked; Accept leaves exactly the reply.
    assert.strictEqual(
      editor.document.getText(),
      SOURCE.replace('function add(a, b) {\n', 'function add(a, b) {\nfunction add(a: number, b: number): number {\n'),
    );
    await session.accept();
    assert.strictEqual(editor.document.getText(), SOURCE.replace('function add(a, b) {\n  return a + b;\n}\n', REPLY_CODE + '\n'));
    const prompt = server.requests[0].body.messages[1].content as string;
    assert.match(prompt, /Add types/);
    assert.match(prompt, /function add\(a, b\) \{\n {2}return a \+ b;\n\}/);
  });

  it('Accept leaves one undo step: a single undo restores the original', async () => {
    const { api, editor } = await rewriteOf(SOURCE, server, slowReply(REPLY_CODE, 5));
    const session = (await api.rewrite.start('Add types'))!;
    assert.strictEqual(session.status, 'pending');
    await vscode.commands.executeCommand('parley.acceptRewrite');
    assert.strictEqual(session.status, 'accepted');
    assert.ok(editor.document.getText().includes('a: number'));
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), SOURCE);
  });

  it('Reject restores the original byte for byte', async () => {
    const { api, editor } = await rewriteOf(SOURCE, server, slowReply(REPLY_CODE, 5));
    const session = (await api.rewrite.start('Add types'))!;
    await vscode.commands.executeCommand('parley.rejectRewrite');
    assert.strictEqual(session.status, 'rejected');
    assert.strictEqual(editor.document.getText(), SOURCE);
  });

  it('Stop during streaming aborts the request and restores the original', async () => {
    const { api, editor } = await rewriteOf(SOURCE, server, slowReply(REPLY_CODE + '\n// ' + 'more '.repeat(100), 40));
    const running = api.rewrite.start('Add types');
    const session = await waitFor('session', () => api.rewrite.session(editor.document));
    await waitFor('streaming edits', () => editor.document.getText().includes('a: number'));
    await vscode.commands.executeCommand('parley.rejectRewrite');
    await running;
    assert.strictEqual(session.status, 'stopped');
    assert.strictEqual(editor.document.getText(), SOURCE);
    assert.strictEqual((await server.settled(0)).closedEarly, true);
  });

  it('an edit above the range during streaming is survived: the result lands at the shifted range', async () => {
    const { api, editor } = await rewriteOf(SOURCE, server, slowReply(REPLY_CODE, 150));
    const running = api.rewrite.start('Add types');
    await waitFor('streaming edits', () => editor.document.getText().includes('a: number'));
    await userEdit(editor.document, () => new vscode.Position(0, 0), '// typed above\n');
    const session = await running;
    assert.strictEqual(session?.status, 'pending');
    await session!.accept();
    assert.strictEqual(
      editor.document.getText(),
      '// typed above\n' + SOURCE.replace('function add(a, b) {\n  return a + b;\n}\n', REPLY_CODE + '\n'),
    );
  });

  it("an edit inside the range during streaming stops the rewrite and keeps the user's edit", async () => {
    const { api, editor } = await rewriteOf(SOURCE, server, slowReply(REPLY_CODE + '\n// ' + 'more '.repeat(100), 150));
    const running = api.rewrite.start('Add types');
    await waitFor('streaming edits', () => editor.document.getText().includes('a: number'));
    await userEdit(editor.document, () => editor.document.lineAt(1).range.end, ' /* mine */');
    const textAfterEdit = editor.document.getText();
    const session = await running;
    assert.strictEqual(session?.status, 'conflict');
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(editor.document.getText(), textAfterEdit, 'nothing more was written');
    assert.ok(editor.document.getText().includes('/* mine */'));
    assert.strictEqual((await server.settled(0)).closedEarly, true, 'the request was aborted');
  });

  it('a server error mid-stream restores the original', async () => {
    const { api, editor } = await rewriteOf(SOURCE, server, {
      steps: [
        { content: 'function add(a: number', delayMs: 10 },
        { content: ', b', delayMs: 100 },
        { error: { message: 'model crashed' }, delayMs: 50 },
      ],
    });
    const session = await api.rewrite.start('Add types');
    assert.strictEqual(session?.status, 'failed');
    assert.match(session?.error ?? '', /model crashed/);
    assert.strictEqual(editor.document.getText(), SOURCE);
  });

  it('a CRLF document stays CRLF', async () => {
    const api = await parley();
    const editor = await openFixture('src/crlf.js');
    const original = editor.document.getText();
    assert.strictEqual(editor.document.eol, vscode.EndOfLine.CRLF);
    selectLines(editor, 0, 2);
    server.enqueue(textReply('```js\nfunction a() {\n  // one\n  return 1;\n}\n```'));
    const session = await api.rewrite.start('Add a comment');
    assert.strictEqual(session?.status, 'pending');
    await session!.accept();
    const text = editor.document.getText();
    assert.strictEqual(
      text,
      original.replace('function a() {\r\n  return 1;\r\n}\r\n', 'function a() {\r\n  // one\r\n  return 1;\r\n}\r\n'),
    );
    assert.ok(!/[^\r]\n/.test(text), 'no bare LF');
  });

  it('an empty reply changes nothing', async () => {
    const { api, editor } = await rewriteOf(SOURCE, server, textReply('<think>no idea</think>   '));
    const session = await api.rewrite.start('Add types');
    assert.strictEqual(session?.status, 'empty');
    assert.strictEqual(editor.document.getText(), SOURCE);
  });

  it('a reply cut off at the token limit stays pending with a warning', async () => {
    const { api, editor } = await rewriteOf(
      SOURCE,
      server,
      textReply('function add(a: number, b: number): number {\n  return', { finish: 'length' }),
    );
    const session = await api.rewrite.start('Add types');
    assert.strictEqual(session?.status, 'pending');
    assert.strictEqual(session?.finishReason, 'length');
    assert.ok(
      editor.document.getText().includes('function add(a: number, b: number): number {\n  return'),
      'shown for review, not accepted',
    );
    assert.ok(api.rewrite.session(editor.document)?.active, 'still waiting for Accept or Reject');
  });

  /** A reply streamed with a chunk boundary just after the first character of every fence, and a pause there. */
  function splitInsideFences(text: string) {
    const pieces = text.split(/(?<=\n[`~])/);
    return { steps: [...pieces.map((content, i) => ({ content, delayMs: i === 0 ? 0 : 150 })), { finish_reason: 'stop' }] };
  }

  /** Every state of the document while the rewrite streams. */
  function recordStates(doc: vscode.TextDocument): { states: string[]; dispose(): void } {
    const states: string[] = [];
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc) states.push(doc.getText());
    });
    return { states, dispose: () => listener.dispose() };
  }

  it('a Markdown selection with fenced blocks gets exactly the reply, and no partial fence is ever shown', async () => {
    const api = await parley();
    const markdown = '# Setup\n\nIntro\n\n```sh\nnpm i\n```\n\nThen:\n\n~~~sh\nnpm t\n~~~\n';
    const reply = '# Setup\n\nIntro\n\n```sh\nnpm ci\n```\n\nThen:\n\n~~~sh\nnpm test\n~~~\n';
    const doc = await vscode.workspace.openTextDocument({ content: markdown + '\nOutro\n', language: 'markdown' });
    const editor = await vscode.window.showTextDocument(doc);
    selectLines(editor, 0, 12);
    server.enqueue(splitInsideFences(reply));
    const recorder = recordStates(doc);
    try {
      const session = await api.rewrite.start('Use npm ci and npm test');
      assert.strictEqual(session?.status, 'pending');
      await session!.accept();
      assert.strictEqual(doc.getText(), reply + '\nOutro\n');
      assert.ok(recorder.states.length > 2, 'the rewrite streamed');
      for (const state of recorder.states) assert.doesNotMatch(state, /^(?:`{1,2}|~{1,2})$/m, 'a partial fence reached the editor');
    } finally {
      recorder.dispose();
    }
  });

  it('a tab-indented document keeps its tabs when the reply is indented with spaces', async () => {
    const api = await parley();
    const source = '// math\nexport function add(a, b) {\n\tif (a) {\n\t\treturn a + b;\n\t}\n}\n';
    const doc = await vscode.workspace.openTextDocument({ content: source, language: 'typescript' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.options = { insertSpaces: false, tabSize: 4 };
    selectLines(editor, 1, 5);
    server.enqueue(slowReply('```ts\nexport function add(a: number, b: number): number {\n  if (a) {\n    return a + b;\n  }\n}\n```', 5));
    const session = await api.rewrite.start('Add types');
    assert.strictEqual(session?.status, 'pending');
    await session!.accept();
    assert.strictEqual(
      doc.getText(),
      '// math\nexport function add(a: number, b: number): number {\n\tif (a) {\n\t\treturn a + b;\n\t}\n}\n',
    );
  });

  it('allows only one rewrite per document at a time', async () => {
    const { api, editor } = await rewriteOf(SOURCE, server, slowReply(REPLY_CODE, 40));
    const first = api.rewrite.start('Add types');
    await waitFor('first session', () => api.rewrite.session(editor.document));
    const second = await api.rewrite.start('Something else');
    assert.strictEqual(second, undefined);
    assert.strictEqual((await first)?.status, 'pending');
    assert.strictEqual(server.requests.length, 1);
  });

  describe('diff preview mode', () => {
    beforeEach(() => vscode.workspace.getConfiguration('parley').update('rewrite.mode', 'diff', vscode.ConfigurationTarget.Global));
    afterEach(() => vscode.workspace.getConfiguration('parley').update('rewrite.mode', undefined, vscode.ConfigurationTarget.Global));

    const diffTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff);

    it('streams into a diff editor, leaves the file alone, and Accept applies it as one undo step', async () => {
      const { api, editor } = await rewriteOf(SOURCE, server, slowReply(REPLY_CODE, 5));
      const session = (await api.rewrite.start('Add types'))!;
      assert.strictEqual(session.status, 'pending');
      assert.strictEqual(editor.document.getText(), SOURCE, 'the file is untouched while previewing');
      const tab = diffTabs()[0];
      assert.ok(tab, 'a diff editor is open');
      const proposal = await vscode.workspace.openTextDocument((tab.input as vscode.TabInputTextDiff).modified);
      const expected = SOURCE.replace('function add(a, b) {\n  return a + b;\n}\n', REPLY_CODE + '\n');
      await waitFor('the diff shows the rewrite', () => proposal.getText() === expected, 5000);
      await session.accept();
      assert.strictEqual(editor.document.getText(), expected);
      await waitFor('diff closed', () => diffTabs().length === 0);
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(editor.document.getText(), SOURCE);
    });

    it('Reject closes the preview and changes nothing', async () => {
      const { api, editor } = await rewriteOf(SOURCE, server, slowReply(REPLY_CODE, 5));
      const session = (await api.rewrite.start('Add types'))!;
      await session.reject();
      assert.strictEqual(session.status, 'rejected');
      assert.strictEqual(editor.document.getText(), SOURCE);
      await waitFor('diff closed', () => diffTabs().length === 0);
    });
  });

  describe('under fire: every failure restores the original exactly', () => {
    before(() => vscode.workspace.getConfiguration('parley').update('timeouts.idleSeconds', 1, vscode.ConfigurationTarget.Global));
    after(() => vscode.workspace.getConfiguration('parley').update('timeouts.idleSeconds', undefined, vscode.ConfigurationTarget.Global));
    const x3 = (r: ScriptedReply) => [r, r, r];
    const faults: [string, ScriptedReply[]][] = [
      ['HTTP 400', [errorReply(400, 'bad request')]],
      ['HTTP 401', [errorReply(401, 'Incorrect API key provided.')]],
      ['HTTP 404', [errorReply(404, 'no such model')]],
      ['HTTP 429 asking for 120 s', [errorReply(429, 'quota', { 'retry-after': '120' })]],
      ['HTTP 500 x3', x3(errorReply(500, 'boom', { 'retry-after-ms': '20' }))],
      ['HTTP 503 HTML x3', x3({ status: 503, body: '<h1>Service Unavailable</h1>', headers: { 'retry-after-ms': '20' } })],
      ['cut before headers x3', x3({ cutBeforeHeaders: true })],
      ['cut mid-stream', [{ steps: [{ content: 'function add(a: number' }, { content: ', b', delayMs: 80 }, { cut: true, delayMs: 80 }] }]],
      ['stall (idle timeout)', [{ steps: [{ content: 'function add(a: number' }, { stall: true }] }]],
      ['malformed chunk', [{ steps: [{ content: 'function add(' }, { rawData: '{"choices":[{"delta":{"content":"x', delayMs: 80 }] }]],
      ['mid-stream error object', [{ steps: [{ content: 'function add(' }, { error: { message: 'overloaded' }, delayMs: 80 }] }]],
    ];
    for (const [name, replies] of faults) {
      it(name, async () => {
        const { api, editor } = await rewriteOf(SOURCE, server, replies[0]);
        server.enqueue(...replies.slice(1));
        const answering = api.answerPrompts({ input: async () => undefined });
        try {
          const session = await api.rewrite.start('Add types');
          assert.strictEqual(session?.status, 'failed');
          assert.ok(session?.error, 'the error is reported');
          assert.strictEqual(editor.document.getText(), SOURCE);
        } finally {
          answering.dispose();
        }
      });
    }

    it('the document reverted and closed mid-stream: the rewrite stops and the request is aborted', async () => {
      const { api, editor } = await rewriteOf(SOURCE, server, slowReply(REPLY_CODE + '\n// ' + 'more '.repeat(100), 100));
      const running = api.rewrite.start('Add types');
      await waitFor('streaming edits', () => editor.document.getText().includes('a: number'));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      const session = await running;
      // Revert replaces the contents (a conflict) just before the close; either stops it.
      assert.ok(session && ['closed', 'conflict'].includes(session.status), session?.status);
      assert.ok(!session.active);
      assert.strictEqual((await server.settled(0)).closedEarly, true);
    });

    it('undo then redo after Accept', async () => {
      const { api, editor } = await rewriteOf(SOURCE, server, slowReply(REPLY_CODE, 5));
      const session = (await api.rewrite.start('Add types'))!;
      await session.accept();
      const accepted = editor.document.getText();
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(editor.document.getText(), SOURCE);
      await vscode.commands.executeCommand('redo');
      assert.strictEqual(editor.document.getText(), accepted);
    });
  });
});
