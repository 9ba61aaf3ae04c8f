import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { textReply } from '../server/chatServer';
import {
  editorText,
  hotExitBackups,
  openFile,
  openRewriteBox,
  openWorkbench,
  runCommand,
  screenshotIfFailed,
  SCREENSHOTS,
  waitForParley,
  type Workbench,
} from './workbench';

/** A function whose rewrite changes two places, in the three shapes of file the undo test uses. */
const UNDO_SOURCE = [
  '// header',
  'function calc(x) {',
  '  const a = x + 1;',
  "  log('a', a);",
  '  const b = a * 2;',
  '  const c = b - 3;',
  '  return c;',
  '}',
  '// footer',
  '',
].join('\n');
const UNDO_REPLY = [
  'function calc(x) {',
  '  const a: number = x + 1;',
  "  log('a', a);",
  '  const b = a * 2;',
  '  const c: number = b - 3;',
  '  return c;',
  '}',
].join('\n');
const UNDO_BOTH = UNDO_SOURCE.replace('const a = x + 1;', 'const a: number = x + 1;').replace(
  'const c = b - 3;',
  'const c: number = b - 3;',
);
const UNDO_FIRST = UNDO_SOURCE.replace('const a = x + 1;', 'const a: number = x + 1;');
const UNDO_KINDS: [string, (lf: string) => string][] = [
  ['lf', (t) => t],
  ['crlf', (t) => t.replace(/\n/g, '\r\n')],
  ['tabs', (t) => t.replace(/^ {2}/gm, '\t')],
];
const UNDO_FILES = Object.fromEntries([
  ...UNDO_KINDS.flatMap(([kind, form]) => [
    [`src/undo-all-${kind}.js`, form(UNDO_SOURCE)],
    [`src/undo-each-${kind}.js`, form(UNDO_SOURCE)],
  ]),
  ['src/reload.js', UNDO_SOURCE],
]);

