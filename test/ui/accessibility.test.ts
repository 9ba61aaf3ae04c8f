import * as assert from 'assert';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { textReply, tokens, type ScriptedReply } from '../server/chatServer';
import { chatFrameHandle, liveHeard, measureRing, recordLiveRegions, runAxe } from './a11yCheck';
import { newChatFromPalette, openWorkbench, pickTheme, runCommand, screenshotIfFailed, SCREENSHOTS, type Workbench } from './workbench';

const SENTENCE = 'It adds two numbers and returns the sum.';
/** A reply with a Thinking section and a code block, streamed token by token. */
function reasonedReply(delayMs: number): ScriptedReply {
  const text = `Here is a helper. ${SENTENCE}\n\n\`\`\`ts\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n\`\`\`\n\nUse it anywhere.`;
  return {
    steps: [
      ...tokens('The user wants a small function; keep it short.').map((t) => ({ reasoning_content: t, delayMs })),
      ...tokens(text).map((t) => ({ content: t, delayMs })),
      { finish_reason: 'stop' },
    ],
  };
}

/**
 * The chat view for screen readers and keyboards (issue 19), in one workbench: axe-core in three
 * themes, what enters the live region while a reply streams, and a keyboard-only walk where
 * focus is always on the expected, visible element with a ring of at least 3:1.
 */
