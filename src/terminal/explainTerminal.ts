import * as path from 'path';
import * as vscode from 'vscode';
import { registerCommand } from '../common/commands';
import { Command } from '../common/ids';
import type { LogGetter } from '../common/log';
import type { ChatPanel } from '../chat/chatPanel';
import { terminalExplainPrompt } from '../core/prompts/terminalPrompt';

export interface TerminalDeps {
  chat: ChatPanel;
  log: LogGetter;
}

/** "Explain with Parley" in the terminal's context menu: the selected text goes to the chat. */
export function registerTerminal(context: vscode.ExtensionContext, deps: TerminalDeps): void {
  context.subscriptions.push(
    registerCommand(Command.explainTerminalSelection, (target?: unknown) => explainTerminalSelection(deps, target), deps.log),
  );
}

/** Returns true when something was sent. */
export async function explainTerminalSelection({ chat, log }: TerminalDeps, target?: unknown): Promise<boolean> {
  const terminal = isTerminal(target) ? target : vscode.window.activeTerminal;
  const text = terminal ? await selectedText() : undefined;
  if (!terminal || !text?.trim()) {
    // Said in the log too: when the clipboard cannot be read (a browser that was not allowed), this is why.
    log().info(
      `explain terminal: ${terminal ? (text === undefined ? 'the terminal copied no selection' : 'the clipboard read back empty') : 'no terminal'}`,
    );
    void vscode.window.showInformationMessage(vscode.l10n.t('Select text in the terminal (an error, a stack trace) to explain it.'));
    return false;
  }
  const { prompt, display } = terminalExplainPrompt({ text, shell: shellOf(terminal), cwd: cwdOf(terminal) });
  await chat.ask({ prompt, display });
  return true;
}

function isTerminal(value: unknown): value is vscode.Terminal {
  return vscode.window.terminals.includes(value as vscode.Terminal);
}

/**
 * The active terminal's selected text. The stable API has no `Terminal.selection` (it is
 * still a proposed API), so the terminal copies its selection and the clipboard is read, then
 * put back as it was. A marker written first tells "nothing selected" from an unchanged clipboard.
 */
async function selectedText(): Promise<string | undefined> {
  const saved = await vscode.env.clipboard.readText();
  const marker = `parley-no-selection-${Date.now()}-${Math.random()}`;
  try {
    await vscode.env.clipboard.writeText(marker);
    await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
    const copied = await vscode.env.clipboard.readText();
    return copied === marker ? undefined : copied;
  } finally {
    await vscode.env.clipboard.writeText(saved);
  }
}

/** The shell's name: the one the terminal was created with, else the user's default shell. */
function shellOf(terminal: vscode.Terminal): string | undefined {
  const options = terminal.creationOptions as vscode.TerminalOptions;
  const shell = options.shellPath || vscode.env.shell;
  return shell ? path.basename(shell).replace(/\.exe$/i, '') : undefined;
}

/** The working folder: as shell integration reports it (it follows `cd`), else where the terminal started. */
function cwdOf(terminal: vscode.Terminal): string | undefined {
  const live = terminal.shellIntegration?.cwd;
  if (live) return live.fsPath;
  const start = (terminal.creationOptions as vscode.TerminalOptions).cwd;
  if (start) return typeof start === 'string' ? start : start.fsPath;
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}
