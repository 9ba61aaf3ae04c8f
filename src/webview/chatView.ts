import type { Turn } from '../core/conversation/turn';
import { LATEST_IN_STATE, type ToWebview, type ViewState } from '../shared/protocol';
import { nameMessage } from './accessibleNames';
import { Announcer } from './announcer';
import { element, messageById } from './dom';
import { FocusKeeper } from './focus';
import { HistoryPicker } from './historyPicker';
import type { Ui } from './layout';
import { renderLocalServers } from './localServers';
import { fillMessage, messageElement, PLAIN_TEXT_OVER } from './messages';
import { post, saveState, type SavedState } from './messaging';
import { format, strings } from './strings';
import { StreamingReplies } from './streaming';

/** How many of the latest messages a conversation opens with; older ones come on request. */
export const RENDER_LATEST = LATEST_IN_STATE;
/** Of those, how many are drawn before the first paint (a screenful); the rest a frame later. */
const FIRST_DRAWN = 8;

/**
 * The view of one conversation: draws the state the extension sends, then keeps it current.
 * A long conversation arrives and opens with its latest messages only (opening costs and memory
 * stay those of a short one); a button above them, or scrolling to the top, brings the earlier
 * ones, asked of the extension a screenful ahead of the reader.
 */
export class ChatView {
  /** The last state received, kept current as replies finish; undefined until the first. */
  state: ViewState | undefined;
  readonly streaming: StreamingReplies;
  readonly announcer: Announcer;
  readonly focus: FocusKeeper;
  private readonly history: HistoryPicker;
  /** Index in `state.messages` of the first message on screen. */
  private shownFrom = 0;
  private readonly earlier: HTMLButtonElement;
  private readonly shownMessages: HTMLCollectionOf<HTMLElement>;
  /** The earliest message held when earlier ones were asked for (one request at a time). */
  private asked: string | undefined;
  /** Messages to draw when the asked-for ones arrive (the reader is already at the top). */
  private drawWhenArrived = 0;
  /** Counts full draws, so a draw's second part is skipped once another has begun. */
  private drawings = 0;
  /** States that did not yet hold the message the reader was on before a reload. */
  private placeTries = 0;

  constructor(private readonly ui: Ui, private readonly saved: SavedState) {
    this.streaming = new StreamingReplies(ui.messages);
    this.announcer = new Announcer(ui.announcer);
    this.focus = new FocusKeeper(ui);
    this.history = new HistoryPicker(ui.history);
    this.shownMessages = ui.messages.getElementsByClassName('message') as HTMLCollectionOf<HTMLElement>;
    this.earlier = element('button', { type: 'button', className: 'show-earlier link' });
    this.earlier.addEventListener('click', () => this.showEarlier());
    let placeSaved = true;
    ui.messages.addEventListener('scroll', () => {
      if (ui.messages.scrollTop < 40 && (this.shownFrom > 0 || this.state?.omitted)) this.showEarlier();
      // Once a frame at most: finding the top message reads the layout. Not while the place from
      // before a reload is still to be returned to (the first state's scroll is not the reader's).
      if (placeSaved && !this.saved.reading) {
        placeSaved = false;
        requestAnimationFrame(() => { placeSaved = true; saveState(this.readingPlace()); });
      }
    }, { passive: true });
  }

