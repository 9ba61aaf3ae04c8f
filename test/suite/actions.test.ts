import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { textReply, type ChatServer } from '../server/chatServer';
import { cleanUpEditing, openFixture, parley, useServer, waitFor } from './helpers';

const PROMPT_FILE = [
  '---',
  'description: "Explain the error handling"',
  'mode: ask',
  '---',
  'How does ${selection} in ${fileBasename} handle bad input?',
  '',
].join('\n');

describe('#18 Quick actions: parley.actions, prompt files, built-ins (real host)', () => {
  let server: ChatServer;
  let promptDir: string;
  const lastUserContent = () => (server.requests.at(-1)!.body.messages as { content: string }[]).at(-1)!.content;

  before(async () => {
    promptDir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.github', 'prompts');
    fs.mkdirSync(promptDir, { recursive: true });
    fs.writeFileSync(path.join(promptDir, 'bad-input.prompt.md'), PROMPT_FILE);
    await vscode.workspace
      .getConfiguration('parley')
      .update(
        'actions',
        [{ name: 'Explain like a pirate', prompt: 'Explain {{code}} from {{path}} like a pirate.', target: 'chat' }],
        vscode.ConfigurationTarget.Global,
      );
  });
  beforeEach(async () => {
    server = await useServer();
  });
  afterEach(async () => {
    await cleanUpEditing(server);
  });
  after(async () => {
    fs.rmSync(path.join(promptDir, '..'), { recursive: true, force: true });
    await vscode.workspace.getConfiguration('parley').update('actions', undefined, vscode.ConfigurationTarget.Global);
  });

  it('Run Action… lists your action, the workspace prompt file and the built-ins', async () => {
    const api = await parley();
    const { actions, problems } = await waitFor('the prompt file to be found', async () => {
      const loaded = await api.actions.list(true);
      return loaded.actions.some((a) => a.source === 'promptFile') && loaded;
    });
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(
      actions.map((a) => `${a.source}:${a.name}:${a.target}`),
      [
        'setting:Explain like a pirate:chat',
        'promptFile:bad-input:chat',
        'builtin:Add documentation:rewrite',
        'builtin:Write tests:chat',
        'builtin:Find bugs:chat',
        'builtin:Simplify:rewrite',
      ],
    );
    assert.strictEqual(actions[1].description, 'Explain the error handling');
  });

  it('in Restricted Mode the prompt file is not listed (trust injected: the test host is always trusted)', async () => {
    const api = await parley();
    const names = (await api.actions.list(false)).actions.map((a) => a.name);
    assert.ok(!names.includes('bad-input'), 'no prompt file from an untrusted workspace');
    assert.ok(names.includes('Explain like a pirate') && names.includes('Find bugs'));
  });

  it('your action runs: its template filled with the selection and the path, sent to the chat', async () => {
    const api = await parley();
    await api.chat.newChat();
    const editor = await openFixture('src/math.ts');
    editor.selection = new vscode.Selection(1, 0, 4, 0);
    server.enqueue(textReply('Arr, it adds two numbers.'));
    await vscode.commands.executeCommand('parley.runAction', 'Explain like a pirate');
    await api.chat.idle();
    assert.strictEqual(
      lastUserContent(),
      'Explain export function add(a: number, b: number): number {\n  return a + b;\n}\n from src/math.ts like a pirate.',
    );
    assert.match(api.chat.messages[0].display ?? '', /^\*\*Explain like a pirate\*\* `src\/math\.ts` \(lines 2–4\)/);
    assert.strictEqual(api.chat.messages[1].content, 'Arr, it adds two numbers.');
  });

  it("the prompt file runs: its body with VS Code's variables filled, sent to the chat", async () => {
    const api = await parley();
    await api.chat.newChat();
    const editor = await openFixture('src/math.ts');
    editor.selection = new vscode.Selection(6, 0, 6, 26);
    await waitFor('the prompt file', async () => (await api.actions.list(true)).actions.some((a) => a.name === 'bad-input'));
    await vscode.commands.executeCommand('parley.runAction', 'bad-input');
    await api.chat.idle();
    assert.strictEqual(lastUserContent(), 'How does   if (n < 2) return n; in math.ts handle bad input?');
  });

  it('a rewrite built-in (Simplify) hands its instruction to Rewrite Selection, which streams into the editor', async () => {
    const api = await parley();
    const editor = await openFixture('src/math.ts');
    editor.selection = new vscode.Selection(1, 0, 4, 0);
    server.enqueue(textReply('export const add = (a: number, b: number): number => a + b;\n'));
    await vscode.commands.executeCommand('parley.action.simplify');
    const session = await waitFor('the rewrite', () => api.rewrite.session(editor.document));
    await waitFor('the rewrite to finish streaming', () => session.status === 'pending' && session);
    assert.match(lastUserContent(), /following this instruction: Simplify the code: same behaviour/);
    assert.match(editor.document.getText(), /export const add = \(a: number, b: number\): number => a \+ b;/);
  });
});
