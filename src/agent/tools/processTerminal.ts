import * as vscode from 'vscode';

/**
 * The "Parley" terminal when the shell gives no shell integration: a pseudoterminal that shows what
 * runs and what it prints, so the user sees the same as the model. Ctrl+C in it, or closing it,
 * ends the running command.
 */
export class ProcessTerminal implements vscode.Pseudoterminal {
  private readonly writes = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writes.event;
  /** What was written before VS Code opened the terminal (it drops events fired before `open`). */
  private pending: string[] | undefined = [];
  /** Set while a command runs: how Ctrl+C or closing the terminal ends it. */
  private interruptRunning: ((why: 'interrupt' | 'closed') => void) | undefined;

  open(): void {
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const text of pending) this.writes.fire(text);
  }

  close(): void {
    this.interruptRunning?.('closed');
    this.writes.dispose();
  }

  handleInput(data: string): void {
    if (data.includes('\x03')) this.interruptRunning?.('interrupt');
  }

  /** Shows `text` as printed (line breaks as the terminal wants them). */
  write(text: string): void {
    const shown = text.replace(/\r?\n/g, '\r\n');
    if (this.pending) this.pending.push(shown);
    else this.writes.fire(shown);
  }

  /** While a command runs, Ctrl+C and closing the terminal go to `interrupt`; the returned function ends that. */
  whileRunning(interrupt: (why: 'interrupt' | 'closed') => void): () => void {
    this.interruptRunning = interrupt;
    return () => {
      if (this.interruptRunning === interrupt) this.interruptRunning = undefined;
    };
  }
}
