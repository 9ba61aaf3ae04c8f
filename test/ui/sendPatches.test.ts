import * as assert from 'assert';
import type { FrameLocator, Locator } from 'playwright-core';
import { emptyViewVsix } from '../bench/webviewBench';
import { textReply } from '../server/chatServer';
import { chatFrame, hideAndShowChat, openSeededConversation, openWorkbench, screenshotIfFailed, type Workbench } from './workbench';

/** What happened to the message elements on the page between `markMessages` and `readMarks`. */
interface Marks {
  /** Message elements on the page when marked. */
  old: number;
  /** Ids of the old elements no longer in the document (a redraw puts copies in their place). */
  replaced: string[];
  /** Removals of old elements, and mutations whose target is one or inside one, as "id: type detail". */
  touched: string[];
  /** Message elements in the list now that were not there when marked: role and text. */
  added: { role: string; text: string }[];
}

/**
 * Marks the message elements the page shows now (the node objects themselves) and watches the
 * list: every removal of one, and every mutation inside one, is recorded until `readMarks`.
 */
function markMessages(frame: FrameLocator): Promise<number> {
  return frame.locator('#messages').evaluate((list) => {
    const old = [...list.querySelectorAll<HTMLElement>('.message')];
    const oldSet = new WeakSet<Node>(old);
    // The old element a node is, or is inside (walked up by parent, so it works once detached too).
    const ownerOf = (node: Node | null): HTMLElement | undefined => {
      for (let n = node; n; n = n.parentNode) if (oldSet.has(n)) return n as HTMLElement;
      return undefined;
    };
    const touched: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        // An old element taken out (and perhaps put back: the same node, but drawn again).
        for (const n of r.removedNodes) if (oldSet.has(n)) touched.push(`${(n as HTMLElement).dataset.id}: removed`);
        const owner = ownerOf(r.target);
        if (!owner) continue;
        const detail =
          r.type === 'attributes' ? r.attributeName : r.type === 'childList' ? `+${r.addedNodes.length} -${r.removedNodes.length}` : '';
        touched.push(`${owner.dataset.id}: ${r.type} ${detail}`);
      }
    });
    observer.observe(list, { subtree: true, childList: true, attributes: true, characterData: true });
    (window as unknown as { parleyMarks: unknown }).parleyMarks = { old, touched, observer };
    return old.length;
  });
}

function readMarks(frame: FrameLocator): Promise<Marks> {
  return frame.locator('#messages').evaluate((list) => {
    const { old, touched, observer } = (
      window as unknown as { parleyMarks: { old: HTMLElement[]; touched: string[]; observer: MutationObserver } }
    ).parleyMarks;
    touched.push(...observer.takeRecords().map(() => 'a mutation not yet delivered'));
    observer.disconnect();
    const oldSet = new Set(old);
    return {
      old: old.length,
      replaced: old.filter((el) => !el.isConnected).map((el) => el.dataset.id ?? '?'),
      touched,
      added: [...list.querySelectorAll<HTMLElement>('.message')]
        .filter((el) => !oldSet.has(el))
        .map((el) => ({
          role: el.classList.contains('user') ? 'user' : 'assistant',
          text: el.querySelector('.message-body')?.textContent?.trim() ?? '',
        })),
    };
  });
}

/** Types the question and presses Enter, the server streaming `reply`; resolves when the reply is done. */
async function sendAndWait(wb: Workbench, frame: FrameLocator, question: string, reply: string): Promise<void> {
  wb.server.enqueue(textReply(reply, { delayMs: 5 }));
  await frame.locator('#input').fill(question);
  await frame.locator('#input').press('Enter');
  await frame.locator('.message.assistant:not(.streaming)', { hasText: reply }).waitFor({ timeout: 30_000 });
  // Done as the user sees it: Send is back in place of Stop.
  await frame.locator('#send').waitFor({ state: 'visible', timeout: 10_000 });
}

/** How far the list's end is below the view, two frames on: the list's own moves (and what they set off) are done. */
function pixelsBelowEnd(messages: Locator): Promise<number> {
  return messages.evaluate(
    (el) =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(el.scrollHeight - el.scrollTop - el.clientHeight))),
      ),
  );
}

/** The side bar's edge (its sash), dragged `dx` pixels in steps as a hand does: each step rewraps the messages. */
async function dragSideBar(page: Workbench['page'], dx: number): Promise<void> {
  const sash = (await page.locator('.monaco-sash.primary-sidebar-sash').boundingBox())!;
  const x = sash.x + sash.width / 2;
  const y = sash.y + sash.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y, { steps: 6 });
  await page.mouse.up();
}

