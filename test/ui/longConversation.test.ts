import * as assert from 'assert';
import { emptyViewVsix } from '../bench/webviewBench';
import { textReply } from '../server/chatServer';
import type { FrameLocator } from 'playwright-core';
import {
  chatFrame,
  hideAndShowChat,
  hideChat,
  openSeededConversation,
  openWorkbench,
  runCommand,
  screenshotIfFailed,
  type Workbench,
} from './workbench';

/** Calls `read` until `done` holds of its value (or the time is up); returns the last value. */
async function waitForValue<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** How many states the page has drawn since it loaded (main.ts marks each). */
function statesDrawn(frame: FrameLocator): Promise<number | undefined> {
  return frame
    .locator('#messages')
    .evaluate(() => (performance.getEntriesByName('parley:states')[0] as PerformanceMark | undefined)?.detail as number | undefined);
}

/**
 * #20: a long conversation opens as light as a short one (its latest messages only, earlier
 * ones on request), and code is highlighted off the page's thread by a worker the CSP allows.
 * The conversation is seeded through Parley's API by the bench's small extension.
 */
describe('A long conversation in the chat view (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench({ extraVsix: [emptyViewVsix()] });
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'long');
  });

  it('opens on the latest 30 of 1,000 messages and shows earlier ones on request', async () => {
    const { page } = wb;
    const frame = await openSeededConversation(page);
    assert.strictEqual(await frame.locator('.message').count(), 30);
    const earlier = frame.locator('.show-earlier');
    assert.match((await earlier.textContent()) ?? '', /970/);
    // The button (a click here, without the scroll into view that would load them anyway)…
    await earlier.dispatchEvent('click');
    await frame.locator('.message[data-id="seed940"]').waitFor();
    assert.strictEqual(await frame.locator('.message').count(), 60);
    assert.strictEqual(await frame.locator('.message').first().getAttribute('data-id'), 'seed940');
    // …and scrolling to the top bring the earlier ones, the view staying where it was.
    await frame.locator('#messages').evaluate((el) => {
      el.scrollTop = 0;
    });
    await frame.locator('.message[data-id="seed910"]').waitFor();
    assert.ok(await frame.locator('#messages').evaluate((el) => el.scrollTop > 0), 'kept the reader in place, not at the top');
    // It was drawn from the state in its HTML, and the answer to its `ready` did not send the
    // same again (the earlier messages above came after that answer).
    assert.strictEqual(await frame.locator('#parley-snapshot').count(), 1, 'the page carried its state');
    assert.strictEqual(await statesDrawn(frame), 1, 'one state drawn');
    // The last question's `</script><script>` is text on the page, not the end of that element.
    const question = await frame.locator('.message[data-id="seed998"]').textContent();
    assert.ok(question?.includes(`"</script><script>document.title='pwned'</script><!--<script>" text?`), question ?? '');
    assert.notStrictEqual(await frame.locator('#messages').evaluate(() => document.title), 'pwned');
  });

  it('hidden and shown again, the view is back at the message the reader was on, earlier ones included', async () => {
    const { page } = wb;
    let frame = chatFrame(page);
    // Read somewhere in the earlier messages: seed925 at the top of the view.
    await frame.locator('.message[data-id="seed925"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const topId = () =>
      frame.locator('#messages').evaluate((list) => {
        const top = list.getBoundingClientRect().top;
        return [...list.querySelectorAll<HTMLElement>('.message')].find((m) => m.getBoundingClientRect().bottom > top + 1)?.dataset.id;
      });
    const before = await topId();
    assert.ok(before && Number(before.slice(4)) < 970, `reading an earlier message (${before})`);
    frame = await hideAndShowChat(page);
    // The page was made anew: it asks for as many messages as it showed, and scrolls to the same one.
    await frame.locator(`.message[data-id="${before}"]`).waitFor({ timeout: 30_000 });
    const after = await waitForValue(topId, (id) => id === before, 10_000);
    assert.strictEqual(after, before);
    assert.ok((await frame.locator('.message').count()) > 30, 'more than a fresh opening shows');
    // The open conversation opened once more is not sent again (a whole state only shows another
    // conversation): the reader stays where they are, the earlier messages still there.
    const states = () => statesDrawn(frame);
    const seen = await states();
    const count = await frame.locator('.message').count();
    await runCommand(page, 'Bench: Reopen Parley Conversation');
    assert.strictEqual(await states(), seen, 'no state was sent');
    assert.strictEqual(await topId(), before);
    assert.strictEqual(await frame.locator('.message').count(), count);
    // Scrolling up reaches the very first message, a screenful at a time, and the button goes.
    const messages = frame.locator('.message');
    for (let shown = await messages.count(); shown < 1000;) {
      await frame.locator('#messages').evaluate((el) => {
        el.scrollTop = 0;
      });
      const more = await waitForValue(
        () => messages.count(),
        (n) => n > shown,
        10_000,
      );
      assert.ok(more > shown, `scrolling up from ${shown} messages showed more`);
      shown = more;
    }
    assert.strictEqual(await messages.first().getAttribute('data-id'), 'seed0');
    assert.ok(await frame.locator('.show-earlier').isHidden());
    assert.strictEqual(await messages.first().getAttribute('aria-label'), 'You, message 1');

    // Reading among the latest 30 with all 1,000 shown: shown again, the view is there too (the
    // state sent with the page holds the message; the answer to its ready adds nothing to draw).
    await frame.locator('.message[data-id="seed985"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const recent = await topId();
    assert.ok(recent && Number(recent.slice(4)) >= 970, `reading a recent message (${recent})`);
    frame = await hideAndShowChat(page);
    await frame.locator(`.message[data-id="${recent}"]`).waitFor({ timeout: 30_000 });
    assert.strictEqual(await waitForValue(topId, (id) => id === recent, 10_000), recent);
  });

  it('changed while hidden, shown again: it draws the conversation as it is now, once (not the old one first)', async () => {
    const { page } = wb;
    await hideChat(page);
    await runCommand(page, 'Bench: Make a 2-Message Conversation Current');
    await page.locator('.statusbar-item', { hasText: 'Bench: current 2 (1)' }).waitFor({ timeout: 30_000 });
    await runCommand(page, 'Parley: Open Chat');
    const frame = chatFrame(page);
    await frame.locator('.message[data-id="seed1"]').waitFor({ timeout: 30_000 });
    assert.deepStrictEqual(await frame.locator('.message').evaluateAll((ms) => ms.map((m) => (m as HTMLElement).dataset.id)), [
      'seed0',
      'seed1',
    ]);
    // Its HTML was made again when the conversation changed: it carried the new one, and the
    // answer to `ready` sent nothing more to draw (a stale snapshot would be a second state).
    assert.strictEqual(await frame.locator('#parley-snapshot').count(), 1);
    // A question and its reply: the extension answers the page's `ready` before them.
    wb.server.enqueue(textReply('Counted once.'));
    await frame.locator('#input').fill('Is the total counted once?');
    await frame.locator('#input').press('Enter');
    await frame.locator('.message.assistant', { hasText: 'Counted once.' }).waitFor({ timeout: 30_000 });
    assert.strictEqual(await statesDrawn(frame), 1);
  });

  it('highlights code in a worker once the block is finished, the text unchanged', async () => {
    const { page, server } = wb;
    const frame = chatFrame(page);
    await frame.locator('#new-chat').click();
    server.enqueue(
      textReply('Here:\n\n```python\ndef total(items):\n    return sum(i.price for i in items)\n```\n\nDone.', { delayMs: 10 }),
    );
    await frame.locator('#input').fill('Show me a total');
    await frame.locator('#input').press('Enter');
    const code = frame.locator('.message.assistant .code-block code').last();
    await code.locator('.hljs-keyword').first().waitFor({ timeout: 30_000 });
    assert.strictEqual(await code.textContent(), 'def total(items):\n    return sum(i.price for i in items)\n');
  });

  it('while the view is idle, a sample reply is drawn out of sight once and thrown away: nothing of it stays in the page', async () => {
    const frame = chatFrame(wb.page);
    const shownBefore = await frame.locator('#messages > .message').count();
    // Marked once the sample has been laid out and removed (warmUp.ts).
    await frame.locator('#messages').evaluate(
      () =>
        new Promise<void>((resolve) => {
          const poll = () => (performance.getEntriesByName('parley:warm').length > 0 ? resolve() : setTimeout(poll, 100));
          poll();
        }),
    );
    const left = await frame.locator('body').evaluate(() => ({
      sample: document.querySelectorAll('[data-id="warm-up"]').length,
      lists: document.querySelectorAll('.messages').length,
      warmed: performance.getEntriesByName('parley:warm').length,
    }));
    assert.deepStrictEqual(left, { sample: 0, lists: 1, warmed: 1 });
    assert.strictEqual(await frame.locator('#messages > .message').count(), shownBefore);
    assert.strictEqual(await frame.getByRole('article', { name: /message/ }).count(), shownBefore);
  });

  it('while the view is idle, the highlighting worker compiles its grammars; code is coloured after it as before', async () => {
    const { page, server } = wb;
    const frame = chatFrame(page);
    // Marked once the worker has compiled every grammar it has (highlight.ts).
    await frame.locator('#messages').evaluate(
      () =>
        new Promise<void>((resolve) => {
          const done = () => performance.getEntriesByName('parley:grammars-compiled').length > 0;
          const poll = () => (done() ? resolve() : setTimeout(poll, 100));
          poll();
        }),
    );
    await frame.locator('#new-chat').click();
    const java = 'static int twice(int n) {\n    return n * 2;\n}\n';
    server.enqueue(textReply(`In Java:\n\n\`\`\`java\n${java}\`\`\`\n\nIn SQL:\n\n\`\`\`sql\nSELECT 1;\n\`\`\``, { delayMs: 5 }));
    await frame.locator('#input').fill('Twice, in Java');
    await frame.locator('#input').press('Enter');
    const blocks = frame.locator('.message.assistant .code-block code');
    await blocks.nth(1).locator('.hljs-keyword').first().waitFor({ timeout: 30_000 });
    await blocks.nth(0).locator('.hljs-keyword').first().waitFor({ timeout: 30_000 });
    assert.deepStrictEqual(await blocks.allTextContents(), [java, 'SELECT 1;\n']);
  });
});