  /** The message at the top of the view (kept across a reload); none at the end. */
  private readingPlace(): Pick<SavedState, 'reading'> {
    const list = this.ui.messages;
    const shown = this.shownMessages;
    const conversationId = this.state?.conversationId;
    if (!conversationId || list.scrollHeight - list.scrollTop - list.clientHeight < 4) return { reading: undefined };
    const top = list.getBoundingClientRect().top;
    // The first message whose bottom is below the view's top (messages are in order).
    let lo = 0;
    let hi = shown.length - 1;
    let found: HTMLElement | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (shown[mid].getBoundingClientRect().bottom > top) { found = shown[mid]; hi = mid - 1; } else lo = mid + 1;
    }
    const id = found?.dataset.id;
    return { reading: id ? { conversationId, id, offset: found!.getBoundingClientRect().top - top } : undefined };
  }

  /**
   * Puts `count` earlier messages above the shown ones, keeping the view still; `ahead`: then
   * asks for the next ones if few are left (the reader is going up).
   */
  showEarlier(count = RENDER_LATEST, ahead = true): void {
    const messages = this.state?.messages;
    if (!messages) return;
    if (this.shownFrom === 0) {
      // All that is held is on screen: draw the next ones when they come.
      if (this.askEarlier()) this.drawWhenArrived = count;
      return;
    }
    const list = this.ui.messages;
    const from = Math.max(0, this.shownFrom - count);
    const fromBottom = list.scrollHeight - list.scrollTop;
    const older = messages.slice(from, this.shownFrom).map((m) => messageElement(m));
    this.earlier.after(...older);
    this.shownFrom = from;
    this.updateEarlier();
    // Names count from the conversation's first message, not the first one shown.
    older.forEach(nameMessage);
    list.scrollTop = list.scrollHeight - fromBottom;
    // The next screenful is asked for before the reader gets there.
    if (ahead && this.shownFrom < RENDER_LATEST) this.askEarlier();
  }

  /** Asks the extension for the messages before the earliest held; false if there are none or a request is out. */
  private askEarlier(): boolean {
    const state = this.state;
    const first = state?.messages[0];
    if (!state?.omitted || !first) return false;
    if (this.asked !== first.id) {
      this.asked = first.id;
      post({ type: 'earlier', beforeId: first.id, count: RENDER_LATEST });
    }
    return true;
  }

  /** Earlier messages arrive: held above the others, and drawn if the reader is waiting at the top. */
  addEarlier(m: Extract<ToWebview, { type: 'earlier' }>): void {
    const state = this.state;
    if (this.asked === m.beforeId) this.asked = undefined;
    if (!state || state.conversationId !== m.conversationId || state.messages[0]?.id !== m.beforeId) return;
    state.messages.unshift(...m.messages);
    state.omitted = m.omitted;
    this.heldEarlier(m.messages.length);
  }

  /**
   * `count` more messages are held above those shown (already in `state.messages`): the shown
   * ones' index moves, a request out for the old first message is moot, and a reader waiting at
   * the top gets them drawn.
   */
  private heldEarlier(count: number): void {
    this.shownFrom += count;
    this.asked = undefined;
    this.updateEarlier();
    const draw = this.drawWhenArrived;
    this.drawWhenArrived = 0;
    if (draw > 0) this.showEarlier(draw);
  }

  private updateEarlier(): void {
    const notShown = this.shownFrom + (this.state?.omitted ?? 0);
    this.earlier.hidden = notShown === 0;
    this.earlier.textContent = format(strings.showEarlier, String(notShown));
    // The conversation's index of the first message shown (screen-reader names count from it).
    this.ui.messages.dataset.shownFrom = String(notShown);
  }

  /**
   * Takes `next` without drawing its messages again when they are the page's own: the same
   * conversation, and the shorter list the latest of the longer (more earlier ones are held
   * above). The extension sends the state with the page and again in answer to its `ready`, and
   * again when the busy flag, the history or a conversation opened once more changes; drawing it
   * anew would lose the earlier messages shown and the reader's place.
   */
  private keepMessages(next: ViewState): boolean {
    const now = this.state;
    if (!now || now.conversationId !== next.conversationId) return false;
    const total = (s: ViewState) => (s.omitted ?? 0) + s.messages.length;
    if (total(now) !== total(next)) return false;
    const more = next.messages.length - now.messages.length;
    const [shorter, longer] = more > 0 ? [now.messages, next.messages] : [next.messages, now.messages];
    if (JSON.stringify(shorter) !== JSON.stringify(longer.slice(longer.length - shorter.length))) return false;
    this.state = { ...next, messages: longer, omitted: more > 0 ? next.omitted : now.omitted };
    if (more > 0) this.heldEarlier(more);
    else this.updateEarlier();
    return true;
  }

  /** What a state sets around the messages: profile, local servers, usage, trim note, history, busy. */
  private renderChrome(next: ViewState): void {
    const ui = this.ui;
    this.renderProfile(next.profileLabel);
    renderLocalServers(ui, next.profileLabel ? undefined : next.localServers);
    ui.usage.textContent = next.usageLabel ?? '';
    ui.trimmed.hidden = !next.trimmedNote;
    ui.trimmed.textContent = next.trimmedNote ?? '';
    this.history.render(next);
    this.setBusy(next.busy);
  }

  render(next: ViewState): void {
    const ui = this.ui;
    const first = !this.state;
    const fresh = !!this.state && this.state.conversationId !== next.conversationId && next.messages.length === 0;
    if (this.keepMessages(next)) {
      this.renderChrome(next);
      if (this.saved.reading) this.returnToReader(this.state!);
      return;
    }
    this.state = next;
    this.asked = undefined;
    this.drawWhenArrived = 0;
    const drawing = ++this.drawings;
    this.renderChrome(next);
    this.focus.keepAcross(() => {
      ui.messages.textContent = '';
      this.streaming.clear();
      this.shownFrom = Math.max(0, next.messages.length - FIRST_DRAWN);
      this.updateEarlier();
      ui.messages.append(this.earlier);
      next.messages.forEach((m, i) => {
        if (i >= this.shownFrom) {
          const el = messageElement(m);
          ui.messages.append(el);
          nameMessage(el);
        }
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
    requestAnimationFrame(() => setTimeout(() => {
      if (this.drawings !== drawing || !this.state) return;
      const from = Math.max(0, this.state.messages.length - RENDER_LATEST);
      if (this.shownFrom > from) this.showEarlier(this.shownFrom - from, false);
    }, 0));
  }

  /**
   * The first state after a reload returns to the message the reader was on; later ones go to
   * the end. The state sent with the page may not reach back to that message: the answer to the
   * page's `ready` (which names it) does, so the place waits for one more state, no longer.
   */
  private returnToReader(next: ViewState): void {
    const list = this.ui.messages;
    const reading = this.saved.reading;
    const at = reading?.conversationId === next.conversationId ? next.messages.findIndex((m) => m.id === reading.id) : -1;
    if (reading && at >= 0) {
      if (at < this.shownFrom) this.showEarlier(this.shownFrom - at, false);
      const el = messageById(list, reading.id);
      if (el) list.scrollTop += el.getBoundingClientRect().top - list.getBoundingClientRect().top - reading.offset;
    } else list.scrollTop = list.scrollHeight;
    const wait = reading && at < 0 && reading.conversationId === next.conversationId && !!next.omitted && this.placeTries++ === 0;
    if (!wait) this.saved.reading = undefined;
  }

  renderProfile(profileLabel: string | undefined): void {
    if (this.state) this.state.profileLabel = profileLabel;
    this.ui.setup.hidden = !!profileLabel;
    this.ui.profile.textContent = profileLabel ?? strings.noProvider;
    // Named with what it shows, so a screen reader hears the model too.
    this.ui.profile.setAttribute('aria-label', profileLabel ? format(strings.chooseModelNow, profileLabel) : strings.noProvider);
    if (profileLabel) renderLocalServers(this.ui, undefined);
  }

  finishMessage(m: Extract<ToWebview, { type: 'messageDone' }>): void {
    const ui = this.ui;
    const entry = this.streaming.finish(m.message.id);
    let el = messageById(ui.messages, m.message.id);
    this.focus.keepAcross(() => {
      if (!el) {
        el = messageElement(m.message);
        ui.messages.append(el);
        nameMessage(el);
      } else {
        // The finished reply is what streamed: keep its finished blocks and render only the last.
        const same = entry && entry.content === m.message.content && entry.content.length <= PLAIN_TEXT_OVER;
        // What the frames have not drawn yet is drawn in later frames, never all in this one.
        if (!same) fillMessage(el, m.message);
        else if (!fillMessage(el, m.message, entry.rendered)) this.streaming.renderRest(el, m.message, entry.rendered);
      }
    });
    this.announcer.replyDone(m.message, el);
    if (this.state) this.remember(this.state, m.message, m.busy, m.usageLabel);
    ui.usage.textContent = m.usageLabel ?? '';
    this.setBusy(m.busy);
    ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  private remember(state: ViewState, message: Turn, busy: boolean, usageLabel: string | undefined): void {
    state.busy = busy;
    state.usageLabel = usageLabel;
    const i = state.messages.findIndex((x) => x.id === message.id);
    if (i >= 0) state.messages[i] = message;
    else state.messages.push(message);
  }

  private setBusy(busy: boolean): void {
    this.focus.swapSendStop(busy);
  }
}
