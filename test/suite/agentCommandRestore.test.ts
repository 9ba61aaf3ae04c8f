import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ToolTurn } from '../../src/core/conversation/turn';
import type { ChatServer, ScriptedCall } from '../server/chatServer';
import { plannedModel } from '../server/plannedModel';
import { answerCommands } from './agentScript';
import { assertAllValid, parley, useServer, waitFor } from './helpers';

/** Each test's project folder: its own, so no test meets files (or VS Code's memory of them) another left. */
let DIR = 'agent-cmd-restore';
let runs = 0;
const EDITED = 'const answer = 41;\r\nmodule.exports = answer;\r\n';
/** Every byte value, so the deleted file comes back byte for byte, not as text. */
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const UNTOUCHED = 'left alone\n';

/**
 * One command that changes three files: edits one, creates one, deletes one. Node, so it runs in
 * any shell; no `$`, `!` or backticks, which a shell would read inside double quotes.
 */
const SCRIPT =
  "const fs = require('fs'); fs.writeFileSync('edit.js', 'const answer = 42;\\n'); " +
  "fs.writeFileSync('made.txt', 'made by the command\\n'); fs.unlinkSync('gone.bin');";

describe('Agent mode: Restore to here puts back what a command changed (in the real host)', () => {
  let server: ChatServer;
  let root: string;
  const file = (name: string) => path.join(root, DIR, name);
  const command = (id: string, exit = 0): ScriptedCall => ({
    id,
    name: 'run_command',
    arguments: JSON.stringify({ command: `node -e "${SCRIPT} process.exit(${exit});"`, cwd: DIR }),
  });

  beforeEach(async () => {
    DIR = `agent-cmd-restore-${++runs}`;
    server = await useServer();
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    fs.mkdirSync(path.join(root, DIR), { recursive: true });
    fs.writeFileSync(file('edit.js'), EDITED);
    fs.writeFileSync(file('gone.bin'), BINARY);
    fs.writeFileSync(file('untouched.txt'), UNTOUCHED);
    await (await parley()).chat.newChat();
  });
  afterEach(async () => {
    server.respond(undefined);
    assertAllValid(server);
    await server.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(root, DIR), { recursive: true, force: true });
  });
  after(async () => {
    // The chat's Parley terminal sits in a folder now gone: closed, so the suites after start as they would alone.
    const parleyTerminals = () => vscode.window.terminals.filter((t) => t.name === 'Parley' && t.exitStatus === undefined);
    for (const terminal of parleyTerminals()) terminal.dispose();
    await waitFor('the Parley terminal to close', () => parleyTerminals().length === 0);
  });

  /** Sends a question whose scripted model makes `plan`'s calls, each command approved; returns the steps. */
  async function run(plan: ScriptedCall[][]): Promise<ToolTurn[]> {
    const api = await parley();
    server.respond(plannedModel(plan, 'Done.'));
    const user = answerCommands('run');
    try {
      await api.chat.send('Change the files', undefined, {}, 'agent');
      await api.chat.idle();
    } finally {
      user.stop();
    }
    return api.chat.messages.filter((t): t is ToolTurn => t.role === 'tool');
  }

  it('an approved command edits, creates and deletes a file; Restore to here on it gives back the exact bytes, deletes and recreates', async () => {
    const api = await parley();
    // Open and saved in an editor: the file changes on disk under it, and comes back through it.
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file('edit.js')));
    const read: ScriptedCall = { id: 'read', name: 'read_file', arguments: JSON.stringify({ path: `${DIR}/made.txt` }) };
    const steps = await run([[command('cmd')], [read]]);
    const said = steps.map((s) => `${s.name} ${s.status}: ${s.content.slice(0, 300)}`).join('\n');
    assert.deepStrictEqual(
      steps.map((s) => [s.toolCallId, s.status]),
      [
        ['cmd', 'done'],
        ['read', 'done'],
      ],
      said,
    );
    assert.strictEqual(fs.readFileSync(file('edit.js'), 'utf8'), 'const answer = 42;\n', said);
    assert.ok(fs.existsSync(file('made.txt')) && !fs.existsSync(file('gone.bin')), 'the command did its three changes');

    const result = await api.chat.restoreTo(steps[0].id);
    assert.deepStrictEqual(
      { restored: result?.restored.sort(), skipped: result?.skipped, partial: result?.partial },
      { restored: [`${DIR}/edit.js`, `${DIR}/gone.bin`, `${DIR}/made.txt`], skipped: [], partial: false },
      'only the three files the command changed, none it left alone',
    );
    assert.ok(fs.readFileSync(file('edit.js')).equals(Buffer.from(EDITED)), 'the exact bytes, CRLF included');
    assert.ok(fs.readFileSync(file('gone.bin')).equals(BINARY), 'the deleted file is back, every byte');
    assert.ok(!fs.existsSync(file('made.txt')), 'the file the command created is gone');
    assert.strictEqual(fs.readFileSync(file('untouched.txt'), 'utf8'), UNTOUCHED);
    assert.deepStrictEqual(api.chat.messages.filter((t) => t.role === 'tool').length, 0, 'the conversation is cut at the command');
    await waitFor('the open editor to show the file as before, saved', () => {
      const doc = editor.document;
      return !doc.isDirty && doc.getText() === EDITED;
    });
  });

  it('a command that exits with an error after changing files is covered too: Restore deletes what it created, puts back the rest', async () => {
    const api = await parley();
    const steps = await run([[command('failing', 3)]]);
    assert.match(steps[0].content, /Exit code 3/, 'the model read that it failed');
    assert.ok(fs.existsSync(file('made.txt')), steps[0].content);
    const result = await api.chat.restoreTo(steps[0].id);
    assert.deepStrictEqual(result?.restored.sort(), [`${DIR}/edit.js`, `${DIR}/gone.bin`, `${DIR}/made.txt`]);
    assert.ok(!fs.existsSync(file('made.txt')));
    assert.ok(fs.readFileSync(file('edit.js')).equals(Buffer.from(EDITED)));
    assert.ok(fs.readFileSync(file('gone.bin')).equals(BINARY));
  });
});
