import * as vscode from 'vscode';
import { fenceFor } from '../core/context/contextRender';
import { explainPrompt } from '../core/prompts/prompts';
import * as settings from '../common/settings';
import type { ChatPanel } from '../chat/chatPanel';
import { linesLabel, takeCode } from '../context/editorContext';
import { asProblem, problemsAt } from '../context/problems';
import { maskSecrets } from '../core/context/maskSecrets';
import { explainProblemPrompt } from '../core/prompts/problemPrompts';
import { findDefinitions, type FoundDefinitions } from '../context/definitions';
import { exclusionReason } from '../context/exclusion';
import type { CompletionService } from '../connection/completionService';
import { registerCommand, registerEditorCommand } from '../common/commands';
import { Command } from '../common/ids';
import type { LogGetter } from '../common/log';

export interface ExplainDeps {
  chat: ChatPanel;
  service: CompletionService;
  log: LogGetter;
}

/** Explain Selection (palette, context menu, Ctrl+Alt+E), Explain this problem, and the walkthrough's sample. */
export function registerExplain(context: vscode.ExtensionContext, deps: ExplainDeps): void {
  context.subscriptions.push(
    registerEditorCommand(
      Command.explainSelection,
      (editor: vscode.TextEditor) => explainSelection(editor, deps),
      deps.log,
      () => vscode.l10n.t('Open a file and select code to explain.'),
    ),
    registerCommand(Command.explainSample, () => explainSample(deps), deps.log),
    registerEditorCommand(
      Command.explainProblem,
      (editor: vscode.TextEditor, _uri?: vscode.Uri, range?: vscode.Range) => explainProblem(editor, deps.chat, range),
      deps.log,
    ),
  );
}

/** "Explain this problem" (a quick fix): the diagnostics under the cursor and the code around them, to the chat. */
export async function explainProblem(editor: vscode.TextEditor, chat: ChatPanel, range?: vscode.Range): Promise<void> {
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
  const display = [
    `**Explain this problem** \`${path}\` (line ${problems[0].range.start.line + 1})`,
    ...problems.map((p) => `> ${p.message}`),
  ].join('\n\n');
  await chat.ask({ prompt, display });
}

/** Of the request's budget: the code may take 60% (editorContext), definitions of what it uses a quarter. */
const DEFINITIONS_SHARE = 0.25;
/** How long Explain waits for the language servers before it goes without what they have not found. */
export const DEFINITIONS_TIMEOUT_MS = 3000;

/**
 * "Parley: Explain Selection": sends the code to the chat, so follow-ups work there. The chat
 * shows at once; the model's window (asked of the server the first time) and the language
 * servers' answers are waited for after.
 */
export function explainSelection(editor: vscode.TextEditor, { chat, service, log }: ExplainDeps): Promise<void> {
  return chat.ask(async () => {
    const budget = await service.contextBudget();
    const taken = await takeCode(editor, budget.tokens, settings.maskSecrets());
    const prompt = explainPrompt(taken.ctx, settings.promptTemplate('explain'));
    const definitions = await definitionsFor(editor, taken.range, budget.tokens, log);
    if (taken.notes.length > 0) void vscode.window.setStatusBarMessage(`Parley: ${taken.notes.join(' ')}`, 8000);
    const fence = fenceFor(taken.ctx.code);
    const display = [
      `**Explain** \`${taken.ctx.path}\` (${linesLabel(taken.range)})`,
      ...taken.notes.map((n) => `_${n}_`),
      `${fence}${taken.ctx.language}\n${taken.ctx.code}\n${fence}`,
      ...alsoSent(
        definitions.blocks.map((b) => b.label),
        definitions.leftOut,
      ),
    ].join('\n\n');
    return { prompt, display, attached: { context: definitions.blocks } };
  });
}

/** The definitions of what the code uses, within their share of the budget, as far as the language servers answer in time. */
async function definitionsFor(
  editor: vscode.TextEditor,
  range: vscode.Range,
  budgetTokens: number,
  log: LogGetter,
): Promise<FoundDefinitions> {
  const started = Date.now();
  const definitions = await findDefinitions(editor.document, range, {
    budgetTokens: Math.floor(budgetTokens * DEFINITIONS_SHARE),
    maxEachTokens: Math.max(200, Math.floor((budgetTokens * DEFINITIONS_SHARE) / 2)),
    mask: settings.maskSecrets(),
    timeoutMs: DEFINITIONS_TIMEOUT_MS,
    // A definition in a git-ignored or excluded file (.env, keys) never goes unasked.
    excluded: exclusionReason,
  });
  log().info(
    `explain: ${definitions.blocks.length} definitions in ${Date.now() - started} ms${definitions.leftOut ? `, ${definitions.leftOut} left out for the budget` : ''}${definitions.timedOut ? ', the language servers did not all answer in time' : ''}`,
  );
  return definitions;
}

/** "Also sent: `area` (src/geometry.ts:1-3), …", the definitions that went with the code. */
function alsoSent(labels: string[], leftOut: number): string[] {
  const lines: string[] = [];
  if (labels.length > 0) lines.push(`_${vscode.l10n.t('Also sent: {0}.', labels.map((l) => `\`${l}\``).join(', '))}_`);
  if (leftOut > 0) lines.push(`_${vscode.l10n.t('{0} more definitions were left out to fit the context budget.', leftOut)}_`);
  return lines;
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
export async function explainSample(deps: ExplainDeps): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ content: SAMPLE, language: 'javascript' });
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(0, 0, doc.lineCount - 1, 0);
  await explainSelection(editor, deps);
}
