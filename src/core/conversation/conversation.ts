import { applyStreamEvent } from '../client/replyText';
import { Emitter } from '../event';
import type { StreamEvent } from '../types';
import type { StoredConversation } from './conversationFile';
import { lastTrimNote } from './lastTrimNote';
import type { AssistantTurn, ToolTurn, Turn } from './turn';

/** What the view shows around a conversation's turns, kept with the conversation it belongs to. */
export interface Header {
  /** A reply is being written. */
  busy: boolean;
  /** "profile · model", the profile setting's error, or undefined when none is set up. */
  profileLabel?: string;
  /** What the last reply cost, when it finished with a usage. */
  usageLabel?: string;
  /** Earlier turns left out of the last request to fit the model's context. */
  trimmedNote?: string;
}

/** How a reply ended: what is said under it. */
/** How a reply ends; `content` and `reasoning` when less of them is kept (a Stop keeps what the page showed). */
export type Ending = Pick<AssistantTurn, 'note' | 'error' | 'usage' | 'imagesRejected' | 'keyFor' | 'toolCalls' | 'trimmed'> &
  Partial<Pick<AssistantTurn, 'content' | 'reasoning'>>;

/** What changes of a tool step as it runs: the result arrives, the user is asked, it ends. */
export type StepChange = Partial<Pick<ToolTurn, 'status' | 'content' | 'summary' | 'ms' | 'approval' | 'question' | 'images'>>;

/** What happened to a conversation, in order: what a view must do to show it as it is now. */
export type ConversationEvent =
  | { type: 'turnAdded'; turn: Turn }
  /** Part of a streaming reply arrived (the turn's text already holds it). */
  | { type: 'turnStreaming'; turnId: string; event: StreamEvent }
  /** A reply finished, stopped, failed or was interrupted: the turn as it stays. */
  | { type: 'turnEnded'; turn: AssistantTurn }
  /** A tool step changed (waiting, running, over): the step as it is now. */
  | { type: 'stepChanged'; turn: ToolTurn }
  /** The turn with this id and every one after it are gone (Regenerate, Edit and Resend). */
  | { type: 'turnsRemoved'; fromId: string }
  /** What changed of the header: a key present was set (undefined: cleared). */
  | { type: 'headerChanged'; change: Partial<Header> };

/**
 * One conversation as the chat holds it: its turns (in `data`, the form its file stores) and its
 * header. Everything that changes it goes through here and is told through `onDidChange`;
 * VS Code-free, so a view of it can be anything that listens.
 */
export class Conversation {
  private readonly emitter = new Emitter<ConversationEvent>();
  readonly onDidChange = this.emitter.event;
  private current: Header;

  constructor(
    readonly data: StoredConversation,
    header: Header = { busy: false },
  ) {
    // A conversation opened again (a reload, the history) shows the note its last request had.
    this.current = { trimmedNote: lastTrimNote(data.messages), ...header };
  }

  get id(): string {
    return this.data.id;
  }

  get turns(): readonly Turn[] {
    return this.data.messages;
  }

  get header(): Readonly<Header> {
    return this.current;
  }

  add(turn: Turn): void {
    this.data.messages.push(turn);
    this.emitter.fire({ type: 'turnAdded', turn });
  }

  /** Adds a streamed piece to the reply (no event when it is no longer here). */
  stream(turnId: string, event: StreamEvent): void {
    const turn = this.reply(turnId);
    if (!turn) return;
    applyStreamEvent(turn, event);
    this.emitter.fire({ type: 'turnStreaming', turnId, event });
  }

  /** The reply is over: no longer streaming, with what is said under it. */
  end(turnId: string, ending: Ending): void {
    const turn = this.reply(turnId);
    if (!turn) return;
    Object.assign(turn, ending);
    turn.streaming = false;
    this.emitter.fire({ type: 'turnEnded', turn });
  }

  /** Changes a tool step; a field set to undefined is removed (no event when the step is not here). */
  changeStep(turnId: string, change: StepChange): void {
    const turn = this.data.messages.find((t): t is ToolTurn => t.id === turnId && t.role === 'tool');
    if (!turn) return;
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) delete (turn as unknown as Record<string, unknown>)[key];
      else Object.assign(turn, { [key]: value });
    }
    this.emitter.fire({ type: 'stepChanged', turn });
  }

  /** Removes the turn with this id and all after it; returns them (none when it is not here). */
  removeFrom(turnId: string): Turn[] {
    const at = this.data.messages.findIndex((t) => t.id === turnId);
    if (at === -1) return [];
    const removed = this.data.messages.splice(at);
    this.emitter.fire({ type: 'turnsRemoved', fromId: turnId });
    return removed;
  }

  /** Changes the header; only what differs is told, and nothing when nothing does. */
  setHeader(change: Partial<Header>): void {
    const changed: Partial<Header> = {};
    for (const key of Object.keys(change) as (keyof Header)[]) {
      if (this.current[key] === change[key]) continue;
      Object.assign(changed, { [key]: change[key] });
    }
    if (Object.keys(changed).length === 0) return;
    this.current = { ...this.current, ...changed };
    this.emitter.fire({ type: 'headerChanged', change: changed });
  }

  /** Stops telling listeners (the chat moved to another conversation). */
  dispose(): void {
    this.emitter.dispose();
  }

  private reply(turnId: string): AssistantTurn | undefined {
    const turns = this.data.messages;
    for (let i = turns.length - 1; i >= 0; i--) {
      const t = turns[i];
      if (t.id === turnId) return t.role === 'assistant' ? t : undefined;
    }
    return undefined;
  }
}
