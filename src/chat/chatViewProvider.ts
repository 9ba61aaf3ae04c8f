import * as vscode from 'vscode';
import type { ChatController } from './chatController';
import type { ConversationStore } from './conversationStore';
import { ConversationWire } from './conversationWire';
import { PageOutbox } from './pageOutbox';
import { ChatPageMessages } from './chatPageMessages';
import { chatHtml } from './webviewHtml';
import {
  LATEST_IN_STATE,
  parseFromWebview,
  type ChromeChange,
  type ConversationSummary,
  type PageSnapshot,
  type ToWebview,
  type ViewState,
} from '../shared/protocol';
import type { AttachmentTray } from './attachmentTray';
import type { CommandApprovals } from './commandApprovals';
import type { UserQuestions } from './userQuestions';
import { LocalServers } from '../connection/localServers';
import { preloadTokenizer } from '../core/tokens/node/tokenCount';
import { reportError } from '../common/commands';
import { Disposable, DisposableStore } from '../common/dispose';
import { View } from '../common/ids';
import type { LogGetter } from '../common/log';

/**
 * Hosts the chat webview and is all it hears from: the open conversation's changes (through
 * `ConversationWire`), the history, local servers, attachments. The page holds no state that
 * matters: each time it loads (first open, shown again, window reloaded) it says `ready` and
 * gets the whole state; after that, only what changed. Unless a reply is streaming, the page's
 * HTML carries the state (a snapshot, kept current while the view is hidden) and the page draws
 * it as it loads: the state is then sent only if it changed before the page said `ready`. What
 * the page asks for is answered by `ChatPageMessages`; this class hosts the page and posts to it.
 */
