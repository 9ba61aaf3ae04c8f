/**
 * `npm start`: try Parley in a real VS Code with one command. Starts the same host the tests use
 * (code-server on 127.0.0.1, fresh profile) with the packaged parley.vsix installed, opens a
 * small sample workspace (or the folder given), prints the URL and opens it in a desktop browser
 * if there is one. Ctrl+C (SIGINT, SIGTERM, SIGHUP) stops everything started here.
 *
 *   npm start -- [folder] [--server <baseUrl>] [--model <id>] [--settings <file.json>] [--no-open]
 *
 * --server (or PARLEY_START_SERVER) preconfigures a profile for an OpenAI-compatible server that
 * takes no key; without --model its first listed model is used. --settings merges a JSON object
 * into the host's settings, e.g. your own `parley.profiles`.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ensureHost, makeWorkspace, REPO, startCodeServer, workbenchUrl, type CodeServer } from './codeServer';

/** A few files worth explaining, and a README that says what to try. */
const SAMPLE_FILES: Record<string, string> = {
  'README.md': [
    '# Parley sample',
    '',
    '1. Open the Parley view in the activity bar. With no provider set up, the Get Started',
    '   walkthrough (or **Parley: Choose Provider**) connects it to your server.',
    '2. Open `retry.ts` or `lru_cache.py`, select a function, right-click › **Explain Selection**.',
    '3. Try **Rewrite Selection…** (`Ctrl+Alt+R`) with "add JSDoc" or "make it iterative".',
    '',
    'This folder is temporary: it is deleted when you stop `npm start`.',
    '',
  ].join('\n'),
  'retry.ts': [
    '/** Calls `fn` until it succeeds, waiting longer after each failure. */',
    'export async function retry<T>(fn: () => Promise<T>, attempts = 5, baseMs = 100): Promise<T> {',
    '  for (let i = 0; ; i++) {',
    '    try {',
    '      return await fn();',
    '    } catch (err) {',
    '      if (i + 1 >= attempts) throw err;',
    '      const delay = baseMs * 2 ** i * (0.5 + Math.random() / 2);',
    '      await new Promise((r) => setTimeout(r, delay));',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n'),
  'lru_cache.py': [
    'from collections import OrderedDict',
    '',
    '',
    'class LRUCache:',
    '    def __init__(self, capacity: int):',
    '        self.capacity = capacity',
    '        self.items = OrderedDict()',
    '',
    '    def get(self, key):',
    '        if key not in self.items:',
    '            return None',
    '        self.items.move_to_end(key)',
    '        return self.items[key]',
    '',
    '    def put(self, key, value):',
    '        self.items[key] = value',
    '        self.items.move_to_end(key)',
    '        if len(self.items) > self.capacity:',
    '            self.items.popitem(last=False)',
    '',
  ].join('\n'),
};

interface Options {
  folder?: string;
  server?: string;
  model?: string;
  settings?: string;
  open: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { open: true, server: process.env.PARLEY_START_SERVER || undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--server') options.server = value();
    else if (arg === '--model') options.model = value();
    else if (arg === '--settings') options.settings = value();
    else if (arg === '--no-open') options.open = false;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else options.folder = path.resolve(arg);
  }
  return options;
}

/** The first model the server lists, so `--server` alone is enough for a local server. */
async function firstModel(baseUrl: string): Promise<string> {
  const url = `${baseUrl.replace(/\/+$/, '')}/models`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { data?: { id?: unknown }[] };
    const id = body.data?.find((m) => typeof m.id === 'string')?.id;
    if (res.ok && typeof id === 'string') return id;
  } catch {
    // reported below
  }
  throw new Error(`could not read a model from ${url}; pass --model <id>`);
}

/**
 * Settings for the host's Machine settings.json: in a remote window such as code-server,
 * machine-scoped settings (parley.profiles) are read from there, not from User.
 */
async function machineSettings(options: Options): Promise<Record<string, unknown> | undefined> {
  const settings: Record<string, unknown> = options.settings ? JSON.parse(fs.readFileSync(options.settings, 'utf8')) : {};
  if (options.server) {
    const profile = {
      name: 'npm start server',
      baseUrl: options.server,
      model: options.model ?? (await firstModel(options.server)),
      needsKey: false,
    };
    const others = Array.isArray(settings['parley.profiles']) ? settings['parley.profiles'] : [];
    settings['parley.profiles'] = [profile, ...others];
    settings['parley.activeProfile'] = profile.name;
  }
  return Object.keys(settings).length > 0 ? settings : undefined;
}

/** Opens the URL where a desktop browser can show it; never fails (the URL is printed anyway). */
function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin'
      ? 'open'
      : process.platform !== 'win32' && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
        ? 'xdg-open'
        : undefined;
  if (!command) return;
  // Detached and unreferenced: the browser is the user's and outlives us; it is not ours to stop.
  const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => console.log(`(could not run ${command}; open the URL yourself)`));
  child.unref();
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.folder && !fs.statSync(options.folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`not a folder: ${options.folder}`);
  }
  const vsix = path.join(REPO, 'parley.vsix');
  if (!fs.existsSync(vsix)) throw new Error('parley.vsix is missing: run `npm start` (it packages first) or `npm run package`');

  let host: CodeServer | undefined;
  let starting = true;
  let stopRequested = false;
  let stopping = false;
  let watchdog: NodeJS.Timeout | undefined;
  const temporary: string[] = [];
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(watchdog);
    await host?.close();
    // Only what we created: the sample folder and the host's profile, never a folder given to us.
    for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.log(`\n${signal}: stopping VS Code…`);
      // While code-server starts we have no handle on it yet: stop as soon as we do.
      if (starting) stopRequested = true;
      else void stop(0);
    });
  }

  try {
    const settings = await machineSettings(options);
    const workspace = options.folder ?? makeWorkspace(SAMPLE_FILES);
    if (!options.folder) temporary.push(workspace);
    console.log('Starting VS Code (code-server) with Parley installed…');
    const hostDir = ensureHost();
    host = await startCodeServer({
      hostDir,
      workspace,
      vsix,
      // Leave the chat UI to Parley: no built-in Copilot chat prompts in the way.
      userSettings: { 'chat.disableAIFeatures': true },
      machineSettings: settings,
    });
    temporary.push(host.runDir);
  } catch (e) {
    console.error(`npm start: ${e instanceof Error ? e.message : e}`);
    return stop(1);
  } finally {
    starting = false;
  }
  if (stopRequested) return stop(0);
  const url = workbenchUrl(host);
  console.log(`\nParley is running in VS Code: ${url}`);
  console.log(`Workspace: ${host.workspace}${options.folder ? '' : ' (a sample, deleted on exit)'}`);
  console.log('Press Ctrl+C to stop.');
  if (options.open) openBrowser(url);

  // If code-server goes away on its own, show why and clean up rather than wait forever.
  const { origin, runDir } = host;
  watchdog = setInterval(() => {
    fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(10_000) }).catch((e) => {
      if ((e as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED' || stopping) return;
      const log = fs.readFileSync(path.join(runDir, 'code-server.log'), 'utf8').trim().split('\n').slice(-20).join('\n');
      console.error(`npm start: code-server stopped. The end of its log:\n${log}`);
      void stop(1);
    });
  }, 5000);
}

const USAGE = 'usage: npm start -- [folder] [--server <baseUrl>] [--model <id>] [--settings <file.json>] [--no-open]';

main().catch((e) => {
  console.error(`npm start: ${e instanceof Error ? e.message : e}\n${USAGE}`);
  process.exit(1);
});
