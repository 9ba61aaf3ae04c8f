import * as vscode from 'vscode';
import { Conversation } from '../core/conversation/conversation';
import type { StoredConversation } from '../core/conversation/conversationFile';
import type { Turn, UserTurn } from '../core/conversation/turn';
import type { ShownReply } from '../core/conversation/keptAtStop';
import type { CompletionService } from '../connection/completionService';
import { Disposable } from '../common/dispose';
import { Settings, settingId } from '../common/settingsTable';
import { ConversationStore, emptyConversation, newId } from './conversationStore';
import type { Attached } from './attachmentTray';
import { profileLabel } from './profileLabel';
import type { Restored } from '../agent/checkpoints';
import { runAgent, type AgentParts, type ChatMode } from './agentRun';
import { streamReply, type ReplyDeps } from './streamReply';
import { usageLabel } from './usageLabel';

export { CHECKPOINT_MS } from './streamReply';
export type { AgentParts, ChatMode } from './agentRun';

/**
 * The chat's open conversation and its one running request. It lives as long as the extension,
 * not the view: a reply keeps streaming while the view is hidden. It changes the conversation
 * (the model, which tells what changed); it never speaks to the view.
 */
export class ChatController extends Disposable {
  private model: Conversation;
  private running?: { abort: AbortController; done: Promise<void>; shown?: ShownReply };
  /** The latest New Chat or opening of a conversation, settled once it is shown. */
  private switching: Promise<void> = Promise.resolve();
  private readonly opened = this._register(new vscode.EventEmitter<Conversation>());
  /** Another conversation is open: New Chat, one from the history, the last one read at start. */
  readonly onDidOpen = this.opened.event;

  /** Resolves once the last conversation has been read from storage. */
  readonly ready: Promise<void>;

