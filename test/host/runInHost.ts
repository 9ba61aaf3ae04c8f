/**
 * Loads a test module into a real VS Code extension host (code-server), the way
 * @vscode/test-electron does on a desktop: the workbench loads the extension under
 * development and the module, awaits its run(), and reports an exit code.
 */
import * as fs from 'fs';
import type { Page } from 'playwright-core';
import { format } from 'util';
import { ensureHost, launchBrowser, makeWorkspace, packageExtension, REPO, startCodeServer, workbenchUrl } from './codeServer';
import { SUITE_START, WORKSPACE_FILES } from '../suite/fixtures';

export interface HostRun {
  /** Absolute path of the compiled module exporting run(), without `.js`. */
  testsPath: string;
  /** Reaches process.env in the extension host. */
  env?: Record<string, string>;
  /** Written to the user's settings.json before start. */
  userSettings?: Record<string, unknown>;
  /** Folders of more extensions to install beside Parley. */
  moreExtensions?: string[];
  /** Lines the module logs after SUITE_START; printed when not given. */
  onLog?: (line: string) => void;
  /** Called with the workbench's page before it loads (a bench watching what it paints). */
  onPage?: (page: Page) => Promise<void>;
  timeoutMs?: number;
}

export async function runInHost(run: HostRun): Promise<number> {
  const hostDir = ensureHost();
  const workspace = makeWorkspace(WORKSPACE_FILES);
  // Installed, not loaded as more extensionDevelopmentPath entries: the web workbench reads its
  // payload into a Map, so it keeps one of those only.
  const packaged = (run.moreExtensions ?? []).map(packageExtension);
  const server = await startCodeServer({ hostDir, workspace, userSettings: run.userSettings, extraVsix: packaged.map((p) => p.vsix) });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    let resolveExit!: (code: number) => void;
    const exited = new Promise<number>((r) => (resolveExit = r));
    // The workbench's own chatter (offline gallery lookups and the like) is held back until the
    // module starts, and shown only if it never did.
    const early: string[] = [];
    let started = false;
    const log = run.onLog ?? ((line: string) => console.log(line));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (line.includes(SUITE_START)) started = true;
      else if (started) log(line);
      else early.push(line);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    await run.onPage?.(page);
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    // The test server finds the spec extract in the repository; an override is passed through.
    const env = { ...(process.env.PARLEY_OPENAPI_SPEC ? { PARLEY_OPENAPI_SPEC: process.env.PARLEY_OPENAPI_SPEC } : {}), ...run.env };
    await page.goto(
      workbenchUrl(server, [
        ['extensionDevelopmentPath', remote(REPO)],
        ['extensionTestsPath', remote(run.testsPath)],
        ['extensionEnvironment', JSON.stringify(env)],
      ]),
    );
    const limit = run.timeoutMs ?? 20 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((r) => {
      timer = setTimeout(() => {
        console.error(`host: no result within ${Math.round(limit / 60_000)} minutes`);
        r(1);
      }, limit);
    });
    // Cleared, or a finished run would keep the process alive (and complain) until the limit.
    const code = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    if (!started) console.log(early.join('\n'));
    return code;
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
    fs.rmSync(workspace, { recursive: true, force: true });
    for (const { dir } of packaged) fs.rmSync(dir, { recursive: true, force: true });
  }
}
