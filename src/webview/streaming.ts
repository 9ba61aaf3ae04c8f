import type { Turn } from '../core/conversation/turn';
import type { ShownReply, ToWebview } from '../shared/protocol';
import { messageById } from './dom';
import { pacedClock } from './inputClock';
import type { ListEnd } from './listEnd';
import { fillMessage, type Rendered } from './messages';
import { applyStreamEvent } from '../core/client/replyText';
import {
  FRAME_BUDGET_MS,
  giveWay,
  LONG_REDRAW_MS,
  LONG_REPLY_CHARS,
  putOffForPress,
  redrawBudget,
  redrawWait,
  type InputClock,
} from '../core/view/redrawPacing';

/** A streaming reply as it grows; `rendered` is how much of it is in finished blocks. */
export interface Streaming {
  content: string;
  reasoning: string;
  rendered: Rendered;
  frame?: number;
  /** How much of it the page shows: the text as of the last re-render that put it all on screen. */
  shown: { content: number; reasoning: number };
  /** Stop was clicked: the reply stays as it is on the page. */
  frozen?: boolean;
  /** Stop is being pressed: nothing is drawn, deltas still gather (a press may not become a click). */
  held?: boolean;
  /** Frames in a row this reply's render gave way to waiting input (a few at most: it never starves). */
  deferred?: number;
  /** Redraws in a row put off for a waiting press (a few at most: see putOffForPress). */
  putOff?: number;
  /** The last few whole redraws, newest last: what the page showed from `at` on (see `hold`). */
  draws?: { at: number; content: string; reasoning: string }[];
}

/** Whole redraws kept per reply: a press is handled within a frame or two of when it came. */
const DRAWS_KEPT = 4;

/** Input waiting for the page's thread (Chromium's `isInputPending`; absent elsewhere: never). */
const inputPending = (): boolean =>
  (navigator as { scheduling?: { isInputPending?: () => boolean } }).scheduling?.isInputPending?.() ?? false;

/** The replies still streaming, each re-rendered at most once a frame as deltas arrive. */
export class StreamingReplies {
  private readonly replies = new Map<string, Streaming>();
  /** A key, or a press that may become a click (Stop): its frame goes before the next redraw. */
  private readonly clock: InputClock = pacedClock();

  constructor(
    private readonly messages: HTMLElement,
    private readonly end: ListEnd,
  ) {}

  clear(): void {
    this.replies.clear();
  }

  /**
   * A reply streaming when the whole state arrived, or one just begun (appended): deltas continue
   * it. The Enter or click that sent its question is not typing over it: its redraws are not paced
   * as if it were (they were, every 250 ms, for a reply's first second).
   */
  resume(m: Turn): void {
    this.clock.lastInput = -Infinity;
    const reasoning = m.reasoning ?? '';
    const shown = { content: m.content.length, reasoning: reasoning.length }; // drawn whole with the state
    this.replies.set(m.id, { content: m.content, reasoning, rendered: { upTo: 0, budgetMs: FRAME_BUDGET_MS }, shown });
  }

  /** Re-renders only the streaming message, at most once a frame (less often when it is long). */
  applyDelta(m: Extract<ToWebview, { type: 'delta' }>): void {
    const entry = this.replies.get(m.turnId) ?? {
      content: '',
      reasoning: '',
      rendered: { upTo: 0, budgetMs: FRAME_BUDGET_MS },
      shown: { content: 0, reasoning: 0 },
    };
    if (!this.replies.has(m.turnId)) this.clock.lastInput = -Infinity; // the Enter or click that sent it is not typing over it
    this.replies.set(m.turnId, entry);
    // Deltas already on their way when Stop was clicked: the page draws nothing after the click.
    if (entry.frozen) return;
    // A delta carries events in order: a reclassify first, then reasoning, then answer.
    if (m.reclassify) {
      applyStreamEvent(entry, { type: 'reclassify' });
      entry.rendered.upTo = 0;
    }
    if (m.reasoning) applyStreamEvent(entry, { type: 'reasoning', text: m.reasoning });
    if (m.content) applyStreamEvent(entry, { type: 'content', text: m.content });
    if (entry.frame !== undefined || entry.held) return;
    // Rendering the last block grows with it: past LONG_REPLY_CHARS, re-render a few times a second only.
    this.schedule(m.turnId, entry, entry.content.length > LONG_REPLY_CHARS ? LONG_REDRAW_MS : 0);
  }

