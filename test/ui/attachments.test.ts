import * as assert from 'assert';
import * as path from 'path';
import { textReply } from '../server/chatServer';
import type { Page } from 'playwright-core';
import { chatFrame, openFile, openWorkbench, runCommand, screenshotIfFailed, SCREENSHOTS, type Workbench } from './workbench';

/**
 * Attaching a file as a person does: drag it from the Explorer onto the chat input (VS Code lets
 * a drag reach a webview while Shift is held), see its chip, send, see the reply.
 */
/** View: Move View, the chat, New Secondary Side Bar Entry: picked row by row (Enter would take the first fuzzy match). */
async function moveChatToSecondarySideBar(page: Page): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = (text: RegExp) => page.locator('.quick-input-list .monaco-list-row').filter({ hasText: text }).first();
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible' });
  await input.fill('>View: Move View');
  await row(/^View: Move View(similar commands)?$/).click({ timeout: 15_000 });
  await input.fill('Chat');
  await row(/Chat/).click({ timeout: 15_000 });
  await row(/Secondary Side Bar/).click({ timeout: 15_000 });
}

describe('Attachments in the workbench (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'attachments');
  });

  it('a file dragged from the Explorer onto the chat input becomes a chip, and goes with the message', async () => {
    const { page, server } = wb;
    await openFile(page, 'src/config.py');
    // The chat beside the Explorer: moved to the secondary side bar, as a person would (View: Move Focused View).
    await runCommand(page, 'Parley: Open Chat');
    const frame = chatFrame(page);
    await frame.locator('#input').waitFor({ state: 'visible', timeout: 30_000 });
    await moveChatToSecondarySideBar(page);
    await page.keyboard.press('Control+Shift+E');
    const source = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'math.ts' });
    if (!(await source.isVisible())) await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'src' }).first().click();
    await source.waitFor({ state: 'visible', timeout: 15_000 });
    await frame.locator('#input').waitFor({ state: 'visible', timeout: 30_000 });
    await frame.locator('.chip-currentFile', { hasText: 'src/config.py' }).waitFor({ timeout: 15_000 });

    const from = (await source.boundingBox())!;
    const to = (await frame.locator('#input').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.keyboard.down('Shift');
    await page.mouse.move(from.x + from.width / 2 + 30, from.y + from.height / 2, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 });
    await page.mouse.up();
    await page.keyboard.up('Shift');

    const chip = frame.locator('.attachments:not(.sent) .chip-file', { hasText: 'src/math.ts' });
    await chip.waitFor({ timeout: 15_000 });
    await chip.locator('.chip-tokens', { hasText: /\d+ tokens/ }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'chat-attachments.png') });

    server.enqueue(textReply('`add` and `fib` are pure helpers; the Python file reads a token.'));
    await frame.locator('#input').fill('What do these files do?');
    await frame.locator('#input').press('Enter');
    const reply = frame.locator('.message.assistant').last();
    await reply.filter({ hasText: 'pure helpers' }).waitFor({ timeout: 30_000 });
    const sent = server.requests[server.requests.length - 1].body.messages.at(-1).content as string;
    assert.match(sent, /File: src\/math\.ts\n```typescript\n/);
    assert.match(sent, /Current file: src\/config\.py/);
    assert.match(sent, /What do these files do\?$/);
    await frame.locator('.message.user .attachments.sent .chip', { hasText: 'src/math.ts' }).waitFor();
    assert.strictEqual(await frame.locator('.attachments:not(.sent) .chip-file').count(), 0, 'sent chips leave the input');
  });
});
