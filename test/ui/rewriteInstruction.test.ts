import * as assert from 'assert';
import type { Page } from 'playwright-core';
import { textReply } from '../server/chatServer';
import { openFile, openRewriteBox, openWorkbench, screenshotIfFailed, type Workbench } from './workbench';

/**
 * Enter in the Rewrite Selection box runs what the box shows as typed, typed at a person's speed
 * and Enter pressed at once: the list is rebuilt as the text changes, and the highlight then
 * lagged a step behind (typed "Add types", ran the separator "Presets"; typed "Fix the bug", ran
 * "Simplify without changing behaviour").
 */
describe('Rewrite Selection runs the instruction the user typed (UI)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  const TRIES = 3;
  before(async () => {
    wb = await openWorkbench({ userSettings: { 'files.autoSave': 'off' } });
    wb.server.setDefault(textReply('export function add(a: number, b: number): number {\n  return b + a;\n}\n'));
    await openFile(wb.page, 'src/math.ts');
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'rewrite-instruction');
  });

  const input = (page: Page) => page.locator('.quick-input-widget input');
  /** The list's entry for the typed text, once the list shows it. */
  const typedRow = (page: Page, text: string) =>
    page.locator('.quick-input-list .monaco-list-row', { hasText: 'your instruction' }).filter({ hasText: text }).first();

  /** Selects `add`, opens Rewrite Selection from the palette, does `keys` in its box; returns the instruction the server got. */
  async function rewriteWith(keys: (page: Page) => Promise<void>): Promise<string> {
    const { page, server } = wb;
    const index = server.requests.length;
    await openRewriteBox(page, 'export function add', 3);
    await keys(page);
    let timer: NodeJS.Timeout | undefined;
    const request = await Promise.race([
      server.settled(index),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no rewrite request reached the server')), 20_000);
      }),
    ]).finally(() => clearTimeout(timer));
    const sent = request.body.messages.at(-1).content as string;
    const instruction = /following this instruction: (.*)\n/.exec(sent)?.[1];
    assert.ok(instruction !== undefined, `the prompt names an instruction:\n${sent}`);
    // Rejected as a person would (Escape in the editor), so the next rewrite can start.
    const lens = page.locator('.codelens-decoration', { hasText: 'Reject' }).first();
    await lens.waitFor({ timeout: 20_000 });
    await page.keyboard.press('Escape');
    await lens.waitFor({ state: 'detached', timeout: 15_000 });
    return instruction;
  }

  /** Types `text` at 10 ms a key and presses Enter at once. */
  const typeAndEnter = (text: string) => async (page: Page) => {
    await page.keyboard.type(text, { delay: 10 });
    await page.keyboard.press('Enter');
  };

  it('a recent instruction typed in full and Enter pressed at once runs it', async () => {
    // Made recent the slow way: typed, and Enter only once the list shows it.
    const first = await rewriteWith(async (page) => {
      await input(page).fill('Add types');
      await typedRow(page, 'Add types').waitFor();
      await page.keyboard.press('Enter');
    });
    assert.strictEqual(first, 'Add types');
    const ran: string[] = [];
    for (let i = 0; i < TRIES; i++) ran.push(await rewriteWith(typeAndEnter('Add types')));
    assert.deepStrictEqual(ran, Array(TRIES).fill('Add types'));
  });

  for (const [what, text] of [
    ['a preset', 'Fix the bug'],
    ['the start of a preset', 'Fix the'],
    ['a preset and more', 'Fix the bug in add'],
    ['a recent one and more', 'Add types to b'],
  ] as const) {
    it(`${what} ("${text}") typed and Enter pressed at once runs exactly that`, async () => {
      const ran: string[] = [];
      for (let i = 0; i < TRIES; i++) ran.push(await rewriteWith(typeAndEnter(text)));
      assert.deepStrictEqual(ran, Array(TRIES).fill(text));
    });
  }

  it('text with spaces around it runs trimmed', async () => {
    assert.strictEqual(await rewriteWith(typeAndEnter('  Fix the bug  ')), 'Fix the bug');
  });

  it('text typed, seen in the list and deleted, Enter at once runs the instruction highlighted at the top, never a separator', async () => {
    const tops: string[] = [];
    const ran: string[] = [];
    for (let i = 0; i < TRIES; i++) {
      ran.push(
        await rewriteWith(async (page) => {
          tops.push(
            await page
              .locator('.quick-input-list .monaco-list-row.focused', { hasText: 'recent' })
              .locator('.label-name')
              .first()
              .innerText(),
          );
          await page.keyboard.type('x');
          await typedRow(page, 'x').waitFor();
          await page.keyboard.press('Backspace');
          await page.keyboard.press('Enter');
        }),
      );
    }
    assert.deepStrictEqual(ran, tops);
  });

  it('after typing, ArrowDown to a listed instruction and Enter runs the highlighted one', async () => {
    const ran = await rewriteWith(async (page) => {
      await page.keyboard.type('Simplify', { delay: 10 });
      await typedRow(page, 'Simplify').waitFor();
      // The typed text is listed first and highlighted: Enter now would run it.
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'your instruction' }).waitFor();
      // By its index, not its place in the DOM: the list reuses row elements out of order as it is rebuilt.
      assert.match(await page.locator('.quick-input-list .monaco-list-row[data-index="0"]').innerText(), /^Simplify\s*your instruction$/);
      await page.keyboard.press('ArrowDown');
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Simplify without changing behaviour' }).waitFor();
      await page.keyboard.press('Enter');
    });
    assert.strictEqual(ran, 'Simplify without changing behaviour');
  });

  it('after typing, a click on a listed instruction runs that one', async () => {
    const ran = await rewriteWith(async (page) => {
      await page.keyboard.type('Add type', { delay: 10 });
      await typedRow(page, 'Add type').waitFor();
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Add type annotations' }).click();
    });
    assert.strictEqual(ran, 'Add type annotations');
  });

  it('with nothing typed, Enter runs the highlighted recent instruction, and ArrowDown moves to the next', async () => {
    const top = await rewriteWith(async (page) => {
      await page.locator('.quick-input-list .monaco-list-row.focused').waitFor();
      await page.keyboard.press('Enter');
    });
    // The most recent instruction is the last one run.
    assert.strictEqual(top, 'Add type annotations');
    const next = await rewriteWith(async (page) => {
      await page.locator('.quick-input-list .monaco-list-row.focused').waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
    });
    assert.strictEqual(next, 'Simplify without changing behaviour');
  });
});
