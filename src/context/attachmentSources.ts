import * as vscode from 'vscode';
import { maskSecrets } from '../core/context/maskSecrets';
import type { ContextBlock } from '../core/types';
import * as settings from '../common/settings';
import { workspaceDiffs } from './gitApi';

/** Past this many characters a file is cut (with a line saying so); the budget trims further. */
export const MAX_BLOCK_CHARS = 200_000;
/** Past this many characters the current file goes as its visible part only. */
export const CURRENT_FILE_WHOLE_CHARS = 100_000;

const relative = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');

/** Masked (unless parley.maskSecrets is off) and cut to MAX_BLOCK_CHARS: everything attached passes here. */
export function safeText(text: string): string {
  const cut =
    text.length > MAX_BLOCK_CHARS
      ? `${text.slice(0, text.lastIndexOf('\n', MAX_BLOCK_CHARS) + 1 || MAX_BLOCK_CHARS)}… (cut: ${text.length - MAX_BLOCK_CHARS} more characters)\n`
      : text;
  return settings.maskSecrets() ? maskSecrets(cut).text : cut;
}

export function documentBlock(doc: vscode.TextDocument, kind: 'file' | 'editors'): ContextBlock {
  const path = relative(doc.uri);
  return { kind, label: path, path, language: doc.languageId, text: safeText(doc.getText()) };
}

export async function fileBlock(uri: vscode.Uri): Promise<ContextBlock> {
  return documentBlock(await vscode.workspace.openTextDocument(uri), 'file');
}

export function selectionBlock(editor: vscode.TextEditor): ContextBlock | undefined {
  const sel = editor.selection;
  if (sel.isEmpty) return undefined;
  const path = relative(editor.document.uri);
  const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
  return {
    kind: 'selection',
    label: `${path}:${sel.start.line + 1}-${endLine}`,
    path,
    language: editor.document.languageId,
    text: safeText(editor.document.getText(sel)),
  };
}

/** The current file: whole, or its visible lines when it is large. */
export function currentFileBlock(editor: vscode.TextEditor): ContextBlock {
  const doc = editor.document;
  const path = relative(doc.uri);
  const text = doc.getText();
  if (text.length <= CURRENT_FILE_WHOLE_CHARS)
    return { kind: 'currentFile', label: path, path, language: doc.languageId, text: safeText(text) };
  const range = editor.visibleRanges[0] ?? new vscode.Range(0, 0, Math.min(doc.lineCount - 1, 200), 0);
  const end = doc.lineAt(range.end.line).range.end;
  return {
    kind: 'currentFile',
    label: `${path}:${range.start.line + 1}-${range.end.line + 1}`,
    path,
    language: doc.languageId,
    text: safeText(doc.getText(new vscode.Range(range.start.line, 0, end.line, end.character))),
  };
}

const SEVERITY = ['error', 'warning', 'info', 'hint'];

/** Diagnostics as `path:line:col severity: message (source)`, for the active file or all files. */
export function problemsBlock(scope: vscode.Uri | undefined): ContextBlock | undefined {
  const entries: [vscode.Uri, readonly vscode.Diagnostic[]][] = scope
    ? [[scope, vscode.languages.getDiagnostics(scope)]]
    : vscode.languages.getDiagnostics();
  const lines: string[] = [];
  for (const [uri, diagnostics] of entries) {
    for (const d of diagnostics) {
      const source = d.source
        ? ` (${d.source}${d.code !== undefined ? ` ${typeof d.code === 'object' ? d.code.value : d.code}` : ''})`
        : '';
      lines.push(
        `${relative(uri)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity]}: ${d.message}${source}`,
      );
    }
  }
  if (lines.length === 0) return undefined;
  const label = scope ? relative(scope) : vscode.l10n.t('all files');
  return { kind: 'problems', label, text: safeText(lines.join('\n')) };
}

/** Staged and working-tree changes of the repositories near the given files. */
export async function changesBlock(near: vscode.Uri[]): Promise<ContextBlock | 'no git' | undefined> {
  const diffs = await workspaceDiffs(near);
  if (!diffs) return 'no git';
  const parts: string[] = [];
  for (const d of diffs) {
    const name = vscode.workspace.asRelativePath(d.root, true) || d.root.fsPath;
    if (d.staged.trim()) parts.push(`# ${name}: staged\n${d.staged.trimEnd()}`);
    if (d.unstaged.trim()) parts.push(`# ${name}: working tree\n${d.unstaged.trimEnd()}`);
  }
  if (parts.length === 0) return undefined;
  return { kind: 'changes', label: vscode.l10n.t('staged and working-tree changes'), text: safeText(parts.join('\n\n')) };
}

/** The text documents open in editor tabs, in tab order, each once. */
export function openEditorUris(): vscode.Uri[] {
  const seen = new Map<string, vscode.Uri>();
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    if (tab.input instanceof vscode.TabInputText) seen.set(tab.input.uri.toString(), tab.input.uri);
  }
  return [...seen.values()];
}
