import * as vscode from 'vscode';
import type { CodeAction } from '../shared/protocol';

/** What the buttons on a code block in the chat do. */
export async function runCodeAction(action: CodeAction, code: string, language?: string): Promise<void> {
  if (action === 'copy') {
    await vscode.env.clipboard.writeText(code);
    return;
  }
  if (action === 'newEditor') {
    const doc = await vscode.workspace.openTextDocument({ content: code, language: knownLanguage(language) });
    await vscode.window.showTextDocument(doc, { preview: false });
    return;
  }
  const editor = vscode.window.visibleTextEditors.find((e) => e === vscode.window.activeTextEditor) ?? vscode.window.visibleTextEditors[0];
  if (!editor) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open an editor first: there is no editor to put the code in.'));
    return;
  }
  await editor.edit((edit) => {
    if (action === 'insert') edit.insert(editor.selection.active, code);
    else edit.replace(editor.selection, code);
  });
}

function knownLanguage(language?: string): string | undefined {
  return language && /^[\w#+.-]+$/.test(language) ? language : undefined;
}
