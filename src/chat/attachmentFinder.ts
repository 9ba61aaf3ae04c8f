import * as vscode from 'vscode';
import type { ContextBlock } from '../core/types';
import type { UserPrompts } from '../common/userPrompts';
import { changesBlock, documentBlock, fileBlock, openEditorUris, problemsBlock, selectionBlock } from '../context/attachmentSources';
import { exclusionReason } from '../context/exclusion';
import type { AttachKind } from '../shared/attachProtocol';
import { pickWorkspaceFiles } from './filePicker';

/** Where what was found goes (the tray's chips), and where "there is nothing to attach" is said. */
export interface AttachmentSink {
  addBlock(block: ContextBlock): void;
  tell(message: string): void;
}

/**
 * Finds what the user asked to attach (`#file`, `#selection`, `#problems`, `#changes`,
 * `#editors`, dropped files) and hands each block to the tray. It keeps no state: the chips
 * are the tray's.
 */
export class AttachmentFinder {
  constructor(
    private readonly prompts: UserPrompts,
    private readonly sink: AttachmentSink,
  ) {}

  async attach(what: AttachKind): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    switch (what) {
      case 'file': {
        for (const uri of await pickWorkspaceFiles()) await this.attachUri(uri);
        return;
      }
      case 'selection': {
        const block = editor && selectionBlock(editor);
        return block ? this.sink.addBlock(block) : this.sink.tell(vscode.l10n.t('Select some code in an editor first.'));
      }
      case 'problems':
      case 'problemsAll': {
        const block = problemsBlock(what === 'problems' ? editor?.document.uri : undefined);
        return block ? this.sink.addBlock(block) : this.sink.tell(vscode.l10n.t('There are no problems to attach.'));
      }
      case 'changes': {
        const block = await changesBlock(editor ? [editor.document.uri] : []);
        if (block === 'no git')
          return this.sink.tell(vscode.l10n.t('Changes come from the built-in Git extension, which is disabled or not installed.'));
        return block ? this.sink.addBlock(block) : this.sink.tell(vscode.l10n.t('There are no staged or working-tree changes.'));
      }
      case 'editors': {
        const uris = openEditorUris();
        if (uris.length === 0) return this.sink.tell(vscode.l10n.t('No editors are open.'));
        for (const uri of uris) await this.attachUri(uri, 'editors');
        return;
      }
    }
  }

  /** Files dropped on the page, as the browser named them. */
  async attachDropped(uris: string[]): Promise<void> {
    for (const raw of uris) await this.attachUri(workspaceUri(raw));
  }

  /** Attaches a file, after asking when it is excluded from context. */
  private async attachUri(uri: vscode.Uri, kind: 'file' | 'editors' = 'file'): Promise<void> {
    const stat = await vscode.workspace.fs.stat(uri).then(
      (s) => s,
      () => undefined,
    );
    if (uri.scheme === 'file' && (!stat || stat.type & vscode.FileType.Directory)) return;
    const reason = await exclusionReason(uri);
    if (reason && !(await this.confirmExcluded(vscode.workspace.asRelativePath(uri, false), reason))) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    this.sink.addBlock(open ? documentBlock(open, kind) : { ...(await fileBlock(uri)), kind });
  }

  /** Asks before an excluded file is attached: it may hold secrets. */
  private confirmExcluded(path: string, reason: string): Thenable<boolean> {
    return this.prompts.confirm(
      vscode.l10n.t('Attach {0}? It is excluded from context because {1}; it may hold secrets.', path, reason),
      vscode.l10n.t('Attach'),
    );
  }
}

/** A dropped URI as the extension host knows it: the browser's `vscode-remote://` becomes `file:`. */
function workspaceUri(raw: string): vscode.Uri {
  const uri = vscode.Uri.parse(raw);
  return uri.scheme === 'vscode-remote' ? vscode.Uri.file(uri.path) : uri;
}