export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view?: vscode.WebviewView;
  private readonly told = this._register(new vscode.EventEmitter<ToWebview>());
  /** Each message as it is posted to the page (the tests record what the view was told through it). */
  readonly onDidPost = this.told.event;
  private readonly given = this._register(new vscode.EventEmitter<ViewState>());
  /** Each whole state the page has had: posted, or carried in its HTML and still current when it said `ready`. */
  readonly onDidGiveState = this.given.event;
  private readonly wire = this._register(new ConversationWire((m) => this.post(m)));
  /** The page has had its state since it loaded: another conversation opened is posted to it whole. */
  private pageHasState = false;
  /** The history as the page was last told it (titles in order). */
  private historyShown = '';
  private readonly messages: ChatPageMessages;
  /** The state in the page's HTML, until the page says `ready`: its turns, and each part of its chrome, as JSON. */
  private snapshot?: { id: number; turns: string; chrome: Record<string, string> };
  private snapshots = 0;
  /** The view is being resolved and has no HTML yet: nothing is posted (its page will have it all). */
  private resolving = false;
  private readonly outbox = new PageOutbox((m) => !this.resolving && void this.view?.webview.postMessage(m));
  /** The page's HTML is to be made again (the view is hidden and something changed). */
  private remake?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly chat: ChatController,
    private readonly store: ConversationStore,
    private readonly localServers: LocalServers,
    private readonly log: LogGetter,
    tray: AttachmentTray,
    approvals: CommandApprovals,
    questions: UserQuestions,
  ) {
    super();
    this.messages = new ChatPageMessages(chat, store, tray, localServers, approvals, questions, {
      post: (m) => this.post(m),
      postState: (latest, drawn) => this.postState(latest, drawn),
      comeBack: () => {
        if (this.view?.visible) this.view.show(false);
      },
    });
    this.wire.watch(chat.conversation);
    this._register(
      chat.onDidOpen((conversation) => {
        this.wire.watch(conversation);
        if (this.pageHasState) this.postState();
        this.remakeIfHidden();
      }),
    );
    this._register(
      store.onDidChangeList(() => {
        this.tellHistory();
        this.remakeIfHidden();
      }),
    );
    this._register({ dispose: () => clearTimeout(this.remake) });
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

  async resolveWebviewView(view: vscode.WebviewView): Promise<void> {
    this.view = view;
    this.pageHasState = false;
    this.resolving = true;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    const listeners = new DisposableStore();
    listeners.add(view.webview.onDidReceiveMessage((raw) => void this.receive(raw)));
    listeners.add(
      view.onDidChangeVisibility(() => {
        // A hidden page is gone; shown again, it loads from its HTML (made now, and again on
        // each change while hidden) and says `ready`.
        if (view.visible) return this.lookForLocalServers();
        this.pageHasState = false;
        view.webview.html = this.pageHtml(view.webview);
      }),
    );
    view.onDidDispose(() => {
      listeners.dispose();
      if (this.view === view) this.view = undefined;
    });
    this.lookForLocalServers();
    // The first message will be counted: load the tokenizer while the person types, not when they send.
    preloadTokenizer();
    // The page waits for the open conversation anyway (a file read at start-up): with it, the
    // page needs no round trip to ask for its state.
    await this.chat.ready.catch(() => undefined);
    if (this.view !== view) return;
    this.resolving = false;
    view.webview.html = this.pageHtml(view.webview);
  }

  /**
   * The page, with the state in it unless a reply is streaming: pieces posted while a page
   * loads could then miss a snapshot or follow a stale one, so that page asks for the state.
   */
  private pageHtml(webview: vscode.Webview): string {
    this.outbox.flush();
    this.snapshot = undefined;
    if (this.replyStreaming()) return chatHtml(webview, this.extensionUri);
    const state = this.state();
    this.snapshot = { id: ++this.snapshots, ...asJson(state) };
    return chatHtml(webview, this.extensionUri, { id: this.snapshot.id, state } satisfies PageSnapshot);
  }

  private replyStreaming(): boolean {
    const { header, turns } = this.chat.conversation;
    return header.busy || turns.some((t) => t.streaming);
  }

  /** The view is hidden and what its page would show changed: its HTML is made again (once for the changes of one task). */
  private remakeIfHidden(): void {
    if (!this.view || this.view.visible || this.remake) return;
    this.remake = setTimeout(() => {
      this.remake = undefined;
      const view = this.view;
      // While a reply streams the page has no snapshot to refresh.
      if (!view || view.visible || (!this.snapshot && this.replyStreaming())) return;
      view.webview.html = this.pageHtml(view.webview);
    }, 0);
  }

  private post(message: ToWebview): void {
    this.told.fire(message);
    // The chips and the draft are not in the page's HTML.
    if (message.type !== 'attachments' && message.type !== 'setDraft') this.remakeIfHidden();
    // Posted before the view had its page, a message would reach it after the state it is in.
    if (!this.resolving) this.outbox.push(message);
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

  /**
   * `drawn`: the snapshot the page drew from its HTML. The state is not sent again if it is the
   * same; if only its chrome changed (a search for local servers ended, the history was saved),
   * only that part is (the page keeps its messages and the reader's place).
   */
  private postState(latest?: number, drawn?: number): void {
    const state = this.state(latest);
    this.historyShown = historyKey(state.history);
    this.pageHasState = true;
    const snapshot = this.snapshot;
    this.snapshot = undefined;
    const now = asJson(state);
    if (drawn === undefined || drawn !== snapshot?.id || now.turns !== snapshot.turns) this.post({ type: 'state', state });
    else {
      const keys = new Set([...Object.keys(now.chrome), ...Object.keys(snapshot.chrome)]);
      const changed = [...keys].filter((k) => now.chrome[k] !== snapshot.chrome[k]);
      const chrome = Object.fromEntries(changed.map((k) => [k, (state as unknown as Record<string, unknown>)[k] ?? null]));
      if (changed.length) this.post({ type: 'chrome', chrome: chrome as ChromeChange });
    }
    this.given.fire(state);
  }

  /** The history, when it changed from what the page shows (a save only moves the open conversation's time). */
  private tellHistory(): void {
    const history = this.store.list();
    const key = historyKey(history);
    if (key === this.historyShown) return;
    this.historyShown = key;
    this.post({ type: 'chrome', chrome: { history } });
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${View.chat}.focus`);
  }

  /** A message from the webview, validated first: the tests send what the page would, this way. */
  async receive(raw: unknown): Promise<void> {
    const message = parseFromWebview(raw);
    if (message) await this.messages.handle(message).catch((e) => reportError(e, this.log, `chat view ${message.type}`));
  }
}

/** A state as compared with a snapshot: its turns, and each part of its chrome, as JSON. */
function asJson({ conversationId, messages, omitted, ...chrome }: ViewState): { turns: string; chrome: Record<string, string> } {
  return {
    turns: JSON.stringify({ conversationId, messages, omitted }),
    chrome: Object.fromEntries(Object.entries(chrome).map(([k, v]) => [k, JSON.stringify(v)])),
  };
}

/** What the history picker shows of the history: its titles, in order. */
const historyKey = (history: ConversationSummary[]): string => JSON.stringify(history.map((h) => [h.id, h.title]));
