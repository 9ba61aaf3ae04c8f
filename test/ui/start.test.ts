import * as assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { launchBrowser, REPO } from '../host/codeServer';
import { startChatServer, type ChatServer } from '../server/chatServer';
import { chatFrame, runCommand, waitForParley } from './workbench';

/**
 * `npm start` as a user runs it: the script `npm start` runs after packaging, pointed at the test
 * server with --server, brings up VS Code with Parley, answers a question, and Ctrl+C (SIGINT)
 * leaves nothing behind: no process, no open port, no temporary folder.
 */
describe('npm start (UI)', function () {
  this.timeout(180_000);
  let server: ChatServer;
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  let output = '';

  before(async () => {
    server = await startChatServer();
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    // After a failure, stop the script as a user would, so it can stop code-server and delete
    // its folders; SIGKILL only if it does not (it would leave code-server behind).
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child!.once('exit', r));
      child.kill('SIGINT');
      await within(gone, 20_000, 'the start script to stop').catch(() => child!.kill('SIGKILL'));
    }
    await server?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    console.log(`    start script output:\n${output}`);
    const page = browser?.contexts()[0]?.pages()[0];
    const file = path.join(REPO, 'test-results', 'start-failure.png');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (page)
      await page.screenshot({ path: file }).then(
        () => console.log(`    screenshot of the failure: ${file}`),
        () => undefined,
      );
  });

  it('opens Parley in VS Code with a sample workspace, answers a question, and stops everything on Ctrl+C', async () => {
    const script = path.join(REPO, 'out', 'test', 'host', 'start.js');
    // --no-open: a developer's desktop browser has no business in a test run.
    child = spawn(process.execPath, [script, '--server', server.url, '--no-open'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.stdout!.on('data', (d) => {
      output += d;
    });
    child.stderr!.on('data', (d) => {
      output += d;
    });

    await until(() => /Press Ctrl\+C to stop/.test(output) || child!.exitCode !== null, 150_000, 'the start script to print its URL');
    const url = /Parley is running in VS Code: (\S+)/.exec(output)?.[1];
    const workspace = /Workspace: (\S+)/.exec(output)?.[1];
    assert.ok(url && workspace, `no URL or workspace in the output:\n${output}`);
    const origin = new URL(url).origin;
    assert.match(origin, /^http:\/\/127\.0\.0\.1:\d+$/);

    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await waitForParley(page);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'lru_cache.py' }).waitFor({ timeout: 30_000 });
    await runCommand(page, 'Parley: Open Chat');
    const frame = chatFrame(page);
    await frame.locator('#input').waitFor({ state: 'visible', timeout: 30_000 });
    assert.strictEqual(await frame.locator('#profile').textContent(), 'npm start server · test-model');
    await frame.locator('#input').fill('What does retry.ts do?');
    await frame.locator('#input').press('Enter');
    await frame.locator('.message.assistant', { hasText: 'Hello from the test server.' }).waitFor({ timeout: 60_000 });
    assert.ok(
      server.requests.some((r) => r.path.endsWith('/chat/completions')),
      'the question reached the test server',
    );
    await browser.close();
    browser = undefined;

    // Everything the script started, with code-server's own process group (it runs detached).
    const started = descendants(child.pid!);
    assert.ok(started.length >= 2, `expected code-server and its helpers, found ${started.length} processes`);
    const groups = new Set(started.map(processGroup).filter((g) => g > 0 && g !== processGroup(process.pid)));

    child.kill('SIGINT');
    const code = await within(exited, 30_000, 'the start script to exit');
    assert.strictEqual(code, 0, output);
    // The script waits for code-server before it exits (by itself code-server could outlive it).
    assert.ok(!(await answers(origin)), `${origin} still answers after the script exited`);
    await until(
      () => livePids().every((pid) => !started.includes(pid) && !groups.has(processGroup(pid))),
      10_000,
      'every process the script started to be gone',
    );
    assert.ok(!fs.existsSync(workspace), 'the sample workspace is deleted');
  });
});

/** Polls `check` until it holds; throws after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function answers(origin: string): Promise<boolean> {
  try {
    await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** Live (not zombie) processes, from /proc: the host runs on Linux. */
function livePids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      const stat = readStat(pid);
      return stat !== undefined && stat[0] !== 'Z';
    });
}

/** Fields of /proc/<pid>/stat after the command name: state, ppid, pgrp, … */
function readStat(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone
  }
}

function processGroup(pid: number): number {
  return Number(readStat(pid)?.[2] ?? -1);
}

function descendants(root: number): number[] {
  const parent = new Map(livePids().map((pid) => [pid, Number(readStat(pid)?.[1])]));
  const found: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    frontier = [...parent].filter(([, ppid]) => frontier.includes(ppid)).map(([pid]) => pid);
    found.push(...frontier);
  }
  return found;
}
