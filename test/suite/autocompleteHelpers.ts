import * as assert from 'assert';
import * as vscode from 'vscode';
import { parley, waitFor } from './helpers';

/** Turns autocomplete on for every language (the test hosts start with it off). */
export async function turnAutocompleteOn(): Promise<void> {
  const config = vscode.workspace.getConfiguration('parley');
  await config.update('autocomplete.enabled', { '*': true }, vscode.ConfigurationTarget.Global);
  await config.update('autocomplete.profile', undefined, vscode.ConfigurationTarget.Global);
  await config.update('autocomplete.model', undefined, vscode.ConfigurationTarget.Global);
  (await parley()).autocomplete.reset();
}

export async function turnAutocompleteOff(): Promise<void> {
  await vscode.workspace.getConfiguration('parley').update('autocomplete.enabled', { '*': false }, vscode.ConfigurationTarget.Global);
}

/** A new untitled document with `text`, the cursor at the `|` in it (removed). */
export async function editorAt(text: string, language = 'typescript'): Promise<vscode.TextEditor> {
  const at = text.indexOf('|');
  assert.ok(at >= 0, 'the text marks the cursor with |');
  const doc = await vscode.workspace.openTextDocument({ content: text.slice(0, at) + text.slice(at + 1), language });
  const editor = await vscode.window.showTextDocument(doc);
  const position = doc.positionAt(at);
  editor.selection = new vscode.Selection(position, position);
  return editor;
}

/** Types `text` as keystrokes (VS Code's `type` command: what a key press runs). */
export async function typeKeys(text: string): Promise<void> {
  for (const ch of text) await vscode.commands.executeCommand('type', { text: ch });
}

/**
 * Presses Tab's command (`editor.action.inlineSuggest.commit`) until the suggestion lands: the
 * ghost text shows a moment after the provider returns. Resolves to the document's text then.
 */
export async function acceptSuggestion(doc: vscode.TextDocument, timeoutMs = 10_000): Promise<string> {
  const before = doc.getText();
  return waitFor(
    'the suggestion to be accepted',
    async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return doc.getText() !== before && doc.getText();
    },
    timeoutMs,
  );
}
