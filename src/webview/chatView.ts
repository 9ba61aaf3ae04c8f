import type { MessageView, ToWebview, ViewState } from '../shared/protocol';
import { nameMessage } from './accessibleNames';
import { Announcer } from './announcer';
import { element, messageById } from './dom';
import { FocusKeeper } from './focus';
import { HistoryPicker } from './historyPicker';
import type { Ui } from './layout';
import { renderLocalServers } from './localServers';
import { fillMessage, messageElement, PLAIN_TEXT_OVER } from './messages';
import type { SavedState } from './messaging';
import { format, strings } from './strings';
import { StreamingReplies } from './streaming';

/** How many of the latest messages a conversation opens with; older ones come on request. */
export const RENDER_LATEST = 30;
/** Of those, how many are drawn before the first paint (a screenful); the rest a frame later. */
const FIRST_DRAWN = 8;

/**
 * The view of one conversation: draws the state the extension sends, then keeps it current.
 * A long conversation opens with its latest messages only (opening costs and memory stay those
 * of a short one); a button above them, or scrolling to the top, brings the earlier ones.
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

  constructor(private readonly ui: Ui, private readonly saved: SavedState) {
    this.streaming = new StreamingReplies(ui.messages);
    this.announcer = new Announcer(ui.announcer);
    this.focus = new FocusKeeper(ui);
    this.history = new HistoryPicker(ui.history);
    this.earlier = element('button', { type: 'button', className: 'show-earlier link' });
    this.earlier.addEventListener('click', () => this.showEarlier());
    ui.messages.addEventListener('scroll', () => {
      if (ui.messages.scrollTop < 40 && this.shownFrom > 0) this.showEarlier();
    }, { passive: true });
  }

  /** Puts `count` earlier messages above the shown ones, keeping the view still. */
  showEarlier(count = RENDER_LATEST): void {
    const messages = this.state?.messages;
    if (!messages || this.shownFrom === 0) return;
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
  }

  private updateEarlier(): void {
    this.earlier.hidden = this.shownFrom === 0;
    this.earlier.textContent = format(strings.showEarlier, String(this.shownFrom));
    this.ui.messages.dataset.shownFrom = String(this.shownFrom);
  }

  render(next: ViewState): void {
    const ui = this.ui;
    const first = !this.state;
    const fresh = !!this.state && this.state.conversationId !== next.conversationId && next.messages.length === 0;
    this.state = next;
    this.renderProfile(next.profileLabel);
    renderLocalServers(ui, next.profileLabel ? undefined : next.localServers);
    ui.usage.textContent = next.usageLabel ?? '';
    ui.trimmed.hidden = !next.trimmedNote;
    ui.trimmed.textContent = next.trimmedNote ?? '';
    this.history.render(next);
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
    this.setBusy(next.busy);
    // The first state after a reload returns to where the reader was (kept as a distance from
    // the end, which holds however many earlier messages are shown); later ones go to the end.
    const { scrollFromBottom } = this.saved;
    const list = ui.messages;
    if (scrollFromBottom !== undefined) {
      while (list.scrollHeight < scrollFromBottom && this.shownFrom > 0) this.showEarlier();
      list.scrollTop = list.scrollHeight - scrollFromBottom;
    } else list.scrollTop = list.scrollHeight;
    this.saved.scrollFromBottom = undefined;
    if (first) this.focus.firstDrawn();
    // A new, empty conversation (New Chat, or the last one deleted) is for typing in; a
    // conversation opened from the picker keeps focus on the picker.
    else if (fresh && document.activeElement !== ui.history) ui.input.focus();
    // The rest of the latest RENDER_LATEST go above once this screenful has painted (the
    // reader's place kept): a long conversation shows sooner.
    requestAnimationFrame(() => setTimeout(() => {
      if (this.state !== next) return;
      const from = Math.max(0, next.messages.length - RENDER_LATEST);
      if (this.shownFrom > from) this.showEarlier(this.shownFrom - from);
    }, 0));
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
    if (this.state) this.remember(this.state, m.message, m.busy);
    ui.usage.textContent = m.usageLabel ?? '';
    this.setBusy(m.busy);
    ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  private remember(state: ViewState, message: MessageView, busy: boolean): void {
    state.busy = busy;
    const i = state.messages.findIndex((x) => x.id === message.id);
    if (i >= 0) state.messages[i] = message;
    else state.messages.push(message);
  }

  private setBusy(busy: boolean): void {
    this.focus.swapSendStop(busy);
  }
}