/** The inline diff as a person sees it: removed and added lines, a CodeLens pair per change. */
describe('Rewrite shows an inline diff in the workbench (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  // Auto save after a delay is the web's default; off is the desktop's: auto save would take the
  // removed lines out of the editor a second after they appear (see the README).
  before(async () => {
    wb = await openWorkbench({ userSettings: { 'files.autoSave': 'off' }, files: UNDO_FILES });
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'rewrite-diff');
  });

  it('two changes, each with Accept change / Reject change; one accepted and one rejected leaves exactly that', async () => {
    const { page, server } = wb;
    const reply = [
      'export function add(a: number, b: number): number {',
      '  return b + a;',
      '}',
      '',
      'export function fib(n: number): number {',
      '  if (n <= 1) return n;',
      '  return fib(n - 1) + fib(n - 2);',
      '}',
    ].join('\n');
    server.enqueue(textReply('```ts\n' + reply + '\n```', { delayMs: 20 }));
    await openFile(page, 'src/math.ts');
    await openRewriteBox(page, 'export function add', 8);
    const input = page.locator('.quick-input-widget input');
    await input.pressSequentially('Tidy up', { delay: 10 });
    await input.press('Enter');
    const acceptChange = page.locator('.codelens-decoration a', { hasText: 'Accept change' });
    await page.waitForFunction(() => document.querySelectorAll('.codelens-decoration a').length >= 6, undefined, { timeout: 30_000 });
    assert.strictEqual(await acceptChange.count(), 2);
    const text = await editorText(page);
    assert.match(text, / {2}return a \+ b;\n {2}return b \+ a;/, 'the removed line stays above the new one');
    assert.match(text, / {2}if \(n < 2\) return n;\n {2}if \(n <= 1\) return n;/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'rewrite-inline-diff.png') });

    await acceptChange.first().click();
    await page.waitForFunction(
      () => [...document.querySelectorAll('.codelens-decoration a')].filter((a) => a.textContent?.includes('Accept change')).length === 1,
      undefined,
      { timeout: 15_000 },
    );
    await page.locator('.codelens-decoration a', { hasText: 'Reject change' }).click();
    await page.locator('.codelens-decoration', { hasText: 'Accept' }).first().waitFor({ state: 'detached', timeout: 15_000 });
    const final = await editorText(page);
    assert.match(
      final,
      /export function add\(a: number, b: number\): number \{\n {2}return b \+ a;\n\}\n\nexport function fib\(n: number\): number \{\n {2}if \(n < 2\) return n;\n/,
    );
    assert.ok(!final.includes('return a + b'), 'no removed line is left');
  });

  describe('one Ctrl+Z after a click during the review gives back the original file, byte for byte', () => {
    /** Opens `file`, selects the function and starts a rewrite from the command palette; resolves when Accept/Reject show. */
    async function reviewIn(file: string): Promise<void> {
      const { page, server } = wb;
      server.enqueue(textReply('```js\n' + UNDO_REPLY + '\n```', { delayMs: 5 }));
      await openFile(page, file);
      await openRewriteBox(page, 'function calc', 7);
      await page.locator('.quick-input-widget input').pressSequentially('Add types', { delay: 10 });
      await page.locator('.quick-input-widget input').press('Enter');
      await page.waitForFunction(
        () => [...document.querySelectorAll('.codelens-decoration a')].filter((a) => a.textContent?.includes('Accept change')).length === 2,
        undefined,
        { timeout: 30_000 },
      );
    }

    /** A click on a line of code, as a person reading it would: it closes VS Code's undo group. */
    async function clickOnCode(text: string): Promise<void> {
      await wb.page.locator('.editor-instance .view-line', { hasText: text }).first().click();
    }

    /**
     * Saves with Ctrl+S and reads the file's bytes from disk. Parley may still be stepping Undo
     * or Redo on (a save in between leaves the file dirty again): callers read until it rests.
     */
    async function savedBytes(file: string): Promise<string> {
      const { page } = wb;
      await page.keyboard.press('Control+S');
      await page
        .locator('.tab.active.dirty')
        .waitFor({ state: 'detached', timeout: 5_000 })
        .catch(() => undefined);
      return fs.readFileSync(path.join(wb.host.workspace, file), 'utf8');
    }

    /** Presses `key` until the file on disk (saved after each press) is `want`; fails if it rests elsewhere. */
    async function pressUntilSaved(key: string, file: string, want: string): Promise<void> {
      const { page } = wb;
      await page.keyboard.press(key);
      // Parley may step on through the review's states; the editor settles on one text.
      await page.waitForFunction(() => !document.querySelector('.codelens-decoration a'), undefined, { timeout: 10_000 });
      await expectEventually(() => savedBytes(file), want);
    }

    for (const [kind, form] of UNDO_KINDS) {
      it(`${kind}: click, Accept All (Ctrl+Enter), Ctrl+Z`, async () => {
        const file = `src/undo-all-${kind}.js`;
        await reviewIn(file);
        await clickOnCode('log(');
        await wb.page.keyboard.press('Control+Enter');
        await wb.page.locator('.codelens-decoration', { hasText: 'Accept' }).first().waitFor({ state: 'detached', timeout: 15_000 });
        await expectEventually(() => savedBytes(file), form(UNDO_BOTH));
        await pressUntilSaved('Control+Z', file, form(UNDO_SOURCE));
        await pressUntilSaved('Control+Y', file, form(UNDO_BOTH));
      });

      it(`${kind}: accept one change; click, cursor keys, scroll, save, typing below; reject the other; Ctrl+Z, Ctrl+Y`, async () => {
        const { page } = wb;
        const file = `src/undo-each-${kind}.js`;
        const typed = '// typed during the review';
        await reviewIn(file);
        await page.locator('.codelens-decoration a', { hasText: 'Accept change' }).first().click();
        await page.waitForFunction(
          () =>
            [...document.querySelectorAll('.codelens-decoration a')].filter((a) => a.textContent?.includes('Accept change')).length === 1,
          undefined,
          { timeout: 15_000 },
        );
        // Everything a person may do while reading the review; each may close VS Code's undo group.
        await clickOnCode('const b');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowRight');
        await page.mouse.wheel(0, 120);
        await page.mouse.wheel(0, -120);
        await savedBytes(file);
        await clickOnCode('// footer');
        await page.keyboard.press('Control+End');
        await page.keyboard.type(typed);
        await page.locator('.codelens-decoration a', { hasText: 'Reject change' }).click();
        await page.locator('.codelens-decoration', { hasText: 'Accept' }).first().waitFor({ state: 'detached', timeout: 15_000 });
        await expectEventually(() => savedBytes(file), form(UNDO_FIRST) + typed);
        // Undo steps back over what was typed during the review too: it sits between the review's edits.
        await pressUntilSaved('Control+Z', file, form(UNDO_SOURCE));
        await pressUntilSaved('Control+Y', file, form(UNDO_FIRST) + typed);
      });
    }
  });

  // Last: it crashes the extension host and reloads the window.
  it('the extension host crashes mid-review, the window is reloaded: the file comes back with the removed lines, and Parley puts the original back', async () => {
    const { page, server } = wb;
    const file = 'src/reload.js';
    // In one piece: the review shows whole at once, as an agent's edit does (no streaming before it).
    server.enqueue({ steps: [{ content: '```js\n' + UNDO_REPLY + '\n```' }, { finish_reason: 'stop' }] });
    await openFile(page, file);
    await openRewriteBox(page, 'function calc', 7);
    await page.locator('.quick-input-widget input').pressSequentially('Add types', { delay: 10 });
    await page.locator('.quick-input-widget input').press('Enter');
    await page.locator('.editor-instance .view-line', { hasText: 'const a: number' }).waitFor({ timeout: 30_000 });
    // The crash the moment hot exit holds the mixed document (code-server backs it up about a
    // second after a change): Parley's checkpoint must be stored by then. A crash runs no
    // deactivate, so nothing of Parley's takes the removed lines out on the way.
    await expectEventually(async () => String(hotExitBackups(wb.host).some((text) => text.includes('const a: number'))), 'true');
    assert.strictEqual(wb.host.crashExtensionHost(), 1, 'one extension host killed');
    await runCommand(page, 'Developer: Reload Window');
    await waitForParley(page);
    await page.locator('.tab.active[aria-label*="reload.js"]').waitFor({ timeout: 30_000 });
    // Hot exit brings the document back as the window left it, removed lines and new ones mixed;
    // Parley, started again (by its chat view, restored, or on first use), puts the original back.
    await runCommand(page, 'Parley: Open Chat');
    await expectEventually(() => editorText(page), UNDO_SOURCE);
    await runCommand(page, 'Notifications: Show Notifications');
    await page
      .locator('.notifications-center', { hasText: 'Parley put back the original code in src/reload.js' })
      .waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.locator('.editor-instance .view-line', { hasText: 'function calc' }).first().click();
    await page.keyboard.press('Control+S');
    await page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 });
    assert.strictEqual(fs.readFileSync(path.join(wb.host.workspace, file), 'utf8'), UNDO_SOURCE, 'the bytes on disk');
  });
});

/** Reads until `read` gives `want` or 20 s pass; then compares, so a failure shows what it was. */
async function expectEventually(read: () => Promise<string>, want: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  let got = await read();
  while (got !== want && Date.now() < deadline) got = await read();
  assert.strictEqual(got, want);
}
