import * as vscode from 'vscode';
import { Command, type CommandId } from './ids';
import { errorMessage } from '../core/client/errorMessage';
import { preloadTokenizer } from '../core/tokens/node/tokenCount';

/**
 * Registers a command so that every failure reaches the user the same way: "Parley: <message>"
 * with a Show Log action, and a line in the log. A command's own result is passed through.
 */
export function registerCommand(id: CommandId, run: (...args: any[]) => unknown, log: () => vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (e) {
      reportError(e, log, id);
      return undefined;
    } finally {
      // Parley is in use: the next count (a chat message, a chip) should not wait for the tokenizer.
      preloadTokenizer();
    }
  });
}

/** Shows an error as every command does: the message, and Show Log. */
export function reportError(e: unknown, log: () => vscode.LogOutputChannel, where: string): void {
  const message = errorMessage(e);
  log().error(`${where}: ${message}`);
  const showLog = vscode.l10n.t('Show Log');
  void vscode.window.showErrorMessage(vscode.l10n.t('Parley: {0}', message), showLog).then((picked) => {
    if (picked === showLog) void vscode.commands.executeCommand(Command.showLog);
  });
}
