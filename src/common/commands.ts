import * as vscode from 'vscode';
import { Command, type CommandId } from './ids';
import type { LogGetter } from './log';
import { errorMessage } from '../core/client/errorMessage';
import { preloadTokenizer } from '../core/tokens/node/tokenCount';

/**
 * Registers a command so that every failure reaches the user the same way: "Parley: <message>"
 * with a Show Log action, and a line in the log. A command's own result is passed through.
 */
export function registerCommand(id: CommandId, run: (...args: any[]) => unknown, log: LogGetter): vscode.Disposable {
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

/**
 * Registers a command that works on an editor, through `registerCommand`'s one error path. The
 * editor is resolved once, here: the one showing the `Uri` a menu or a quick fix passes first,
 * else the active one. With none, the user is told `noEditor` (when given; a quick fix whose
 * editor has closed just does nothing) and `run` is not called.
 */
export function registerEditorCommand(
  id: CommandId,
  run: (editor: vscode.TextEditor, ...args: any[]) => unknown,
  log: LogGetter,
  noEditor?: (...args: unknown[]) => string,
): vscode.Disposable {
  return registerCommand(
    id,
    (...args: unknown[]) => {
      const editor = editorFor(args[0]);
      if (editor) return run(editor, ...args);
      if (noEditor) void vscode.window.showInformationMessage(noEditor(...args));
      return undefined;
    },
    log,
  );
}

/** The active editor, unless `target` is a Uri: then the editor showing it (the active one first), if any is visible. */
function editorFor(target: unknown): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (!(target instanceof vscode.Uri)) return active;
  const shows = (e: vscode.TextEditor) => e.document.uri.toString() === target.toString();
  return active && shows(active) ? active : vscode.window.visibleTextEditors.find(shows);
}

/** Shows an error as every command does: the message, and Show Log. */
export function reportError(e: unknown, log: LogGetter, where: string): void {
  const message = errorMessage(e);
  log().error(`${where}: ${message}`);
  const showLog = vscode.l10n.t('Show Log');
  void vscode.window.showErrorMessage(vscode.l10n.t('Parley: {0}', message), showLog).then((picked) => {
    if (picked === showLog) void vscode.commands.executeCommand(Command.showLog);
  });
}
