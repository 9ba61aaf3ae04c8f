import * as vscode from 'vscode';
import { REWRITE_SYSTEM_PROMPT, rewritePrompt } from '../core/prompts';
import type { CompletionService } from '../connection/completionService';
import * as settings from '../common/settings';
import { takeCode } from '../context/editorContext';
import { pickInstruction } from './instructionPicker';
import { RewriteSession } from './rewriteSession';

const PENDING_CONTEXT = 'parley.rewritePending';
export const PROPOSAL_SCHEME = 'parley-proposal';

/**
 * "Parley: Rewrite Selection…": one session per document, Accept/Reject as CodeLens and
 * keybindings, progress in the status bar.
 */
export class RewriteController implements vscode.Disposable, vscode.CodeLensProvider, vscode.TextDocumentContentProvider {
  private readonly sessions = new Map<vscode.TextDocument, RewriteSession>();
  /** Preview mode: the in-memory documents the diff editor shows, by their URI. */
  private readonly proposals = new Map<string, RewriteSession>();
  private readonly proposalChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.proposalChanged.event;
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly status = vscode.window.createStatusBarItem('parley.rewrite', vscode.StatusBarAlignment.Left, 100);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly service: CompletionService,
    private readonly state: vscode.Memento,
  ) {
    this.status.name = 'Parley Rewrite';
    this.disposables.push(
      this.decoration,
      this.lensesChanged,
      this.status,
      vscode.languages.registerCodeLensProvider({ scheme: '*' }, this),
      this.proposalChanged,
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      vscode.commands.registerCommand('parley.rewriteSelection', (instruction?: unknown) => this.start(typeof instruction === 'string' ? instruction : undefined)),
      vscode.commands.registerCommand('parley.acceptRewrite', (uri?: vscode.Uri) => this.sessionFor(uri)?.accept()),
      vscode.commands.registerCommand('parley.rejectRewrite', (uri?: vscode.Uri) => this.sessionFor(uri)?.reject()),
    );
  }

  session(document: vscode.TextDocument): RewriteSession | undefined {
    return this.sessions.get(document);
  }

  private sessionFor(uri?: vscode.Uri): RewriteSession | undefined {
    uri ??= vscode.window.activeTextEditor?.document.uri;
    if (!uri) return undefined;
    const proposal = this.proposals.get(uri.toString());
    if (proposal) return proposal;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri!.toString());
    return doc ? this.sessions.get(doc) : undefined;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(uri.toString())?.proposedDocument() ?? '';
  }

  private async openPreview(session: RewriteSession): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: session.document.uri.path, query: Date.now().toString(36) });
    this.proposals.set(uri.toString(), session);
    session.onDidUpdateProposal(() => this.proposalChanged.fire(uri));
    const name = session.document.uri.path.split('/').pop() ?? 'file';
    await vscode.commands.executeCommand('vscode.diff', session.document.uri, uri, vscode.l10n.t('{0} ↔ Parley rewrite', name), { preview: false });
    return uri;
  }

  private async closePreview(uri: vscode.Uri): Promise<void> {
    this.proposals.delete(uri.toString());
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === uri.toString()) {
          await vscode.window.tabGroups.close(tab);
        }
      }
    }
  }

  /** Starts a rewrite of the active editor's selection; resolves when the reply has ended. */
  async start(instruction?: string): Promise<RewriteSession | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a file and select the code to rewrite.'));
      return undefined;
    }
    const document = editor.document;
    if (this.sessions.get(document)?.active) {
      void vscode.window.showWarningMessage(vscode.l10n.t('A rewrite is already in progress in this file: accept or reject it first.'));
      return undefined;
    }
    try {
      this.service.requireProfile();
      const taken = await takeCode(editor, settings.contextBudgetTokens(), settings.maskSecrets(), false);
      if (!taken.ctx.code.trim()) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select the code to rewrite: the selection is empty.'));
        return undefined;
      }
      instruction ??= await pickInstruction(this.state);
      if (!instruction) return undefined;
      // The editor may have changed while the picker was open: take the code again, now.
      const now = await takeCode(editor, settings.contextBudgetTokens(), settings.maskSecrets(), false);
      const range = now.range;
      const tabSize = typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4;
      const shape = {
        original: document.getText(range),
        eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' as const : '\n' as const,
        linePrefix: document.lineAt(range.start.line).text.slice(0, range.start.character),
        tabSize,
        languageId: document.languageId,
      };
      const preview = settings.rewriteMode() === 'diff';
      const session = new RewriteSession(document, range, shape, now.maskedInCode, this.decoration, preview);
      this.sessions.set(document, session);
      const previewUri = preview ? await this.openPreview(session) : undefined;
      session.onDidChange(() => {
        this.onSessionChange(session);
        if (previewUri && !session.active) void this.closePreview(previewUri);
      });
      this.onSessionChange(session);
      const messages = [
        { role: 'system' as const, content: REWRITE_SYSTEM_PROMPT },
        { role: 'user' as const, content: rewritePrompt(now.ctx, instruction, settings.promptTemplate('rewrite')) },
      ];
      await session.run(this.service, messages);
      return session;
    } catch (e) {
      void vscode.window.showErrorMessage(`Parley: ${(e as Error).message}`);
      return undefined;
    }
  }

  private onSessionChange(session: RewriteSession): void {
    if (!session.active && this.sessions.get(session.document) === session) this.sessions.delete(session.document);
    switch (session.status) {
      case 'failed':
        void vscode.window.showErrorMessage(vscode.l10n.t('Parley: the rewrite failed and your code was restored. {0}', session.error ?? ''));
        break;
      case 'conflict':
        void vscode.window.showWarningMessage(vscode.l10n.t('Parley stopped the rewrite because you edited inside it. Your text is as you left it; Undo steps back to the original.'));
        break;
      case 'empty':
        void vscode.window.showInformationMessage(vscode.l10n.t('Parley: the model replied with no code, so nothing changed.'));
        break;
      case 'pending':
        if (session.finishReason === 'length') {
          void vscode.window.showWarningMessage(vscode.l10n.t('Parley: the rewrite was cut off at the token limit. Review it before accepting.'));
        }
        break;
    }
    const streaming = [...this.sessions.values()].some((s) => s.status === 'streaming');
    if (streaming) {
      this.status.text = `$(loading~spin) ${vscode.l10n.t('Parley: rewriting…')}`;
      this.status.tooltip = vscode.l10n.t('Click to stop the rewrite and restore the original');
      this.status.command = 'parley.rejectRewrite';
      this.status.show();
    } else {
      this.status.hide();
    }
    this.updateContext();
    this.lensesChanged.fire();
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', PENDING_CONTEXT, !!this.sessionFor()?.active);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const session = this.sessions.get(document);
    if (!session?.active) return [];
    const at = new vscode.Range(session.range.start.line, 0, session.range.start.line, 0);
    if (session.status === 'streaming') {
      return [new vscode.CodeLens(at, { title: `$(loading~spin) ${vscode.l10n.t('Rewriting… Stop (Esc)')}`, command: 'parley.rejectRewrite', arguments: [document.uri] })];
    }
    const lenses = [
      new vscode.CodeLens(at, { title: `$(check) ${vscode.l10n.t('Accept (Ctrl+Enter)')}`, command: 'parley.acceptRewrite', arguments: [document.uri] }),
      new vscode.CodeLens(at, { title: `$(discard) ${vscode.l10n.t('Reject (Esc)')}`, command: 'parley.rejectRewrite', arguments: [document.uri] }),
    ];
    if (session.finishReason === 'length') {
      lenses.push(new vscode.CodeLens(at, { title: `$(warning) ${vscode.l10n.t('Cut off at the token limit')}`, command: '' }));
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.sessions.values()) void s.reject();
    this.disposables.forEach((d) => d.dispose());
  }
}
