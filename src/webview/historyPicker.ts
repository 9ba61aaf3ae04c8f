import type { ViewState } from '../shared/protocol';
import { element } from './dom';
import { post } from './messaging';
import { strings } from './strings';

/** Keys with which a closed <select> changes its value: browsing, not choosing. */
const BROWSE_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * The past-conversations picker. Its order is the history's (newest first) and does not move
 * the open conversation to the top, so arrows walk every conversation. Arrows only browse:
 * Enter (or a choice in the open list, or a click) opens the one shown, leaving restores the
 * open one.
 */
export class HistoryPicker {
  private current = '';
  private browsing = false;

  constructor(private readonly select: HTMLSelectElement) {
    select.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.open();
      } else if (BROWSE_KEYS.has(e.key) || e.key.length === 1) {
        // The change this key causes is dispatched before the next task: mark it as browsing.
        this.browsing = true;
        setTimeout(() => {
          this.browsing = false;
        }, 0);
      }
    });
    select.addEventListener('change', () => {
      if (!this.browsing) this.open();
    });
    select.addEventListener('blur', () => {
      select.value = this.current;
    });
  }

  render(state: ViewState): void {
    this.current = state.conversationId;
    const options = state.history.map((h) => element('option', { value: h.id, textContent: h.title }));
    if (!state.history.some((h) => h.id === state.conversationId)) {
      options.unshift(element('option', { value: state.conversationId, textContent: strings.newConversation }));
    }
    this.select.replaceChildren(...options);
    this.select.value = this.current;
  }

  private open(): void {
    if (this.select.value !== this.current) post({ type: 'openConversation', id: this.select.value });
  }
}
