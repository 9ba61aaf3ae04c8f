import * as paging from '../core/conversation/paging';
import type { Turn } from '../core/conversation/turn';
import { LATEST_IN_STATE, withChrome, type ChromeChange, type Chrome, type ViewState } from '../shared/protocol';
import { nameMessage } from './accessibleNames';
import { Announcer } from './announcer';
import { renderChrome } from './chrome';
import { element, messageById } from './dom';
import { FocusKeeper } from './focus';
import { HistoryPicker } from './historyPicker';
import type { Ui } from './layout';
import { ListEnd } from './listEnd';
import { fillMessage, messageElement, PLAIN_TEXT_OVER } from './messages';
import { post, type SavedState } from './messaging';
import { ReadingPlace } from './readingPlace';
import { format, strings } from './strings';
import { StreamingReplies } from './streaming';

/** How many of the latest messages a conversation opens with; older ones come on request. */
export const RENDER_LATEST = LATEST_IN_STATE;
/** Of those, how many are drawn before the first paint (a screenful); the rest a frame later. */
const FIRST_DRAWN = 8;

/**
 * The view of one conversation: one list of turns keyed by id, drawn whole from a `state` and
 * patched after it: a turn appended, a streaming turn grown, an ended turn refilled, turns cut
 * from the end, the chrome. A long conversation opens with its latest turns only; a button
 * above them, or scrolling to the top, brings the earlier ones (see core/conversation/paging.ts).
 */
export class ChatView {
  /** The conversation as the page holds it (its latest turns, and earlier ones asked for) and the chrome; undefined until the first state. */
  state: ViewState | undefined;
  readonly streaming: StreamingReplies;
  readonly announcer: Announcer;
  readonly focus: FocusKeeper;
  private readonly history: HistoryPicker;
  private readonly place: ReadingPlace;
  private readonly end: ListEnd;
  private paging: paging.Paging = paging.opened(undefined, 0, 0, FIRST_DRAWN);
  private readonly earlier: HTMLButtonElement;

  constructor(
    private readonly ui: Ui,
    saved: SavedState,
  ) {
    this.end = new ListEnd(ui.messages);
    // The trim note stays at the top of the view over what scrolls under it: what gets focus is
    // brought into view below it, not under it.
    new ResizeObserver(([e]) => (ui.messages.style.scrollPaddingTop = `${e.borderBoxSize[0].blockSize}px`)).observe(ui.trimmed);
    this.streaming = new StreamingReplies(ui.messages, this.end);
    this.announcer = new Announcer(ui.announcer);
    this.focus = new FocusKeeper(ui);
    this.history = new HistoryPicker(ui.history);
    this.place = new ReadingPlace(ui.messages, saved, () => this.state?.conversationId, this.end);
    this.earlier = element('button', { type: 'button', className: 'show-earlier link' });
    this.earlier.addEventListener('click', () => this.showEarlier());
    this.end.onScroll((toEnd) => {
      if (!toEnd && paging.notShown(this.paging) > 0 && ui.messages.scrollTop < 40) this.showEarlier();
    });
  }

