import * as vscode from 'vscode';
import { Disposable, DisposableStore } from '../common/dispose';
import { Scheme } from '../common/ids';
import type { PreviewTarget } from './previewTarget';

/**
 * The in-memory `parley-proposal:` documents a preview streams into, and the diff editors that
 * show them beside the file.
 */
export class ProposalDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly proposals = new Map<string, { target: PreviewTarget; listening: vscode.Disposable }>();
  /** Each open proposal's listener on its target, released when the proposal closes. */
  private readonly listeners = this._register(new DisposableStore());
  private readonly didChange = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.didChange.event;

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(Scheme.proposal, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(uri.toString())?.target.document ?? '';
  }

  /** Opens a diff of `file` against the proposal; resolves with the proposal's URI. */
  async open(file: vscode.Uri, proposal: PreviewTarget): Promise<vscode.Uri> {
    // The query keeps two previews of the same file apart.
    const uri = vscode.Uri.from({ scheme: Scheme.proposal, path: file.path, query: Date.now().toString(36) });
    const listening = this.listeners.add(proposal.onDidChange(() => this.didChange.fire(uri)));
    this.proposals.set(uri.toString(), { target: proposal, listening });
    const name = file.path.split('/').pop() ?? 'file';
    await vscode.commands.executeCommand('vscode.diff', file, uri, vscode.l10n.t('{0} ↔ Parley rewrite', name), { preview: false });
    return uri;
  }

  /** Forgets the proposal and closes every diff editor showing it. */
  async close(uri: vscode.Uri): Promise<void> {
    const proposal = this.proposals.get(uri.toString());
    if (proposal) this.listeners.delete(proposal.listening);
    this.proposals.delete(uri.toString());
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === uri.toString()) {
          await vscode.window.tabGroups.close(tab);
        }
      }
    }
  }
}
