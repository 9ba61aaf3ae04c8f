import * as vscode from 'vscode';
import { implicitAllowed } from '../core/context/contextPrivacy';
import { renderBlock } from '../core/context/contextRender';
import { countTokens } from '../core/tokens/node/tokenCount';
import type { ContextBlock, ImageAttachment } from '../core/types';
import * as settings from '../common/settings';
import { Disposable } from '../common/dispose';
import type { UserPrompts } from '../common/userPrompts';
import {
  changesBlock,
  currentFileBlock,
  documentBlock,
  fileBlock,
  openEditorUris,
  problemsBlock,
  selectionBlock,
} from '../context/attachmentSources';
import { exclusionReason } from '../context/exclusion';
import type { AttachKind, AttachMessage, AttachmentView } from '../shared/attachProtocol';
import { pickWorkspaceFiles } from './filePicker';

interface Pending {
  view: AttachmentView;
  block?: ContextBlock;
  image?: ImageAttachment;
}

/** What the next message carries, taken (and cleared) when it is sent. */
export interface Attached {
  context?: ContextBlock[];
  images?: ImageAttachment[];
}

/**
 * The chips above the chat input: what the user attached (`#file`, `#selection`, …, dropped
 * files, pasted images) and the current file, which goes implicitly while its chip is on.
 * Token counts are filled in after the chips show, so the tokenizer's first load never delays them.
 */