  private schedule(id: string, entry: Streaming, wait: number): void {
    entry.frame = window.setTimeout(
      () =>
        requestAnimationFrame((frameStart) => {
          entry.frame = undefined;
          if (this.replies.get(id) !== entry || entry.frozen || entry.held) return; // finished, stopped or held meanwhile
          // A key press or a click (Stop) waiting for this thread, or a key whose paint is this frame's, goes first.
          entry.deferred = giveWay(this.clock, frameStart, inputPending(), entry.deferred ?? 0);
          if (entry.deferred > 0) return this.schedule(id, entry, 0);
          this.clock.lastRender = performance.now();
          entry.rendered.budgetMs = redrawBudget(this.clock, this.clock.lastRender);
          const el = messageById(this.messages, id);
          if (!el) return;
          const started = performance.now();
          const { content, reasoning } = entry;
          // A press that came while the blocks were made (Stop's) goes before they reach the page.
          const mayChange = () => !putOffForPress(this.clock, performance.now(), inputPending(), entry.putOff ?? 0);
          const onScreen = this.fill(el, { id, role: 'assistant', content, reasoning, streaming: true }, entry.rendered, mayChange);
          if (onScreen === undefined) {
            entry.putOff = (entry.putOff ?? 0) + 1;
            return this.schedule(id, entry, 0);
          }
          entry.putOff = 0;
          // A frame that ran out of budget left blocks off the page: what shows is the last whole render.
          if (onScreen) {
            entry.shown = { content: content.length, reasoning: reasoning.length };
            (entry.draws ??= []).push({ at: performance.now(), content, reasoning });
            if (entry.draws.length > DRAWS_KEPT) entry.draws.shift();
          }
          // Read by `npm run bench`: how long each streaming re-render takes.
          performance.measure('parley:render', { start: started });
          // Blocks left over from this frame's budget go in the next frame, deltas or not.
          if (!onScreen && entry.frame === undefined) this.schedule(id, entry, 0);
        }),
      redrawWait(this.clock, performance.now(), wait),
    );
  }

  /** A finished reply not yet all on screen: the rest, a frame's budget at a time. */
  renderRest(el: HTMLElement, m: Turn, rendered: Rendered, givenWay = 0): void {
    const frame = () =>
      requestAnimationFrame((frameStart) => {
        // A new state (another conversation, a reload) replaced the element: nothing left to do.
        if (!el.isConnected) return;
        // As while it streamed: a key's frame goes first, and while one types the frames carry less.
        givenWay = giveWay(this.clock, frameStart, inputPending(), givenWay);
        if (givenWay > 0) return this.renderRest(el, m, rendered, givenWay);
        this.clock.lastRender = performance.now();
        rendered.budgetMs = redrawBudget(this.clock, this.clock.lastRender);
        if (!this.fill(el, m, rendered)) this.renderRest(el, m, rendered);
      });
    // And as often: while one types, every TYPING_REDRAW_MS (the rest comes at full speed a second after the last key).
    const wait = redrawWait(this.clock, performance.now(), 0);
    if (wait > 0) window.setTimeout(frame, wait);
    else frame();
  }

  /**
   * Fills the element, keeping the list at the bottom if it was there (undefined: `mayChange` said
   * no, nothing changed). A list the end follows is kept there by its size observer once the frame
   * has laid the page out; moved here, it laid the page out once more in every redraw (a third of
   * a redraw's time). A reader left near the end is put there now.
   */
  private fill(el: HTMLElement, m: Turn, rendered: Rendered, mayChange?: () => boolean): boolean | undefined {
    const toEnd = !this.end.following() && this.end.atEnd();
    const onScreen = fillMessage(el, m, rendered, mayChange);
    if (toEnd && onScreen !== undefined) this.end.now();
    return onScreen;
  }

  /**
   * Stop is pressed (pointer down, or Enter / Space on it, at `pressedAt`, the event's time): the
   * page draws nothing more from here, so what the user saw at the press is what the click keeps.
   * Deltas still gather. A redraw that reached the page after the press (the press was on its
   * way to the page's thread meanwhile) is taken back: the reply shows what it did at the press.
   */
  hold(pressedAt = performance.now()): void {
    for (const [id, entry] of this.replies) {
      if (entry.frame !== undefined) clearTimeout(entry.frame);
      entry.frame = undefined;
      entry.held = true;
      this.takeBackAfter(id, entry, pressedAt);
    }
  }

  private takeBackAfter(id: string, entry: Streaming, pressedAt: number): void {
    const draws = entry.draws ?? [];
    if (!draws.length || draws[draws.length - 1].at <= pressedAt) return;
    const before = draws.filter((d) => d.at <= pressedAt).pop();
    const el = messageById(this.messages, id);
    if (!before || !el) return;
    entry.draws = [before];
    // Whole, whatever the frame's budget: the reply shows all it did at the press.
    const rendered: Rendered = { upTo: 0 };
    fillMessage(el, { id, role: 'assistant', content: before.content, reasoning: before.reasoning, streaming: true }, rendered);
    entry.rendered = { upTo: rendered.upTo, budgetMs: entry.rendered.budgetMs };
    entry.shown = { content: before.content.length, reasoning: before.reasoning.length };
  }

  /** The press ended without a click (released off the button): the replies draw on. */
  release(): void {
    for (const [id, entry] of this.replies) {
      if (!entry.held || entry.frozen) continue;
      entry.held = false;
      this.schedule(id, entry, 0);
    }
  }

  /**
   * Stop was clicked: the streaming reply stays as the page shows it (no render pending, later
   * deltas dropped). Returns how much of it shows, for the extension to keep exactly that.
   */
  freeze(): ShownReply | undefined {
    this.hold();
    let latest: ShownReply | undefined;
    for (const [turnId, entry] of this.replies) {
      entry.frozen = true;
      latest = { turnId, ...entry.shown }; // the newest reply is the one streaming
    }
    return latest;
  }

  /** Stops re-rendering a finished reply; returns what had streamed of it, if anything. */
  finish(id: string): Streaming | undefined {
    const entry = this.replies.get(id);
    if (entry?.frame !== undefined) clearTimeout(entry.frame);
    this.replies.delete(id);
    return entry;
  }
}
