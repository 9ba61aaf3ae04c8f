import * as assert from 'assert';
import { textReply } from '../server/chatServer';
import type { FrameLocator } from 'playwright-core';
import { emptyViewVsix } from '../bench/webviewBench';
import {
  chatFrame,
  newChatFromPalette,
  openSeededConversation,
  openWorkbench,
  runCommand,
  screenshotIfFailed,
  waitForParley,
  type Workbench,
} from './workbench';

/** The paragraph at the top of the chat's view, and how far its top is above the view's. */
function topParagraph(frame: FrameLocator): Promise<{ text: string; above: number } | undefined> {
  return frame.locator('#messages').evaluate((list) => {
    const top = list.getBoundingClientRect().top;
    const p = [...list.querySelectorAll('.message-body p')].find((el) => el.getBoundingClientRect().bottom > top + 1);
    return p && { text: p.textContent ?? '', above: Math.round(top - p.getBoundingClientRect().top) };
  });
}

/**
 * A window reload keeps what the reader had: a reply cut off is kept up to its last checkpoint,
 * marked interrupted; the place they were reading is where the view opens; the note on what the
 * last request left out to fit the model's context.
 */
describe('The chat across a window reload (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  before(async () => {
    // The bench's small extension seeds the 1,000-message conversation.
    wb = await openWorkbench({ extraVsix: [emptyViewVsix()] });
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'reload');
  });

  it('Developer: Reload Window mid-reply, reopen the chat: the partial reply is there, marked interrupted', async () => {
    const { page, server } = wb;
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`);
    server.enqueue(textReply(words.join(' '), { delayMs: 150 }));
    await runCommand(page, 'Parley: Open Chat');
    let frame = chatFrame(page);
    await frame.locator('#input').waitFor({ state: 'visible', timeout: 30_000 });
    await frame.locator('#input').fill('Count to a hundred and twenty, slowly');
    await frame.locator('#input').press('Enter');
    // Past the first checkpoint (2 s): word20 arrives after about 3 s.
    await frame.locator('.message.assistant.streaming', { hasText: 'word20' }).waitFor({ timeout: 30_000 });
    const started = Date.now();
    await runCommand(page, 'Developer: Reload Window');
    await waitForParley(page);
    await runCommand(page, 'Parley: Open Chat');
    frame = chatFrame(page);
    const reply = frame.locator('.message.assistant').last();
    await reply.locator('.note', { hasText: 'Interrupted: the window closed before the reply finished.' }).waitFor({ timeout: 60_000 });
    console.log(`      reloaded and shown interrupted in ${Date.now() - started} ms`);
    const text = (await reply.locator('.message-body').textContent()) ?? '';
    assert.match(text, /^word0 word1 word2/);
    assert.ok(!text.includes('word119'), 'the reply did not finish');
    assert.strictEqual(await frame.locator('.message.assistant.streaming').count(), 0);
    assert.strictEqual(await frame.locator('.message.user', { hasText: 'Count to a hundred and twenty' }).count(), 1);
  });

  it('Developer: Reload Window while reading the middle of a long reply: reopened, the same paragraph is at the top', async () => {
    const { page, server } = wb;
    // Paragraphs of different lengths, in pieces the page draws only when on screen.
    const story = Array.from({ length: 160 }, (_, i) => `Paragraph ${i}: the fox went on${' and on'.repeat(i % 9)} through the wood.`);
    server.enqueue(textReply(story.join('\n\n')));
    let frame = await newChatFromPalette(page);
    await frame.locator('#input').fill('Tell me a long story');
    await frame.locator('#input').press('Enter');
    await frame.locator('.message.assistant p', { hasText: 'Paragraph 159:' }).waitFor({ timeout: 30_000 });
    await frame.locator('#send').waitFor({ state: 'visible', timeout: 10_000 });
    // Up into the reply with the wheel, as a reader would.
    const view = (await page.locator('iframe.webview.ready').boundingBox())!;
    await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
    for (let i = 0; i < 12; i++) await page.mouse.wheel(0, -200);
    let before = await topParagraph(frame);
    for (let last = ''; JSON.stringify(before) !== last; before = await topParagraph(frame)) {
      last = JSON.stringify(before);
      await page.waitForTimeout(300); // the wheel's smooth scroll has settled, and the place is saved
    }
    assert.ok(before && /^Paragraph (\d+)/.test(before.text), `reading a paragraph (${before?.text})`);
    const at = Number(/^Paragraph (\d+)/.exec(before.text)![1]);
    assert.ok(at > 20 && at < 140, `in the middle of the reply (paragraph ${at})`);
    await runCommand(page, 'Developer: Reload Window');
    await waitForParley(page);
    await runCommand(page, 'Parley: Open Chat');
    frame = chatFrame(page);
    await frame.locator('.message.assistant p', { hasText: 'Paragraph 159:' }).waitFor({ timeout: 30_000 });
    // Read over a few frames: the view is there, and stays there as the page settles.
    for (let i = 0; i < 5; i++) {
      const after = await topParagraph(frame);
      assert.strictEqual(after?.text, before.text, `the same paragraph at the top (read ${i + 1})`);
      assert.ok(Math.abs(after.above - before.above) <= 2, `at the same height (${after.above} against ${before.above} pixels)`);
      await page.waitForTimeout(100);
    }
  });

  it("Developer: Reload Window after a Send trimmed to fit the model's context: the note on what it left out shows again", async () => {
    const { page, server } = wb;
    let frame = await openSeededConversation(page);
    server.enqueue(textReply('About a thousand.'));
    await frame.locator('#input').fill('How many messages came before this one?');
    await frame.locator('#input').press('Enter');
    const reply = () => frame.locator('.message.assistant:not(.streaming)', { hasText: 'About a thousand.' });
    await reply().waitFor({ timeout: 30_000 });
    const said = (await frame.locator('#trimmed').textContent()) ?? '';
    assert.match(said, /^Left out to fit the model's context \([\d,]+ tokens for the prompt\): \d+ earlier messages/);
    await runCommand(page, 'Developer: Reload Window');
    await waitForParley(page);
    await runCommand(page, 'Parley: Open Chat');
    frame = chatFrame(page);
    await reply().waitFor({ timeout: 30_000 });
    assert.strictEqual(await frame.locator('#trimmed').textContent(), said);
    assert.ok(await frame.locator('#trimmed').isVisible(), 'shown above the conversation');
  });
});
