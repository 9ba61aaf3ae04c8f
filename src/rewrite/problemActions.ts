import * as vscode from 'vscode';
import { registerEditorCommand } from '../common/commands';
import { Disposable } from '../common/dispose';
import { Command } from '../common/ids';
import type { LogGetter } from '../common/log';
import { asProblem, problemsAt } from '../context/problems';
import { fixInstruction } from '../core/prompts/problemPrompts';

/**
 * "Fix with Parley" and "Explain this problem" as quick fixes on the diagnostics under the
 * cursor or selection. The provider is registered when Parley activates (it is not active at
 * start-up), so the lightbulb offers them once Parley has been used in the window; the editor
 * context menu's "Fix with Parley" works from the first moment.
 */
export class ProblemActions extends Disposable implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly rewrite: (instruction: string, mode: 'rewrite') => Promise<unknown>,
    log: LogGetter,
  ) {
    super();
    this._register(vscode.languages.registerCodeActionsProvider({ scheme: '*' }, this, { providedCodeActionKinds: ProblemActions.kinds }));
    this._register(
      registerEditorCommand(
        Command.fixWithParley,
        (editor: vscode.TextEditor, _uri?: vscode.Uri, range?: vscode.Range) => this.fix(editor, range),
        log,
      ),
    );
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const diagnostics = context.diagnostics.length ? [...context.diagnostics] : problemsAt(document, range);
    if (!diagnostics.length || (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix))) return [];
    const fix = new vscode.CodeAction(vscode.l10n.t('Fix with Parley'), vscode.CodeActionKind.QuickFix);
    fix.diagnostics = diagnostics;
    fix.command = { title: fix.title, command: Command.fixWithParley, arguments: [document.uri, range] };
    const explain = new vscode.CodeAction(vscode.l10n.t('Explain this problem with Parley'), vscode.CodeActionKind.QuickFix);
    explain.diagnostics = diagnostics;
    // The chat lives in another folder: it is reached by its command id only.
    explain.command = { title: explain.title, command: Command.explainProblem, arguments: [document.uri, range] };
    return [fix, explain];
  }

  /** Rewrites the block around the problems (or the selection holding them) with their messages as the instruction. */
  private async fix(editor: vscode.TextEditor, range?: vscode.Range): Promise<unknown> {
    if (editor !== vscode.window.activeTextEditor) await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    const where = range ?? editor.selection;
    const problems = problemsAt(editor.document, where);
    if (!problems.length) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Parley: no problem is reported here. Put the cursor on a squiggle, or select the code with the problem.'),
      );
      return undefined;
    }
    // A selection holding the problems is what gets rewritten; otherwise the block around the first one.
    const selection = editor.selection;
    if (selection.isEmpty || !problems.some((p) => selection.contains(p.range))) {
      const at = problems[0].range.start;
      editor.selection = new vscode.Selection(at, at);
    }
    return this.rewrite(fixInstruction(problems.map(asProblem)), 'rewrite');
  }
}
