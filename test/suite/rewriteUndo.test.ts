import * as assert from 'assert';
import * as vscode from 'vscode';
import { textReply, type ChatServer } from '../server/chatServer';
import { ALL as BOTH, FIRST_ONLY, REPLY, SOURCE } from './calcRewrite';
import { parley, useServer, waitFor } from './helpers';

/**
 * The undo promise of the inline diff, whatever the user does during the review: every state
 * Ctrl+Z and Ctrl+Y can reach is the original or a decided result, never a document that shows
 * removed lines without the review around it. Each interaction below closes (or may close) VS
 * Code's undo group between the edits that show the diff and those that decide it.
 */
/** What typing outside the region adds (at the end of the header line). */
const TYPED = ' typed';

interface FileKind {
  name: string;
  /** The document's text from an LF text. */
  form(lf: string): string;
}
const KINDS: FileKind[] = [
  { name: 'LF', form: (t) => t },
  { name: 'CRLF', form: (t) => t.replace(/\n/g, '\r\n') },
  { name: 'tab-indented', form: (t) => t.replace(/^ {2}/gm, '\t') },
];

type Interaction = (doc: vscode.TextDocument, editor: vscode.TextEditor) => Thenable<unknown>;
/** What a user may do while the diff is under review, as close to the user's own input as the API goes. */
const INTERACTIONS: Record<string, Interaction> = {
  nothing: async () => undefined,
  // A click in the editor closes the undo group the same way (the UI test clicks).
  'cursor keys': async () => {
    await vscode.commands.executeCommand('cursorDown');
    await vscode.commands.executeCommand('cursorRight');
  },
  scrolling: async (_doc, editor) => {
    await vscode.commands.executeCommand('editorScroll', { to: 'down', by: 'line', value: 3 });
    editor.revealRange(new vscode.Range(0, 0, 0, 0));
  },
  'a save': (doc) => doc.save(),
  'switching editors and back': async (doc) => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'other', language: 'plaintext' }));
    await vscode.window.showTextDocument(doc);
  },
  'typing outside the region': async (doc, editor) => {
    const end = doc.lineAt(0).range.end;
    editor.selection = new vscode.Selection(end, end);
    await vscode.commands.executeCommand('type', { text: TYPED });
  },
};

