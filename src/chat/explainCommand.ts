import * as vscode from 'vscode';
import { explainPrompt } from '../core/prompts';
import * as settings from '../providers/settings';
import type { ChatController } from './chatController';
import type { ChatViewProvider } from './chatViewProvider';
import { takeCode } from './editorContext';

/** "Parley: Explain Selection": sends the code to the chat, so follow-ups work there. */
export async function explainSelection(chat: ChatController, view: ChatViewProvider): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a file and select code to explain.'));
    return;
  }
  const taken = await takeCode(editor, settings.contextBudgetTokens(), settings.maskSecrets());
  const prompt = explainPrompt(taken.ctx, settings.promptTemplate('explain'));
  await view.reveal();
  if (taken.notes.length > 0) void vscode.window.setStatusBarMessage(`Parley: ${taken.notes.join(' ')}`, 8000);
  await chat.send(prompt);
}
