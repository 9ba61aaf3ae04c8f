import * as vscode from 'vscode';
import { explainPrompt } from '../core/prompts';
import * as settings from '../common/settings';
import type { ChatController } from '../chat/chatController';
import type { ChatViewProvider } from '../chat/chatViewProvider';
import { takeCode } from '../context/editorContext';
import { asProblem, problemsAt } from '../context/problems';
import { maskSecrets } from '../core/maskSecrets';
import { explainProblemPrompt } from '../core/problemPrompts';
import { registerCommand } from '../common/commands';
import { Command } from '../common/ids';
import type { LogGetter } from '../common/log';

/** Explain Selection (palette, context menu, Ctrl+Alt+E) and the walkthrough's sample. */
export function registerExplain(context: vscode.ExtensionContext, chat: ChatController, view: ChatViewProvider, log: LogGetter): void {
  context.subscriptions.push(
    registerCommand(Command.explainSelection, () => explainSelection(chat, view), log),
    registerCommand(Command.explainSample, () => explainSample(chat, view), log),
    registerCommand(Command.explainProblem, (uri?: vscode.Uri, range?: vscode.Range) => explainProblem(chat, view, uri, range), log),
  );
}

/** "Explain this problem" (a quick fix): the diagnostics under the cursor and the code around them, to the chat. */
export async function explainProblem(chat: ChatController, view: ChatViewProvider, uri?: vscode.Uri, range?: vscode.Range): Promise<void> {
  const editor = uri ? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()) : vscode.window.activeTextEditor;
  if (!editor) return;
  const problems = problemsAt(editor.document, range ?? editor.selection);
  if (!problems.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Parley: no problem is reported here. Put the cursor on a squiggle first.'));
    return;
  }
  // The problem's lines and a few around them: enough to explain it, little enough to read.
  const first = Math.max(0, Math.min(...problems.map((p) => p.range.start.line)) - 5);
  const last = Math.min(editor.document.lineCount - 1, Math.max(...problems.map((p) => p.range.end.line)) + 5);
  let text = editor.document.getText(new vscode.Range(first, 0, last, editor.document.lineAt(last).text.length));
  if (settings.maskSecrets()) text = maskSecrets(text).text;
  const path = vscode.workspace.asRelativePath(editor.document.uri, false);
  const prompt = explainProblemPrompt(problems.map(asProblem), { language: editor.document.languageId, path, firstLine: first + 1, text });
  await view.reveal();
  const display = [`**Explain this problem** \`${path}\` (line ${problems[0].range.start.line + 1})`, ...problems.map((p) => `> ${p.message}`)].join('\n\n');
  await chat.send(prompt, display);
}

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
  const { start, end } = taken.range;
  // A selection that ends at the start of a line does not include that line.
  const lastLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  const lines = start.line === lastLine ? `line ${start.line + 1}` : `lines ${start.line + 1}–${lastLine + 1}`;
  const fence = '`'.repeat(Math.max(3, ...(taken.ctx.code.match(/`+/g) ?? []).map((m) => m.length + 1)));
  const display = [
    `**Explain** \`${taken.ctx.path}\` (${lines})`,
    ...taken.notes.map((n) => `_${n}_`),
    `${fence}${taken.ctx.language}\n${taken.ctx.code}\n${fence}`,
  ].join('\n\n');
  await chat.send(prompt, display);
}

const SAMPLE = [
  'function debounce(fn, ms) {',
  '  let timer;',
  '  return (...args) => {',
  '    clearTimeout(timer);',
  '    timer = setTimeout(() => fn(...args), ms);',
  '  };',
  '}',
  '',
].join('\n');

/** The walkthrough's last step: explain a small sample in a new, unsaved editor. */
export async function explainSample(chat: ChatController, view: ChatViewProvider): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ content: SAMPLE, language: 'javascript' });
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(0, 0, doc.lineCount - 1, 0);
  await explainSelection(chat, view);
}
