import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import { Scheme } from '../common/ids';
import type { PreviewTarget } from './previewTarget';

/**
 * The in-memory `parley-proposal:` documents a preview streams into, and the diff editors that
 * show them beside the file.
 */
export class ProposalDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly proposals = new Map<string, PreviewTarget>();
  private readonly didChange = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.didChange.event;

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(Scheme.proposal, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(uri.toString())?.document ?? '';
  }

  /** Opens a diff of `file` against the proposal; resolves with the proposal's URI. */
  async open(file: vscode.Uri, proposal: PreviewTarget): Promise<vscode.Uri> {
    // The query keeps two previews of the same file apart.
    const uri = vscode.Uri.from({ scheme: Scheme.proposal, path: file.path, query: Date.now().toString(36) });
    this.proposals.set(uri.toString(), proposal);
    proposal.onDidChange(() => this.didChange.fire(uri));
    const name = file.path.split('/').pop() ?? 'file';
    await vscode.commands.executeCommand('vscode.diff', file, uri, vscode.l10n.t('{0} ↔ Parley rewrite', name), { preview: false });
    return uri;
  }

  /** Forgets the proposal and closes every diff editor showing it. */
  async close(uri: vscode.Uri): Promise<void> {
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
