import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator } from 'playwright-core';
import type { ScriptedCall } from '../server/chatServer';
import { plannedModel } from '../server/plannedModel';
import { chatFrameHandle, runAxe } from './a11yCheck';
import {
  chatFrame,
  editorText,
  hotExitBackups,
  newChatFromPalette,
  openWorkbench,
  runCommand,
  screenshotIfFailed,
  SCREENSHOTS,
  waitForParley,
  type Workbench,
} from './workbench';

const CALC = 'module.exports.add = (a, b) => a - b;\nmodule.exports.mul = (a, b) => a * b;\n';
const TEST =
  "const { add } = require('./calc');\nif (add(2, 3) !== 5) { console.error('add(2, 3) gave ' + add(2, 3)); process.exit(1); }\nconsole.log('ok');\n";

const call = (id: string, name: string, args: object): ScriptedCall => ({ id, name, arguments: JSON.stringify(args) });

describe("Agent mode in Parley's chat view (UI)", function () {
  this.timeout(300_000);
  let wb: Workbench;
  before(async () => {
    // Auto save off (code-server's default saves after a delay, which saves a review's proposal as Rewrite's would).
    wb = await openWorkbench({
      userSettings: {
        'files.autoSave': 'off',
        // A real MCP server over stdio, written with the SDK (test/fixtures/mcp).
        'parley.mcp.servers': { docs: { command: process.execPath, args: [path.join(__dirname, '../fixtures/mcp/stdioServer.js')] } },
      },
      files: { 'task/calc.js': CALC, 'task/calc.test.js': TEST, 'task/package.json': '{ "scripts": { "test": "node calc.test.js" } }\n' },
    });
  });
  after(async () => wb?.close());
  afterEach(async function () {
    await screenshotIfFailed(this, wb?.page, 'agent');
  });

  const step = (frame: FrameLocator, text: string) => frame.locator('.message.tool', { hasText: text }).last();

  it('a run as a person sees it: steps in the transcript, the command approval, the edit reviewed in the editor, the answer', async () => {
    const { page, server, host } = wb;
    server.respond(
      plannedModel(
        [
          [call('read', 'read_file', { path: 'task/calc.js' })],
          [call('search', 'search_text', { query: 'add(', include: 'task/**' })],
          [call('test1', 'run_command', { command: 'npm test', cwd: 'task' })],
          [call('fix', 'edit_file', { path: 'task/calc.js', blocks: [{ search: 'a - b', replace: 'a + b' }] })],
          [call('test2', 'run_command', { command: 'npm test', cwd: 'task' })],
        ],
        'Fixed: `add` subtracted. `npm test` passes now.',
      ),
    );
    await runCommand(page, 'Parley: Open Chat');
    const frame = chatFrame(page);
    await frame.locator('#mode').selectOption('agent');
    await frame.locator('#input').fill('The add test fails. Fix it.');
    await frame.locator('#input').press('Enter');

    // The command waits in the transcript for the user.
    const approval = frame.locator('.approval', { hasText: 'npm test' });
    await approval.waitFor({ timeout: 60_000 });
    assert.strictEqual(await frame.locator('.message.tool[data-status="done"]').count(), 2, 'read and search ran unasked');
    assert.ok(await approval.locator('button[data-choice="always"]').isVisible(), 'Always Allow is offered for npm test');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'agent-approval.png') });
    assert.deepStrictEqual((await runAxe(await chatFrameHandle(page))).violations, [], 'axe, with a command waiting for approval');
    await approval.locator('button[data-choice="run"]').click();

    // The edit is reviewed in the editor, as Rewrite's are; the file is untouched until accepted.
    // One change: its CodeLens reads Accept | Reject (Accept All with several).
    const acceptAll = page.locator('.codelens-decoration a', { hasText: /^\s*Accept\s*$/ });
    await acceptAll.waitFor({ timeout: 60_000 });
    const onDisk = path.join(host.workspace, 'task', 'calc.js');
    assert.strictEqual(fs.readFileSync(onDisk, 'utf8'), CALC, 'nothing written before the user accepts');
    await step(frame, 'Edit task/calc.js')
      .locator('.step-meta', { hasText: 'waiting for you · review the change in the editor' })
      .waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'agent-edit-review.png') });
    await acceptAll.click();

    await frame.locator('.approval', { hasText: 'npm test' }).locator('button[data-choice="run"]').click({ timeout: 60_000 });
    await frame.locator('.message.assistant', { hasText: 'npm test passes now' }).waitFor({ timeout: 60_000 });
    assert.strictEqual(fs.readFileSync(onDisk, 'utf8'), CALC.replace('a - b', 'a + b'));

    // The first test run's step, opened: the output the model read.
    const firstRun = frame.locator('.message.tool').nth(2);
    await firstRun.locator('summary').click();
    await firstRun.locator('.tool-result', { hasText: 'add(2, 3) gave -1' }).waitFor();
    assert.strictEqual(await frame.locator('.message.tool[data-status="done"]').count(), 5);
    const readStep = step(frame, 'Read task/calc.js');
    assert.ok(!(await readStep.locator('button.restore').isVisible()), 'a closed step shows no Restore link');
    await readStep.locator('summary').click();
    await readStep.locator('button.restore').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'agent-run.png') });
    assert.deepStrictEqual((await runAxe(await chatFrameHandle(page))).violations, [], 'axe, with steps opened');

    const last = server.requests.at(-1)!.body as { messages: { role: string; tool_call_id?: string; content: string }[] };
    assert.deepStrictEqual(
      last.messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id),
      ['read', 'search', 'test1', 'fix', 'test2'],
    );
    assert.deepStrictEqual(
      server.invalidRequests().map((r) => r.invalid),
      [],
    );
  });

  it("an MCP server's tools: listed under its name in the tool picker, each call asked about, its result in the answer", async () => {
    const { page, server } = wb;
    server.respond(
      plannedModel([[call('mcp', 'mcp_docs_echo', { text: 'hello from Parley' })]], 'The server said: echo: hello from Parley.'),
    );
    const frame = await newChatFromPalette(page);
    await frame.locator('#mode').selectOption('agent');
    await frame.locator('#tools').click();
    const picker = page.locator('.quick-input-widget', { hasText: 'MCP server docs' });
    await picker.waitFor({ timeout: 30_000 });
    await picker.locator('.monaco-list-row', { hasText: 'echo' }).first().waitFor();
    assert.ok(await picker.locator('.monaco-list-row', { hasText: 'read_file' }).first().isVisible(), 'the built-in tools are listed too');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'agent-mcp-tools.png') });
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'hidden' });

    await frame.locator('#input').fill('Ask the docs server to say hello.');
    await frame.locator('#input').press('Enter');
    const approval = frame.locator('.approval', { hasText: 'Call this tool?' });
    await approval.waitFor({ timeout: 60_000 });
    const asked = (await approval.textContent()) ?? '';
    assert.match(asked, /echo[^]*hello from Parley/);
    assert.match(asked, /MCP server "docs"/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'agent-mcp-approval.png') });
    assert.deepStrictEqual((await runAxe(await chatFrameHandle(page))).violations, [], 'axe, with an MCP call waiting');
    await approval.locator('button[data-choice="run"]').click();
    await frame.locator('.message.assistant', { hasText: 'The server said: echo: hello from Parley.' }).waitFor({ timeout: 30_000 });
    const last = server.requests.at(-1)!.body as { messages: { role: string; content: string }[] };
    assert.strictEqual(last.messages.at(-1)!.content, 'echo: hello from Parley');
  });

  it("an MCP tool's image: shown in its step (the page's CSP lets a data: image load), and sent to the model", async () => {
    const { page, server } = wb;
    server.respond(plannedModel([[call('pic', 'mcp_docs_picture', {})]], 'An orange square.'));
    const frame = await newChatFromPalette(page);
    await frame.locator('#mode').selectOption('agent');
    await frame.locator('#input').fill('Show me the picture.');
    await frame.locator('#input').press('Enter');
    const approval = frame.locator('.approval', { hasText: 'Call this tool?' });
    await approval.waitFor({ timeout: 60_000 });
    await approval.locator('button[data-choice="run"]').click();
    await frame.locator('.message.assistant', { hasText: 'An orange square.' }).waitFor({ timeout: 30_000 });
    const shown = step(frame, 'picture');
    await shown.locator('summary').click();
    const image = shown.locator('img.tool-image');
    await image.waitFor();
    assert.strictEqual(await image.getAttribute('alt'), 'image-1.png');
    // Decoded, not blocked: a refused or broken image has no natural size.
    assert.strictEqual(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), 8);
    const sent = JSON.stringify(server.requests.at(-1)!.body);
    assert.ok(sent.includes('"type":"image_url"'), 'the last request carries the image');
  });

  it('Reload Window while an edit waits for review: the file is as it was, and the step is marked interrupted', async () => {
    const { page, server, host } = wb;
    const onDisk = path.join(host.workspace, 'task', 'calc.js');
    const before = fs.readFileSync(onDisk, 'utf8');
    server.respond(
      plannedModel([[call('mul', 'edit_file', { path: 'task/calc.js', blocks: [{ search: 'a * b', replace: 'a * b * 1' }] })]], 'Done.'),
    );
    let frame = await newChatFromPalette(page);
    await frame.locator('#mode').selectOption('agent');
    await frame.locator('#input').fill('Make mul explicit.');
    await frame.locator('#input').press('Enter');
    await step(frame, 'Edit task/calc.js').locator('.step-meta', { hasText: 'waiting for you' }).waitFor({ timeout: 60_000 });
    await page.locator('.codelens-decoration a', { hasText: /^\s*Accept\s*$/ }).waitFor({ timeout: 30_000 });
    // Once hot exit holds the document with the review in it (a second after the change): it comes back so.
    await waitUntil(() => hotExitBackups(host).some((text) => text.includes('a * b * 1')), 'the hot-exit backup of the review');
    await runCommand(page, 'Developer: Reload Window');
    await waitForParley(page);
    await runCommand(page, 'Parley: Open Chat');
    frame = chatFrame(page);
    await frame.locator('.message.tool[data-status="interrupted"]', { hasText: 'Edit task/calc.js' }).waitFor({ timeout: 60_000 });
    assert.strictEqual(fs.readFileSync(onDisk, 'utf8'), before, 'no half-applied edit on disk');
    // Nor in the editor: Parley, started again, puts the original back in the document hot exit restored.
    await page.locator('.editor-instance .view-line', { hasText: 'module.exports.mul' }).first().waitFor({ timeout: 30_000 });
    await waitUntil(async () => !/a \* b \* 1/.test(await editorText(page)), 'the original back in the editor');
    assert.match(await editorText(page), /module\.exports\.mul = \(a, b\) => a \* b;/);
    await runCommand(page, 'Notifications: Show Notifications');
    await page
      .locator('.notifications-center', { hasText: 'Parley put back the original code in task/calc.js: a change was being reviewed there' })
      .waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    assert.strictEqual(await frame.locator('.message.tool[data-status="running"], .message.tool[data-status="waiting"]').count(), 0);
  });
});

/** Resolves once `done` holds (checked every 100 ms); fails with `what` after 20 s. */
async function waitUntil(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
