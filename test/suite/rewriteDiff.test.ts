import * as assert from 'assert';
import * as vscode from 'vscode';
import { textReply, tokens, type ChatServer } from '../server/chatServer';
import { cleanUpEditing, parley, useServer, waitFor } from './helpers';

import { ALL, FIRST_ONLY, REPLY, SECOND_ONLY, SOURCE } from './calcRewrite';

function slowReply(text: string, delayMs = 20) {
  return { steps: [...tokens(text).map((t) => ({ content: t, delayMs })), { finish_reason: 'stop' }] };
}

/** The lines (0-based) Parley marks as removed and as added in `doc`. */
async function marks(doc: vscode.TextDocument) {
  const m = (await parley()).rewrite.marks(doc);
  return { removed: m.removed.map((r) => r.start.line), added: m.added.map((r) => r.start.line) };
}

describe('Rewrite as an inline diff, change by change, in the real host', () => {
  let server: ChatServer;
  beforeEach(async () => {
    server = await useServer();
  });
  afterEach(() => cleanUpEditing(server));

  /** A pending rewrite of `calc` whose reply changes two of its three regions. */
  async function pendingRewrite(reply = slowReply(REPLY, 2)) {
    const api = await parley();
    const doc = await vscode.workspace.openTextDocument({ content: SOURCE, language: 'javascript' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 9, 0);
    server.enqueue(reply);
    const session = (await api.rewrite.start('Add types'))!;
    assert.strictEqual(session.status, 'pending');
    return { api, doc, editor, session };
  }

  it('a reply that changes two of three regions shows two hunks, each with its removed lines and its highlighted additions', async () => {
    const { doc, session } = await pendingRewrite();
    assert.strictEqual(session.hunks.length, 2);
    const lines = doc.getText().split('\n');
    // Removed lines stay in place, before the lines that replace them.
    assert.deepStrictEqual(lines.slice(2, 4), ['  const a = x + 1;', '  const a: number = x + 1;']);
    assert.deepStrictEqual(lines.slice(7, 10), ['  const c = b - 3;', '  const c: number = b - 3;', "  log('c', c);"]);
    await waitFor('the diff marks', async () => (await marks(doc)).removed.length === 2);
    assert.deepStrictEqual(await marks(doc), { removed: [2, 7], added: [3, 8, 9] });
  });

  it('accepting one change and rejecting the other gives exactly the original with that change', async () => {
    const { doc, session } = await pendingRewrite();
    await vscode.commands.executeCommand('parley.acceptChange', doc.uri, 0);
    assert.strictEqual(session.status, 'pending', 'one change is still open');
    assert.deepStrictEqual((await marks(doc)).removed, [6], 'the accepted change lost its removed line; the other kept its own');
    await vscode.commands.executeCommand('parley.rejectChange', doc.uri, 1);
    assert.strictEqual(session.status, 'accepted');
    assert.strictEqual(doc.getText(), FIRST_ONLY);
    assert.deepStrictEqual(await marks(doc), { removed: [], added: [] });
  });

  it('rejecting the first and accepting the second works the same way round', async () => {
    const { doc } = await pendingRewrite();
    await vscode.commands.executeCommand('parley.rejectChange', doc.uri, 0);
    await vscode.commands.executeCommand('parley.acceptChange', doc.uri, 1);
    assert.strictEqual(doc.getText(), SECOND_ONLY);
  });

  it('Accept All takes every change', async () => {
    const { doc, session } = await pendingRewrite();
    await vscode.commands.executeCommand('parley.acceptRewrite');
    assert.strictEqual(session.status, 'accepted');
    assert.strictEqual(doc.getText(), ALL);
  });

  it('Reject All puts the original back byte for byte; after a change accepted alone, it keeps that one', async () => {
    const first = await pendingRewrite();
    await vscode.commands.executeCommand('parley.rejectRewrite');
    assert.strictEqual(first.session.status, 'rejected');
    assert.strictEqual(first.doc.getText(), SOURCE);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    const second = await pendingRewrite();
    await vscode.commands.executeCommand('parley.acceptChange', second.doc.uri, 0);
    await vscode.commands.executeCommand('parley.rejectRewrite');
    assert.strictEqual(second.session.status, 'accepted');
    assert.strictEqual(second.doc.getText(), FIRST_ONLY);
  });

  it('the keys: next change moves the cursor, and accept this change takes the change under the cursor', async () => {
    const { doc, editor, session } = await pendingRewrite();
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('parley.nextChange');
    assert.strictEqual(editor.selection.active.line, 2);
    await vscode.commands.executeCommand('parley.nextChange');
    assert.strictEqual(editor.selection.active.line, 7);
    await vscode.commands.executeCommand('parley.previousChange');
    assert.strictEqual(editor.selection.active.line, 2);
    await vscode.commands.executeCommand('parley.nextChange');
    await vscode.commands.executeCommand('parley.acceptChange');
    assert.strictEqual(session.hunks[1].decision, 'accepted');
    assert.strictEqual(session.hunks[0].decision, 'undecided');
    await vscode.commands.executeCommand('parley.rejectChange');
    assert.strictEqual(doc.getText(), SECOND_ONLY);
  });

  it('an edit above the range while streaming: the diff and its marks move with the code', async () => {
    const api = await parley();
    const doc = await vscode.workspace.openTextDocument({ content: SOURCE, language: 'javascript' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 9, 0);
    server.enqueue(slowReply(REPLY, 60));
    const running = api.rewrite.start('Add types');
    await waitFor('streaming edits', () => doc.getText().includes('a: number'));
    for (let attempt = 0; attempt < 100; attempt++) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), '// typed above\n');
      if (await vscode.workspace.applyEdit(edit)) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    const session = (await running)!;
    assert.strictEqual(session.status, 'pending');
    await waitFor('the marks moved down a line', async () => (await marks(doc)).removed[0] === 3);
    assert.deepStrictEqual(await marks(doc), { removed: [3, 8], added: [4, 9, 10] });
    await vscode.commands.executeCommand('parley.acceptChange', doc.uri, 1);
    await vscode.commands.executeCommand('parley.rejectChange', doc.uri, 0);
    assert.strictEqual(doc.getText(), '// typed above\n' + SECOND_ONLY);
  });

  it('undo as documented: one Ctrl+Z during the review (even after a change was accepted) gives back the original and ends the review', async () => {
    const { doc, session } = await pendingRewrite();
    await vscode.commands.executeCommand('parley.acceptChange', doc.uri, 0);
    await vscode.commands.executeCommand('undo');
    await waitFor('the review ended', () => !session.active);
    assert.strictEqual(session.status, 'rejected');
    assert.strictEqual(doc.getText(), SOURCE);
    assert.deepStrictEqual(await marks(doc), { removed: [], added: [] });
  });

  it('undo as documented: after the last decision one Ctrl+Z gives back the original, and redo the result', async () => {
    const { doc } = await pendingRewrite();
    await vscode.commands.executeCommand('parley.acceptChange', doc.uri, 0);
    await vscode.commands.executeCommand('parley.rejectChange', doc.uri, 1);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), SOURCE);
    await vscode.commands.executeCommand('redo');
    assert.strictEqual(doc.getText(), FIRST_ONLY);
  });

  describe('saving while the diff is shown', () => {
    // code-server auto-saves after a delay by default; these tests save by hand.
    before(() => vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global));
    after(() => vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global));
    let file: vscode.Uri;
    let count = 0;
    beforeEach(async () => {
      // A file of its own per test: a closed document may linger in memory under its name.
      file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src', `saveWhilePending${++count}.js`);
      await vscode.workspace.fs.writeFile(file, Buffer.from(SOURCE));
    });
    afterEach(async () => {
      await (await parley()).rewrite.session(await vscode.workspace.openTextDocument(file))?.reject();
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(file);
    });

    const onDisk = async () => Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');

    it('a save while pending writes no removed line to disk; the review goes on, and Reject still restores the original', async () => {
      const api = await parley();
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(1, 0, 9, 0);
      server.enqueue(slowReply(REPLY, 2));
      const session = (await api.rewrite.start('Add types'))!;
      assert.ok(doc.getText().includes('  const a = x + 1;\n  const a: number'), 'the removed line is shown');
      const dirty = doc.isDirty;
      assert.ok(
        await doc.save(),
        `saved (dirty before: ${dirty}, after: ${doc.isDirty}, on disk: ${JSON.stringify(await onDisk())}, text: ${JSON.stringify(doc.getText())})`,
      );
      const disk = await onDisk();
      assert.strictEqual(disk, ALL, 'the file holds the proposed code and no removed line');
      assert.strictEqual(doc.getText(), ALL);
      assert.strictEqual(session.status, 'pending');
      assert.deepStrictEqual((await marks(doc)).removed, []);
      await vscode.commands.executeCommand('parley.rejectChange', doc.uri, 1);
      await vscode.commands.executeCommand('parley.acceptChange', doc.uri, 0);
      assert.strictEqual(doc.getText(), FIRST_ONLY);
    });

    it('auto save after a delay takes the removed lines out first too, and the review goes on', async () => {
      await vscode.workspace.getConfiguration('files').update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
      try {
        const api = await parley();
        const doc = await vscode.workspace.openTextDocument(file);
        const editor = await vscode.window.showTextDocument(doc);
        editor.selection = new vscode.Selection(1, 0, 9, 0);
        server.enqueue(slowReply(REPLY, 2));
        const session = (await api.rewrite.start('Add types'))!;
        await waitFor('auto saved', () => !doc.isDirty, 10_000);
        assert.strictEqual(await onDisk(), ALL);
        assert.strictEqual(session.status, 'pending');
        await session.reject();
        assert.strictEqual(doc.getText(), SOURCE);
      } finally {
        await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
      }
    });

    it('a save while streaming writes no removed line to disk', async () => {
      const api = await parley();
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(1, 0, 9, 0);
      server.enqueue(slowReply(REPLY, 60));
      const running = api.rewrite.start('Add types');
      await waitFor('a removed line is shown', () => doc.getText().includes('  const a = x + 1;\n  const a: number'));
      assert.ok(await doc.save(), 'saved');
      const disk = await onDisk();
      assert.ok(!disk.includes('  const a = x + 1;'), `a removed line reached the disk:\n${disk}`);
      const session = (await running)!;
      await session.reject();
      assert.strictEqual(doc.getText(), SOURCE);
    });
  });

  describe('Generate here', () => {
    const BODY = 'function greet(name) {\n\n}\n';

    it('on an empty line, inserts the code indented to the block, and Reject removes it to the byte', async () => {
      const api = await parley();
      const doc = await vscode.workspace.openTextDocument({ content: BODY, language: 'javascript' });
      const editor = await vscode.window.showTextDocument(doc);
      editor.options = { insertSpaces: true, tabSize: 2 };
      editor.selection = new vscode.Selection(1, 0, 1, 0);
      server.enqueue(
        slowReply("Here you go:\n```js\nconst message = 'Hello, ' + name;\nif (!name) {\n    return 'Hello';\n}\nreturn message;\n```", 5),
      );
      const session = (await api.rewrite.start('Return a greeting'))!;
      assert.strictEqual(session.status, 'pending');
      const prompt = server.requests[0].body.messages[1].content as string;
      assert.match(prompt, /Return a greeting/);
      assert.match(prompt, /function greet\(name\) \{\n\/\* … insert here … \*\/\n\}/);
      const inserted = "  const message = 'Hello, ' + name;\n  if (!name) {\n    return 'Hello';\n  }\n  return message;";
      assert.strictEqual(doc.getText(), `function greet(name) {\n${inserted}\n}\n`);
      assert.deepStrictEqual((await marks(doc)).added, [1, 2, 3, 4, 5]);
      await session.reject();
      assert.strictEqual(doc.getText(), BODY);
    });

    it('Generate Here on a line of code writes on a new line below it; Accept keeps it', async () => {
      const api = await parley();
      const doc = await vscode.workspace.openTextDocument({ content: 'if (ready) {\n\tstart();\n}\n', language: 'javascript' });
      const editor = await vscode.window.showTextDocument(doc);
      editor.options = { insertSpaces: false, tabSize: 4 };
      editor.selection = new vscode.Selection(1, 3, 1, 3);
      server.enqueue(textReply('log("started");'));
      const session = (await api.rewrite.start('Log it', 'generate'))!;
      await session.accept();
      assert.strictEqual(doc.getText(), 'if (ready) {\n\tstart();\n\tlog("started");\n}\n');
    });
  });

  describe("Fix with Parley, with TypeScript's own diagnostics", () => {
    const BROKEN = [
      'export function total(prices: number[]): number {',
      '  let sum = 0;',
      '  for (const p of prices) sum += p;',
      "  const label: number = 'total';",
      '  return sum;',
      '}',
      '',
    ].join('\n');
    const FIXED_FN = BROKEN.replace("const label: number = 'total';", "const label: string = 'total';").replace(/\n$/, '');
    let file: vscode.Uri;
    beforeEach(async () => {
      file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src', 'fixMe.ts');
      await vscode.workspace.fs.writeFile(file, Buffer.from(BROKEN));
    });
    afterEach(async () => {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(file);
    });

    it('a type error offers "Fix with Parley"; the request carries the diagnostic\'s message; accepting gives the expected file', async () => {
      const api = await parley();
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      const diagnostic = await waitFor(
        'TypeScript reports the type error',
        () => vscode.languages.getDiagnostics(file).find((d) => d.range.start.line === 3),
        90_000,
      );
      editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        file,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const fix = actions.find((a) => a.title === 'Fix with Parley');
      assert.ok(fix?.command, `offered: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(actions.some((a) => a.title === 'Explain this problem with Parley'));
      server.enqueue(slowReply('```ts\n' + FIXED_FN + '\n```', 2));
      const session = await vscode.commands.executeCommand<{ status: string } | undefined>(
        fix.command.command,
        ...(fix.command.arguments ?? []),
      );
      assert.strictEqual(session?.status, 'pending');
      const prompt = server.requests[0].body.messages[1].content as string;
      assert.ok(prompt.includes(diagnostic.message), `the prompt carries the message "${diagnostic.message}"`);
      assert.match(prompt, /export function total/, 'the enclosing block is what gets rewritten');
      await api.rewrite.session(doc)!.accept();
      assert.strictEqual(doc.getText(), FIXED_FN + '\n');
    });

    it('"Explain this problem" from the quick fix, with another file active, asks the chat about the diagnostic in its own file', async () => {
      const api = await parley();
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const diagnostic = await waitFor(
        'TypeScript reports the type error',
        () => vscode.languages.getDiagnostics(file).find((d) => d.range.start.line === 3),
        90_000,
      );
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        file,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const explain = actions.find((a) => a.title === 'Explain this problem with Parley');
      assert.ok(explain?.command, `offered: ${actions.map((a) => a.title).join(', ')}`);
      // The quick fix names its file: the editor showing it is the one explained, not the active one.
      await vscode.window.showTextDocument(
        await vscode.workspace.openTextDocument({ content: 'nothing wrong here\n' }),
        vscode.ViewColumn.Beside,
      );
      await api.chat.newChat();
      await vscode.commands.executeCommand(explain.command.command, ...(explain.command.arguments ?? []));
      const asked = api.chat.messages.find((m) => m.role === 'user');
      assert.match(asked?.display ?? '', /^\*\*Explain this problem\*\* `src\/fixMe\.ts` \(line 4\)/);
      const prompt = server.requests.at(-1)!.body.messages.at(-1)!.content as string;
      assert.ok(prompt.includes(diagnostic.message), `the prompt carries the message "${diagnostic.message}"`);
      assert.match(prompt, /const label: number = 'total';/, 'the code around the problem goes with it');
      assert.strictEqual(api.chat.messages.at(-1)?.content, 'Hello from the test server.');
    });
  });
});
