import * as vscode from 'vscode';
import type { CommandEnd } from '../../core/agent/commandOutcome';

/** After Ctrl+C, how long a command has to end before its terminal is closed (which ends its shell). */
const INTERRUPT_GRACE_MS = 3_000;

export interface ShellRun {
  readonly terminal: vscode.Terminal;
  readonly shellIntegration: vscode.TerminalShellIntegration;
  /** The command line, sent as it is. */
  readonly commandLine: string;
  readonly signal: AbortSignal;
  /** The terminal's data as it arrives, escape sequences and all. */
  readonly onOutput: (data: string) => void;
  /** The execution has started (before any of its events can arrive). */
  readonly onStarted: (execution: vscode.TerminalShellExecution) => void;
  /** Ctrl+C did not end it: the terminal must go (the caller forgets it and closes it). */
  readonly onStuck: () => void;
}

/**
 * Runs a command line in a terminal through its shell integration: the user sees it typed and
 * running; the exit code comes from the shell. Stop sends Ctrl+C and answers at once.
 */
export async function runInShell(run: ShellRun): Promise<CommandEnd> {
  const { terminal, signal } = run;
  if (signal.aborted) return { how: 'stopped' };
  const execution = run.shellIntegration.executeCommand(run.commandLine);
  run.onStarted(execution);
  // Read at once: what the command writes before read() is called is not given again.
  const reading = readOutput(execution, run.onOutput).catch(() => undefined);
  const end = watchEnd(terminal, execution);
  let onAbort: () => void = () => undefined;
  const stopped = new Promise<CommandEnd>((resolve) => {
    onAbort = () => {
      interrupt(run, execution);
      resolve({ how: 'stopped' });
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([end.promise.then(async (e) => (await settled(reading), e)), stopped]);
  } finally {
    signal.removeEventListener('abort', onAbort);
    end.dispose();
  }
}

/** How `execution` ends: its exit code from the shell, or its terminal closed. */
function watchEnd(
  terminal: vscode.Terminal,
  execution: vscode.TerminalShellExecution,
): { promise: Promise<CommandEnd> } & vscode.Disposable {
  let listeners: vscode.Disposable[] = [];
  const promise = new Promise<CommandEnd>((resolve) => {
    listeners = [
      vscode.window.onDidEndTerminalShellExecution((e) => {
        if (e.execution === execution) resolve({ how: 'exited', exitCode: e.exitCode });
      }),
      vscode.window.onDidCloseTerminal((t) => {
        if (t === terminal) resolve({ how: 'terminalClosed' });
      }),
    ];
  });
  return { promise, dispose: () => listeners.forEach((l) => l.dispose()) };
}

async function readOutput(execution: vscode.TerminalShellExecution, onOutput: (data: string) => void): Promise<void> {
  for await (const data of execution.read()) onOutput(data);
}

/**
 * The output stream ends with the command; a moment's grace in case its end is reported first,
 * never a wait on a stream that does not end.
 */
function settled(reading: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((r) => (timer = setTimeout(r, 1_000)));
  return Promise.race([reading, grace]).finally(() => clearTimeout(timer));
}

/** Ctrl+C, as the user would press it; a command that ignores it loses its terminal. */
function interrupt(run: ShellRun, execution: vscode.TerminalShellExecution): void {
  const end = watchEnd(run.terminal, execution);
  run.terminal.sendText('\x03', false);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), INTERRUPT_GRACE_MS)));
  void Promise.race([end.promise.then(() => true), late]).then((ended) => {
    clearTimeout(timer);
    end.dispose();
    if (!ended) run.onStuck();
  });
}