  constructor(
    private readonly store: ConversationStore,
    /** The requests' service (Enter API key asks it for a key). */
    readonly service: CompletionService,
    private readonly agent: AgentParts,
  ) {
    super();
    this.model = this.modelOf(emptyConversation());
    this.ready = store.current().then((c) => {
      if (this.model.turns.length === 0 && !this.running) this.show(c);
    });
    // Whatever shows the active profile follows a settings change at once, not at the next message.
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(settingId(Settings.profiles)) || e.affectsConfiguration(settingId(Settings.activeProfile))) {
          this.model.setHeader({ profileLabel: profileLabel() });
        }
      }),
    );
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** The open conversation: its turns, its header and its events. */
  get conversation(): Conversation {
    return this.model;
  }

  get messages(): readonly Turn[] {
    return this.model.turns;
  }

  /** The open conversation as its file stores it. */
  current(): StoredConversation {
    return this.model.data;
  }

  private modelOf(data: StoredConversation): Conversation {
    return new Conversation(data, { busy: false, profileLabel: profileLabel(), usageLabel: usageLabel(data.messages) });
  }

  private show(data: StoredConversation): void {
    this.model = this.modelOf(data);
    this.opened.fire(this.model);
  }

  /** Resolves when no request is running (for callers that wait for a reply). */
  async idle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  /** The Send button: a question (`display`: what the view shows of it) and its reply; in Agent mode the reply may call tools. */
  async send(text: string, display?: string, attached: Attached = {}, mode: ChatMode = 'ask'): Promise<void> {
    await this.ready;
    await this.switching;
    await this.stopAndWait();
    const question: UserTurn = { id: newId(), role: 'user', content: text, display };
    if (mode === 'agent') question.mode = 'agent';
    if (attached.context?.length) question.context = attached.context;
    if (attached.images?.length) question.images = attached.images;
    this.model.add(question);
    // Saved while the request goes out, not before it: the write (a flush to disk, the index,
    // workspace state) took ~100 ms, all of it added to the first token. The store queues
    // writes, so the reply's saves land after this one.
    void this.store.save(this.model.data);
    await this.reply();
  }

  async regenerate(): Promise<void> {
    await this.ready;
    await this.stopAndWait();
    const turns = this.model.turns;
    let from = turns.length;
    while (from > 0 && turns[from - 1].role === 'assistant') from--;
    if (from === 0) return;
    if (from < turns.length) this.model.removeFrom(turns[from].id);
    await this.reply();
  }

  async editResend(messageId: string, text: string): Promise<void> {
    await this.stopAndWait();
    if (!this.model.turns.some((t) => t.id === messageId && t.role === 'user')) return;
    // The edited question keeps what it carried.
    const [{ context, images, mode }] = this.model.removeFrom(messageId);
    await this.send(text, undefined, { context, images }, mode);
  }

  /** After a model refused images: the last question again, its images left out (and so recorded). */
  async resendWithoutImages(): Promise<void> {
    await this.ready;
    await this.stopAndWait();
    const last = [...this.model.turns].reverse().find((t): t is UserTurn => t.role === 'user');
    if (!last?.images) return;
    const { images: _, ...question } = last;
    this.model.removeFrom(last.id);
    this.model.add(question);
    await this.reply();
  }

  /**
   * Restore to here, on a tool step: the files changed at this step and after it as they were
   * before it, and the conversation cut from it. Returns the files put back, those that could
   * not be (not recorded), and whether a command's changes were only partly known.
   */
  async restoreTo(stepId: string): Promise<Restored | undefined> {
    await this.ready;
    await this.stopAndWait();
    const turns = this.model.turns;
    const at = turns.findIndex((t) => t.id === stepId && t.role === 'tool');
    if (at === -1) return undefined;
    const steps = turns
      .slice(at)
      .filter((t) => t.role === 'tool')
      .map((t) => t.id);
    const result = await this.agent.checkpoints.restore(this.model.id, steps);
    this.model.removeFrom(stepId);
    await this.store.save(this.model.data);
    return result;
  }

  /** `shown`: what the page showed of the streaming reply at the click; the reply keeps that much. */
  stop(shown?: ShownReply): void {
    if (!this.running) return;
    this.running.shown = shown;
    this.running.abort.abort();
  }

  private async stopAndWait(): Promise<void> {
    this.stop();
    await this.idle();
  }

  newChat(): Promise<void> {
    return this.switchTo(async () => {
      await this.ready;
      await this.stopAndWait();
      const fresh = emptyConversation();
      // Shown before the write: a question sent right after New Chat (typed fast, Enter) goes into
      // the new conversation, not into the old one while the write is on its way.
      this.show(fresh);
      await this.store.setCurrent(fresh.id);
    });
  }

  /** A change of the open conversation: a question sent from now on waits, and goes into the one it opens. */
  private switchTo(change: () => Promise<void>): Promise<void> {
    const done = change();
    this.switching = done.catch(() => undefined);
    return done;
  }

  /** Opens a conversation from the history (the open one stays as it is). */
  open(id: string): Promise<void> {
    return this.switchTo(async () => {
      await this.ready;
      if (id === this.model.id) return;
      // Stopped first: the running reply's final save must land before its file is read.
      await this.stopAndWait();
      const found = await this.store.get(id);
      if (!found) return;
      this.show(found);
      await this.store.setCurrent(id);
    });
  }

  async delete(id: string): Promise<void> {
    if (id === this.model.id) await this.newChat();
    await this.store.delete(id);
  }

  private async reply(): Promise<void> {
    const conversation = this.model;
    const abort = new AbortController();
    let finish!: () => void;
    const run: NonNullable<typeof this.running> = { abort, done: new Promise<void>((r) => (finish = r)) };
    this.running = run;
    // The view hears first: the reply is whole in memory, and the save (a flush to disk, the
    // index, workspace state) took most of a second after a long reply.
    const deps: ReplyDeps = {
      conversation,
      service: this.service,
      store: this.store,
      signal: abort.signal,
      closing: () => this.isDisposed,
      shownAtStop: () => run.shown,
      finishing: () => {
        if (this.running === run) this.running = undefined;
      },
      finished: () => conversation.setHeader({ busy: false, usageLabel: usageLabel(conversation.turns) }),
    };
    const question = [...conversation.turns].reverse().find((t) => t.role === 'user');
    try {
      if (question?.mode === 'agent') await runAgent({ ...deps, ...this.agent, tools: await this.agent.tools() });
      else await streamReply(deps);
    } finally {
      // An agent run that ended on a step (Stop, or no to going on) ends here.
      if (this.running === run) {
        deps.finishing();
        deps.finished();
        await this.store.save(conversation.data);
      }
      finish();
    }
  }

  /** The window is closing or reloading: a running reply is saved as interrupted, not as stopped. */
  override dispose(): void {
    super.dispose();
    this.stop();
  }
}