/** How far the list's end is below the view after each of `frames` frames, read once the frame has painted. */
function belowEndEachFrame(messages: Locator, frames: number): Promise<number[]> {
  return messages.evaluate(
    (list, frames) =>
      new Promise<number[]>((resolve) => {
        const seen: number[] = [];
        const read = () => {
          seen.push(Math.round(list.scrollHeight - list.scrollTop - list.clientHeight));
          if (seen.length === frames) resolve(seen);
          else requestAnimationFrame(() => setTimeout(read, 0));
        };
        requestAnimationFrame(() => setTimeout(read, 0));
      }),
    frames,
  );
}

/** Waits until the code blocks shown are coloured (the highlighter works after the draw, inside the elements). */
async function waitForColours(frame: FrameLocator): Promise<void> {
  await frame.locator('#messages').evaluate(
    (list) =>
      new Promise<void>((resolve) => {
        const done = () =>
          [...list.querySelectorAll('.code-block[data-language] pre > code')].every((c) => c.querySelector('[class^="hljs-"]'));
        if (done()) return resolve();
        const observer = new MutationObserver(() => {
          if (done()) {
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(list, { subtree: true, childList: true });
      }),
  );
}

/** The marks after a Send, checked: the old elements kept, untouched, and the two new turns added. */
function assertPatched(marks: Marks, question: string, reply: string): void {
  const { old, replaced, touched, added } = marks;
  assert.ok(old > 0, 'messages were on the page before the Send');
  assert.strictEqual(
    replaced.length,
    0,
    `Send replaced ${replaced.length} of the ${old} message elements already on the page (${replaced.slice(0, 3).join(', ')}${replaced.length > 3 ? ', …' : ''}): ` +
      `the page redrew them; it should add the new turns and leave the others alone (${added.length} elements added)`,
  );
  assert.deepStrictEqual(
    touched,
    [],
    `Send changed the DOM inside ${new Set(touched.map((t) => t.split(':')[0])).size} of the ${old} old message elements`,
  );
  assert.deepStrictEqual(
    added,
    [
      { role: 'user', text: question },
      { role: 'assistant', text: reply },
    ],
    'Send added exactly two elements: the question and its reply',
  );
}

/**
 * In a new chat, asks for a long reply of `count` words ("word0 word1 …", 10 ms apart) and
 * returns once the page shows `shown`: the reply's text and its body on the page.
 */
async function streamWords(wb: Workbench, frame: FrameLocator, count: number, shown: string) {
  await frame.locator('#new-chat').click();
  await frame.locator('.message').first().waitFor({ state: 'detached', timeout: 10_000 });
  const words = Array.from({ length: count }, (_, i) => `word${i}`).join(' ');
  wb.server.enqueue(textReply(words, { delayMs: 10 }));
  await frame.locator('#input').fill('Tell me a long one');
  await frame.locator('#input').press('Enter');
  const body = frame.locator('.message.assistant .message-body').last();
  await body.filter({ hasText: shown }).waitFor({ timeout: 30_000 });
  return { words, body };
}

/**
 * Records, in the view, the reply's text when a pointer goes down on Stop (once the page has
 * taken the press: a redraw that reached the page after it is taken back), and counts the
 * `delta` messages that reach the view from then on.
 */
function watchStopPress(frame: FrameLocator): Promise<void> {
  return frame.locator('#stop').evaluate(() => {
    const w = window as unknown as { atPress?: string; deltasAfterPress: number };
    w.deltasAfterPress = 0;
    // On the window, bubbling: after the button's own listener.
    window.addEventListener(
      'pointerdown',
      () => (w.atPress = [...document.querySelectorAll('.message.assistant .message-body')].pop()?.textContent ?? ''),
      { once: true },
    );
    window.addEventListener('message', (e) => {
      if (w.atPress !== undefined && (e.data as { type?: string })?.type === 'delta') w.deltasAfterPress++;
    });
  });
}

/** Presses the mouse on Stop and holds it until `deltas` more deltas have reached the view; returns the text at the press. */
async function holdStop(wb: Workbench, frame: FrameLocator, deltas: number): Promise<string> {
  await watchStopPress(frame);
  const box = (await frame.locator('#stop').boundingBox())!;
  await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await wb.page.mouse.down();
  await frame.locator('#stop').evaluate(
    (_, n) =>
      new Promise<void>((resolve) => {
        const poll = () => ((window as unknown as { deltasAfterPress: number }).deltasAfterPress >= n ? resolve() : setTimeout(poll, 10));
        poll();
      }),
    deltas,
  );
  return frame.locator('#stop').evaluate(() => (window as unknown as { atPress: string }).atPress);
}

/**
 * #28: a Send patches the page. The question and the reply are added as two elements; every
 * message element already shown stays the same node, with nothing inside it changed, however
 * long the conversation (today's page draws every shown message again on each Send).
 */
describe('A Send in the chat view patches the page (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench({ extraVsix: [emptyViewVsix()] });
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'send-patches');
  });

  it('in a 1,000-message conversation, adds the question and the reply and leaves the 30 shown untouched', async () => {
    const { page } = wb;
    const frame = await openSeededConversation(page);
    await waitForColours(frame);
    assert.strictEqual(await markMessages(frame), 30);
    const question = 'Does the total count returned items?';
    const reply = 'No: returns are subtracted elsewhere.';
    await sendAndWait(wb, frame, question, reply);
    assertPatched(await readMarks(frame), question, reply);
    const below = await frame
      .locator('#messages')
      .evaluate(
        (el) => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(el.scrollHeight - el.scrollTop - el.clientHeight))),
      );
    assert.ok(below < 2, `the list is at its end, the reply in view (${below} pixels below the view)`);
  });

  it('after a Send in a 1,000-message conversation, the side bar made narrower, then wider again: the reply, rewrapped, stays in view to its end', async () => {
    const { page } = wb;
    const frame = chatFrame(page);
    const sentence = (i: number) => `Returns of order ${i + 1} are subtracted from the total before it is shown.`;
    const reply = Array.from({ length: 12 }, (_, i) => sentence(i)).join(' ');
    await sendAndWait(wb, frame, 'Where are returns subtracted?', reply);
    const messages = frame.locator('#messages');
    const last = frame.locator('.message.assistant').last();
    assert.ok((await pixelsBelowEnd(messages)) < 2, 'at the end after the reply');
    const tall = (await last.boundingBox())!.height;
    const drag = (dx: number) => dragSideBar(page, dx);
    await drag(-120);
    let narrowed = true;
    try {
      const taller = (await last.boundingBox())!.height;
      assert.ok(taller > tall + 20, `the reply is taller in the narrower view (${tall} to ${taller} pixels)`);
      const gap = await pixelsBelowEnd(messages);
      assert.ok(gap < 2, `narrower, the reply's end is still in view (${gap} pixels below the view)`);
      await drag(120);
      narrowed = false;
      const gapWider = await pixelsBelowEnd(messages);
      assert.ok(gapWider < 2, `wider again, the reply's end is in view (${gapWider} pixels below the view)`);
    } finally {
      if (narrowed) await drag(120);
    }
  });

  it('in a 1,000-message conversation, a reply that ends with a code block is as tall when it ends as while it streamed (its cursor takes no line), and is kept at its end: the side bar made narrower leaves its end in view', async () => {
    const { page } = wb;
    const frame = chatFrame(page);
    const prose = Array.from({ length: 8 }, (_, i) => `Step ${i + 1} subtracts the returns of one order from the total.`).join(' ');
    const reply = `${prose}\n\n\`\`\`js\nconst total = orders.reduce((sum, o) => sum + o.amount - o.returned, 0);\n\`\`\``;
    const messages = frame.locator('#messages');
    // The reply's cursor is drawn on a line under the code block; that line went when the reply ended (15 pixels).
    await messages.evaluate((list) => {
      const w = window as unknown as { streamedHeight: number };
      w.streamedHeight = 0;
      const observer = new MutationObserver(() => {
        const streaming = list.querySelector<HTMLElement>('.message.assistant.streaming');
        if (streaming?.querySelector('.code-block')) w.streamedHeight = streaming.getBoundingClientRect().height;
        else if (!streaming && w.streamedHeight) observer.disconnect();
      });
      observer.observe(list, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    });
    wb.server.enqueue(textReply(reply, { delayMs: 5 }));
    await frame.locator('#input').fill('How is the total worked out?');
    await frame.locator('#input').press('Enter');
    await frame.locator('.message.assistant:not(.streaming)', { hasText: 'orders.reduce' }).waitFor({ timeout: 30_000 });
    await frame.locator('#send').waitFor({ state: 'visible', timeout: 10_000 });
    const streamed = await messages.evaluate(() => (window as unknown as { streamedHeight: number }).streamedHeight);
    const ended = (await frame.locator('.message.assistant').last().boundingBox())!.height;
    assert.ok(streamed > 0, 'the reply was seen streaming with its code block');
    assert.ok(Math.abs(streamed - ended) < 1, `the reply is as tall ended as it streamed (${streamed} to ${ended} pixels)`);
    assert.ok((await pixelsBelowEnd(messages)) < 2, 'at the end after the reply');
    await dragSideBar(page, -120);
    try {
      const gap = await pixelsBelowEnd(messages);
      assert.ok(gap < 2, `narrower, the reply's end is still in view (${gap} pixels below the view)`);
    } finally {
      await dragSideBar(page, 120);
    }
  });

  it('the note on what the request left out: after the Send that brought it the list is at its end; read anywhere, it stays at the top of the view; what gets focus under it is brought out; at the top it hides nothing', async () => {
    const frame = chatFrame(wb.page);
    // The last test's Send, in 1,000 messages, was trimmed to fit the model's window.
    const note = frame.locator('#trimmed');
    assert.match((await note.textContent()) ?? '', /Left out to fit the model's context/);
    // Scrolled, read and (`back`) returned to the end in one task: a reader's scroll to the top
    // would bring earlier messages, and their request would outlive the test.
    const place = (to?: number, back = false) =>
      frame.locator('#messages').evaluate(
        (list, [to, back]) => {
          if (to !== undefined) list.scrollTop = to;
          const box = (el: Element | null) => el?.getBoundingClientRect();
          const first = [...list.children].find((c) => c.matches('.show-earlier:not([hidden]), .message'));
          const read = {
            list: box(list)!,
            note: box(list.querySelector('#trimmed'))!,
            first: box(first ?? null)!,
            scrollTop: list.scrollTop,
            below: list.scrollHeight - list.scrollTop - list.clientHeight,
          };
          if (back) list.scrollTop = list.scrollHeight;
          return read;
        },
        [to, back] as const,
      );
    const atEnd = await place();
    assert.ok(atEnd.below < 2, `the list is at its end (${atEnd.below} pixels below the view)`);
    assert.ok(
      Math.abs(atEnd.note.top - atEnd.list.top) < 1 && atEnd.note.height > 10,
      `the note is at the top of the view (${atEnd.note.top} vs ${atEnd.list.top})`,
    );
    const middle = await place(2000);
    assert.ok(middle.scrollTop === 2000 && middle.below > 100, `the list is read in its middle (${JSON.stringify(middle)})`);
    assert.ok(
      Math.abs(middle.note.top - middle.list.top) < 1,
      `read in the middle, the note is at the top of the view (${middle.note.top} vs ${middle.list.top})`,
    );
    // A message's Copy button scrolled under the note, then focused (as Tab would): it is brought out below the note.
    const focused = await frame.locator('#messages').evaluate((list) => {
      const button = [...list.querySelectorAll<HTMLElement>('.message [data-msg-action="copy"]')][8];
      const noteBottom = () => list.querySelector('#trimmed')!.getBoundingClientRect().bottom;
      list.scrollTop += button.getBoundingClientRect().top - list.getBoundingClientRect().top - 2;
      const under = button.getBoundingClientRect().top;
      button.focus();
      return { under, noteBottom: noteBottom(), after: button.getBoundingClientRect().top, focused: document.activeElement === button };
    });
    assert.ok(focused.focused && focused.under < focused.noteBottom, `the button was under the note (${JSON.stringify(focused)})`);
    assert.ok(focused.after >= focused.noteBottom, `focused, it is below the note (${JSON.stringify(focused)})`);
    const top = await place(0, true);
    assert.ok(
      top.note.bottom <= top.first.top,
      `at the top, the note is above the conversation, over none of it (${top.note.bottom} vs ${top.first.top})`,
    );
  });

  it('a reader scrolled up who sends is taken to the reply, and the view shown again opens there', async () => {
    const { page } = wb;
    let frame = chatFrame(page);
    const below = () =>
      frame
        .locator('#messages')
        .evaluate(
          (el) => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(el.scrollHeight - el.scrollTop - el.clientHeight))),
        );
    // Reading an earlier message: the page saves that place (a reload or a hidden view returns to it).
    await frame
      .locator('.message')
      .nth(3)
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    assert.ok((await below()) > 100, 'the reader is up in the conversation');
    const reply = 'Refunds are kept apart.';
    await sendAndWait(wb, frame, 'And refunds?', reply);
    assert.ok((await below()) < 2, 'the Send took the reader to the end');
    // A mark on the page: gone once the view's page is made anew (hidden, it is not kept).
    await frame.locator('#messages').evaluate(() => ((window as unknown as { beforeHiding: boolean }).beforeHiding = true));
    frame = await hideAndShowChat(page);
    await frame.locator('.message.assistant', { hasText: reply }).waitFor({ timeout: 30_000 });
    assert.strictEqual(
      await frame.locator('#messages').evaluate(() => (window as unknown as { beforeHiding?: boolean }).beforeHiding),
      undefined,
      'the page was made anew',
    );
    // The place saved is the end, not the message read before the Send; the page opens there and
    // stays there as it lays out the rest of what it shows.
    const settling = await belowEndEachFrame(frame.locator('#messages'), 20);
    assert.ok(
      settling.every((px) => px < 2),
      `shown again, the view opens at the reply and stays there (pixels below the view, frame by frame: ${settling.join(' ')})`,
    );
    // Opened at its end, the list is kept there: made narrower, its messages rewrapped taller, the reply's end stays in view.
    await dragSideBar(page, -120);
    try {
      const gap = await pixelsBelowEnd(frame.locator('#messages'));
      assert.ok(gap < 2, `narrower, the reply's end is still in view (${gap} pixels below the view)`);
    } finally {
      await dragSideBar(page, 120);
    }
  });

  it('in a new chat, a second Send leaves the first question and reply untouched', async () => {
    const frame = chatFrame(wb.page);
    await frame.locator('#new-chat').click();
    await frame.locator('.message').first().waitFor({ state: 'detached', timeout: 10_000 });
    await sendAndWait(wb, frame, 'What is a total?', 'A sum of prices.');
    assert.strictEqual(await markMessages(frame), 2);
    const question = 'And a subtotal?';
    const reply = 'The sum before tax.';
    await sendAndWait(wb, frame, question, reply);
    assertPatched(await readMarks(frame), question, reply);
  });

  it('Stop: the reply stays as the page showed it at the click, and the request is closed', async () => {
    const frame = chatFrame(wb.page);
    const { body } = await streamWords(wb, frame, 400, 'word30 ');
    // The text on the page at the moment of the click, read by the page itself as the click lands.
    await frame.locator('#stop').evaluate((stop) =>
      stop.addEventListener(
        'click',
        () => {
          const last = [...document.querySelectorAll('.message.assistant .message-body')].pop();
          (window as unknown as { atClick: string }).atClick = last?.textContent ?? '';
        },
        { capture: true, once: true },
      ),
    );
    await frame.locator('#stop').click();
    await frame.locator('.message.assistant .note', { hasText: 'Stopped.' }).waitFor({ timeout: 10_000 });
    await frame.locator('#send').waitFor({ state: 'visible', timeout: 10_000 });
    const atClick = await frame.locator('#stop').evaluate(() => (window as unknown as { atClick: string }).atClick);
    assert.ok(atClick.includes('word30 '), `the click came while the reply streamed (${atClick.length} characters shown)`);
    assert.strictEqual((await body.textContent())?.trim(), atClick.trim(), 'the reply is what the page showed at the click, no more');
    assert.ok(!atClick.includes('word399'), 'the reply was stopped before its end');
    const request = wb.server.requests.at(-1);
    assert.ok(request?.closedEarly, 'the request was closed before the server finished');
  });

  it('Stop held down: nothing more is drawn from the press on, and the click keeps what showed at the press', async () => {
    const frame = chatFrame(wb.page);
    const { body } = await streamWords(wb, frame, 400, 'word30 ');
    const atPress = await holdStop(wb, frame, 8);
    const whileHeld = (await body.textContent()) ?? '';
    await wb.page.mouse.up();
    await frame.locator('.message.assistant .note', { hasText: 'Stopped.' }).waitFor({ timeout: 10_000 });
    assert.ok(
      // 'word30', not 'word30 ': the wait for it normalises white space, so the press can come
      // while the reply ends at word30, before the space that follows it has been drawn.
      atPress.includes('word30') && !atPress.includes('word399'),
      `pressed while the reply streamed (${atPress.length} characters)`,
    );
    assert.strictEqual(whileHeld, atPress, 'nothing was drawn while the button was held, though deltas came');
    assert.strictEqual((await body.textContent())?.trim(), atPress.trim(), 'the reply is what the page showed at the press');
    assert.ok(wb.server.requests.at(-1)?.closedEarly, 'the request was closed before the server finished');
  });

  it('Stop pressed while a redraw was on its way: the redraw that reached the page after the press is taken back', async () => {
    const frame = chatFrame(wb.page);
    const { body } = await streamWords(wb, frame, 400, 'word30 ');
    // A press made now and handled only after the page has drawn more, as when the press waits
    // for the page's thread (an event's time is when it happened, not when it is handled).
    const seen = await frame.locator('#stop').evaluate(async (stop) => {
      const text = () => [...document.querySelectorAll('.message.assistant .message-body')].pop()?.textContent ?? '';
      const atPress = text();
      const press = new PointerEvent('pointerdown', { button: 0, bubbles: true });
      await new Promise<void>((resolve) => {
        const watch = new MutationObserver(() => {
          if (text() === atPress) return;
          watch.disconnect();
          resolve();
        });
        watch.observe(document.getElementById('messages')!, { subtree: true, childList: true, characterData: true });
      });
      const drawnAfter = text();
      stop.dispatchEvent(press);
      const handled = text();
      stop.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
      stop.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      return { atPress, drawnAfter, handled };
    });
    await frame.locator('.message.assistant .note', { hasText: 'Stopped.' }).waitFor({ timeout: 10_000 });
    assert.ok(seen.drawnAfter.length > seen.atPress.length, 'the page drew more after the press was made');
    assert.strictEqual(seen.handled, seen.atPress, 'taken back as the press was handled');
    assert.strictEqual((await body.textContent())?.trim(), seen.atPress.trim(), 'the reply kept is what showed at the press');
    assert.ok(!seen.atPress.includes('word399'), 'pressed while the reply streamed');
  });

  it('Stop pressed and let go off the button stops nothing: the reply draws on and ends whole', async () => {
    const frame = chatFrame(wb.page);
    const { words, body } = await streamWords(wb, frame, 400, 'word30 ');
    const atPress = await holdStop(wb, frame, 8);
    const input = (await frame.locator('#input').boundingBox())!;
    await wb.page.mouse.move(input.x + input.width / 2, input.y + input.height / 2, { steps: 4 });
    await wb.page.mouse.up();
    await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 30_000 });
    assert.ok(!atPress.includes('word399'), 'pressed while the reply streamed');
    assert.strictEqual((await body.textContent())?.trim(), words, 'the whole reply is on the page');
    assert.strictEqual(await frame.locator('.message.assistant .note', { hasText: 'Stopped.' }).count(), 0, 'not stopped');
    assert.ok(!wb.server.requests.at(-1)?.closedEarly, 'the request ran to its end');
  });

  it('typing while a reply with 30 code blocks streams: every key lands, and every block has its colours once the keys stop', async () => {
    const frame = chatFrame(wb.page);
    await frame.locator('#new-chat').click();
    await frame.locator('.message').first().waitFor({ state: 'detached', timeout: 10_000 });
    const blocks = Array.from(
      { length: 30 },
      (_, i) => `Step ${i}:\n\n\`\`\`ts\nexport function step${i}(n: number): number {\n  return n + ${i};\n}\n\`\`\``,
    );
    wb.server.enqueue(textReply(blocks.join('\n\n'), { delayMs: 4 }));
    await frame.locator('#input').fill('Show the steps');
    await frame.locator('#input').press('Enter');
    await frame.locator('.message.assistant .code-block').first().waitFor({ timeout: 30_000 });
    const typed = 'colours can wait while I type, '.repeat(3);
    await frame.locator('#input').pressSequentially(typed, { delay: 15 });
    assert.strictEqual(await frame.locator('#input').inputValue(), typed, 'every key is in the input, in order');
    await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 30_000 });
    const code = frame.locator('.message.assistant').last().locator('.code-block pre > code');
    const coloured = frame.locator('.message.assistant').last().locator('.code-block pre > code:has(.hljs-keyword)');
    for (const deadline = Date.now() + 15_000; (await coloured.count()) < 30 && Date.now() < deadline;) await wb.page.waitForTimeout(100);
    assert.strictEqual(await coloured.count(), 30, 'every block has its colours');
    assert.strictEqual(await code.count(), 30);
    assert.strictEqual(await code.nth(29).textContent(), 'export function step29(n: number): number {\n  return n + 29;\n}\n');
  });

  it('a streaming reply stays in view while the reader is at the end; a reader who scrolled up stays put, through its end', async () => {
    const frame = chatFrame(wb.page);
    const { words, body } = await streamWords(wb, frame, 900, 'word20 ');
    const list = frame.locator('#messages');
    await list.evaluate(
      (el) =>
        new Promise<void>((resolve) => {
          const poll = () => (el.scrollHeight > el.clientHeight * 1.5 ? resolve() : setTimeout(poll, 20));
          poll();
        }),
    );
    // At the end as it grows: the frame after each of five redraws shows the reply's last line.
    const gaps = await body.evaluate(
      (el) =>
        new Promise<number[]>((resolve) => {
          const list = document.getElementById('messages')!;
          const seen: number[] = [];
          const observer = new MutationObserver(() =>
            requestAnimationFrame(() => {
              seen.push(list.scrollHeight - list.scrollTop - list.clientHeight);
              if (seen.length === 5) {
                observer.disconnect();
                resolve(seen);
              }
            }),
          );
          observer.observe(el, { subtree: true, childList: true, characterData: true });
        }),
    );
    assert.ok(
      gaps.every((gap) => gap < 2),
      `the list was at its end after each redraw (pixels below the view: ${gaps.join(', ')})`,
    );
    // The reader scrolls up with the wheel, as a person does, while the reply still streams.
    const box = (await list.boundingBox())!;
    await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await wb.page.mouse.wheel(0, -300);
    const settled = () =>
      list.evaluate(
        (el) =>
          new Promise<number>((resolve) => {
            let last = -1;
            const frame = () => (el.scrollTop === last ? resolve(last) : ((last = el.scrollTop), requestAnimationFrame(frame)));
            frame();
          }),
      );
    const top = await settled();
    const grown = (await body.textContent())!.length;
    assert.ok(
      await list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight > 100),
      'the wheel took the reader up from the end',
    );
    assert.ok(await frame.locator('.message.assistant.streaming').count(), 'the reply was still streaming when the reader scrolled up');
    await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 30_000 });
    assert.ok((await body.textContent())!.length > grown, 'the reply grew after the reader scrolled up');
    assert.strictEqual((await body.textContent())?.trim(), words, 'the whole reply is on the page');
    assert.strictEqual(await settled(), top, 'the reader stays where they scrolled to, as it streams and when it ends');
  });

  it('a long reply of many short paragraphs, streamed fast, is followed to its end', async () => {
    const frame = chatFrame(wb.page);
    await frame.locator('#new-chat').click();
    await frame.locator('.message').first().waitFor({ state: 'detached', timeout: 10_000 });
    // As llama-server's story comes: short paragraphs, a word a chunk, fast. The reply's finished
    // pieces are first laid out (and measured) after the frame moved the list to its end.
    const story = Array.from({ length: 240 }, (_, i) => `${i}: Once upon a time, there lived one little robot who loved streaming tokens.`);
    wb.server.enqueue(textReply(story.join('\n\n'), { delayMs: 1 }));
    await frame.locator('#input').fill('Tell me a long story');
    // Pixels below the view at the start of each frame while the reply streams, as the reader sees it.
    const watching = frame.locator('#messages').evaluate(
      (list) =>
        new Promise<number[]>((resolve) => {
          const below: number[] = [];
          const frame = () => {
            const streaming = !!list.querySelector('.message.assistant.streaming');
            if (streaming) below.push(Math.round(list.scrollHeight - list.scrollTop - list.clientHeight));
            if (!streaming && below.length > 0) resolve(below);
            else requestAnimationFrame(frame);
          };
          frame();
        }),
    );
    await frame.locator('#input').press('Enter');
    const below = await watching;
    const atEnd = below.filter((px) => px < 2).length;
    assert.ok(
      below.length > 20 && atEnd >= below.length - 2,
      `the list was at its end in ${atEnd} of ${below.length} frames while the reply streamed (pixels below the view: ${below.join(' ')})`,
    );
    await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 30_000 });
    const after = await frame
      .locator('#messages')
      .evaluate(
        (el) => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(el.scrollHeight - el.scrollTop - el.clientHeight))),
      );
    assert.ok(after < 2, `the list is at its end when the reply has ended (${after} pixels below)`);
    assert.ok((await frame.locator('.message.assistant .message-body').last().textContent())?.includes('239: Once upon a time'));
  });

  it("that reply's paragraphs are evenly spaced, across the pieces it was drawn in", async () => {
    const frame = chatFrame(wb.page);
    // Read a half screen at a time from the end up: a piece off screen is not laid out.
    const gaps = await frame.locator('#messages').evaluate(async (list) => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const body = [...list.querySelectorAll('.message.assistant .message-body')].pop()!;
      const seen = new Map<Element, number>();
      const end = list.scrollTop;
      for (let k = 0; k < 12; k++) {
        list.scrollTop = end - (k * list.clientHeight) / 2;
        await frame();
        const view = list.getBoundingClientRect();
        const paragraphs = [...body.querySelectorAll('p')];
        paragraphs.forEach((p, i) => {
          const next = paragraphs[i + 1];
          if (!next) return;
          const [a, b] = [p.getBoundingClientRect(), next.getBoundingClientRect()];
          if (a.top >= view.top && b.bottom <= view.bottom) seen.set(p, Math.round(b.top - a.bottom));
        });
      }
      list.scrollTop = list.scrollHeight;
      await frame();
      return [...seen.values()];
    });
    assert.ok(gaps.length > 30, `enough paragraphs read (${gaps.length})`);
    assert.strictEqual(new Set(gaps).size, 1, `one gap between paragraphs, not several: ${[...new Set(gaps)].join(', ')} pixels`);
  });

  it('a reply is drawn as it comes from its first words: the Enter that sent the question is not typing over it', async () => {
    const frame = chatFrame(wb.page);
    await frame.locator('#new-chat').click();
    await frame.locator('.message').first().waitFor({ state: 'detached', timeout: 10_000 });
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    wb.server.enqueue(textReply(words, { delayMs: 10 }));
    // Each length the reply shows, and when, from before the Enter.
    await frame.locator('#messages').evaluate((list) => {
      const shown: [number, number][] = [];
      new MutationObserver(() => {
        const length = [...list.querySelectorAll('.message.assistant .message-body')].pop()?.textContent?.length ?? 0;
        if (length > (shown.at(-1)?.[1] ?? 0)) shown.push([performance.now(), length]);
      }).observe(list, { subtree: true, childList: true, characterData: true });
      (window as unknown as { shown: typeof shown }).shown = shown;
    });
    await frame.locator('#input').fill('Count for me');
    await frame.locator('#input').press('Enter');
    // The reply ended, all of it shown (waiting for no streaming reply could end before it began).
    await frame.locator('.message.assistant:not(.streaming)', { hasText: 'word299' }).waitFor({ timeout: 30_000 });
    const shown = await frame.locator('#messages').evaluate(() => (window as unknown as { shown: [number, number][] }).shown);
    // Paced as if typed over, it was drawn every 250 ms for its first second: 4 lengths at most.
    const first = shown[0][0];
    const early = shown.filter(([at]) => at - first < 800).length;
    assert.ok(early >= 10, `${early} lengths shown in the reply's first 800 ms (${shown.length} in all)`);
  });

  it('typing while a reply streams: every key lands, the reply keeps growing as one types, and ends whole', async () => {
    const frame = chatFrame(wb.page);
    const { words, body } = await streamWords(wb, frame, 500, 'word20 ');
    // Each length the reply shows while the keys go in (the view draws it less often as one types).
    await body.evaluate((el) => {
      const lengths: number[] = [];
      new MutationObserver(() => lengths.push(el.textContent?.length ?? 0)).observe(el, {
        subtree: true,
        childList: true,
        characterData: true,
      });
      (window as unknown as { shownLengths: number[] }).shownLengths = lengths;
    });
    const typed = 'the quick brown fox jumps over the lazy dog, '.repeat(3);
    await frame.locator('#input').pressSequentially(typed, { delay: 15 });
    const lengths = await body.evaluate(() => [...(window as unknown as { shownLengths: number[] }).shownLengths]);
    const stillStreaming = await frame.locator('.message.assistant.streaming').count();
    assert.strictEqual(await frame.locator('#input').inputValue(), typed, 'every key is in the input, in order');
    assert.ok(stillStreaming > 0, 'the reply was still streaming when the last key went in');
    assert.ok(new Set(lengths).size >= 3, `the reply grew on screen while one typed: ${lengths.length} redraws`);
    await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 30_000 });
    assert.strictEqual((await body.textContent())?.trim(), words, 'the whole reply is on the page');
    assert.strictEqual(await frame.locator('#input').inputValue(), typed, 'and what was typed is still there');
  });

  it('the input made taller by its grip: the list, at its end, stays there', async () => {
    const { page } = wb;
    const frame = chatFrame(page);
    await sendAndWait(wb, frame, 'One more?', 'One more.');
    const messages = frame.locator('#messages');
    const below = () => pixelsBelowEnd(messages);
    assert.ok((await below()) < 2, 'at the end after the reply');
    assert.ok(
      await messages.evaluate((el) => el.scrollHeight - el.clientHeight > 100),
      'the conversation is longer than the view (earlier tests left it so)',
    );
    const listBefore = (await messages.boundingBox())!.height;
    // The grip in the input's corner, dragged down 80 pixels: the input grows, the list gives way.
    const input = (await frame.locator('#input').boundingBox())!;
    await page.mouse.move(input.x + input.width - 3, input.y + input.height - 3);
    await page.mouse.down();
    await page.mouse.move(input.x + input.width - 3, input.y + input.height + 77, { steps: 8 });
    await page.mouse.up();
    const listAfter = (await messages.boundingBox())!.height;
    assert.ok(listAfter < listBefore - 40, `the list is shorter (${listBefore} to ${listAfter} pixels)`);
    const gap = await below();
    assert.ok(gap < 2, `the reply's end is still in view (${gap} pixels below the view)`);
  });
});
