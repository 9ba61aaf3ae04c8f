import * as assert from 'assert';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { chatFrame, editorText, openFile, openWorkbench, runCommand, SCREENSHOTS, screenshotIfFailed, type Workbench } from './workbench';

const FILE = 'export function area(width: number, height: number): number {\n  \n}\n';
const LINE = 'return width * height;';
const LINES = [LINE, 'const square = area(4, 4);'];

async function waitUntil(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The status bar item, by the label screen readers get. */
const statusItem = (page: Page) =>
  page.locator('.statusbar-item [aria-label^="Parley autocomplete"], .statusbar-item[aria-label^="Parley autocomplete"]').first();

/**
 * Tab autocomplete as a person meets it: typing in a file shows grey text after the cursor,
 * Tab takes it, and the status bar item turns it off or snoozes it.
 */
describe('Tab autocomplete (UI)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench({
      userSettings: { 'parley.autocomplete.enabled': { '*': true }, 'files.autoSave': 'off' },
      files: { 'src/area.ts': FILE },
      serverModels: ['test-model', 'qwen2.5-coder:1.5b'],
    });
    // The model completes the line being typed: what is left of one of LINES after the prompt's last line.
    wb.server.respondCompletion(({ body }) => {
      const typed = String(body.prompt).split('\n').at(-1)!.trimStart();
      const line = LINES.find((l) => l.startsWith(typed));
      return { text: line ? line.slice(typed.length) : '' };
    });
    await openFile(wb.page, 'src/area.ts');
    // Parley starts when first used in the window, as a person starts it: its view. Its status bar
    // item then says the provider is there.
    await runCommand(wb.page, 'Parley: Open Chat');
    await statusItem(wb.page).waitFor({ timeout: 30_000 });
    // Open Chat ends with focus on the chat's input, as a person sees it, once the view has loaded:
    // a click in the editor before that would lose the keys typed after it to the chat.
    const input = chatFrame(wb.page).locator('#input');
    await waitUntil(() => input.evaluate((el) => el === document.activeElement).catch(() => false), 'the chat input focused', 60_000);
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'autocomplete');
  });

  /** The text line `n` (0-based) shows, grey text included (it is drawn inside the line). */
  const shownLine = (page: Page, n: number) => editorText(page).then((t) => t.split('\n')[n]);
  const ghost = (page: Page) => page.locator('.editor-instance [class*="ghost-text"]');

  it('typing a keyword with the suggest widget opened: grey text shows the line, and Tab inserts it', async () => {
    const { page, server } = wb;
    await page.locator('.editor-instance .view-line').nth(1).click();
    await page.keyboard.press('End');
    await page.keyboard.type('ret', { delay: 120 });
    // The suggest widget open too (as TypeScript opens it while one types), once its server is ready.
    await page.keyboard.press('Control+Space');
    await ghost(page).first().waitFor({ timeout: 20_000 });
    await waitUntil(async () => (await shownLine(page, 1)) === `  ${LINE}`, 'the whole line shown');
    const asked = server.requests.filter((r) => r.path === '/v1/completions');
    assert.ok(asked.length >= 1 && asked.length <= 3, `one request per pause in typing, not per key: ${asked.length}`);
    assert.strictEqual(asked.at(-1)!.body.suffix, '\n}\n');
    assert.match((await statusItem(page).getAttribute('aria-label')) ?? '', /on, test-model at 127\.0\.0\.1/);
    // With both showing, VS Code's Tab takes the whole grey text, or the widget's item first and the
    // grey rest at the next Tab (it depends on which it drew last): Tab while grey text shows.
    await page.keyboard.press('Tab');
    await page.locator('.editor-widget.suggest-widget.visible').waitFor({ state: 'detached' });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if ((await ghost(page).count()) > 0) await page.keyboard.press('Tab');
    await ghost(page).first().waitFor({ state: 'detached' });
    assert.strictEqual(await shownLine(page, 1), `  ${LINE}`);
  });

  it('typing shows the suggestion as grey text after the cursor, and Tab inserts exactly it', async () => {
    const { page } = wb;
    await page.locator('.editor-instance .view-line').nth(2).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('const square = area(', { delay: 120 });
    await ghost(page).first().waitFor({ timeout: 20_000 });
    // The editor closed the bracket itself: the suggestion stops before it rather than typing a second one.
    await waitUntil(async () => (await shownLine(page, 4)) === 'const square = area(4, 4)', 'the grey text');
    await page
      .locator('.editor-instance')
      .first()
      .screenshot({ path: path.join(SCREENSHOTS, 'autocomplete-ghost-text.png'), animations: 'disabled' });
    await page.keyboard.press('Tab');
    await ghost(page).first().waitFor({ state: 'detached' });
    assert.strictEqual(await shownLine(page, 4), 'const square = area(4, 4)');
  });

  it('the status bar item snoozes it: nothing is asked while snoozed', async () => {
    const { page, server } = wb;
    await statusItem(page).click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Snooze for 30 Minutes' }).waitFor();
    const labels = await rows.allTextContents();
    for (const expected of ['Turn Off', 'Turn Off for typescript', 'Snooze for 30 Minutes', 'Choose Autocomplete Model…', 'Show Log'])
      assert.ok(
        labels.some((l) => l.includes(expected)),
        `the menu offers "${expected}": ${labels.join(' | ')}`,
      );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'autocomplete-menu.png'), animations: 'disabled' });
    await input.fill('Snooze');
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item [aria-label*="snoozed until"], .statusbar-item[aria-label*="snoozed until"]').first().waitFor();
    const before = server.requests.length;
    await page.locator('.editor-instance .view-line').nth(1).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('let snoozed = ', { delay: 120 });
    // End the snooze from the menu and type once more: the next request the server sees is that one,
    // so none went out while snoozed (requests leave in the order the keys were typed).
    await statusItem(page).click();
    await input.waitFor({ state: 'visible' });
    await input.fill('End Snooze');
    await rows.filter({ hasText: 'End Snooze' }).waitFor();
    await page.keyboard.press('Enter');
    await page
      .locator('.statusbar-item [aria-label*="snoozed until"], .statusbar-item[aria-label*="snoozed until"]')
      .first()
      .waitFor({ state: 'detached' });
    await page.locator('.editor-instance .view-line', { hasText: 'let snoozed =' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type('1', { delay: 120 });
    const next = await within(20_000, server.settled(before), 'a request after the snooze');
    assert.ok(
      String(next.body.prompt).endsWith('let snoozed = 1'),
      `the first request after the snooze is the key typed after it: ${next.body.prompt}`,
    );
  });
  it('Choose Autocomplete Model lists the coder model first, and the next request asks it', async () => {
    const { page, server } = wb;
    await runCommand(page, 'Parley: Choose Autocomplete Model');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'qwen2.5-coder:1.5b' }).waitFor();
    const labels = (await rows.allTextContents()).filter((l) => l.trim());
    const coder = labels.findIndex((l) => l.includes('qwen2.5-coder:1.5b'));
    const chat = labels.findIndex((l) => l.includes('test-model') && !l.includes('qwen'));
    assert.ok(coder >= 0 && coder < chat, `the coder model first: ${labels.join(' | ')}`);
    assert.match(labels[coder], /fill-in-the-middle/);
    await page.locator('.quick-input-widget input').fill('qwen2.5-coder');
    await rows.filter({ hasText: 'qwen2.5-coder:1.5b' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page
      .locator('.statusbar-item [aria-label*="qwen2.5-coder:1.5b"], .statusbar-item[aria-label*="qwen2.5-coder:1.5b"]')
      .first()
      .waitFor();
    const before = server.requests.length;
    await page.locator('.editor-instance .view-line', { hasText: 'const square' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('const big = area(', { delay: 120 });
    const asked = await within(20_000, server.settled(before), 'a request after choosing');
    assert.strictEqual(asked.body.model, 'qwen2.5-coder:1.5b');
    assert.strictEqual(asked.path, '/v1/completions');
  });
});
