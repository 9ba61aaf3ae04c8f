import { spawn, type ChildProcess } from 'child_process';
import { StringDecoder } from 'string_decoder';
import type { CommandEnd } from '../../core/agent/commandOutcome';
import type { ProcessTerminal } from './processTerminal';

/** After an interrupt, how long a command has to end before it is killed. */
const KILL_AFTER_MS = 2_000;
/** After the shell exits, how long its output pipes may stay open (a background job holds them). */
const PIPES_GRACE_MS = 500;

export interface ProcessRun {
  readonly commandLine: string;
  readonly cwd: string;
  /** The user's shell (VS Code's `env.shell`); Node's default shell when empty. */
  readonly shell: string;
  readonly env: Record<string, string>;
  readonly signal: AbortSignal;
  readonly onOutput: (data: string) => void;
  /** Where the user watches it. */
  readonly terminal: ProcessTerminal;
}

/**
 * Runs a command line in the user's shell as a child process, for a terminal without shell
 * integration, and shows it in the pseudoterminal. It gets no input (stdin is empty), so a command
 * that asks a question reads end of input instead of waiting forever. Stop interrupts its whole
 * process group and answers at once.
 */
export function runAsProcess(run: ProcessRun): Promise<CommandEnd> {
  if (run.signal.aborted) return Promise.resolve({ how: 'stopped' });
  const show = (data: string) => (run.onOutput(data), run.terminal.write(data));
  return new Promise<CommandEnd>((resolve) => {
    const child = spawn(run.commandLine, {
      cwd: run.cwd,
      shell: run.shell || true,
      env: { ...process.env, ...run.env },
      // Its own process group, so an interrupt reaches what the shell started too.
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const decoders = [new StringDecoder('utf8'), new StringDecoder('utf8')];
    child.stdout?.on('data', (b: Buffer) => show(decoders[0].write(b)));
    child.stderr?.on('data', (b: Buffer) => show(decoders[1].write(b)));
    const finish = (end: CommandEnd) => {
      stopWatching();
      run.signal.removeEventListener('abort', onAbort);
      resolve(end);
    };
    const stopWatching = run.terminal.whileRunning((why) => {
      interrupt(child);
      if (why === 'closed') finish({ how: 'terminalClosed' });
    });
    const onAbort = () => {
      interrupt(child);
      finish({ how: 'stopped' });
    };
    run.signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      show(`Parley could not start the shell ${run.shell || '(default)'}: ${e.message}\n`);
      finish({ how: 'exited', exitCode: undefined });
    });
    child.on('exit', (code, signal) => {
      void pipesClosed(child).then(() => {
        for (const d of decoders) show(d.end());
        finish(code !== null ? { how: 'exited', exitCode: code } : { how: 'signal', signal: signal ?? 'a signal' });
      });
    });
  });
}

function pipesClosed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.stdout?.closed !== false && child.stderr?.closed !== false) return resolve();
    const timer = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve();
    }, PIPES_GRACE_MS);
    child.once('close', () => (clearTimeout(timer), resolve()));
  });
}

/** SIGINT to the whole group, as Ctrl+C would, then SIGKILL to what is left of it after a moment. */
function interrupt(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => undefined);
    return;
  }
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGINT');
  // Even when the shell is gone: a job it started in the background may still hold on.
  setTimeout(() => signalGroup('SIGKILL'), KILL_AFTER_MS).unref();
}