export class AttachmentTray extends Disposable {
  private items: Pending[] = [];
  private nextId = 1;
  private currentOn = true;
  private live = false;
  private currentTokens?: { key: string; tokens: number };
  /** Whether each file seen as the current file is excluded from context (checked once, async). */
  private readonly excluded = new Map<string, boolean>();
  private countTimer?: ReturnType<typeof setTimeout>;
  private readonly emitter = this._register(new vscode.EventEmitter<AttachmentView[]>());
  readonly onDidChange = this.emitter.event;
  /** What the user was told (nothing to attach, git unavailable), for the tests. */
  readonly notices: string[] = [];
  constructor(private readonly prompts: UserPrompts) {
    super();
    const changed = () => this.changed();
    this._register(vscode.window.onDidChangeActiveTextEditor(changed));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(changed));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('parley.context') || e.affectsConfiguration('files.exclude')) this.excluded.clear();
        if (e.affectsConfiguration('parley.context')) changed();
      }),
    );
  }

  /** The chips as the view shows them. Until the view first asks, nothing is checked or counted. */
  views(): AttachmentView[] {
    this.live = true;
    const current = this.currentEditor();
    const chip: AttachmentView[] = current
      ? [
          {
            id: 'current',
            kind: 'currentFile',
            label: vscode.workspace.asRelativePath(current.document.uri, false),
            on: this.currentOn,
            tokens: this.currentCount(current),
          },
        ]
      : [];
    return [...chip, ...this.items.map((i) => i.view)];
  }

  async handle(message: AttachMessage): Promise<void> {
    switch (message.type) {
      case 'attach':
        return this.attach(message.what);
      case 'attachUris': {
        for (const raw of message.uris) await this.attachUri(workspaceUri(raw));
        return;
      }
      case 'attachImage': {
        const image: ImageAttachment = { name: message.name, mimeType: message.mimeType, dataUrl: message.dataUrl };
        return this.add({ view: { id: this.id(), kind: 'image', label: message.name, thumbnail: message.dataUrl }, image });
      }
      case 'detach':
        this.items = this.items.filter((i) => i.view.id !== message.id);
        return this.changed();
      case 'toggleCurrentFile':
        this.currentOn = !this.currentOn;
        return this.changed();
      case 'resendWithoutImages':
        return; // the chat controller's job
    }
  }

  async attach(what: AttachKind): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    switch (what) {
      case 'file': {
        for (const uri of await pickWorkspaceFiles()) await this.attachUri(uri);
        return;
      }
      case 'selection': {
        const block = editor && selectionBlock(editor);
        return block ? this.addBlock(block) : this.tell(vscode.l10n.t('Select some code in an editor first.'));
      }
      case 'problems':
      case 'problemsAll': {
        const block = problemsBlock(what === 'problems' ? editor?.document.uri : undefined);
        return block ? this.addBlock(block) : this.tell(vscode.l10n.t('There are no problems to attach.'));
      }
      case 'changes': {
        const block = await changesBlock(editor ? [editor.document.uri] : []);
        if (block === 'no git')
          return this.tell(vscode.l10n.t('Changes come from the built-in Git extension, which is disabled or not installed.'));
        return block ? this.addBlock(block) : this.tell(vscode.l10n.t('There are no staged or working-tree changes.'));
      }
      case 'editors': {
        const uris = openEditorUris();
        if (uris.length === 0) return this.tell(vscode.l10n.t('No editors are open.'));
        for (const uri of uris) await this.attachUri(uri, 'editors');
        return;
      }
    }
  }

  /** Attaches a file, after asking when it is excluded from context. */
  async attachUri(uri: vscode.Uri, kind: 'file' | 'editors' = 'file'): Promise<void> {
    const stat = await vscode.workspace.fs.stat(uri).then(
      (s) => s,
      () => undefined,
    );
    if (uri.scheme === 'file' && (!stat || stat.type & vscode.FileType.Directory)) return;
    const reason = await exclusionReason(uri);
    if (reason && !(await this.confirmExcluded(vscode.workspace.asRelativePath(uri, false), reason))) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    await this.addBlock(open ? documentBlock(open, kind) : { ...(await fileBlock(uri)), kind });
  }

  /** Asks before an excluded file is attached: it may hold secrets. */
  private confirmExcluded(path: string, reason: string): Thenable<boolean> {
    return this.prompts.confirm(
      vscode.l10n.t('Attach {0}? It is excluded from context because {1}; it may hold secrets.', path, reason),
      vscode.l10n.t('Attach'),
    );
  }

  /**
   * Takes what the next message carries: the attached items (cleared) and, while its chip is
   * on and it may go implicitly, the current file as it is now.
   */
  take(): Attached {
    const current = this.currentEditor();
    const context = [
      ...(current && this.currentOn ? [currentFileBlock(current)] : []),
      ...this.items.flatMap((i) => (i.block ? [i.block] : [])),
    ];
    const images = this.items.flatMap((i) => (i.image ? [i.image] : []));
    this.items = [];
    this.changed();
    return { context: context.length ? context : undefined, images: images.length ? images : undefined };
  }

  /** The editor whose file would go implicitly: only with the setting on, in a trusted workspace. */
  private currentEditor(): vscode.TextEditor | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !['file', 'untitled', 'vscode-remote'].includes(editor.document.uri.scheme)) return undefined;
    const key = editor.document.uri.toString();
    const excluded = this.excluded.get(key);
    if (excluded === undefined) {
      // Hidden until the check (git may take a moment) says it may go.
      this.excluded.set(key, true);
      void exclusionReason(editor.document.uri).then((reason) => {
        this.excluded.set(key, !!reason);
        if (!reason) this.changed();
      });
    }
    const allowed = implicitAllowed({
      trusted: vscode.workspace.isTrusted,
      enabled: settings.contextCurrentFile(),
      excluded: excluded !== false,
    });
    return allowed ? editor : undefined;
  }

  private currentCount(editor: vscode.TextEditor): number | undefined {
    const key = `${editor.document.uri.toString()}@${editor.document.version}`;
    return this.currentTokens?.key === key ? this.currentTokens.tokens : undefined;
  }

  private id(): string {
    return `a${this.nextId++}`;
  }

  private addBlock(block: ContextBlock): void {
    // The same thing attached twice is one chip, with the newer text.
    this.items = this.items.filter((i) => !(i.block && i.block.kind === block.kind && i.block.label === block.label));
    this.add({ view: { id: this.id(), kind: block.kind === 'definition' ? 'file' : block.kind, label: block.label }, block });
  }

  private add(item: Pending): void {
    this.items.push(item);
    this.changed();
  }

  private tell(message: string): void {
    this.notices.push(message);
    void vscode.window.showInformationMessage(message);
  }

  private changed(): void {
    if (!this.live) return;
    this.emitter.fire(this.views());
    this.scheduleCounts();
  }

  /** Counts tokens after the chips are shown (the first count loads the tokenizer). */
  private scheduleCounts(): void {
    if (this.countTimer) clearTimeout(this.countTimer);
    this.countTimer = setTimeout(() => {
      this.countTimer = undefined;
      if (!this.isDisposed && this.countNow()) this.emitter.fire(this.views());
    }, 50);
  }

  /** Counts the chips not counted yet; true when any was. Public for the bench. */
  countNow(): boolean {
    let counted = false;
    for (const item of this.items) {
      if (item.view.tokens !== undefined || !item.block) continue;
      item.view.tokens = countTokens(renderBlock(item.block));
      counted = true;
    }
    const current = this.currentEditor();
    if (current && this.currentCount(current) === undefined) {
      const key = `${current.document.uri.toString()}@${current.document.version}`;
      this.currentTokens = { key, tokens: countTokens(renderBlock(currentFileBlock(current))) };
      counted = true;
    }
    return counted;
  }

  override dispose(): void {
    if (this.countTimer) clearTimeout(this.countTimer);
    super.dispose();
  }
}

/** A dropped URI as the extension host knows it: the browser's `vscode-remote://` becomes `file:`. */
function workspaceUri(raw: string): vscode.Uri {
  const uri = vscode.Uri.parse(raw);
  return uri.scheme === 'vscode-remote' ? vscode.Uri.file(uri.path) : uri;
}
