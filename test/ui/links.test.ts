import * as assert from 'assert';
import type { Page } from 'playwright-core';
import { textReply } from '../server/chatServer';
import { chatFrame, openWorkbench, runCommand, screenshotIfFailed, type Workbench } from './workbench';

const URL_IN_REPLY = 'https://example.com/parley-link-test';

/**
 * A link in a model's reply opens once, only through VS Code's own "open external website?"
 * prompt, and never by itself. Pages the browser opens and requests to the URL are counted.
 */
describe('Links in chat replies (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  const opened: string[] = [];
  const requested: string[] = [];

  before(async () => {
    wb = await openWorkbench();
    const context = wb.page.context();
    context.on('page', (p: Page) => opened.push(p.url()));
    await context.route('https://example.com/**', (route) => {
      requested.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>example</title>landed' });
    });
    await runCommand(wb.page, 'Parley: Open Chat');
    const frame = chatFrame(wb.page);
    await frame.locator('#input').waitFor({ state: 'visible', timeout: 30_000 });
    wb.server.enqueue(textReply(`See [the docs](${URL_IN_REPLY}) for more.`));
    await frame.locator('#input').fill('Where are the docs?');
    await frame.locator('#input').press('Enter');
    await frame.locator('.message.assistant a', { hasText: 'the docs' }).waitFor({ timeout: 30_000 });
    await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 30_000 });
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'links');
  });

  /** Clicks the link and waits for VS Code's prompt; returns the prompt's dialog. */
  async function clickLink() {
    await chatFrame(wb.page).locator('.message.assistant a', { hasText: 'the docs' }).click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await dialog.textContent()) ?? '', /example\.com/);
    return dialog;
  }

  it('asks first; Cancel opens nothing', async () => {
    for (let round = 0; round < 2; round++) {
      // The second prompt is a sync point: anything the first click set off has happened by now.
      const dialog = await clickLink();
      assert.deepStrictEqual([opened, requested], [[], []], 'nothing opens before the user answers');
      await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    assert.deepStrictEqual([opened, requested], [[], []], 'Cancel opens nothing');
    assert.strictEqual(await wb.page.locator('.monaco-dialog-box').count(), 0, 'one prompt per click, not two');
  });

  it('Open opens the page exactly once', async () => {
    const dialog = await clickLink();
    await dialog.locator('.monaco-button', { hasText: /^Open$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const deadline = Date.now() + 15_000;
    while (requested.length === 0 && Date.now() < deadline) await wb.page.waitForTimeout(50);
    // A second click-and-cancel is the sync point for a stray second open.
    const again = await clickLink();
    await again.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
    assert.strictEqual(opened.length, 1, `pages opened: ${JSON.stringify(opened)}`);
    assert.deepStrictEqual(requested, [URL_IN_REPLY]);
  });
});
