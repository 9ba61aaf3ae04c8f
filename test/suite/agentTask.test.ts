import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ToolTurn } from '../../src/core/conversation/turn';
import { textReply, toolCallReply, type ChatServer, type ScriptedCall, type ScriptedReply } from '../server/chatServer';
import { assertAllValid, parley, useServer } from './helpers';

const DIR = 'agent-task';
const CALC = 'module.exports.add = (a, b) => a - b;\r\nmodule.exports.mul = (a, b) => a * b;\r\n';
const TEST =
  "const { add } = require('./calc');\nif (add(2, 3) !== 5) { console.error('add(2, 3) gave ' + add(2, 3)); process.exit(1); }\nconsole.log('ok');\n";

/**
 * A scripted model working through a plan: each reply makes the next call of `plan` (one reply
 * per entry), and once every call has its result it answers. What it was sent is checked apart.
 */
function plannedModel(plan: ScriptedCall[][], answer: string): (body: any) => ScriptedReply {
  return (body) => {
    const results = (body.messages as any[]).filter((m) => m.role === 'tool').length;
    let made = 0;
    for (const calls of plan) {
      if (results < made + calls.length) return toolCallReply(calls);
      made += calls.length;
    }
    return textReply(answer);
  };
}

describe("Agent mode's multi-step task in the real host (read, search, edit two files; Restore to here)", () => {
  let server: ChatServer;
  let root: string;
  const file = (name: string) => path.join(root, DIR, name);

  beforeEach(async () => {
    server = await useServer();
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    fs.mkdirSync(path.join(root, DIR), { recursive: true });
    fs.writeFileSync(file('calc.js'), CALC);
    fs.writeFileSync(file('calc.test.js'), TEST);
    await vscode.workspace.getConfiguration('parley').update('agent.autoAcceptEdits', true, vscode.ConfigurationTarget.Global);
    await (await parley()).chat.newChat();
  });
  afterEach(async () => {
    server.respond(undefined);
    assertAllValid(server);
    await server.close();
    await vscode.workspace.getConfiguration('parley').update('agent.autoAcceptEdits', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(root, DIR), { recursive: true, force: true });
  });

  const plan: ScriptedCall[][] = [
    [{ id: 'read', name: 'read_file', arguments: JSON.stringify({ path: `${DIR}/calc.js` }) }],
    [{ id: 'search', name: 'search_text', arguments: JSON.stringify({ query: 'add(', include: `${DIR}/**` }) }],
    [
      {
        id: 'fix',
        name: 'edit_file',
        arguments: JSON.stringify({ path: `${DIR}/calc.js`, blocks: [{ search: 'a - b', replace: 'a + b' }] }),
      },
      { id: 'note', name: 'create_file', arguments: JSON.stringify({ path: `${DIR}/NOTES.md`, content: 'add() added wrongly.\n' }) },
    ],
  ];

  it('reads, searches and edits two files; each result goes back with its call id; the bytes on disk are exact', async () => {
    const api = await parley();
    server.respond(plannedModel(plan, 'Fixed add().'));
    await api.chat.send('Fix the add function', undefined, {}, 'agent');
    await api.chat.idle();
    assert.strictEqual(api.chat.messages.at(-1)!.content, 'Fixed add().');
    assert.strictEqual(fs.readFileSync(file('calc.js'), 'utf8'), CALC.replace('a - b', 'a + b'), 'CRLF kept, one change');
    assert.strictEqual(fs.readFileSync(file('NOTES.md'), 'utf8'), 'add() added wrongly.\n');
    const bodies = server.requests.map((r) => r.body as { messages: any[] });
    assert.strictEqual(bodies.length, 4, 'three replies with calls, then the answer');
    const results = bodies[3].messages.filter((m) => m.role === 'tool');
    assert.deepStrictEqual(
      results.map((m) => m.tool_call_id),
      ['read', 'search', 'fix', 'note'],
    );
    assert.match(results[0].content, /a - b/, 'read_file gave the file');
    assert.match(results[1].content, /calc\.test\.js:\d+: /, 'search_text found the test');
    assert.match(results[2].content, /accept|applied|saved/i);
    const steps = api.chat.messages.filter((t): t is ToolTurn => t.role === 'tool');
    assert.deepStrictEqual(
      steps.map((s) => s.status),
      ['done', 'done', 'done', 'done'],
    );
  });

  it('Restore to here on the first edit puts both files back byte for byte and cuts the conversation there', async () => {
    const api = await parley();
    // The first test's NOTES.md was deleted with its tab closed: VS Code may still hold its text in memory.
    assert.ok(!fs.existsSync(file('NOTES.md')), 'a clean start');
    server.respond(plannedModel(plan, 'Fixed add().'));
    await api.chat.send('Fix the add function', undefined, {}, 'agent');
    await api.chat.idle();
    const note = api.chat.messages.find((t): t is ToolTurn => t.role === 'tool' && t.toolCallId === 'note');
    assert.ok(fs.existsSync(file('NOTES.md')), `create_file: ${note?.status} ${note?.content}`);
    const fix = api.chat.messages.find((t): t is ToolTurn => t.role === 'tool' && t.toolCallId === 'fix')!;
    const result = await api.chat.restoreTo(fix.id);
    assert.deepStrictEqual(result?.restored.sort(), [`${DIR}/NOTES.md`, `${DIR}/calc.js`].sort());
    assert.ok(fs.readFileSync(file('calc.js')).equals(Buffer.from(CALC)), 'the exact bytes, CRLF included');
    assert.ok(!fs.existsSync(file('NOTES.md')), 'a file the agent created is gone');
    assert.deepStrictEqual(
      api.chat.messages.filter((t) => t.role === 'tool').map((t) => (t as ToolTurn).toolCallId),
      ['read', 'search'],
    );
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file('calc.js'));
    if (doc) assert.strictEqual(doc.isDirty, false, 'the open editor shows the file as saved');
  });
});