  /** Draws a whole state: another conversation, or the page's first. */
  render(next: ViewState): void {
    const ui = this.ui;
    const first = !this.state;
    const fresh = !!this.state && this.state.conversationId !== next.conversationId && next.messages.length === 0;
    this.state = { ...next, messages: [...next.messages] };
    this.paging = paging.opened(this.paging, next.messages.length, next.omitted ?? 0, FIRST_DRAWN);
    const drawing = this.paging.drawing;
    renderChrome(ui, { focus: this.focus, history: this.history }, this.state);
    this.focus.keepAcross(() => {
      ui.messages.textContent = '';
      this.end.unwatchAll();
      this.streaming.clear();
      this.updateEarlier();
      ui.messages.append(ui.trimmed, this.earlier);
      next.messages.forEach((m, i) => {
        if (i >= this.paging.shownFrom) this.appendElement(m);
        if (m.streaming) this.streaming.resume(m);
      });
    });
    this.announcer.noticeStreaming(next.messages);
    this.returnToReader(next);
    if (first) this.focus.firstDrawn();
    // A new, empty conversation (New Chat, or the last one deleted) is for typing in; a
    // conversation opened from the picker keeps focus on the picker.
    else if (fresh && document.activeElement !== ui.history) ui.input.focus();
    // The rest of the latest RENDER_LATEST go above once this screenful has painted (the
    // reader's place kept): a long conversation shows sooner.
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (this.paging.drawing !== drawing || !this.state) return;
        const rest = paging.restOfLatest(this.paging, this.state.messages.length, RENDER_LATEST);
        if (rest > 0) this.showEarlier(rest, false);
      }, 0),
    );
  }

  /** The first state after a reload returns to the message the reader was on; later ones, and patches, go to the end. */
  private returnToReader(next: ViewState): void {
    this.end.cancel();
    const at = this.place.indexIn(next);
    if (at !== undefined && at < this.paging.shownFrom) this.showEarlier(this.paging.shownFrom - at, false);
    this.place.returnTo(next);
  }

  /** A turn joins the end: one element added, no other touched. */
  append(turn: Turn): void {
    if (!this.state) return; // the state on its way holds it
    // A question the reader sent is shown; an agent's next step follows only a reader at the end
    // (read before the element goes in; a move still to come answers without reading the layout).
    const follow = turn.role === 'user' || this.end.atEnd();
    this.state.messages.push(turn);
    const el = this.appendElement(turn);
    if (turn.streaming) {
      this.streaming.resume(turn);
      this.announcer.noticeStreaming([turn]);
    }
    this.focus.added(el);
    if (follow) this.end.keep();
  }

  private appendElement(turn: Turn): HTMLElement {
    const el = messageElement(turn);
    this.ui.messages.append(el);
    this.end.watch(el);
    nameMessage(el);
    return el;
  }

  /** A streaming turn ended: only its element is filled again. */
  done(turn: Turn): void {
    const ui = this.ui;
    // A reader who scrolled up while it streamed stays there (read before the page changes).
    const follow = this.end.atEnd();
    const entry = this.streaming.finish(turn.id);
    let el = messageById(ui.messages, turn.id);
    if (!el) el = this.appendElement(turn);
    else {
      // The finished reply is what streamed: keep its finished blocks and render only the last.
      const same = entry && entry.content === turn.content && entry.content.length <= PLAIN_TEXT_OVER;
      // What the frames have not drawn yet is drawn in later frames, never all in this one.
      if (!same) fillMessage(el, turn);
      else if (!fillMessage(el, turn, entry.rendered)) this.streaming.renderRest(el, turn, entry.rendered);
    }
    this.announcer.replyDone(turn, el);
    const held = this.state?.messages;
    const i = held ? held.findIndex((x) => x.id === turn.id) : -1;
    if (held && i >= 0) held[i] = turn;
    if (follow) this.end.keep();
  }

  /** The turn `fromId` and every one after it are gone: their elements go. */
  truncate(fromId: string): void {
    const held = this.state?.messages;
    const at = held ? held.findIndex((t) => t.id === fromId) : -1;
    if (!held || at < 0) return;
    this.focus.keepUntilReplaced(() => {
      for (const t of held.splice(at)) {
        this.streaming.finish(t.id);
        const el = messageById(this.ui.messages, t.id);
        if (!el) continue;
        this.end.unwatch(el);
        el.remove();
      }
    });
    this.paging = paging.truncated(this.paging, held.length);
    this.updateEarlier();
  }

  /** Only what changed around the conversation is drawn again. */
  applyChrome(change: ChromeChange): void {
    if (!this.state) return;
    this.state = withChrome(this.state, change);
    renderChrome(this.ui, { focus: this.focus, history: this.history }, this.state, Object.keys(change) as (keyof Chrome)[]);
  }

  /**
   * Puts `count` earlier messages above the shown ones, keeping the view still; `ahead`: then
   * asks for the next ones if few are left (the reader is going up).
   */
  showEarlier(count = RENDER_LATEST, ahead = true): void {
    const held = this.state?.messages;
    if (!held) return;
    const step = paging.showEarlier(this.paging, count, held[0]?.id, RENDER_LATEST, ahead);
    this.paging = step.paging;
    if (step.draw) {
      const list = this.ui.messages;
      // A list kept at its end (a page opened there) stays kept: the reader's place below is
      // restored by a scroll that is not this list's own, and would end it.
      const following = this.end.following();
      const fromBottom = following ? 0 : list.scrollHeight - list.scrollTop;
      const older = held.slice(step.draw.from, step.draw.to).map((m) => messageElement(m));
      this.earlier.after(...older);
      this.updateEarlier();
      // Names count from the conversation's first message, not the first one shown.
      older.forEach((el) => {
        nameMessage(el);
        this.end.watch(el);
      });
      if (following) this.end.now();
      else list.scrollTop = list.scrollHeight - fromBottom;
    }
    if (step.ask !== undefined) post({ type: 'earlier', beforeId: step.ask, count: RENDER_LATEST });
  }

  /** Earlier messages arrive: held above the others, and drawn if the reader is waiting at the top. */
  addEarlier(m: { conversationId: string; beforeId: string; messages: Turn[]; omitted: number }): void {
    const state = this.state;
    this.paging = paging.answered(this.paging, m.beforeId);
    if (!state || state.conversationId !== m.conversationId || state.messages[0]?.id !== m.beforeId) return;
    state.messages.unshift(...m.messages);
    const { paging: next, drawNow } = paging.arrived(this.paging, m.messages.length, m.omitted);
    this.paging = next;
    this.updateEarlier();
    if (drawNow > 0) this.showEarlier(drawNow);
  }

  private updateEarlier(): void {
    const notShown = paging.notShown(this.paging);
    this.earlier.hidden = notShown === 0;
    this.earlier.textContent = format(strings.showEarlier, String(notShown));
    // The conversation's index of the first message shown (screen-reader names count from it).
    this.ui.messages.dataset.shownFrom = String(notShown);
  }
}
