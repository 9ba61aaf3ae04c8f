import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { textReply, toolCallReply, type ScriptedCall } from '../server/chatServer';
import { chatFrame, openWorkbench, runCommand, screenshotIfFailed, type Workbench } from './workbench';

const CALC = 'module.exports.add = (a, b) => a - b;\n';
const call = (id: string, name: string, args: object): ScriptedCall => ({ id, name, arguments: JSON.stringify(args) });

/**
 * Restricted Mode in a real window: workspace trust on and the folder not trusted, so VS Code
 * itself tells Parley `isTrusted` is false (the other tests run with trust turned off, and the
 * integration tests stood in for it). The settings are those under which, trusted, the edits would
 * land and `touch` would run without anyone asked (`mkdir` would wait for Run): only Restricted Mode
 * stands in the way.
 */
describe('Agent mode in Restricted Mode (UI, an untrusted folder)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench({
      untrusted: true,
      files: { 'trust/calc.js': CALC },
      userSettings: { 'parley.agent.allowedCommands': ['touch'] },
      machineSettings: { 'parley.agent.autoAcceptEdits': true },
    });
  });
  after(async () => wb?.close());
  afterEach(async function () {
    await screenshotIfFailed(this, wb?.page, 'restricted');
  });

  it('the agent edits nothing and runs nothing; each step says why, and the model reads it', async () => {
    const { page, server, host } = wb;
    const folder = path.join(host.workspace, 'trust');
    const calls = [
      call('edit', 'edit_file', { path: 'trust/calc.js', blocks: [{ search: 'a - b', replace: 'a + b' }] }),
      call('create', 'create_file', { path: 'trust/new.js', content: 'x\n' }),
      call('run', 'run_command', { command: 'touch ran.txt', cwd: 'trust' }),
      call('ask', 'run_command', { command: 'mkdir made', cwd: 'trust' }),
    ];
    server.respond((body) =>
      (body.messages as { role: string }[]).some((m) => m.role === 'tool')
        ? textReply('I could not change anything.')
        : toolCallReply(calls),
    );
    await runCommand(page, 'Parley: Open Chat');
    const frame = chatFrame(page);
    await frame.locator('#mode').selectOption('agent');
    await frame.locator('#input').fill('Fix add, then touch ran.txt.');
    await frame.locator('#input').press('Enter');
    await frame.locator('.message.assistant', { hasText: 'I could not change anything.' }).waitFor({ timeout: 60_000 });

    assert.strictEqual(fs.readFileSync(path.join(folder, 'calc.js'), 'utf8'), CALC, 'calc.js byte for byte as it was');
    assert.deepStrictEqual(fs.readdirSync(folder), ['calc.js'], 'no file created, nothing made by the commands');
    assert.strictEqual(await frame.locator('.message.tool[data-status="failed"]').count(), 4, 'every step failed');
    assert.strictEqual(await frame.locator('.approval').count(), 0, 'no one was asked to run mkdir, which is not allowed');
    const parleyTerminal = page.locator('.part.panel :is(.single-terminal-tab, .terminal-tabs-entry)', { hasText: 'Parley' });
    assert.strictEqual(await parleyTerminal.count(), 0, 'no Parley terminal was opened');
    for (const [step, reason] of [
      ['Edit trust/calc.js', 'edit_file is off in Restricted Mode'],
      ['trust/new.js', 'create_file is off in Restricted Mode'],
      ['touch ran.txt', 'Restricted Mode (not trusted), which allows no commands'],
      ['mkdir made', 'Restricted Mode (not trusted), which allows no commands'],
    ]) {
      const shown = frame.locator('.message.tool', { hasText: step });
      await shown.locator('summary').click();
      await shown.locator('.tool-result', { hasText: reason }).waitFor();
    }

    // VS Code's own answer reached Parley: the system prompt says so, before any tool ran.
    const [first, next] = server.requests.map((r) => r.body as { messages: { role: string; content: string; tool_call_id?: string }[] });
    assert.match(first.messages[0].content, /Restricted Mode: you may read and search, but not edit files or run commands/);
    const results = next.messages.filter((m) => m.role === 'tool');
    assert.deepStrictEqual(
      results.map((m) => [m.tool_call_id, /Restricted Mode/.test(m.content)]),
      [
        ['edit', true],
        ['create', true],
        ['run', true],
        ['ask', true],
      ],
    );
    assert.strictEqual(server.requests.length, 2);
    assert.deepStrictEqual(
      server.invalidRequests().map((r) => r.invalid),
      [],
    );
  });
});
