import type { Ui } from './layout';

/** Where focus was inside the conversation, said so it can be found again after a rebuild. */
interface Spot {
  id: string;
  role: string;
  index: number;
  find: (message: HTMLElement) => HTMLElement | null;
}

/**
 * Keeps keyboard focus where a person expects it: on the input when the view is opened, back
 * where it was when the view regains focus or the conversation is rebuilt, on Stop while a
 * reply runs and on Send after it. Alt+Up/Down move from the input to the latest reply and
 * message by message; Alt+Down from the last message comes back to the input.
 */
export class FocusKeeper {
  private last: HTMLElement | undefined;
  private pointerAt = 0;
  /** Where focus was in messages just removed: found again in the message that takes their place. */
  private pending: Spot | undefined;

  constructor(private readonly ui: Ui) {
    document.addEventListener('focusin', (e) => {
      this.last = e.target as HTMLElement;
    });
    // A click gives focus to what was clicked: only a focus with no click behind it is ours.
    document.addEventListener(
      'pointerdown',
      () => {
        this.pointerAt = Date.now();
      },
      true,
    );
    window.addEventListener('focus', () =>
      setTimeout(() => {
        if (Date.now() - this.pointerAt > 500) this.restoreIfLost();
      }, 0),
    );
    document.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** The first state is drawn: a view opened with focus (Open Chat) starts on the input. */
  firstDrawn(): void {
    if (document.hasFocus()) this.restoreIfLost();
  }

  /** The view got focus (opened, or back from a picker) with nothing focused inside. */
  private restoreIfLost(): void {
    const active = document.activeElement;
    if (active && active !== document.body) return;
    (this.last && usable(this.last) ? this.last : this.ui.input).focus();
  }

  /** Runs a rebuild of the conversation and puts focus back on the same place in it. */
  keepAcross(rebuild: () => void): void {
    const spot = this.spot() ?? this.pending;
    this.pending = undefined;
    rebuild();
    if (spot && !this.ui.messages.contains(document.activeElement)) this.restore(spot);
  }

  /**
   * Runs a removal of messages. Focus that was in one of them is put back when a message of the
   * same role comes in their place (`added`): Regenerate's reply, Edit and Resend's question.
   */
  keepUntilReplaced(remove: () => void): void {
    const spot = this.spot();
    remove();
    if (spot && !this.ui.messages.contains(document.activeElement)) this.pending = spot;
  }

  /** A message came at the end: focus that lost its message goes to it when it takes its place. */
  added(message: HTMLElement): void {
    const spot = this.pending;
    if (!spot || roleOf(message) !== spot.role) return;
    this.pending = undefined;
    // Unless the person has gone somewhere meanwhile.
    if (!document.activeElement || document.activeElement === document.body) this.restore(spot);
  }

  /** Moves focus between Send and Stop as one replaces the other, so it never falls to the page. */
  swapSendStop(busy: boolean): void {
    const { send, stop } = this.ui;
    const from = document.activeElement;
    stop.hidden = !busy;
    send.hidden = busy;
    if (busy && from === send) stop.focus();
    else if (!busy && from === stop) send.focus();
  }

  private spot(): Spot | undefined {
    const active = document.activeElement as HTMLElement | null;
    const message = active?.closest<HTMLElement>('.message');
    if (!active || !message || !this.ui.messages.contains(message)) return undefined;
    const siblings = [...this.ui.messages.querySelectorAll<HTMLElement>(`.message.${roleOf(message)}`)];
    let find: Spot['find'] = () => null;
    const action = active.dataset.msgAction ?? (active.classList.contains('edit-box') ? 'edit' : undefined);
    if (action) find = (m) => m.querySelector(`[data-msg-action="${action}"]`);
    else if (active.dataset.action) {
      const block = [...message.querySelectorAll('.code-block')].indexOf(active.closest('.code-block')!);
      const codeAction = active.dataset.action;
      find = (m) => m.querySelectorAll('.code-block')[block]?.querySelector(`[data-action="${codeAction}"]`) ?? null;
    }
    return { id: message.dataset.id!, role: roleOf(message), index: siblings.indexOf(message), find };
  }

  /** The same message (or the one in its place: a regenerated reply has a new id), the same control. */
  private restore(spot: Spot): void {
    const all = [...this.ui.messages.querySelectorAll<HTMLElement>(`.message.${spot.role}`)];
    const message = all.find((m) => m.dataset.id === spot.id) ?? all[spot.index] ?? all.at(-1);
    if (!message) return this.ui.input.focus();
    (spot.find(message) ?? message).focus();
  }

  private onKey(e: KeyboardEvent): void {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    const messages = [...this.ui.messages.querySelectorAll<HTMLElement>('.message')];
    const current = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.message');
    const at = current ? messages.indexOf(current) : -1;
    let target: HTMLElement | undefined;
    if (e.key === 'ArrowUp') {
      if (at > 0) target = messages[at - 1];
      else if (at === -1) target = latestReply(messages);
    } else {
      target = at >= 0 && at < messages.length - 1 ? messages[at + 1] : this.ui.input;
    }
    if (!target) return;
    e.preventDefault();
    target.focus();
  }
}

function roleOf(message: HTMLElement): string {
  return message.classList.contains('user') ? 'user' : 'assistant';
}

function latestReply(messages: HTMLElement[]): HTMLElement | undefined {
  return [...messages].reverse().find((m) => m.classList.contains('assistant')) ?? messages.at(-1);
}

function usable(el: HTMLElement): boolean {
  return el.isConnected && !el.closest('[hidden]') && el.getClientRects().length > 0;
}
