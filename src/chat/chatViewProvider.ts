import * as vscode from 'vscode';
import { conversationToMarkdown } from './conversationText';
import type { ChatController } from './chatController';
import { chatHtml } from './webviewHtml';
import { LATEST_IN_STATE, parseFromWebview, type FromWebview, type ToWebview, type ViewState } from '../shared/protocol';
import type { AttachmentTray } from './attachmentTray';
import { runCodeAction } from './codeActions';
import { LocalServers } from '../connection/localServers';
import { preloadTokenizer } from '../core/tokens/node/tokenCount';
import { reportError } from '../common/commands';
import { Disposable } from '../common/dispose';
import { Command, View } from '../common/ids';
import type { LogGetter } from '../common/log';

/**
 * Hosts the chat webview. The view holds no state of its own that matters: each time it is
 * resolved (first open, shown again, window reloaded) it asks for the state and re-renders.
 */
export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view?: vscode.WebviewView;
  /** Last message sent to the webview, kept for tests that check what the view was told. */
  readonly posted: ToWebview[] = [];
  private postedTotal = 0;

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
    private readonly localServers: LocalServers,
    private readonly log: LogGetter,
    private readonly tray: AttachmentTray,
  ) {
    super();
    this._register(chat.onDidPost((m) => this.post(m)));
    this._register(tray.onDidChange((items) => this.post({ type: 'attachments', items })));
    this._register(localServers.onDidChange(() => this.post({ type: 'state', state: this.chat.state() })));
  }

  /** Opening the view with no profile set up is when Parley looks for local servers (once per window). */
  private lookForLocalServers(): void {
    if (LocalServers.wanted()) void this.localServers.find();
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    view.webview.html = chatHtml(view.webview, this.extensionUri);
    const subscriptions = [
      view.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (view.visible) this.post({ type: 'state', state: this.chat.state() });
        if (view.visible) this.lookForLocalServers();
      }),
    ];
    // The state goes with the page rather than after its `ready`: VS Code holds messages until the
    // page can take them, and the page draws a state it has already drawn only once.
    void this.chat.ready.then(() => { if (this.view === view) this.post({ type: 'state', state: this.chat.state() }); });
    this.lookForLocalServers();
    // The first message will be counted: load the tokenizer while the person types, not when they send.
    preloadTokenizer();
    view.onDidDispose(() => {
      subscriptions.forEach((d) => d.dispose());
      if (this.view === view) this.view = undefined;
    });
  }

  /** `latest`: how many of a long conversation's latest messages a state carries. */
  private post(message: ToWebview, latest = LATEST_IN_STATE): void {
    if (message.type === 'state') message = { ...message, state: this.forView(message.state, latest) };
    this.posted.push(message);
    this.postedTotal++;
    if (this.posted.length > 200) this.posted.splice(0, 100);
    void this.view?.webview.postMessage(message);
  }

  /** The state as the page gets it: a long conversation's latest messages, and local servers found. */
  private forView(state: ViewState, latest: number): ViewState {
    const omitted = Math.max(0, state.messages.length - latest);
    return { ...state, messages: omitted ? state.messages.slice(omitted) : state.messages, omitted, localServers: this.localServers.view() };
  }

  /** How many latest messages reach back to `fromId` (the message a reloaded page was on), at least the usual. */
  private latestFrom(fromId: string | undefined): number {
    const messages = this.chat.current().messages;
    const at = fromId === undefined ? -1 : messages.findIndex((m) => m.id === fromId);
    return Math.max(LATEST_IN_STATE, at < 0 ? 0 : messages.length - at);
  }

  /**
   * Messages before the earliest the page holds. Always answered, so the page can ask again: none
   * when that message is the first, or not in the open conversation (the page was on another).
   */
  private sendEarlier(beforeId: string, count: number): void {
    const { id, messages } = this.chat.current();
    const end = messages.findIndex((m) => m.id === beforeId);
    const from = Math.max(0, end - count);
    this.post({ type: 'earlier', conversationId: id, beforeId, messages: end > 0 ? messages.slice(from, end) : [], omitted: end > 0 ? from : 0 });
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
        this.post({ type: 'state', state: this.chat.state() }, this.latestFrom(message.fromId));
        return this.post({ type: 'attachments', items: this.tray.views() });
      case 'send': return this.chat.send(message.text, undefined, this.tray.take());
      case 'attach': case 'attachUris': case 'attachImage': case 'detach': case 'toggleCurrentFile':
        return this.tray.handle(message);
      case 'resendWithoutImages': return this.chat.resendWithoutImages();
      case 'enterApiKey': return this.chat.enterKeyAndRetry(message.messageId);
      case 'earlier': return this.sendEarlier(message.beforeId, message.count);
      case 'stop': return this.chat.stop();
      case 'newChat': return this.chat.newChat();
      case 'openConversation': return this.chat.open(message.id);
      case 'deleteConversation': return this.chat.delete(message.id);
      case 'regenerate': return this.chat.regenerate();
      case 'editResend': return this.chat.editResend(message.messageId, message.text);
      case 'exportConversation': return this.exportConversation();
      case 'codeAction': return runCodeAction(message.action, message.code, message.language);
      case 'openLink': return openLink(message.href);
      case 'chooseModel': return this.pickThenComeBack(Command.chooseModel);
      case 'setup': return this.pickThenComeBack(Command.chooseProvider);
      case 'findLocalServers': { if (LocalServers.wanted()) await this.localServers.find(true); return; }
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
