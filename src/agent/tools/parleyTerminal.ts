import * as path from 'path';
import * as vscode from 'vscode';
import type { CommandEnd } from '../../core/agent/commandOutcome';
import { changeDirectoryLine } from '../../core/agent/shellCd';
import { Disposable } from '../../common/dispose';
import { runAsProcess } from './processRun';
import { ProcessTerminal } from './processTerminal';
import { runInShell } from './shellIntegrationRun';

export const TERMINAL_NAME = 'Parley';
/** How long a new terminal's shell has to report its shell integration (bash took 3 s on a busy test machine). */
const SHELL_INTEGRATION_WAIT_MS = 10_000;
/** Pagers wait for a key that never comes (`git log`): the agent's commands print straight through. */
const COMMAND_ENV: Record<string, string> = { PAGER: 'cat', GIT_PAGER: 'cat' };

/** `at`: the folder the shell is known to be in; unknown once any command ran after Parley moved it there. */
type ShellTerminal = { kind: 'shell'; terminal: vscode.Terminal; integration: vscode.TerminalShellIntegration; at?: string };
type Current = ShellTerminal | { kind: 'process'; terminal: vscode.Terminal; display: ProcessTerminal };
type OnOutput = (data: string) => void;

/**
 * The "Parley" terminal the agent's commands run in: created when first needed, reused while it
 * lives, shown without taking focus. Through the shell's integration where it comes in time (the
 * exit code and output from the shell); otherwise each command runs as a process in the user's
 * shell and a pseudoterminal of the same name shows it. One command at a time.
 */
export class ParleyTerminal extends Disposable {
  private current: Current | undefined;
  /** What runs in our terminal: ours, and commands the user typed there (then it is theirs). */
  private readonly ours = new Set<vscode.TerminalShellExecution>();
  private readonly theirs = new Set<vscode.TerminalShellExecution>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    super();
    this._register(vscode.window.onDidCloseTerminal((t) => t === this.current?.terminal && this.forget()));
    this._register(
      vscode.window.onDidStartTerminalShellExecution((e) => {
        if (e.terminal !== this.current?.terminal || this.current.kind !== 'shell') return;
        if (!this.ours.has(e.execution)) (this.theirs.add(e.execution), (this.current.at = undefined));
      }),
    );
    this._register(vscode.window.onDidEndTerminalShellExecution((e) => (this.ours.delete(e.execution), this.theirs.delete(e.execution))));
    this._register({ dispose: () => this.current?.terminal.dispose() });
  }

  /** Runs `commandLine` in `cwd` once the commands before it are done; `onOutput` gets the terminal's raw data. */
  run(commandLine: string, cwd: string, signal: AbortSignal, onOutput: OnOutput): Promise<CommandEnd> {
    const turn = this.queue.then(() => this.runNow(commandLine, cwd, signal, onOutput));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async runNow(commandLine: string, cwd: string, signal: AbortSignal, onOutput: OnOutput): Promise<CommandEnd> {
    const current = signal.aborted ? undefined : await this.ready(cwd, signal);
    if (!current) return { how: 'stopped' };
    current.terminal.show(true);
    if (current.kind === 'process') {
      const { display } = current;
      display.write(`\x1b[2m${cwd}\x1b[0m\n\x1b[1m$ ${commandLine}\x1b[0m\n`);
      const end = await runAsProcess({ commandLine, cwd, shell: vscode.env.shell, env: COMMAND_ENV, signal, onOutput, terminal: display });
      display.write(`\x1b[2m${endLine(end)}\x1b[0m\n\n`);
      return end;
    }
    // The shell stays where the last command left it (`cd src && …`), so it is moved first unless
    // known to be there. Not from `shellIntegration.cwd`: it is updated after the end event, so a
    // command run at once after `cd src` would read the folder before.
    if (current.at === undefined || path.relative(current.at, cwd) !== '') {
      const moved = await this.inShell(current, changeDirectoryLine(vscode.env.shell, cwd), signal, onOutput);
      if (moved.how !== 'exited' || moved.exitCode !== 0) return moved;
      current.at = cwd;
    }
    current.at = undefined; // the command may move it
    return this.inShell(current, commandLine, signal, onOutput);
  }

  private inShell(current: ShellTerminal, commandLine: string, signal: AbortSignal, onOutput: OnOutput): Promise<CommandEnd> {
    return runInShell({
      terminal: current.terminal,
      shellIntegration: current.integration,
      commandLine,
      signal,
      onOutput,
      onStarted: (execution) => this.ours.add(execution),
      onStuck: () => {
        if (this.current !== current) return;
        this.forget();
        current.terminal.dispose();
      },
    });
  }

  /** The terminal to run in: the current one, or a new one once its shell integration is known (or known not to come). */
  private async ready(cwd: string, signal: AbortSignal): Promise<Current | undefined> {
    // The user runs something of their own in it: it is theirs now, and the agent opens another.
    if (this.theirs.size > 0) this.forget();
    if (this.current) return this.current;
    const integrationOn = vscode.workspace.getConfiguration('terminal.integrated').get<boolean>('shellIntegration.enabled') !== false;
    if (integrationOn) {
      const terminal = vscode.window.createTerminal({ name: TERMINAL_NAME, cwd, env: COMMAND_ENV });
      terminal.show(true);
      const integration = await shellIntegration(terminal, signal);
      if (integration) return (this.current = { kind: 'shell', terminal, integration, at: cwd });
      terminal.dispose();
      if (signal.aborted) return undefined;
    }
    const display = new ProcessTerminal();
    const terminal = vscode.window.createTerminal({ name: TERMINAL_NAME, pty: display });
    return (this.current = { kind: 'process', terminal, display });
  }

  private forget(): void {
    this.current = undefined;
    this.ours.clear();
    this.theirs.clear();
  }
}

/** The terminal's shell integration once it is active, or undefined when it does not come in time or Stop is pressed. */
function shellIntegration(terminal: vscode.Terminal, signal: AbortSignal): Promise<vscode.TerminalShellIntegration | undefined> {
  if (terminal.shellIntegration) return Promise.resolve(terminal.shellIntegration);
  return new Promise((resolve) => {
    const done = (value: vscode.TerminalShellIntegration | undefined) => {
      clearTimeout(timer);
      listener.dispose();
      closed.dispose();
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => done(undefined);
    const timer = setTimeout(() => done(terminal.shellIntegration), SHELL_INTEGRATION_WAIT_MS);
    const listener = vscode.window.onDidChangeTerminalShellIntegration((e) => e.terminal === terminal && done(e.shellIntegration));
    const closed = vscode.window.onDidCloseTerminal((t) => t === terminal && done(undefined));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function endLine(end: CommandEnd): string {
  switch (end.how) {
    case 'exited':
      return end.exitCode === undefined ? '[ended]' : `[exit code ${end.exitCode}]`;
    case 'signal':
      return `[ended by ${end.signal}]`;
    case 'stopped':
      return '[stopped]';
    case 'terminalClosed':
      return '[terminal closed]';
  }
}
