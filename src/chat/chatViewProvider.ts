import * as vscode from 'vscode';
import { conversationToMarkdown } from './conversationText';
import type { ChatController } from './chatController';
import type { ConversationStore } from './conversationStore';
import { ConversationWire } from './conversationWire';
import { chatHtml } from './webviewHtml';
import {
  LATEST_IN_STATE,
  parseFromWebview,
  type ConversationSummary,
  type FromWebview,
  type ToWebview,
  type ViewState,
} from '../shared/protocol';
import type { AttachmentTray } from './attachmentTray';
import { runCodeAction } from './codeActions';
import { LocalServers } from '../connection/localServers';
import { preloadTokenizer } from '../core/tokens/node/tokenCount';
import { reportError } from '../common/commands';
import { Disposable, DisposableStore } from '../common/dispose';
import { Command, View } from '../common/ids';
import type { LogGetter } from '../common/log';

/**
 * Hosts the chat webview and is all it hears from: the open conversation's changes (through
 * `ConversationWire`), the history, local servers, attachments. The page holds no state that
 * matters: each time it loads (first open, shown again, window reloaded) it says `ready` and
 * gets the whole state; after that, only what changed.
 */
export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view?: vscode.WebviewView;
  /** The latest messages posted to the webview (up to 200: past that the oldest 100 go), for tests that check what the view was told. */
  readonly posted: ToWebview[] = [];
  private postedTotal = 0;
  private readonly told = this._register(new vscode.EventEmitter<ToWebview>());
  /** Each message as it is posted (for tests that check what happened when the view was told). */
  readonly onDidPost = this.told.event;
  private readonly wire = this._register(new ConversationWire((m) => this.post(m)));
  /** The page has had its state since it loaded: another conversation opened is posted to it whole. */
  private pageHasState = false;
  /** The history as the page was last told it (titles in order). */
  private historyShown = '';

  /** For tests: a mark, to read with `postedSince` what was posted after it (the record drops its oldest). */
  postMark(): number {
    return this.postedTotal;
  }

  postedSince(mark: number): ToWebview[] {
    const dropped = this.postedTotal - this.posted.length;
    return this.posted.slice(Math.max(0, mark - dropped));
  }

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly chat: ChatController,
    private readonly store: ConversationStore,
    private readonly localServers: LocalServers,
    private readonly log: LogGetter,
    private readonly tray: AttachmentTray,
  ) {
    super();
    this.wire.watch(chat.conversation);
    this._register(
      chat.onDidOpen((conversation) => {
        this.wire.watch(conversation);
        if (this.pageHasState) this.postState();
      }),
    );
    this._register(store.onDidChangeList(() => this.tellHistory()));
    this._register(tray.onDidChange((items) => this.post({ type: 'attachments', items })));
    this._register(
      localServers.onDidChange(() => this.post({ type: 'chrome', chrome: { localServers: this.localServers.view() ?? null } })),
    );
  }

  /** Opening the view with no profile set up is when Parley looks for local servers (once per window). */
  private lookForLocalServers(): void {
    if (LocalServers.wanted()) void this.localServers.find();
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  /** The view is shown and its page has had its state (changes reach it from now on). */
  get pageShown(): boolean {
    return this.visible && this.pageHasState;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.pageHasState = false;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    view.webview.html = chatHtml(view.webview, this.extensionUri);
    const listeners = new DisposableStore();
    listeners.add(view.webview.onDidReceiveMessage((raw) => void this.receive(raw)));
    listeners.add(
      view.onDidChangeVisibility(() => {
        // A hidden page is gone; shown again, it loads and says `ready`.
        if (!view.visible) this.pageHasState = false;
        else this.lookForLocalServers();
      }),
    );
    this.lookForLocalServers();
    // The first message will be counted: load the tokenizer while the person types, not when they send.
    preloadTokenizer();
    view.onDidDispose(() => {
      listeners.dispose();
      if (this.view === view) this.view = undefined;
    });
  }

  private post(message: ToWebview): void {
    this.posted.push(message);
    this.postedTotal++;
    if (this.posted.length > 200) this.posted.splice(0, 100);
    this.told.fire(message);
    void this.view?.webview.postMessage(message);
  }

  /** The whole view: the open conversation's latest `latest` turns, its header, the history, local servers found. */
  state(latest = LATEST_IN_STATE): ViewState {
    const conversation = this.chat.conversation;
    const turns = conversation.turns;
    const omitted = Math.max(0, turns.length - latest);
    return {
      conversationId: conversation.id,
      messages: turns.slice(omitted).map((t) => ({ ...t })),
      omitted,
      ...conversation.header,
      history: this.store.list(),
      localServers: this.localServers.view(),
    };
  }

  private postState(latest?: number): void {
    const state = this.state(latest);
    this.historyShown = historyKey(state.history);
    this.pageHasState = true;
    this.post({ type: 'state', state });
  }

  /** The history, when it changed from what the page shows (a save only moves the open conversation's time). */
  private tellHistory(): void {
    const history = this.store.list();
    const key = historyKey(history);
    if (key === this.historyShown) return;
    this.historyShown = key;
    this.post({ type: 'chrome', chrome: { history } });
  }

  /** How many latest messages reach back to `fromId` (the message a reloaded page was on), at least the usual. */
  private latestFrom(fromId: string | undefined): number {
    const messages = this.chat.conversation.turns;
    const at = fromId === undefined ? -1 : messages.findIndex((m) => m.id === fromId);
    return Math.max(LATEST_IN_STATE, at < 0 ? 0 : messages.length - at);
  }

  /**
   * Messages before the earliest the page holds. Always answered, so the page can ask again: none
   * when that message is the first, or not in the open conversation (the page was on another).
   */
  private sendEarlier(beforeId: string, count: number): void {
    const { id, turns: messages } = this.chat.conversation;
    const end = messages.findIndex((m) => m.id === beforeId);
    const from = Math.max(0, end - count);
    this.post({
      type: 'earlier',
      conversationId: id,
      beforeId,
      messages: end > 0 ? messages.slice(from, end) : [],
      omitted: end > 0 ? from : 0,
    });
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${View.chat}.focus`);
  }

  /** A message from the webview, validated first: the tests send what the page would, this way. */
  async receive(raw: unknown): Promise<void> {
    const message = parseFromWebview(raw);
    if (message) await this.handle(message).catch((e) => reportError(e, this.log, `chat view ${message.type}`));
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.chat.ready;
        this.postState(this.latestFrom(message.fromId));
        return this.post({ type: 'attachments', items: this.tray.views() });
      case 'send':
        return this.chat.send(message.text, undefined, this.tray.take());
      case 'attach':
      case 'attachUris':
      case 'attachImage':
      case 'detach':
      case 'toggleCurrentFile':
        return this.tray.handle(message);
      case 'resendWithoutImages':
        return this.chat.resendWithoutImages();
      case 'enterApiKey':
        return this.chat.enterKeyAndRetry(message.messageId);
      case 'earlier':
        return this.sendEarlier(message.beforeId, message.count);
      case 'stop':
        return this.chat.stop();
      case 'newChat':
        return this.chat.newChat();
      case 'openConversation': {
        await this.chat.open(message.id);
        // Not opened (its file is gone): the picker goes back to the open one.
        if (this.chat.conversation.id !== message.id) this.post({ type: 'chrome', chrome: { history: this.store.list() } });
        return;
      }
      case 'deleteConversation':
        return this.chat.delete(message.id);
      case 'regenerate':
        return this.chat.regenerate();
      case 'editResend':
        return this.chat.editResend(message.messageId, message.text);
      case 'exportConversation':
        return this.exportConversation();
      case 'codeAction':
        return runCodeAction(message.action, message.code, message.language);
      case 'openLink':
        return openLink(message.href);
      case 'chooseModel':
        return this.pickThenComeBack(Command.chooseModel);
      case 'setup':
        return this.pickThenComeBack(Command.chooseProvider);
      case 'findLocalServers': {
        if (LocalServers.wanted()) await this.localServers.find(true);
        return;
      }
      case 'useLocalServer': {
        const server = this.localServers.byPort(message.port);
        if (server && LocalServers.wanted()) await this.localServers.setUp(server);
        return;
      }
    }
  }

  /**
   * A picker opened from the view gives focus back to the view when it closes (chosen or
   * Escape): VS Code would put it in the editor, away from where the user was.
   */
  private async pickThenComeBack(command: string): Promise<void> {
    try {
      await vscode.commands.executeCommand(command);
    } finally {
      if (this.view?.visible) this.view.show(false);
    }
  }

  private async exportConversation(): Promise<void> {
    const c = this.chat.current();
    if (c.messages.length === 0) return;
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: conversationToMarkdown(c) });
    await vscode.window.showTextDocument(doc);
  }
}

/** Links from model output open only on click, only http(s)/mailto, and only through VS Code. */
async function openLink(href: string): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return;
  }
  if (!['http', 'https', 'mailto'].includes(uri.scheme)) return;
  await vscode.env.openExternal(uri);
}

/** What the history picker shows of the history: its titles, in order. */
function historyKey(history: ConversationSummary[]): string {
  return JSON.stringify(history.map((h) => [h.id, h.title]));
}
