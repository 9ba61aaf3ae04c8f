import * as vscode from 'vscode';
import { registerCommand } from '../common/commands';
import { Disposable, DisposableStore } from '../common/dispose';
import { Command } from '../common/ids';
import * as settings from '../common/settings';
import type { CompletionService } from '../connection/completionService';
import { takeAroundPoint, takeCode, type TakenCode } from '../context/editorContext';
import { GENERATE_SYSTEM_PROMPT, generatePrompt, indentBetween } from '../core/prompts/generateHere';
import { REWRITE_SYSTEM_PROMPT, rewritePrompt } from '../core/prompts/prompts';
import type { SelectionShape } from '../core/rewrite/rewriteText';
import { InlineTarget } from './inlineTarget';
import { pickInstruction } from './instructionPicker';
import { PreviewTarget } from './previewTarget';
import type { ProposalDocuments } from './proposalDocuments';
import { RewriteSession } from './rewriteSession';
import type { ReviewUndo } from './reviewUndo';
import type { RewriteSessions } from './rewriteSessions';
import { TrackedRegion } from './trackedRegion';

export interface RewriteDeps {
  service: CompletionService;
  /** Where instructions used recently are kept. */
  state: vscode.Memento;
  log: () => vscode.LogOutputChannel;
}

/** Rewrite Selection, Accept and Reject: the commands, and starting a session. */
export class RewriteCommands extends Disposable {
  /** Each diff preview's wait for its session to end (to close the diff editor), released when it has. */
  private readonly closing = this._register(new DisposableStore());

  constructor(
    private readonly sessions: RewriteSessions,
    private readonly proposals: ProposalDocuments,
    private readonly reviews: ReviewUndo,
    private readonly deps: RewriteDeps,
  ) {
    super();
    this._register(
      registerCommand(
        Command.rewriteSelection,
        (instruction?: unknown) => this.start(typeof instruction === 'string' ? instruction : undefined),
        deps.log,
      ),
    );
    this._register(
      registerCommand(
        Command.generateHere,
        (instruction?: unknown) => this.start(typeof instruction === 'string' ? instruction : undefined, 'generate'),
        deps.log,
      ),
    );
    this._register(registerCommand(Command.acceptRewrite, (uri?: vscode.Uri) => sessions.at(uri)?.accept(), deps.log));
    this._register(registerCommand(Command.rejectRewrite, (uri?: vscode.Uri) => sessions.at(uri)?.reject(), deps.log));
  }

