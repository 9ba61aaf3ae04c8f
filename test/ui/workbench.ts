/**
 * One real workbench for the UI tests: code-server with the packaged VSIX installed, headless
 * Chromium on it, and the test Chat Completions server that the user settings point at.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import {
  ensureHost,
  launchBrowser,
  makeWorkspace,
  REPO,
  startCodeServer,
  waitForWorkbench,
  workbenchUrl,
  type CodeServer,
} from '../host/codeServer';
import { startChatServer, type ChatServer, type ChatServerOptions } from '../server/chatServer';
import { WORKSPACE_FILES } from '../suite/fixtures';

export const SCREENSHOTS = path.join(REPO, 'media', 'screenshots');

export interface Workbench {
  page: Page;
  server: ChatServer;
  host: CodeServer;
  browser: Browser;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** False: a fresh profile with no provider configured. */
  configured?: boolean;
  serverPort?: number;
  /** The model ids the test server lists (GET /models). */
  serverModels?: string[];
  /** More of the test server's options (a key it requires, the server it answers as). */
  server?: Omit<ChatServerOptions, 'port' | 'models'>;
  /** More files for the workspace, beside the fixtures. */
  files?: Record<string, string>;
  /** Run on the workspace folder before the workbench opens it (e.g. `git init`). */
  prepare?: (workspace: string) => void;
  /** More user settings. */
  userSettings?: Record<string, unknown>;
  /** The page may read the clipboard, as a person who allowed it (the web workbench asks once). */
  clipboard?: boolean;
  /** More VSIXs to install beside Parley's (the bench's empty webview view). */
  extraVsix?: string[];
  /** More Chromium flags (the bench's precise memory figures). */
  browserArgs?: string[];
  /** More machine settings, beside the profile (machine-scoped ones such as `parley.agent.autoAcceptEdits`). */
  machineSettings?: Record<string, unknown>;
  /**
   * Workspace trust on and the folder left untrusted, as a person who does not trust it: the window
   * opens in Restricted Mode (the other tests run with trust turned off).
   */
  untrusted?: boolean;
  /** Runs on the page before it loads the workbench (the bench's routes). */
  beforeLoad?: (page: Page) => Promise<void>;
}

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const vsix = path.join(REPO, 'parley.vsix');
  if (!fs.existsSync(vsix)) throw new Error('parley.vsix is missing: run `npm run package` first');
  const hostDir = ensureHost();
  const server = await startChatServer({ ...options.server, port: options.serverPort, models: options.serverModels });
  const workspace = makeWorkspace({ ...WORKSPACE_FILES, ...options.files });
  options.prepare?.(workspace);
  const host = await startCodeServer({
    hostDir,
    workspace,
    vsix,
    extraVsix: options.extraVsix,
    workspaceTrust: options.untrusted,
    userSettings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'editor.fontSize': 13,
      'window.commandCenter': false,
      'chat.disableAIFeatures': true,
      ...options.userSettings,
    },
    machineSettings:
      options.configured === false
        ? undefined
        : {
            'parley.profiles': [{ name: 'Local test server', baseUrl: server.url, model: 'test-model', needsKey: false }],
            ...options.machineSettings,
          },
  });
  const browser = await launchBrowser(options.browserArgs);
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    permissions: options.clipboard ? ['clipboard-read', 'clipboard-write'] : undefined,
  });
  await options.beforeLoad?.(page);
  await page.goto(workbenchUrl(host));
  if (options.untrusted) await waitForRestrictedMode(page);
  await waitForParley(page);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    page,
    server,
    host,
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      await host.close();
      await server.close();
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  };
}

/** Waits for the workbench and for Parley's contributions (its activity bar entry shows). */
export async function waitForParley(page: Page): Promise<void> {
  await waitForWorkbench(page);
  await page
    .locator('.part.activitybar .action-item a[aria-label^="Parley"], .part.activitybar .action-item[aria-label^="Parley"]')
    .first()
    .waitFor({ timeout: 60_000 });
}

/**
 * Resolves once the window says it is in Restricted Mode: its banner and status bar item. The web
 * workbench asks nothing at startup (no trust dialog), so leaving the banner be is not trusting.
 */
export async function waitForRestrictedMode(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .banner', { hasText: 'Restricted Mode' }).waitFor({ timeout: 90_000 });
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: 30_000 });
}

/**
 * Runs a command from the Command Palette by its title, as a person would. Right after a
 * (re)load the palette may not open or not list an extension's commands yet: close it and look again.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    try {
      // Right after a reload the keypress may land before the workbench listens: press again.
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('>');
      await input.pressSequentially(title, { delay: 10 });
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(2000);
    }
  }
  await input.press('Enter');
}

/**
 * "Parley: New Chat" from the Command Palette; resolves once the view shows the new conversation
 * (the picker on a new id, no message), as a person sees it before typing. The command goes
 * through the workbench, which can take longer than a test takes to type: a question sent before
 * it arrives belongs to the old conversation.
 */
export async function newChatFromPalette(page: Page): Promise<FrameLocator> {
  const frame = chatFrame(page);
  const picker = frame.locator('#history');
  const before = (await picker.count()) ? await picker.inputValue() : '';
  await runCommand(page, 'Parley: New Chat');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const now = (await picker.count()) ? await picker.inputValue().catch(() => before) : before;
    if (now !== before && (await frame.locator('.message').count()) === 0) return frame;
    if (Date.now() > deadline) throw new Error(`New Chat: the view still shows conversation ${now}`);
    await page.waitForTimeout(50); // polling the view, not a fixed wait
  }
}

