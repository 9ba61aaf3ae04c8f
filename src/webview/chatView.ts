import type { MessageView, ToWebview, ViewState } from '../shared/protocol';
import { element, messageById } from './dom';
import type { Ui } from './layout';
import { renderLocalServers } from './localServers';
import { fillMessage, messageElement, PLAIN_TEXT_OVER } from './messages';
import type { SavedState } from './messaging';
import { strings } from './strings';
import { StreamingReplies } from './streaming';

/** The view of one conversation: draws the state the extension sends, then keeps it current. */
export class ChatView {
  /** The last state received, kept current as replies finish; undefined until the first. */
  state: ViewState | undefined;
  readonly streaming: StreamingReplies;

  constructor(private readonly ui: Ui, private readonly saved: SavedState) {
    this.streaming = new StreamingReplies(ui.messages);
  }

  render(next: ViewState): void {
    const ui = this.ui;
    this.state = next;
    this.renderProfile(next.profileLabel);
    renderLocalServers(ui, next.profileLabel ? undefined : next.localServers);
    ui.usage.textContent = next.usageLabel ?? '';
    ui.trimmed.hidden = !next.trimmedNote;
    ui.trimmed.textContent = next.trimmedNote ?? '';
    this.renderHistory(next);
    ui.messages.textContent = '';
    this.streaming.clear();
    for (const m of next.messages) {
      ui.messages.append(messageElement(m));
      if (m.streaming) this.streaming.resume(m);
    }
    this.setBusy(next.busy);
    // The first state after a reload returns to where the reader was; later ones go to the end.
    const { scrollTop } = this.saved;
    ui.messages.scrollTop = scrollTop !== undefined && scrollTop < ui.messages.scrollHeight ? scrollTop : ui.messages.scrollHeight;
    this.saved.scrollTop = undefined;
  }

  private renderHistory(next: ViewState): void {
    const history = this.ui.history;
    history.textContent = '';
    const title = next.history.find((h) => h.id === next.conversationId)?.title ?? strings.newConversation;
    history.append(element('option', { value: next.conversationId, textContent: title }));
    for (const h of next.history) {
      if (h.id !== next.conversationId) history.append(element('option', { value: h.id, textContent: h.title }));
    }
  }

  renderProfile(profileLabel: string | undefined): void {
    if (this.state) this.state.profileLabel = profileLabel;
    this.ui.setup.hidden = !!profileLabel;
    this.ui.profile.textContent = profileLabel ?? strings.noProvider;
    if (profileLabel) renderLocalServers(this.ui, undefined);
  }

  finishMessage(m: Extract<ToWebview, { type: 'messageDone' }>): void {
    const ui = this.ui;
    const entry = this.streaming.finish(m.message.id);
    let el = messageById(ui.messages, m.message.id);
    if (!el) {
      el = messageElement(m.message);
      ui.messages.append(el);
    } else {
      // The finished reply is what streamed: keep its finished blocks and render only the last.
      const same = entry && entry.content === m.message.content && entry.content.length <= PLAIN_TEXT_OVER;
      fillMessage(el, m.message, same ? entry.rendered : undefined);
    }
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
    this.ui.stop.hidden = !busy;
    this.ui.send.hidden = busy;
  }
}