describe('Accessibility of the chat view (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let frame: Frame;
  let decoder: Page;
  before(async () => {
    wb = await openWorkbench();
    decoder = await wb.browser.newPage();
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'a11y');
  });

  /** Waits until focus (with the frame focused) is on `selector`, then checks it is visible and ringed. */
  async function expectFocus(selector: string, what: string): Promise<void> {
    await frame
      .waitForFunction((sel) => document.hasFocus() && document.activeElement?.matches(sel), selector, { timeout: 15_000 })
      .catch(async () => {
        const active = await frame.evaluate(
          () => `${document.hasFocus() ? 'focused' : 'not focused'}: ${document.activeElement?.outerHTML.slice(0, 200)}`,
        );
        throw new Error(`${what}: focus is not on ${selector} (frame ${active})`);
      });
    const target = (await frame.evaluateHandle(() => document.activeElement!)).asElement()!;
    assert.ok(await target.isVisible(), `${what}: the focused element is visible`);
    const ring = await measureRing(wb.page, target, decoder);
    assert.strictEqual(ring.style, 'solid', `${what}: an outline is drawn`);
    assert.ok(ring.width >= 2, `${what}: the outline is ${ring.width}px`);
    assert.ok(
      ring.ringPixels >= ring.perimeter * 0.5,
      `${what}: the ring shows at 3:1 on ${ring.ringPixels} pixels around a ${ring.perimeter}px edge (best ${ring.bestContrast.toFixed(2)}:1)`,
    );
  }

  /** Waits until focus is on `selector`, without measuring its ring (which blurs it on the way). */
  async function focusIs(selector: string, what: string): Promise<void> {
    await frame
      .waitForFunction((sel) => document.activeElement?.matches(sel), selector, { timeout: 15_000 })
      .catch(async () => {
        throw new Error(
          `${what}: focus is not on ${selector} but on ${await frame.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))}`,
        );
      });
  }

  /** Presses `key` until focus is on `selector`, checking the ring at every stop on the way. */
  async function tabUntil(key: string, selector: string, what: string): Promise<void> {
    for (let i = 0; i < 20 && !(await frame.evaluate((sel) => !!document.activeElement?.matches(sel), selector)); i++) {
      await wb.page.keyboard.press(key);
      await expectFocus('*', `${what}, stop ${i + 1}`);
    }
    await expectFocus(selector, what);
  }

  it('Open Chat puts focus on the input', async () => {
    await runCommand(wb.page, 'Parley: Open Chat');
    frame = await chatFrameHandle(wb.page);
    await frame.locator('#input').waitFor({ state: 'visible', timeout: 30_000 });
    await expectFocus('#input', 'after Open Chat');
  });

  it('a streaming reply enters the live region once, with short status announcements; the conversation is not live', async () => {
    const { server } = wb;
    server.enqueue(reasonedReply(20));
    await recordLiveRegions(frame);
    await wb.page.keyboard.type('Write an add function');
    await wb.page.keyboard.press('Enter');
    await frame.locator('.message.assistant .code-block').waitFor({ timeout: 30_000 });
    await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 30_000 });
    await frame.waitForFunction(() => (window as unknown as { liveHeard: string[] }).liveHeard.some((t) => t === 'Reply finished'));
    const heard = await liveHeard(frame);
    console.log(`      heard: ${JSON.stringify(heard)}`);
    const all = heard.join('\n');
    assert.strictEqual(all.split(SENTENCE).length - 1, 1, 'the reply is heard exactly once');
    assert.deepStrictEqual(
      heard.filter((t) => !t.includes(SENTENCE)),
      ['Reply started', 'Reply finished'],
    );
    assert.ok(all.includes('return a + b;'), 'the code is part of what is heard');
    assert.ok(!all.includes('The user wants'), 'the thinking is not read out');
    assert.strictEqual(
      await frame.locator('#messages[aria-live], #messages [aria-live], #messages[role="log"], #messages [role="alert"]').count(),
      0,
    );
  });

  for (const [theme, bodyClass, shot] of [
    ['Dark Modern', 'vscode-dark', ''],
    ['Light Modern', 'vscode-light', 'chat-a11y-light.png'],
    ['Dark High Contrast', 'vscode-high-contrast', 'chat-a11y-high-contrast.png'],
  ]) {
    it(`axe finds no violations in ${theme}, with a Thinking section and a code block`, async () => {
      if (theme !== 'Dark Modern') await pickTheme(wb.page, theme);
      await frame.waitForFunction((c) => document.body.classList.contains(c), bodyClass, { timeout: 30_000 });
      await frame.locator('.message.assistant .thinking').evaluate((d) => {
        (d as HTMLDetailsElement).open = true;
      });
      // Whole in view: axe cannot tell the background of text the composer covers.
      await frame.locator('.message.assistant .code-block').evaluate((b) => b.scrollIntoView({ block: 'center' }));
      const { violations, incomplete } = await runAxe(frame);
      if (incomplete.length) console.log(`      needs review in ${theme}: ${JSON.stringify(incomplete, null, 1)}`);
      assert.deepStrictEqual(violations, [], `axe violations in ${theme}`);
      if (shot) await wb.page.screenshot({ path: path.join(SCREENSHOTS, shot) });
    });
  }

  it('keyboard only: send, stop, regenerate, edit + Escape, code actions, the picker, the model picker keep focus where expected', async () => {
    const { page, server } = wb;
    await pickTheme(page, 'Dark Modern');
    await frame.waitForFunction(() => document.body.classList.contains('vscode-dark'), undefined, { timeout: 30_000 });
    await runCommand(page, 'Parley: Open Chat');
    await expectFocus('#input', 'back in the chat');

    // Send with the Send button, Stop with the Stop button: focus moves from one to the other.
    server.enqueue(textReply(Array.from({ length: 200 }, (_, i) => `word${i}`).join(' '), { delayMs: 100 }));
    await page.keyboard.type('Tell me a long story');
    await tabUntil('Tab', '#send', 'Tab from the input to Send');
    await page.keyboard.press('Enter');
    await expectFocus('#stop', 'after Send');
    await page.keyboard.press('Enter');
    await expectFocus('#send', 'after Stop');
    await frame.locator('.message.assistant .note', { hasText: 'Stopped.' }).waitFor();

    // Alt+Up to the latest reply; its Regenerate keeps focus on the new reply's Regenerate.
    server.enqueue(reasonedReply(5));
    await tabUntil('Shift+Tab', '#input', 'Shift+Tab from Send');
    await page.keyboard.press('Alt+ArrowUp');
    await expectFocus('.message.assistant:last-child', 'Alt+Up from the input');
    await page.keyboard.press('Tab');
    await expectFocus('.message.assistant:last-child [data-msg-action="copy"]', 'Tab into the reply');
    await page.keyboard.press('Tab');
    await expectFocus('.message.assistant:last-child [data-msg-action="regenerate"]', 'Tab to Regenerate');
    await page.keyboard.press('Enter');
    await frame.locator('.message.assistant:last-child .code-block').waitFor({ timeout: 30_000 });
    await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 30_000 });
    await expectFocus('.message.assistant:last-child [data-msg-action="regenerate"]', 'after Regenerate');

    // Edit, then Escape: back on the Edit button.
    await page.keyboard.press('Alt+ArrowUp');
    await expectFocus('.message.user:nth-last-child(2)', 'Alt+Up to the question');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expectFocus('.message.user:nth-last-child(2) [data-msg-action="edit"]', 'Tab to Edit');
    await page.keyboard.press('Enter');
    await expectFocus('.message.user .edit-box', 'Edit');
    await page.keyboard.press('Escape');
    await expectFocus('.message.user:nth-last-child(2) [data-msg-action="edit"]', 'Escape from editing');
    assert.strictEqual(await frame.locator('.edit-box').count(), 0);

    // Every code action by keyboard; Copy says so, seen and heard.
    await page.keyboard.press('Alt+ArrowDown');
    await expectFocus('.message.assistant:last-child', 'Alt+Down to the reply');
    for (const stop of ['[data-msg-action="copy"]', '[data-msg-action="regenerate"]', '.thinking summary', '[data-action="copy"]']) {
      await page.keyboard.press('Tab');
      await expectFocus(`.message.assistant:last-child ${stop}`, `Tab to ${stop}`);
    }
    await recordLiveRegions(frame);
    await page.keyboard.press('Enter');
    await frame.locator('.message.assistant:last-child [data-action="copy"].copied[title="Copied"]').waitFor();
    assert.deepStrictEqual(await liveHeard(frame), ['Copied']);
    await expectFocus('.message.assistant:last-child [data-action="copy"]', 'after Copy');
    const name = await frame.locator('.message.assistant:last-child [data-action="copy"]').getAttribute('aria-label');
    assert.match(name ?? '', /^Copy ts code block 1 of message \d+$/);
    for (const action of ['insert', 'replace']) {
      await page.keyboard.press('Tab');
      await expectFocus(`.message.assistant:last-child [data-action="${action}"]`, `Tab to ${action}`);
      await page.keyboard.press('Enter');
      await expectFocus(`.message.assistant:last-child [data-action="${action}"]`, `after ${action}`);
    }
    await page.keyboard.press('Tab');
    await expectFocus('.message.assistant:last-child [data-action="newEditor"]', 'Tab to Open in new editor');
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .view-line', { hasText: 'return a + b;' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Parley: Open Chat');
    await expectFocus('.message.assistant:last-child [data-action="newEditor"]', 'back from the new editor');
    await page.keyboard.press('Tab');
    await expectFocus('.message.assistant:last-child pre', 'Tab to the code (a scrollable region)');

    // The model picker: Escape comes back to the model button, named with the model.
    await page.keyboard.press('Alt+ArrowDown');
    await expectFocus('#input', 'Alt+Down from the last message');
    await tabUntil('Shift+Tab', '#profile', 'Shift+Tab to the model');
    assert.strictEqual(await frame.locator('#profile').getAttribute('aria-label'), 'Local test server · test-model: choose model');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await expectFocus('#profile', 'Escape from the model picker');

    // Two more conversations (New Chat from the palette, then type), for the picker.
    for (const question of ['Second question', 'Third question']) {
      await newChatFromPalette(page);
      await expectFocus('#input', 'after New Chat');
      await page.keyboard.type(question);
      await page.keyboard.press('Enter');
      await frame.locator('.message.assistant:not(.streaming)').waitFor({ timeout: 30_000 });
    }

    // Shift+Tab back to the picker: every stop on the way shows its ring.
    await tabUntil('Shift+Tab', '#history', 'Shift+Tab to the conversation picker');
    const order = () => frame.locator('#history option').allTextContents();
    const before = await order();
    assert.strictEqual(before.length, 3);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.deepStrictEqual(await order(), before, 'arrows do not reorder the picker');
    assert.strictEqual(await frame.locator('.message.user', { hasText: 'Third question' }).count(), 1, 'arrows do not open a conversation');
    await page.keyboard.press('Enter');
    await frame.locator('.message.user', { hasText: 'Write an add function' }).waitFor({ timeout: 15_000 });
    assert.deepStrictEqual(await order(), before, 'opening keeps the order');
    await expectFocus('#history', 'after opening from the picker');
  });

  it('keyboard only: the attach menu works as a menu button, `#` suggestions close with Escape, and Enter in the input always sends (issue 26)', async () => {
    const { page, server } = wb;
    await newChatFromPalette(page);
    // (Focus stays on the conversation picker when the walk above ended there.)
    await tabUntil('Tab', '#input', 'Tab to the input after New Chat');
    const input = frame.locator('#input');
    const button = frame.locator('#attach');
    const menu = frame.locator('#attach-menu');
    const expanded = () => button.getAttribute('aria-expanded');
    const highlighted = () => menu.locator('.attach-item.active').evaluateAll((els) => els.map((e) => e.id));
    const noPicker = async (what: string) => assert.ok(await page.locator('.quick-input-widget').isHidden(), `${what}: no picker opened`);
    /** Enter in the input: the message is in the transcript and reaches the server, as typed. */
    const sendsOnEnter = async (text: string) => {
      const asked = server.requests.length;
      await page.keyboard.press('Enter');
      await frame.locator('.message.user', { hasText: text }).waitFor({ timeout: 15_000 });
      const request = await server.settled(asked);
      // (After the open editor, which goes with it as the current file when one is open.)
      const sent = request.body.messages.at(-1).content as string;
      assert.ok(sent === text || sent.endsWith(`\n\n${text}`), `sent as typed: ${JSON.stringify(sent.slice(-200))}`);
      await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 30_000 });
      await noPicker(`Enter after "${text}"`);
      assert.strictEqual(await input.inputValue(), '', 'the input is empty once sent');
    };
    /** axe's findings on the attach button, its menu, the input and the current file's chip (the page as a whole is audited above). */
    const axeOnAttach = async () =>
      (await runAxe(frame)).violations
        .map((v) => ({ ...v, nodes: v.nodes.filter((n) => /^(#attach|#input|\.attach-)|chip-toggle/.test(n)) }))
        .filter((v) => v.nodes.length > 0);
    assert.strictEqual(await button.getAttribute('aria-haspopup'), 'menu');
    assert.strictEqual(await button.getAttribute('aria-controls'), 'attach-menu');

    // Space opens the menu on its first item; arrows (wrapping), Home and End move focus and highlight.
    await page.keyboard.press('Tab');
    await expectFocus('#attach', 'Tab from the input to the attach button');
    assert.strictEqual(await expanded(), 'false');
    await page.keyboard.press('Space');
    await expectFocus('#attach-file', 'Space on the attach button');
    assert.strictEqual(await expanded(), 'true');
    assert.strictEqual(await menu.getAttribute('role'), 'menu');
    assert.deepStrictEqual(
      await menu.locator('.attach-item').evaluateAll((els) => els.map((e) => e.getAttribute('role'))),
      Array(7).fill('menuitem'),
    );
    for (const [key, id] of [
      ['ArrowDown', 'attach-selection'],
      ['ArrowDown', 'attach-problems'],
      ['ArrowUp', 'attach-selection'],
      ['End', 'attach-image'],
      ['ArrowDown', 'attach-file'],
      ['ArrowUp', 'attach-image'],
      ['Home', 'attach-file'],
    ]) {
      await page.keyboard.press(key);
      await expectFocus(`#${id}[role="menuitem"]`, `${key} in the menu`);
      assert.deepStrictEqual(await highlighted(), [id], `${key}: the focused item is the one highlighted`);
    }
    assert.deepStrictEqual(await axeOnAttach(), [], 'axe with the attach menu open');

    // Escape closes it, back on the button; ArrowUp opens it on the last item; Tab closes it and goes on from the button.
    await page.keyboard.press('Escape');
    await focusIs('#attach', 'Escape from the menu');
    assert.ok(await menu.isHidden(), 'Escape closes the menu');
    assert.strictEqual(await expanded(), 'false');
    await expectFocus('#attach', 'Escape from the menu');
    await page.keyboard.press('ArrowUp');
    await expectFocus('#attach-image', 'ArrowUp on the attach button');
    // Tab goes on to the control after the button (the Ask/Agent mode), then to Send.
    await page.keyboard.press('Tab');
    await focusIs('#mode', 'Tab from the menu');
    assert.ok(await menu.isHidden(), 'Tab closes the menu');
    assert.strictEqual(await expanded(), 'false');
    await expectFocus('#mode', 'Tab from the menu');
    await page.keyboard.press('Tab');
    await expectFocus('#send', 'Tab from the mode');

    // The path of the report: open it, Shift+Tab back to the input, type, Enter sends (no picker opens).
    await page.keyboard.press('Shift+Tab');
    await expectFocus('#mode', 'Shift+Tab from Send');
    await page.keyboard.press('Shift+Tab');
    await expectFocus('#attach', 'Shift+Tab from the mode');
    await page.keyboard.press('Space');
    await expectFocus('#attach-file', 'Space on the attach button again');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+Tab');
    // Checked before any ring is measured: measuring blurs, and a blur must not be what closes it.
    await focusIs('#input', 'Shift+Tab from the menu');
    assert.ok(await menu.isHidden(), 'Shift+Tab closes the menu');
    assert.strictEqual(await expanded(), 'false');
    await page.keyboard.type('Nothing attached, just send');
    await sendsOnEnter('Nothing attached, just send');
    await expectFocus('#input', 'after sending');

    // Enter and Space choose: the first item opens the workspace's file picker.
    for (const [opener, chooser] of [
      ['Enter', 'Enter'],
      ['ArrowDown', 'Space'],
    ]) {
      await expectFocus('#input', `before ${opener} + ${chooser}`);
      await page.keyboard.press('Tab');
      await page.keyboard.press(opener);
      await expectFocus('#attach-file', `${opener} on the attach button`);
      await page.keyboard.press(chooser);
      await page.locator('.quick-input-widget', { hasText: 'Attach files to the chat' }).waitFor({ state: 'visible', timeout: 15_000 });
      assert.ok(await menu.isHidden(), `${chooser} on an item closes the menu`);
      assert.strictEqual(await expanded(), 'false');
      await page.keyboard.press('Escape');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      await runCommand(page, 'Parley: Open Chat');
    }

    // A click outside closes it.
    await button.click();
    await frame.locator('#attach-file:focus').waitFor();
    await frame.locator('#messages').click({ position: { x: 20, y: 20 } });
    await menu.waitFor({ state: 'hidden' });
    assert.strictEqual(await expanded(), 'false');

    // `#` in the input: suggestions, focus kept in the input; Escape closes them, typing on after
    // the same `#` does not bring them back, and Enter sends.
    await input.click();
    await page.keyboard.type('Look at #');
    await menu.waitFor({ state: 'visible' });
    assert.strictEqual(await menu.getAttribute('role'), 'listbox');
    await focusIs('#input', 'typing #');
    assert.strictEqual(await input.getAttribute('aria-activedescendant'), 'attach-file');
    await page.keyboard.press('ArrowDown');
    assert.strictEqual(await input.getAttribute('aria-activedescendant'), 'attach-selection');
    assert.deepStrictEqual(await highlighted(), ['attach-selection']);
    assert.deepStrictEqual(await axeOnAttach(), [], 'axe with the suggestions open');
    await page.keyboard.press('Escape');
    await focusIs('#input', 'Escape from the suggestions');
    assert.ok(await menu.isHidden(), 'Escape closes the suggestions');
    assert.strictEqual(await input.getAttribute('aria-activedescendant'), null);
    assert.strictEqual(await expanded(), 'false');
    await page.keyboard.type('fi');
    assert.ok(await menu.isHidden(), 'typing on after a dismissed # does not reopen the suggestions');
    await sendsOnEnter('Look at #fi');

    // Enter with the suggestions open chooses one: the typed `#word` goes.
    await page.keyboard.type('Explain #sel');
    await menu.waitFor({ state: 'visible' });
    assert.deepStrictEqual(await highlighted(), ['attach-selection']);
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => (document.getElementById('input') as HTMLTextAreaElement).value === 'Explain ');
    assert.ok(await menu.isHidden());
    await expectFocus('#input', 'after choosing a suggestion');
  });
});
