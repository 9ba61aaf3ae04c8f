import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { createEditTools } from '../../src/agent/tools/editFile';
import type { AgentTool } from '../../src/core/agent/agentTool';
import type { ParleyApi } from '../../src/extension';
import type { RewriteSession } from '../../src/rewrite/rewriteSession';
import { textReply, type ChatServer } from '../server/chatServer';
import { ALL, FIRST_ONLY, REPLY, SECOND_ONLY, SOURCE } from './calcRewrite';
import { parley, useServer, waitFor } from './helpers';

/**
 * The agent's edit_file and create_file, called as the loop calls them, with the arguments a model
 * sends. Each edit is the same inline review as Rewrite: the tests decide it through the commands
 * the CodeLens runs, and read the bytes on disk afterwards.
 */

/** The two changes calcRewrite's REPLY makes, as edit_file blocks (the model writes `\n`). */
const BLOCKS = [
  { search: 'const a = x + 1;', replace: 'const a: number = x + 1;' },
  { search: '  const c = b - 3;\n', replace: "  const c: number = b - 3;\n  log('c', c);\n" },
];

interface FileKind {
  name: string;
  /** The file's bytes from an LF text. */
  bytes(lf: string): Buffer;
  /** The blocks as a model copies them from this file (its indentation; `\n` whatever the file's endings). */
  blocks(lf: typeof BLOCKS): typeof BLOCKS;
}
const tabs = (t: string) => t.replace(/^ {2}/gm, '\t');
const KINDS: FileKind[] = [
  { name: 'LF', bytes: (t) => Buffer.from(t), blocks: (b) => b },
  { name: 'CRLF', bytes: (t) => Buffer.from(t.replace(/\n/g, '\r\n')), blocks: (b) => b },
  {
    name: 'tab-indented',
    bytes: (t) => Buffer.from(tabs(t)),
    blocks: (b) => b.map((x) => ({ search: tabs(x.search), replace: tabs(x.replace) })),
  },
  { name: 'UTF-8 with a BOM', bytes: (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]), blocks: (b) => b },
];