export async function openFile(page: Page, relative: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relative);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relative) })
    .first()
    .waitFor();
  await input.press('Enter');
  await page.locator(`.tab.active[aria-label*="${path.basename(relative)}"]`).waitFor({ timeout: 15_000 });
}

/**
 * Selects `lines` whole lines from the one holding `firstLine` with the mouse and the keyboard,
 * then opens Rewrite Selection from the Command Palette; resolves when its box shows.
 */
export async function openRewriteBox(page: Page, firstLine: string, lines: number): Promise<void> {
  await page.locator('.editor-instance .view-line', { hasText: firstLine }).first().click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Home');
  for (let i = 0; i < lines; i++) await page.keyboard.press('Shift+ArrowDown');
  await runCommand(page, 'Parley: Rewrite Selection');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Rewrite Selection' }).waitFor();
}

/** The chat view's content frame. */
export function chatFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Hides the chat view (the Explorer in its place); resolves once its page is gone. */
export async function hideChat(page: Page): Promise<void> {
  await runCommand(page, 'View: Show Explorer');
  // A page kept after all is not an error here: tests that need a new page check for one.
  await chatFrame(page)
    .locator('#messages')
    .waitFor({ state: 'detached', timeout: 30_000 })
    .catch(() => undefined);
}

/** Hides the chat view and shows it again: the frame of its new page. */
export async function hideAndShowChat(page: Page): Promise<FrameLocator> {
  await hideChat(page);
  await runCommand(page, 'Parley: Open Chat');
  return chatFrame(page);
}

/** Visible editor text, lines joined with \n (Monaco keeps line elements out of order: sort by top). */
export async function editorText(page: Page): Promise<string> {
  const lines = await page
    .locator('.editor-instance .view-lines .view-line')
    .evaluateAll((els) => els.map((el) => ({ top: parseFloat((el as HTMLElement).style.top) || 0, text: el.textContent ?? '' })));
  return lines
    .sort((a, b) => a.top - b.top)
    .map((l) => l.text.replace(/\u00a0/g, ' '))
    .join('\n');
}

/** Picks a colour theme with the Color Theme picker (Ctrl+K Ctrl+T), as a person would. */
export async function pickTheme(page: Page, theme: string): Promise<void> {
  await page.locator('.monaco-workbench').press('Control+K');
  await page.keyboard.press('Control+T');
  const input = page.locator('.quick-input-widget input');
  await input.fill(theme);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor();
  await input.press('Enter');
}

/**
 * For `afterEach`: when the test failed, a screenshot of the page into test-results/, named
 * after the suite's prefix and the test, and its path printed.
 */
export async function screenshotIfFailed(ctx: Mocha.Context, page: Page | undefined, prefix: string): Promise<void> {
  const test = ctx.currentTest;
  if (test?.state !== 'failed' || !page) return;
  const file = path.join(REPO, 'test-results', `${prefix}-${test.title.replace(/\W+/g, '-').slice(0, 50)}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file }).then(
    () => console.log(`    screenshot of the failure: ${file}`),
    () => undefined,
  );
  // What the user saw, in the failure's report: CI keeps only its log's end, never the screenshot.
  const err = test.err;
  if (!err) return;
  const told = err.message;
  err.message = `${told}\n${await whatShows(page)}`;
  // Mocha prints the stack's lines above its frames: the message is there too.
  err.stack = err.stack?.replace(told, () => err.message);
}

/** The notifications and the chat's transcript as text, cut to their ends (for a failure's report). */
async function whatShows(page: Page): Promise<string> {
  const read = (text: Promise<string | null>) =>
    text.then(
      (t) => (t ?? '').replace(/\s+/g, ' ').trim().slice(-1200),
      () => '(not shown)',
    );
  const toasts = await read(page.locator('.notifications-toasts').textContent({ timeout: 2_000 }));
  const chat = await read(chatFrame(page).locator('#messages').textContent({ timeout: 2_000 }));
  return `      notifications: ${toasts || '(none)'}\n      chat transcript, its end: ${chat || '(empty)'}`;
}

/**
 * Seeds the 1,000-message conversation (the bench's small extension, installed beside Parley)
 * and opens the chat on it: returns once the latest 30 are drawn (the first screenful, then the
 * rest a frame later).
 */
export async function openSeededConversation(page: Page): Promise<FrameLocator> {
  await runCommand(page, 'Bench: Seed Parley History');
  await page.locator('.statusbar-item', { hasText: 'Bench: seeded 1000 messages' }).waitFor({ timeout: 60_000 });
  await runCommand(page, 'Parley: Open Chat');
  const frame = chatFrame(page);
  await frame.locator('.message[data-id="seed999"]').waitFor({ timeout: 30_000 });
  await frame.locator('.message[data-id="seed970"]').waitFor({ timeout: 10_000 });
  return frame;
}

/** The text of every hot-exit backup the workbench keeps (code-server writes them under its user data). */
export function hotExitBackups(host: CodeServer): string[] {
  const dir = path.join(host.userDataDir, 'User', 'Backups');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'));
}
