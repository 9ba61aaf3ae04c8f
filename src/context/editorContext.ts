import * as vscode from 'vscode';
import { maskSecrets } from '../core/context/maskSecrets';
import type { CodeContext } from '../core/prompts/prompts';
import { tokensWithin } from '../core/tokens/node/tokenCount';

const CONTEXT_LINES = 8;

export interface TakenCode {
  ctx: CodeContext;
  /** The document range the code came from. */
  range: vscode.Range;
  /** Values masked in `ctx.code`, for `unmaskSecrets`. */
  maskedInCode: string[];
  /** Said to the user: what was taken, what was cut, how many secrets were masked. */
  notes: string[];
}

/** The selection; with none, the enclosing block (the innermost folding range around the cursor) or the line, and a note saying which. */
async function rangeToTake(editor: vscode.TextEditor): Promise<{ range: vscode.Range; note?: string }> {
  if (!editor.selection.isEmpty) return { range: editor.selection };
  const doc = editor.document;
  const line = editor.selection.active.line;
  const folds = (await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri)) ?? [];
  const enclosing = folds.filter((f) => f.start <= line && f.end >= line).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
  if (!enclosing) return { range: doc.lineAt(line).range, note: vscode.l10n.t('No selection: took line {0}.', line + 1) };
  // A folding range stops before the line that closes the block (`}`, `end`, `</div>`).
  let end = enclosing.end;
  if (end + 1 < doc.lineCount && /^\s*([}\])]|end\b|<\/)/.test(doc.lineAt(end + 1).text)) end++;
  return {
    range: new vscode.Range(enclosing.start, 0, end, doc.lineAt(end).text.length),
    note: vscode.l10n.t('No selection: took the enclosing block, lines {0}-{1}.', enclosing.start + 1, end + 1),
  };
}

/** "line 3" or "lines 3–5", as a message in the chat names what was taken. A range that ends at the start of a line does not include that line. */
export function linesLabel({ start, end }: vscode.Range): string {
  const lastLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  return start.line === lastLine ? `line ${start.line + 1}` : `lines ${start.line + 1}–${lastLine + 1}`;
}

/**
 * Takes the code a command works on: the selection, or with none the enclosing block (the
 * innermost folding range around the cursor) or the line. Cuts it to the budget with a note.
 */
export async function takeCode(editor: vscode.TextEditor, budgetTokens: number, mask: boolean, canCut = true): Promise<TakenCode> {
  const doc = editor.document;
  const notes: string[] = [];
  const { range, note } = await rangeToTake(editor);
  if (note) notes.push(note);
  let code = doc.getText(range);
  const maxTokens = Math.max(250, budgetTokens * 0.6);
  const tokens = tokensWithin(code, maxTokens);
  if (tokens > maxTokens) {
    if (!canCut) {
      throw new Error(
        vscode.l10n.t(
          'The selection ({0} characters) is too large for the context budget (parley.contextBudgetTokens = {1}). Select less, or raise the budget.',
          code.length,
          budgetTokens,
        ),
      );
    }
    // Cut in proportion to the tokens, at a line end so no line is left half.
    const maxChars = Math.floor(code.length * (maxTokens / tokens));
    const lineEnd = code.lastIndexOf('\n', maxChars);
    code = code.slice(0, lineEnd > 0 ? lineEnd + 1 : maxChars);
    notes.push(vscode.l10n.t('The code was cut to its first {0} characters to fit the context budget.', code.length));
  }
  const beforeStart = Math.max(0, range.start.line - CONTEXT_LINES);
  const afterEnd = Math.min(doc.lineCount - 1, range.end.line + CONTEXT_LINES);
  let before = doc.getText(new vscode.Range(beforeStart, 0, range.start.line, range.start.character));
  let after = doc.getText(new vscode.Range(range.end, doc.lineAt(afterEnd).range.end));
  let maskedInCode: string[] = [];
  if (mask) {
    let count = 0;
    [code, before, after] = [code, before, after].map((t, i) => {
      const m = maskSecrets(t);
      count += m.count;
      if (i === 0) maskedInCode = m.secrets;
      return m.text;
    });
    if (count > 0) notes.push(vscode.l10n.t('{0} strings that look like secrets were masked (parley.maskSecrets).', count));
  }
  return {
    range,
    maskedInCode,
    ctx: {
      language: doc.languageId,
      path: vscode.workspace.asRelativePath(doc.uri, false),
      code,
      before,
      after,
      note: notes.join(' '),
    },
    notes,
  };
}

/** Lines of code on each side of the cursor that "Generate here" shows the model. */
const GENERATE_CONTEXT_LINES = 40;

/**
 * The code around an insertion point, for "Generate here": no code to change, the lines before
 * and after it for context (secrets masked as for a selection).
 */
export function takeAroundPoint(document: vscode.TextDocument, at: vscode.Position, mask: boolean): TakenCode {
  const first = Math.max(0, at.line - GENERATE_CONTEXT_LINES);
  const last = Math.min(document.lineCount - 1, at.line + GENERATE_CONTEXT_LINES);
  let before = document.getText(new vscode.Range(first, 0, at.line, at.character));
  let after = document.getText(new vscode.Range(at, document.lineAt(last).range.end));
  const notes: string[] = [];
  if (mask) {
    const b = maskSecrets(before);
    const a = maskSecrets(after);
    [before, after] = [b.text, a.text];
    if (b.count + a.count > 0)
      notes.push(vscode.l10n.t('{0} strings that look like secrets were masked (parley.maskSecrets).', b.count + a.count));
  }
  return {
    range: new vscode.Range(at, at),
    maskedInCode: [],
    ctx: {
      language: document.languageId,
      path: vscode.workspace.asRelativePath(document.uri, false),
      code: '',
      before,
      after,
      note: notes.join(' '),
    },
    notes,
  };
}
