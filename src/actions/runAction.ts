import * as vscode from 'vscode';
import { chatActionPrompt, rewriteActionInstruction, type QuickAction } from '../core/prompts/actions';
import type { ChatController } from '../chat/chatController';
import type { ChatViewProvider } from '../chat/chatViewProvider';
import { Command } from '../common/ids';
import * as settings from '../common/settings';
import { takeCode } from '../context/editorContext';

export interface ActionDeps {
  chat: ChatController;
  view: ChatViewProvider;
}

/**
 * Runs an action on the active editor's selection (or, with none, the enclosing block). A
 * chat action asks in the chat, where follow-ups work; a rewrite action hands its instruction
 * to Rewrite Selection, which streams the new code in place with Accept and Reject.
 */
export async function runAction(action: QuickAction, deps: ActionDeps): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a file and select code to run "{0}" on.', action.name));
    return;
  }
  if (action.target === 'rewrite') {
    const instruction = rewriteActionInstruction(action, {
      language: editor.document.languageId,
      path: vscode.workspace.asRelativePath(editor.document.uri, false),
    });
    await vscode.commands.executeCommand(Command.rewriteSelection, instruction);
    return;
  }
  const taken = await takeCode(editor, settings.contextBudgetTokens(), settings.maskSecrets());
  const prompt = chatActionPrompt(action, taken.ctx);
  const { start, end } = taken.range;
  const lastLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  const lines = start.line === lastLine ? `line ${start.line + 1}` : `lines ${start.line + 1}–${lastLine + 1}`;
  const display = [`**${action.name}** \`${taken.ctx.path}\` (${lines})`, ...taken.notes.map((n) => `_${n}_`)].join('\n\n');
  await deps.view.reveal();
  await deps.chat.send(prompt, display);
}
