import * as vscode from 'vscode';
import { ChatError } from '../core/client/chatError';
import { isImageRejection } from '../core/context/contextRender';
import { applyStreamEvent } from '../core/client/replyText';
import type { ChatMessage } from '../core/types';
import { CheckpointThrottle } from '../core/conversation/checkpoint';
import { toChatMessages, type Turn } from '../core/conversation/turn';
import type { CompletionService } from '../connection/completionService';
import * as settings from '../common/settings';
import { Disposable } from '../common/dispose';
import { Settings, settingId } from '../common/settingsTable';
import type { ToWebview, ViewState } from '../shared/protocol';
import { type Conversation, ConversationStore, emptyConversation, newId } from './conversationStore';
import type { Attached } from './attachmentTray';
import { DeltaBatcher } from './deltaBatcher';
import { describeTrim } from './trimNotes';
import { usageLabel } from './usageLabel';

/** While a reply streams, its text so far is saved this often (never on every chunk). */
export const CHECKPOINT_MS = 2000;

/**
 * The chat's state and its one running request. It lives as long as the extension, not the
 * view: a reply keeps streaming while the view is hidden and the view re-renders from here.
 */
export class ChatController extends Disposable {
  private conversation: Conversation;
  private running?: { abort: AbortController; done: Promise<void> };
  private trimmedNote?: string;
  private readonly emitter = this._register(new vscode.EventEmitter<ToWebview>());
  /** What the view must be told: state, deltas, finished messages. */
  readonly onDidPost = this.emitter.event;

  /** Resolves once the last conversation has been read from storage. */
  readonly ready: Promise<void>;

