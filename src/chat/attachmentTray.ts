import * as vscode from 'vscode';
import { implicitAllowed } from '../core/context/contextPrivacy';
import { renderBlock } from '../core/context/contextRender';
import { countTokens } from '../core/tokens/node/tokenCount';
import type { ContextBlock, ImageAttachment } from '../core/types';
import * as settings from '../common/settings';
import { Disposable } from '../common/dispose';
import type { UserPrompts } from '../common/userPrompts';
import { currentFileBlock } from '../context/attachmentSources';
import { exclusionReason } from '../context/exclusion';
import type { AttachMessage, AttachmentView } from '../shared/attachProtocol';
import { AttachmentFinder } from './attachmentFinder';

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
 * Finding what the user asked to attach is `AttachmentFinder`'s job; the chips are this class's.
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
  private readonly notified = this._register(new vscode.EventEmitter<string>());
  /** The user was told something (nothing to attach, git unavailable). */
  readonly onDidNotify = this.notified.event;
  /** What the user asks to attach is found there, and comes back as chips here. */
  private readonly finder: AttachmentFinder;

  constructor(prompts: UserPrompts) {
    super();
    this.finder = new AttachmentFinder(prompts, { addBlock: (b) => this.addBlock(b), tell: (m) => this.tell(m) });
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
        return this.finder.attach(message.what);
      case 'attachUris':
        return this.finder.attachDropped(message.uris);
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
    this.notified.fire(message);
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
