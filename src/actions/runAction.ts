import * as vscode from 'vscode';
import { chatActionPrompt, rewriteActionInstruction, type QuickAction } from '../core/prompts/actions';
import type { ChatPanel } from '../chat/chatPanel';
import { Command } from '../common/ids';
import * as settings from '../common/settings';
import { linesLabel, takeCode } from '../context/editorContext';

/**
 * Runs an action on the editor's selection (or, with none, the enclosing block). A
 * chat action asks in the chat, where follow-ups work; a rewrite action hands its instruction
 * to Rewrite Selection, which streams the new code in place with Accept and Reject.
 */
export async function runAction(action: QuickAction, editor: vscode.TextEditor, chat: ChatPanel): Promise<void> {
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
  const display = [`**${action.name}** \`${taken.ctx.path}\` (${linesLabel(taken.range)})`, ...taken.notes.map((n) => `_${n}_`)].join(
    '\n\n',
  );
  await chat.ask({ prompt, display });
}