  constructor(
    private readonly store: ConversationStore,
    private readonly service: CompletionService,
  ) {
    super();
    this.conversation = emptyConversation();
    this.ready = store.current().then((c) => {
      if (this.conversation.messages.length === 0 && !this.running) this.conversation = c;
    });
    // Whatever shows the active profile follows a settings change at once, not at the next message.
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(settingId(Settings.profiles)) || e.affectsConfiguration(settingId(Settings.activeProfile))) {
        this.emitter.fire({ type: 'profile', profileLabel: this.profileLabel() });
      }
    }));
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  get messages(): readonly Turn[] {
    return this.conversation.messages;
  }

  /** "profile · model", the setting's error when it is invalid, or undefined when none is set up. */
  private profileLabel(): string | undefined {
    try {
      const p = settings.activeProfile();
      return p ? `${p.name} · ${p.model}` : undefined;
    } catch (e) {
      return (e as Error).message;
    }
  }

  private activeProfileName(): string | undefined {
    try {
      return settings.activeProfile()?.name;
    } catch {
      return undefined;
    }
  }

  state(): ViewState {
    const profileLabel = this.profileLabel();
    return {
      conversationId: this.conversation.id,
      messages: this.conversation.messages,
      trimmedNote: this.trimmedNote,
      busy: this.busy,
      profileLabel,
      usageLabel: usageLabel(this.conversation.messages),
      history: this.store.list(),
    };
  }

  private publishState(): void {
    this.emitter.fire({ type: 'state', state: this.state() });
  }

  /** Resolves when no request is running (for callers that wait for a reply). */
  async idle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  async send(text: string, display?: string, attached: Attached = {}): Promise<void> {
    await this.ready;
    await this.stopAndWait();
    const message: Turn = { id: newId(), role: 'user', content: text, display };
    if (attached.context?.length) message.context = attached.context;
    if (attached.images?.length) message.images = attached.images;
    this.conversation.messages.push(message);
    // Saved while the request goes out, not before it: the write (a flush to disk, the index,
    // workspace state) took ~100 ms, all of it added to the first token. The store queues
    // writes, so the reply's saves land after this one.
    void this.store.save(this.conversation);
    await this.reply();
  }

  async regenerate(): Promise<void> {
    await this.ready;
    await this.stopAndWait();
    const msgs = this.conversation.messages;
    while (msgs.length > 0 && msgs[msgs.length - 1].role === 'assistant') msgs.pop();
    if (msgs.length === 0) return;
    await this.reply();
  }

  async editResend(messageId: string, text: string): Promise<void> {
    await this.stopAndWait();
    const index = this.conversation.messages.findIndex((m) => m.id === messageId && m.role === 'user');
    if (index === -1) return;
    // The edited question keeps what it carried.
    const [{ context, images }] = this.conversation.messages.splice(index);
    await this.send(text, undefined, { context, images });
  }

  /** After a model refused images: the last question again, its images left out (and so recorded). */
  async resendWithoutImages(): Promise<void> {
    await this.ready;
    await this.stopAndWait();
    const msgs = this.conversation.messages;
    const last = [...msgs].reverse().find((m) => m.role === 'user');
    if (!last?.images) return;
    delete last.images;
    await this.regenerate();
  }

  /**
   * Enter API key under a reply refused with 401: asks for the key of the profile it went to
   * (which learns it needs one) and, when that reply is still the latest, sends the question
   * again: the question stays as it was typed. Any other id (an older reply, a forged one) asks nothing.
   */
  async enterKeyAndRetry(messageId: string): Promise<void> {
    await this.ready;
    const failed = this.conversation.messages.find((m) => m.id === messageId && m.role === 'assistant' && m.keyFor);
    const profile = failed && settings.readProfiles().find((p) => p.name === failed.keyFor);
    if (!failed || !profile) return;
    const key = await this.service.enterKey(profile);
    if (!key || this.conversation.messages.at(-1) !== failed || settings.activeProfile()?.name !== profile.name) return;
    await this.regenerate();
  }

  stop(): void {
    this.running?.abort.abort();
  }

  private async stopAndWait(): Promise<void> {
    this.stop();
    await this.idle();
  }

  async newChat(): Promise<void> {
    await this.ready;
    await this.stopAndWait();
    this.conversation = emptyConversation();
    this.trimmedNote = undefined;
    await this.store.setCurrent(this.conversation.id);
    this.publishState();
  }

  async open(id: string): Promise<void> {
    await this.ready;
    if (id === this.conversation.id) return this.publishState();
    // Stopped first: the running reply's final save must land before its file is read.
    await this.stopAndWait();
    const found = await this.store.get(id);
    if (!found) return this.publishState();
    this.conversation = found;
    this.trimmedNote = undefined;
    await this.store.setCurrent(id);
    this.publishState();
  }

  async delete(id: string): Promise<void> {
    if (id === this.conversation.id) await this.newChat();
    await this.store.delete(id);
    this.publishState();
  }

  current(): Conversation {
    return this.conversation;
  }

  private modelMessages(): ChatMessage[] {
    // Fitted to the model's context window by the request loop, which says what it left out (onTrim).
    this.trimmedNote = undefined;
    return toChatMessages(this.conversation.messages, settings.systemPrompt());
  }

  private async reply(): Promise<void> {
    const conversation = this.conversation;
    const message: Turn = { id: newId(), role: 'assistant', content: '', streaming: true };
    const abort = new AbortController();
    // Deltas go to the view at most every 16 ms: a server sending 100,000 tiny chunks must not
    // mean 100,000 messages to the webview.
    const deltas = new DeltaBatcher(message.id, (m) => this.emitter.fire(m));
    // The file marks the message streaming: after a crash it loads as interrupted, text kept.
    const checkpoint = new CheckpointThrottle(CHECKPOINT_MS, () => this.store.save(conversation));
    let finish!: () => void;
    this.running = { abort, done: new Promise<void>((r) => (finish = r)) };
    try {
      let messages: ChatMessage[];
      try {
        messages = this.modelMessages();
      } catch (e) {
        conversation.messages.push(message);
        throw e;
      }
      conversation.messages.push(message);
      this.publishState();
      const result = await this.service.run(messages, {
        purpose: 'chat',
        signal: abort.signal,
        onTrim: (report) => {
          const note = describeTrim(report);
          if (report.overflow) message.note = note;
          this.trimmedNote = note;
          if (this.conversation === conversation) this.publishState();
        },
        onEvent: (event) => {
          applyStreamEvent(message, event);
          if (this.conversation === conversation) deltas.push(event);
          checkpoint.poke();
        },
      });
      if (result.finishReason === 'length') message.note = vscode.l10n.t('The reply was cut off at the token limit.');
      else if (result.finishReason === 'content_filter') message.note = vscode.l10n.t('The provider\'s content filter stopped the reply.');
      else if (!result.finishReason) message.note = vscode.l10n.t('The stream ended without saying it was complete; the reply may be cut short.');
      if (!result.content && !result.reasoning) message.note = vscode.l10n.t('The model sent an empty reply.');
      // Kept with the reply (and in its file): the usage line follows the conversation shown.
      if (result.usage) message.usage = result.usage;
    } catch (e) {
      if (e instanceof ChatError && e.kind === 'aborted' && this.isDisposed) message.note = vscode.l10n.t('Interrupted: the window closed before the reply finished.');
      else if (e instanceof ChatError && e.kind === 'aborted') message.note = vscode.l10n.t('Stopped.');
      else if (this.imagesRefused(e, conversation)) {
        message.imagesRejected = true;
        message.error = vscode.l10n.t('The model {0} does not accept images ({1}). Resend the question without its images, or choose a model that takes images.', settings.activeProfile()?.model ?? '?', (e as ChatError).message);
      } else {
        message.error = e instanceof Error ? e.message : String(e);
        if (e instanceof ChatError && e.kind === 'http' && e.status === 401) message.keyFor = this.activeProfileName();
      }
    } finally {
      deltas.flush();
      message.streaming = false;
      this.running = undefined;
      // The view hears first: the reply is whole in memory, and the save (a flush to disk,
      // the index, workspace state) took most of a second after a long reply.
      if (this.conversation === conversation) {
        this.emitter.fire({ type: 'messageDone', message, busy: false, usageLabel: usageLabel(conversation.messages) });
      }
      await checkpoint.stop();
      // Never rejects: a failure is reported by the store, and retried at the next change.
      await this.store.save(conversation);
      finish();
    }
  }

  /** A 400 about images, for a question that carried some. */
  private imagesRefused(e: unknown, conversation: Conversation): boolean {
    if (!(e instanceof ChatError) || e.kind !== 'http' || e.status !== 400 || !isImageRejection(e.detail)) return false;
    return conversation.messages.some((m) => m.role === 'user' && m.images?.length);
  }

  /** The window is closing or reloading: a running reply is saved as interrupted, not as stopped. */
  override dispose(): void {
    super.dispose();
    this.stop();
  }
}