describe('Rewrite undo: one step whatever happens during the review (real host)', () => {
  let server: ChatServer;
  let count = 0;
  before(async () => {
    server = await useServer();
    // code-server auto-saves after a delay by default: a save is one of the interactions, by hand.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function pendingRewrite(kind: FileKind) {
    const api = await parley();
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src', `undoDuringReview${++count}.js`);
    await vscode.workspace.fs.writeFile(file, Buffer.from(kind.form(SOURCE)));
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 9, 0);
    server.enqueue(textReply(REPLY));
    const session = (await api.rewrite.start('Add types'))!;
    assert.strictEqual(session.status, 'pending');
    assert.strictEqual(session.hunks.length, 2);
    return { doc, editor, session, file };
  }

  /** The document as the test names it: typing outside taken out, LF. */
  function plain(doc: vscode.TextDocument, kind: FileKind): string {
    const lf = doc.getText().replace(/\r\n/g, '\n');
    return (kind.name === 'tab-indented' ? lf.replace(/^\t/gm, '  ') : lf).replace(`// header${TYPED}`, '// header');
  }

  /**
   * Presses `command` and waits for the document to rest: Parley may step on through states
   * that show the review, but it must come to rest on one of `allowed` (else this times out).
   */
  async function step(command: 'undo' | 'redo', doc: vscode.TextDocument, kind: FileKind, allowed: string[]): Promise<string> {
    const before = doc.version;
    await vscode.commands.executeCommand(command);
    return waitFor(
      `${command} to come to rest on the original or a decided result (now: ${JSON.stringify(plain(doc, kind))})`,
      () => {
        const text = plain(doc, kind);
        return doc.version !== before && allowed.includes(text) && text;
      },
      5_000,
    );
  }

  for (const kind of KINDS) {
    for (const [what, interact] of Object.entries(INTERACTIONS)) {
      it(`${kind.name}, ${what}, then Accept All: one Ctrl+Z gives the original, Ctrl+Y the result, and no state between shows the review`, async () => {
        const { doc, editor, session } = await pendingRewrite(kind);
        await interact(doc, editor);
        await vscode.commands.executeCommand('parley.acceptRewrite', doc.uri);
        assert.strictEqual(session.status, 'accepted');
        assert.strictEqual(plain(doc, kind), BOTH);
        await vscode.window.showTextDocument(doc);
        assert.strictEqual(await step('undo', doc, kind, [SOURCE, BOTH]), SOURCE, 'one Ctrl+Z');
        assert.strictEqual(await step('redo', doc, kind, [SOURCE, BOTH]), BOTH, 'one Ctrl+Y');
        assert.strictEqual(
          doc.getText().includes(TYPED),
          what === 'typing outside the region',
          'what was typed outside is there after redo',
        );
      });

      it(`${kind.name}, ${what} between two decisions made one by one: one Ctrl+Z gives the original`, async () => {
        const { doc, editor, session } = await pendingRewrite(kind);
        await vscode.commands.executeCommand('parley.acceptChange', doc.uri, 0);
        await interact(doc, editor);
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('parley.rejectChange', doc.uri, 1);
        assert.strictEqual(session.status, 'accepted');
        assert.strictEqual(plain(doc, kind), FIRST_ONLY);
        assert.strictEqual(await step('undo', doc, kind, [SOURCE, FIRST_ONLY]), SOURCE, 'one Ctrl+Z');
        assert.strictEqual(await step('redo', doc, kind, [SOURCE, FIRST_ONLY]), FIRST_ONLY, 'one Ctrl+Y');
      });
    }
  }

  it('cursor keys, a save and typing outside while the reply streams, then Accept All: one Ctrl+Z gives the original', async () => {
    const kind = KINDS[0];
    const api = await parley();
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src', `undoWhileStreaming${++count}.js`);
    await vscode.workspace.fs.writeFile(file, Buffer.from(SOURCE));
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 9, 0);
    // The reply stops halfway until the user has done all three.
    let goOn = () => {};
    const { steps } = textReply(REPLY);
    const half = steps!.length >> 1;
    server.enqueue({
      steps: [
        ...steps!.slice(0, half),
        {
          until: new Promise<void>((r) => {
            goOn = r;
          }),
        },
        ...steps!.slice(half),
      ],
    });
    const running = api.rewrite.start('Add types');
    await waitFor('the reply streaming into the file', () => doc.getText().includes('const a: number'));
    for (const what of ['cursor keys', 'a save', 'typing outside the region']) await INTERACTIONS[what](doc, editor);
    assert.strictEqual(api.rewrite.session(doc)?.status, 'streaming', 'all three happened while the reply streamed');
    goOn();
    const session = (await running)!;
    assert.strictEqual(session.status, 'pending');
    await vscode.commands.executeCommand('parley.acceptRewrite', doc.uri);
    assert.strictEqual(plain(doc, kind), BOTH);
    assert.strictEqual(await step('undo', doc, kind, [SOURCE, BOTH]), SOURCE, 'one Ctrl+Z');
    assert.strictEqual(await step('redo', doc, kind, [SOURCE, BOTH]), BOTH, 'one Ctrl+Y');
  });

  it('after a review split by a click, Ctrl+Z and Ctrl+Y back and forth only ever rest on the original or the result', async () => {
    const kind = KINDS[0];
    const { doc, editor, session } = await pendingRewrite(kind);
    await vscode.commands.executeCommand('parley.acceptChange', doc.uri, 0);
    await INTERACTIONS['cursor keys'](doc, editor);
    await vscode.commands.executeCommand('parley.acceptChange', doc.uri, 1);
    assert.strictEqual(session.status, 'accepted');
    assert.strictEqual(await step('undo', doc, kind, [SOURCE, BOTH]), SOURCE);
    for (let i = 0; i < 3; i++) {
      await step('redo', doc, kind, [SOURCE, BOTH]);
      await step('undo', doc, kind, [SOURCE, BOTH]);
    }
  });

  it('Ctrl+Z in the middle of a review split by a click puts the original back and ends the review', async () => {
    const kind = KINDS[0];
    const { doc, editor, session } = await pendingRewrite(kind);
    await INTERACTIONS['cursor keys'](doc, editor);
    await vscode.commands.executeCommand('parley.acceptChange', doc.uri, 0);
    assert.strictEqual(session.status, 'pending');
    await vscode.commands.executeCommand('undo');
    await waitFor('the review ended', () => !session.active);
    assert.strictEqual(session.status, 'rejected');
    assert.strictEqual(plain(doc, kind), SOURCE);
    // Neither direction shows the review again: Ctrl+Z steps back over it, Ctrl+Y forward.
    assert.strictEqual(await step('undo', doc, kind, [SOURCE]), SOURCE);
    assert.strictEqual(await step('redo', doc, kind, [SOURCE]), SOURCE);
  });
});