describe('Agent edit tools', () => {
  let api: ParleyApi;
  let editFile: AgentTool;
  let createFile: AgentTool;
  let count = 0;
  const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

  before(async () => {
    api = await parley();
    [editFile, createFile] = createEditTools({ reviews: api.rewrite });
    // A save in the middle of a review is the user's to make, not a timer's.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
  });
  afterEach(async () => {
    for (const d of vscode.workspace.textDocuments) await api.rewrite.session(d)?.reject();
    // Closing a dirty editor would ask whether to save: what a test left unsaved is reverted.
    for (const d of vscode.workspace.textDocuments.filter((x) => x.isDirty && !x.isUntitled)) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** A new file in the workspace's src folder with these bytes; its path as the model gives it. */
  function fixture(bytes: Buffer | string, ext = 'js'): string {
    const relative = `src/agentEdit${++count}.${ext}`;
    fs.writeFileSync(path.join(root(), relative), bytes);
    return relative;
  }
  const disk = (relative: string) => fs.readFileSync(path.join(root(), relative));
  const run = (tool: AgentTool, args: unknown, signal = new AbortController().signal) =>
    tool.run(args, { signal, callId: `call-${count}` });
  const documentOf = (relative: string) => vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path.join(root(), relative));

  /** The review the tool opened in `relative`, once it waits for the user. */
  function pending(relative: string): Promise<{ doc: vscode.TextDocument; session: RewriteSession }> {
    return waitFor(`the review of ${relative} to wait for the user`, () => {
      const doc = documentOf(relative);
      const session = doc && api.rewrite.session(doc);
      return doc && session?.status === 'pending' && { doc, session };
    });
  }

  for (const kind of KINDS) {
    it(`${kind.name}: Accept All writes exactly the edited bytes, shown first as the same inline diff as Rewrite`, async () => {
      const file = fixture(kind.bytes(SOURCE));
      const outcome = run(editFile, { path: file, blocks: kind.blocks(BLOCKS) });
      const { doc, session } = await pending(file);
      assert.strictEqual(session.hunks.length, 2, 'two changes to decide');
      assert.ok(api.rewrite.marks(doc).removed.length > 0 && api.rewrite.marks(doc).added.length > 0, 'removed and added lines marked');
      assert.deepStrictEqual(disk(file), kind.bytes(SOURCE), 'nothing on disk until the user decides');
      await vscode.commands.executeCommand('parley.acceptRewrite', doc.uri);
      const result = await outcome;
      assert.strictEqual(result.text, `The user accepted all 2 changes to ${file}.`);
      assert.ok(!result.isError && !result.denied);
      assert.deepStrictEqual(disk(file), kind.bytes(ALL), 'the edited bytes, saved');
      assert.strictEqual(doc.isDirty, false);
    });
  }

  it('Reject All: the bytes on disk are the same, the model reads a denial', async () => {
    const bytes = KINDS[1].bytes(SOURCE);
    const file = fixture(bytes);
    const outcome = run(editFile, { path: file, blocks: BLOCKS });
    const { doc } = await pending(file);
    await vscode.commands.executeCommand('parley.rejectRewrite', doc.uri);
    const result = await outcome;
    assert.strictEqual(result.denied, true);
    assert.match(result.text, /rejected the edit/);
    assert.deepStrictEqual(disk(file), bytes);
    assert.strictEqual(doc.getText(), bytes.toString());
    assert.strictEqual(doc.isDirty, false, 'no dirty editor left behind');
  });

  it('accepting one of two changes from the CodeLens: the outcome names which, and quotes the lines as they are', async () => {
    const file = fixture(SOURCE);
    const outcome = run(editFile, { path: file, blocks: BLOCKS });
    const { doc } = await pending(file);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const titled = (title: string) => lenses.filter((l) => l.command?.title.includes(title)).map((l) => l.command!);
    assert.strictEqual(titled('Accept All').length, 1, 'Accept All above the edit');
    const [, acceptSecond] = titled('Accept change');
    const [rejectFirst] = titled('Reject change');
    await vscode.commands.executeCommand(acceptSecond.command, ...acceptSecond.arguments!);
    await vscode.commands.executeCommand(rejectFirst.command, ...rejectFirst.arguments!);
    const result = await outcome;
    assert.ok(!result.denied);
    assert.strictEqual(result.summary, '1 of 2 changes accepted');
    assert.match(
      result.text,
      /- change 1 \(block 1\), line 3: rejected, the original text is there\n- change 2 \(block 2\), lines 7–8: accepted/,
    );
    assert.match(result.text, /Lines 3–8 of src\/agentEdit\d+\.js now read:\n```\n {2}const a = x \+ 1;\n[\s\S]* {2}log\('c', c\);\n```/);
    assert.strictEqual(disk(file).toString(), SECOND_ONLY);
  });

  it('a block that does not match: the file is untouched, no editor opens, and the error names the block', async () => {
    const file = fixture(SOURCE);
    const result = await run(editFile, { path: file, blocks: [BLOCKS[0], { search: '  const d = c;\n', replace: '' }] });
    assert.strictEqual(result.isError, true);
    assert.match(result.text, /Block 2 of 2 did not apply: its search text, which begins " {2}const d = c;", is not in the file/);
    assert.match(result.text, /Nothing was changed/);
    assert.deepStrictEqual(disk(file).toString(), SOURCE);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath.endsWith(file)), 'no editor opened for it');
  });

  it('the blocks match what the editor holds (unsaved typing included), and a file with unsaved changes is left unsaved', async () => {
    const file = fixture(SOURCE);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(path.join(root(), file)));
    await editor.edit((b) => b.replace(editor.document.lineAt(2).range, '  const a = x + 100;'));
    const outcome = run(editFile, { path: file, blocks: [{ search: 'const a = x + 100;', replace: 'const a = x + 1000;' }] });
    const { doc } = await pending(file);
    await vscode.commands.executeCommand('parley.acceptRewrite', doc.uri);
    const result = await outcome;
    assert.match(result.text, /accepted the change[\s\S]*not saved yet/);
    assert.ok(doc.getText().includes('const a = x + 1000;'));
    assert.ok(doc.isDirty, 'the user saves their own work');
    assert.deepStrictEqual(disk(file).toString(), SOURCE);
  });

  it('the user types inside the change during the review: their text stays, unsaved, and the model is sent to read the file', async () => {
    const file = fixture(SOURCE);
    const outcome = run(editFile, { path: file, blocks: BLOCKS });
    const { doc, session } = await pending(file);
    const editor = await vscode.window.showTextDocument(doc);
    const inside = doc.lineAt(session.range.start.line + 1).range.end;
    await editor.edit((b) => b.insert(inside, ' // mine'));
    const result = await outcome;
    assert.strictEqual(session.status, 'conflict');
    assert.match(
      result.text,
      /edited inside the change during the review[\s\S]*not saved yet[\s\S]*Read src\/agentEdit\d+\.js before changing it again\.$/,
    );
    await waitFor(
      'the removed lines the user left to go',
      () => api.rewrite.marks(doc).removed.length === 0 && doc.getText().includes('// mine'),
    );
    assert.deepStrictEqual(disk(file).toString(), SOURCE, 'what the user is typing is not saved for them');
  });

  it('one Ctrl+Z after Accept All gives back the old bytes (CRLF)', async () => {
    const bytes = KINDS[1].bytes(SOURCE);
    const file = fixture(bytes);
    const outcome = run(editFile, { path: file, blocks: BLOCKS });
    const { doc } = await pending(file);
    await vscode.commands.executeCommand('parley.acceptRewrite', doc.uri);
    await outcome;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('one Ctrl+Z to give the original back', () => doc.getText() === bytes.toString(), 5_000);
    await doc.save();
    assert.deepStrictEqual(disk(file), bytes);
  });

  it('Stop while the review is pending: the outcome says so at once, the review stays, and deciding later still saves', async () => {
    const file = fixture(SOURCE);
    const stop = new AbortController();
    const outcome = run(editFile, { path: file, blocks: BLOCKS }, stop.signal);
    const { doc, session } = await pending(file);
    stop.abort();
    const result = await outcome;
    assert.strictEqual(result.summary, 'Still under review');
    assert.match(result.text, /the review stays open in the editor/);
    assert.strictEqual(session.status, 'pending', 'nothing decided, nothing half-applied');
    assert.deepStrictEqual(disk(file).toString(), SOURCE);
    const next = await run(editFile, { path: file, blocks: [{ search: '// header', replace: '// changed' }] });
    assert.match(next.text, /has a change under review in the editor already/, "the next step's edit waits for that review");
    await vscode.commands.executeCommand('parley.acceptChange', doc.uri, 0);
    await vscode.commands.executeCommand('parley.rejectChange', doc.uri, 1);
    await waitFor('the decided file to be saved', () => disk(file).toString() === FIRST_ONLY);
  });

  it('a second edit of a file under review is refused, from the same step or the next', async () => {
    const file = fixture(SOURCE);
    const both = [run(editFile, { path: file, blocks: [BLOCKS[0]] }), run(editFile, { path: file, blocks: [BLOCKS[1]] })];
    const { doc } = await pending(file);
    const refused = await Promise.race(both);
    assert.strictEqual(refused.isError, true);
    assert.match(refused.text, /another edit of yours under way; this one was not applied/);
    const later = await run(editFile, { path: file, blocks: [BLOCKS[1]] });
    assert.match(later.text, /another edit of yours under way/, 'nor while the first waits for the user');
    await vscode.commands.executeCommand('parley.acceptRewrite', doc.uri);
    const results = await Promise.all(both);
    const applied = results.findIndex((r) => !r.isError);
    assert.match(results[applied].text, /accepted the change/);
    assert.strictEqual(disk(file).toString(), applied === 0 ? FIRST_ONLY : SECOND_ONLY, 'only the first edit to arrive applied');
  });

  describe('while a Rewrite is pending', () => {
    let server: ChatServer;
    before(async () => (server = await useServer()));
    after(() => server.close());

    it('edit_file is refused and the Rewrite is left as it was', async () => {
      const file = fixture(SOURCE);
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(path.join(root(), file)));
      editor.selection = new vscode.Selection(1, 0, 9, 0);
      server.enqueue(textReply(REPLY));
      const rewrite = (await api.rewrite.start('Add types'))!;
      assert.strictEqual(rewrite.status, 'pending');
      const shown = editor.document.getText();
      const result = await run(editFile, { path: file, blocks: [{ search: '// header', replace: '// changed' }] });
      assert.strictEqual(result.isError, true);
      assert.match(result.text, /under review in the editor already \(a Rewrite, or an earlier edit\); this edit was not applied/);
      assert.strictEqual(editor.document.getText(), shown);
      assert.strictEqual(rewrite.status, 'pending');
    });
  });

  describe('paths', () => {
    let outside: string;
    before(() => {
      outside = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-outside-'));
      fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside\n');
      fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root(), 'link-to-outside.txt'));
      fs.symlinkSync(outside, path.join(root(), 'linked-folder'));
      fs.writeFileSync(path.join(root(), '.env'), 'KEY=1\n');
    });
    after(() => {
      for (const p of ['link-to-outside.txt', 'linked-folder', '.env']) fs.rmSync(path.join(root(), p), { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    });

    const hostile = () =>
      [
        ['../outside.txt', /outside the workspace/], // repo-boundary: ignore (a hostile path, as data)
        [path.join(outside, 'secret.txt'), /outside the workspace/],
        ['link-to-outside.txt', /symbolic link .* leads outside the workspace/],
        ['linked-folder/secret.txt', /symbolic link .* leads outside the workspace/],
        ['.env', /is excluded/],
        ['.git/hooks/pre-commit', /is excluded/],
        ['src', /is a folder|exists already/],
      ] as const;

    it('edit_file refuses paths out of the workspace (.., absolute, symbolic links), excluded files and folders', async () => {
      for (const [p, why] of hostile()) {
        const result = await run(editFile, { path: p, blocks: [{ search: 'outside', replace: 'changed' }] });
        assert.strictEqual(result.isError, true, p);
        assert.match(result.text, why, p);
      }
      assert.strictEqual(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'), 'outside\n');
    });

    it('create_file refuses them too, and creates nothing outside', async () => {
      for (const [p, why] of [...hostile(), ['linked-folder/new.txt', /symbolic link .* leads outside the workspace/]] as const) {
        const result = await run(createFile, { path: p, content: 'x\n' });
        assert.strictEqual(result.isError, true, p);
        assert.match(result.text, why, p);
      }
      assert.deepStrictEqual(fs.readdirSync(outside), ['secret.txt']);
    });
  });

  describe('create_file', () => {
    it('Reject: no file, no tab, no folder made for it', async () => {
      const relative = `made${count}/deep/new.ts`;
      const outcome = run(createFile, { path: relative, content: 'export const x = 1;\nexport const y = 2;\n' });
      const { doc, session } = await pending(relative);
      assert.strictEqual(session.hunks.length, 1, 'the whole text is one insertion');
      assert.strictEqual(api.rewrite.marks(doc).added.length, 2);
      await vscode.commands.executeCommand('parley.rejectRewrite', doc.uri);
      const result = await outcome;
      assert.strictEqual(result.denied, true);
      assert.match(result.text, /was not created/);
      assert.ok(!fs.existsSync(path.join(root(), relative.split('/')[0])), 'the folders made for it are gone too');
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      assert.ok(
        !tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === path.join(root(), relative)),
        'no tab left',
      );
    });

    it('Accept: the file holds exactly the text', async () => {
      const relative = `src/created${count}.ts`;
      const content = 'export const x = 1;\n\tindented();\n';
      const outcome = run(createFile, { path: relative, content });
      const { doc } = await pending(relative);
      await vscode.commands.executeCommand('parley.acceptRewrite', doc.uri);
      assert.strictEqual((await outcome).text, `Created ${relative} (2 lines).`);
      assert.strictEqual(fs.readFileSync(path.join(root(), relative), 'utf8'), content);
    });

    it('Stop while pending, then Reject: the outcome said it was pending, and the file goes when the user rejects it', async () => {
      const relative = `src/stopped${count}.ts`;
      const stop = new AbortController();
      const outcome = run(createFile, { path: relative, content: 'a\n' }, stop.signal);
      const { doc } = await pending(relative);
      stop.abort();
      assert.match((await outcome).text, /still reviewing the new file .*If the user rejects it there, the file is removed\./);
      assert.ok(fs.existsSync(path.join(root(), relative)), 'still there while the review is open');
      await vscode.commands.executeCommand('parley.rejectRewrite', doc.uri);
      await waitFor('the rejected file to be removed', () => !fs.existsSync(path.join(root(), relative)));
    });

    it("a text with lone CR line breaks is reviewed and written with the editor's line ending", async () => {
      const relative = `src/crOnly${count}.ts`;
      const outcome = run(createFile, { path: relative, content: 'one\rtwo\r\nthree\n' });
      const { doc } = await pending(relative);
      await vscode.commands.executeCommand('parley.acceptRewrite', doc.uri);
      assert.strictEqual((await outcome).text, `Created ${relative} (3 lines).`);
      assert.strictEqual(fs.readFileSync(path.join(root(), relative), 'utf8'), 'one\ntwo\nthree\n');
    });

    it('an existing file is refused and left as it was', async () => {
      const file = fixture(SOURCE);
      const result = await run(createFile, { path: file, content: 'replaced\n' });
      assert.strictEqual(result.isError, true);
      assert.match(result.text, /exists already: change it with edit_file/);
      assert.strictEqual(disk(file).toString(), SOURCE);
    });
  });

  describe('parley.agent.autoAcceptEdits', () => {
    const config = () => vscode.workspace.getConfiguration('parley');
    before(() => config().update('agent.autoAcceptEdits', true, vscode.ConfigurationTarget.Global));
    after(() => config().update('agent.autoAcceptEdits', undefined, vscode.ConfigurationTarget.Global));

    it('applies and saves the edit at once, with no review; one Ctrl+Z still takes it back', async () => {
      const file = fixture(SOURCE);
      const result = await run(editFile, { path: file, blocks: BLOCKS });
      assert.match(result.text, /applied without review/);
      assert.strictEqual(disk(file).toString(), ALL);
      const doc = documentOf(file)!;
      assert.strictEqual(api.rewrite.session(doc), undefined, 'no review');
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
      await waitFor('one Ctrl+Z to give the original back', () => doc.getText() === SOURCE, 5_000);
    });

    it('creates a file at once', async () => {
      const relative = `src/auto${count}.ts`;
      assert.match((await run(createFile, { path: relative, content: 'a\n' })).text, /Created .* without review/);
      assert.strictEqual(fs.readFileSync(path.join(root(), relative), 'utf8'), 'a\n');
    });
  });

  it('arguments of the wrong shape are told back, and the call is described whatever it holds', async () => {
    for (const args of [
      null,
      'src/a.ts',
      { path: 3 },
      { path: 'src/math.ts', blocks: '[]' },
      { path: 'src/math.ts', blocks: [{ search: '' }] },
    ]) {
      const result = await run(editFile, args);
      assert.strictEqual(result.isError, true, JSON.stringify(args));
      assert.match(result.text, /^edit_file (takes|was not run)/);
      assert.strictEqual(typeof editFile.describe(args), 'string');
      assert.strictEqual(typeof createFile.describe(args), 'string');
    }
    assert.strictEqual(editFile.describe({ path: 'src/a.ts', blocks: [{}, {}] }), 'Edit src/a.ts (2 changes)');
    assert.strictEqual(createFile.describe({ path: 'src/b.ts', content: '' }), 'Create src/b.ts');
  });
});
