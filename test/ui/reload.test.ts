import * as assert from 'assert';
import { textReply } from '../server/chatServer';
import { chatFrame, openWorkbench, runCommand, screenshotIfFailed, waitForParley, type Workbench } from './workbench';

/** A reply cut off by a window reload is kept up to its last checkpoint, marked interrupted. */
describe('A reply interrupted by a window reload (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench();
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
});