  /**
   * Starts a rewrite of the active editor's selection; resolves when the reply has ended. With
   * no selection: on a blank line, code is generated there ("Generate here"); on a line of code,
   * the enclosing block is rewritten. `mode` forces one or the other. A failure (no profile, a
   * selection too large) is thrown to the command that called it, which reports it.
   */
  async start(instruction?: string, mode: 'auto' | 'rewrite' | 'generate' = 'auto'): Promise<RewriteSession | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a file and select the code to rewrite.'));
      return undefined;
    }
    if (this.sessions.get(editor.document)?.active) {
      void vscode.window.showWarningMessage(vscode.l10n.t('A rewrite is already in progress in this file: accept or reject it first.'));
      return undefined;
    }
    const blankLine = editor.selection.isEmpty && editor.document.lineAt(editor.selection.active.line).isEmptyOrWhitespace;
    if (mode === 'generate' || (mode === 'auto' && blankLine)) return this.generate(editor, instruction);
    this.deps.service.requireProfile();
    const taken = await take(editor);
    if (!taken.ctx.code.trim()) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select the code to rewrite: the selection is empty.'));
      return undefined;
    }
    instruction ??= await pickInstruction(this.deps.state);
    if (!instruction) return undefined;
    // The editor may have changed while the picker was open: take the code again, now.
    const now = await take(editor);
    const session = await this.begin(editor, now);
    const messages = [
      { role: 'system' as const, content: REWRITE_SYSTEM_PROMPT },
      { role: 'user' as const, content: rewritePrompt(now.ctx, instruction, settings.promptTemplate('rewrite')) },
    ];
    await session.run(this.deps.service, messages);
    return session;
  }

  /**
   * "Generate here": code written at the cursor, indented to it, with the same review. On a
   * blank line it takes that line's place; on a line of code it goes on a new line below.
   * Reject takes it out to the byte.
   */
  private async generate(editor: vscode.TextEditor, instruction?: string): Promise<RewriteSession | undefined> {
    this.deps.service.requireProfile();
    instruction ??= await pickInstruction(this.deps.state, 'generate');
    if (!instruction) return undefined;
    const document = editor.document;
    const line = document.lineAt(editor.selection.active.line);
    const unit =
      editor.options.insertSpaces === false ? '\t' : ' '.repeat(typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4);
    const blank = line.isEmptyOrWhitespace;
    const indent =
      blank && line.text.length > 0
        ? line.text
        : indentBetween(nearestCode(document, line.lineNumber, -1, !blank), nearestCode(document, line.lineNumber, 1, false), unit);
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const range = blank ? line.range : new vscode.Range(line.range.end, line.range.end);
    const taken = takeAroundPoint(document, range.end, settings.maskSecrets());
    const shape = { ...shapeOf(editor, range), linePrefix: '', indentUnit: unit };
    const region = new TrackedRegion(document, range);
    const session = new RewriteSession(region, this.inlineTarget(region, shape), shape, [], { lead: (blank ? '' : eol) + indent, indent });
    this.sessions.add(session);
    await session.run(this.deps.service, [
      { role: 'system', content: GENERATE_SYSTEM_PROMPT },
      { role: 'user', content: generatePrompt(taken.ctx, instruction) },
    ]);
    return session;
  }

  /**
   * The same inline review for a text already known (an agent's edit): `range` of `document`
   * becomes `text`, change by change, with no request. Show the document in an editor first, so
   * the whole review is one undo step. Throws when a review is open in the document already.
   */
  async review(document: vscode.TextDocument, range: vscode.Range, text: string): Promise<RewriteSession> {
    if (this.sessions.get(document)?.active) throw new Error('A rewrite or an edit is being reviewed in this file already.');
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const shape: SelectionShape = { original: document.getText(range), eol, linePrefix: '', tabSize: 4, languageId: document.languageId };
    const region = new TrackedRegion(document, range);
    const session = new RewriteSession(region, this.inlineTarget(region, shape), shape, []);
    // Added once shown: a review that starts whole never shows "Rewriting…" on the way.
    await session.propose(text);
    this.sessions.add(session);
    return session;
  }

  private inlineTarget(region: TrackedRegion, shape: SelectionShape): InlineTarget {
    return new InlineTarget(region, shape.original, shape.eol, this.reviews.begin(region.document, shape.original));
  }

  /** A session on the taken range, in the mode the settings ask for, registered and shown. */
  private async begin(editor: vscode.TextEditor, taken: TakenCode): Promise<RewriteSession> {
    const shape = shapeOf(editor, taken.range);
    const region = new TrackedRegion(editor.document, taken.range);
    if (settings.rewriteMode() !== 'diff') {
      const session = new RewriteSession(region, this.inlineTarget(region, shape), shape, taken.maskedInCode);
      this.sessions.add(session);
      return session;
    }
    const preview = new PreviewTarget(region, shape.original);
    const session = new RewriteSession(region, preview, shape, taken.maskedInCode);
    this.sessions.add(session);
    const uri = await this.proposals.open(editor.document.uri, preview);
    if (!session.active) {
      void this.proposals.close(uri); // it ended while the diff editor opened
      return session;
    }
    this.sessions.addProposal(uri, session);
    const closeWhenDone = this.closing.add(
      session.onDidChange(() => {
        if (session.active) return;
        void this.proposals.close(uri);
        this.closing.delete(closeWhenDone);
      }),
    );
    return session;
  }
}

/** The nearest line with code from `line` going `step` (itself included when `self`), or undefined at the file's end. */
function nearestCode(document: vscode.TextDocument, line: number, step: 1 | -1, self: boolean): string | undefined {
  for (let i = self ? line : line + step; i >= 0 && i < document.lineCount; i += step) {
    if (!document.lineAt(i).isEmptyOrWhitespace) return document.lineAt(i).text;
  }
  return undefined;
}

function take(editor: vscode.TextEditor): Promise<TakenCode> {
  return takeCode(editor, settings.contextBudgetTokens(), settings.maskSecrets(), false);
}

/** What the reply is cleaned against: the original text and how it sits in the file. */
function shapeOf(editor: vscode.TextEditor, range: vscode.Range): SelectionShape {
  const document = editor.document;
  return {
    original: document.getText(range),
    eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    linePrefix: document.lineAt(range.start.line).text.slice(0, range.start.character),
    tabSize: typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4,
    languageId: document.languageId,
  };
}
