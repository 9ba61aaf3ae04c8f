import * as vscode from 'vscode';
import type { Problem } from '../core/prompts/problemPrompts';

/** The diagnostics on `range` in `document` (the cursor's line when the range is empty), most severe first. */
export function problemsAt(document: vscode.TextDocument, range: vscode.Range): vscode.Diagnostic[] {
  const lines = range.isEmpty ? document.lineAt(range.start.line).range : range;
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((d) => d.range.intersection(lines) !== undefined)
    .sort((a, b) => a.severity - b.severity);
}

const SEVERITY: Record<vscode.DiagnosticSeverity, Problem['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** A diagnostic as the prompts describe it. */
export function asProblem(d: vscode.Diagnostic): Problem {
  const code = typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
  return { line: d.range.start.line + 1, message: d.message, severity: SEVERITY[d.severity], source: d.source, code };
}
