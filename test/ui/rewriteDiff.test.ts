import * as assert from 'assert';
import * as path from 'path';
import { textReply } from '../server/chatServer';
import { editorText, openFile, openWorkbench, runCommand, screenshotIfFailed, SCREENSHOTS, type Workbench } from './workbench';

/** The inline diff as a person sees it: removed and added lines, a CodeLens pair per change. */
describe('Rewrite shows an inline diff in the workbench (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  // Auto save after a delay is the web's default; off is the desktop's: auto save would take the
  // removed lines out of the editor a second after they appear (see the README).
  before(async () => { wb = await openWorkbench({ userSettings: { 'files.autoSave': 'off' } }); });
  after(async () => { await wb?.close(); });
  afterEach(function () { return screenshotIfFailed(this, wb?.page, 'rewrite-diff'); });

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
    const line = page.locator('.editor-instance .view-line', { hasText: 'export function add' });
    await line.click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Home');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowDown');
    await runCommand(page, 'Parley: Rewrite Selection');
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Rewrite Selection' }).waitFor();
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
    await page.waitForFunction(() => [...document.querySelectorAll('.codelens-decoration a')].filter((a) => a.textContent?.includes('Accept change')).length === 1, undefined, { timeout: 15_000 });
    await page.locator('.codelens-decoration a', { hasText: 'Reject change' }).click();
    await page.locator('.codelens-decoration', { hasText: 'Accept' }).first().waitFor({ state: 'detached', timeout: 15_000 });
    const final = await editorText(page);
    assert.match(final, /export function add\(a: number, b: number\): number \{\n {2}return b \+ a;\n\}\n\nexport function fib\(n: number\): number \{\n {2}if \(n < 2\) return n;\n/);
    assert.ok(!final.includes('return a + b'), 'no removed line is left');
  });
});
