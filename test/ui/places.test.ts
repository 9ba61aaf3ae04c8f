import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { textReply } from '../server/chatServer';
import { chatFrame, openFile, openWorkbench, runCommand, screenshotIfFailed, SCREENSHOTS, type Workbench } from './workbench';

const SUBJECTS = ['feat(math): add add()', 'fix(math): fib of negative numbers', 'docs: say what the helpers are for'];

/** The workspace as a git repository with three commits in one style and a staged change. */
function makeRepo(workspace: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'Parley Test');
  git('config', 'commit.gpgsign', 'false');
  for (const subject of SUBJECTS) {
    fs.appendFileSync(path.join(workspace, 'CHANGES.md'), `${subject}\n`);
    git('add', '-A');
    git('commit', '-q', '-m', subject);
  }
  fs.appendFileSync(
    path.join(workspace, 'src', 'math.ts'),
    '\nexport function subtract(a: number, b: number): number {\n  return a - b;\n}\n',
  );
  git('add', 'src/math.ts');
}

/** Commit messages, the terminal and quick actions, clicked as a person would; the README's screenshots. */
describe('Parley where the work is (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench({
      prepare: makeRepo,
      files: {
        '.github/prompts/review-errors.prompt.md':
          '---\ndescription: Check how errors are handled\nmode: ask\n---\nHow does ${selection} handle bad input?\n',
      },
      userSettings: {
        'parley.actions': [
          { name: 'Explain like a pirate', prompt: 'Explain {{code}} like a pirate.', target: 'chat', description: 'Arr' },
        ],
        // The DOM renderer, so the terminal's text is in the page.
        'terminal.integrated.gpuAcceleration': 'off',
        // The Source Control view's title buttons show without hovering, so the screenshot has them.
        'workbench.view.alwaysShowHeaderActions': true,
      },
      clipboard: true,
    });
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'places');
  });

  it('Source Control: the sparkle button writes the commit message, with Stop while it streams', async () => {
    const { page, server } = wb;
    server.enqueue(textReply('feat(math): add subtract()\n\nSubtraction beside addition, with the same number types.', { delayMs: 60 }));
    await page
      .locator(
        '.part.activitybar .action-item a[aria-label^="Source Control"], .part.activitybar .action-item[aria-label^="Source Control"]',
      )
      .first()
      .click();
    const write = page
      .locator(
        '.part.sidebar .action-item a[aria-label="Write Commit Message"], .part.sidebar .action-label[aria-label="Write Commit Message"]',
      )
      .first();
    await write.waitFor({ state: 'visible', timeout: 60_000 });
    await write.click();
    const stop = page.locator('.part.sidebar .action-label[aria-label="Stop Writing Commit Message"]').first();
    await stop.waitFor({ state: 'visible', timeout: 30_000 });
    // The commit box is the sidebar's one editor (its wrapped lines join without a space).
    const box = page.locator('.part.sidebar .monaco-editor .view-lines').first();
    // Done when the button is Write again; the box shows only its first line until focused.
    await stop.waitFor({ state: 'hidden', timeout: 30_000 });
    await write.waitFor({ state: 'visible', timeout: 15_000 });
    await box.click();
    assert.match(((await box.textContent()) ?? '').replace(/\u00a0/g, ' '), /feat\(math\): add subtract\(\)/);
    const sent = server.requests.at(-1)!.body.messages.at(-1).content as string;
    assert.match(sent, /- feat\(math\): add add\(\)/);
    assert.match(sent, /\+export function subtract/);
    await page.mouse.move(700, 400); // no tooltip over the message
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scm-commit-message.png') });
  });

  it("the editor's Parley submenu holds the built-ins and Run Action…, which lists your action and the prompt file", async () => {
    const { page, server } = wb;
    await openFile(page, 'src/math.ts');
    const line = page.locator('.editor-instance .view-line', { hasText: 'export function fib' });
    const selectFib = async () => {
      await line.click();
      await page.keyboard.press('Home');
      for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
    };
    await selectFib();
    await line.click({ button: 'right' });
    const submenu = page.locator('.context-view .action-item', { hasText: /^Parley$/ }).first();
    await submenu.waitFor({ state: 'visible' });
    await submenu.hover();
    for (const entry of ['Add Documentation', 'Write Tests', 'Find Bugs', 'Simplify', 'Run Action…']) {
      await page.locator('.context-view .action-item', { hasText: entry }).first().waitFor({ state: 'visible', timeout: 10_000 });
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, 'actions-menu.png') });
    // Synthetic pointer events do not reach the submenu's entries here: close the menu and use the
    // Command Palette, the other way to Run Action… (both run the same command).
    await page.keyboard.press('Escape');
    await page
      .locator('.context-view .monaco-menu')
      .first()
      .waitFor({ state: 'detached', timeout: 5_000 })
      .catch(() => page.keyboard.press('Escape'));
    await selectFib();
    await runCommand(page, 'Parley: Run Action…');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Explain like a pirate' }).first().waitFor();
    await rows.filter({ hasText: 'review-errors' }).first().waitFor();
    await rows.filter({ hasText: 'Find bugs' }).first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'actions-picker.png') });
    server.enqueue(textReply("Arr! `fib` be countin' rabbits, matey."));
    await rows.filter({ hasText: 'Explain like a pirate' }).first().click();
    await chatFrame(page).locator('.message.assistant', { hasText: 'countin' }).waitFor({ timeout: 30_000 });
    assert.match(
      server.requests.at(-1)!.body.messages.at(-1).content as string,
      /^Explain export function fib\(n: number\)[\s\S]* like a pirate\.$/,
    );
  });

  it("the terminal's context menu explains the selected output in the chat", async () => {
    const { page, server } = wb;
    await runCommand(page, 'Terminal: Create New Terminal');
    const rowsText = () => page.locator('.terminal-wrapper.active .xterm-rows').first();
    await rowsText().waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.terminal-wrapper.active .xterm').first().click();
    await page.keyboard.type('node -e "null.x" 2>&1 | head -n 5\n', { delay: 5 });
    await page.waitForFunction(
      () => [...document.querySelectorAll('.xterm-rows')].some((r) => (r.textContent ?? '').includes('TypeError')),
      undefined,
      { timeout: 30_000 },
    );
    await runCommand(page, 'Terminal: Select All');
    server.enqueue(
      textReply(
        '`null` has no properties: `null.x` reads `x` from `null`, which throws **TypeError**. Check for `null` first, e.g. `obj?.x`.',
      ),
    );
    await page.locator('.terminal-wrapper.active .xterm').first().click({ button: 'right' });
    const item = page.locator('.context-view .action-item', { hasText: 'Explain with Parley' }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'terminal-explain.png') });
    await item.click();
    await chatFrame(page).locator('.message.assistant', { hasText: 'has no properties' }).waitFor({ timeout: 30_000 });
    const sent = server.requests.at(-1)!.body.messages.at(-1).content as string;
    assert.match(sent, /TypeError: Cannot read properties of null/);
    assert.match(sent, /working folder: /);
  });
});
