import * as vscode from 'vscode';
import { cleanCompletion } from '../core/autocomplete/completionCleanup';

/** Near the cursor is enough to clean a reply (its line, the block, the suffix's first lines). */
const CLEANUP_CHARS = 4000;

/**
 * Where the suggestion goes. With the suggest widget open, VS Code shows grey text only if it
 * extends the item selected there: the model is asked as if that item were accepted, and the
 * suggestion replaces the item's range with the item's text and what follows.
 */
export interface Spot {
  text: string;
  offset: number;
  range: vscode.Range;
  lead: string;
}

export function spotOf(document: vscode.TextDocument, position: vscode.Position, selected?: vscode.SelectedCompletionInfo): Spot {
  const text = document.getText();
  if (!selected) return { text, offset: document.offsetAt(position), range: new vscode.Range(position, position), lead: '' };
  const start = document.offsetAt(selected.range.start);
  const end = document.offsetAt(selected.range.end);
  return {
    text: text.slice(0, start) + selected.text + text.slice(end),
    offset: start + selected.text.length,
    range: selected.range,
    lead: selected.text,
  };
}

export function cleaned(document: vscode.TextDocument, text: string, offset: number, completion: string): string | undefined {
  return cleanCompletion({
    prefix: text.slice(Math.max(0, offset - CLEANUP_CHARS), offset),
    suffix: text.slice(offset, offset + CLEANUP_CHARS),
    completion,
    languageId: document.languageId,
    eol: eolOf(document),
    tabSize: tabSizeOf(document),
  });
}

export function eolOf(document: vscode.TextDocument): '\n' | '\r\n' {
  return document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}

function tabSizeOf(document: vscode.TextDocument): number {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const size = editor?.options.tabSize;
  return typeof size === 'number' ? size : 4;
}

/** Waits `ms` unless the keystroke after cancels first: true when the wait ran out. */
export function waitUnlessCancelled(ms: number, token: vscode.CancellationToken): Promise<boolean> {
  if (token.isCancellationRequested) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(true);
    }, ms);
    const listener = token.onCancellationRequested(() => {
      clearTimeout(timer);
      listener.dispose();
      resolve(false);
    });
  });
}
