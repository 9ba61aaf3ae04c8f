import { escapeHtml } from '../core/text/escapeHtml';

/** A new element with these properties set: `element('div', { className: 'note', textContent })`. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}

/** The message with this id in the conversation, if it is there. */
export function messageById(messages: HTMLElement, id: string): HTMLElement | null {
  // Most often the last (a streaming reply): found without walking every message before it.
  const last = messages.lastElementChild as HTMLElement | null;
  if (last?.classList.contains('message') && last.dataset.id === id) return last;
  return messages.querySelector<HTMLElement>(`.message[data-id="${CSS.escape(id)}"]`);
}

/**
 * Markup of a button that shows only a codicon: `title` on hover, `label` for screen readers.
 * `attributes` is trusted markup (type, id, class, data-*); the two texts are escaped.
 */
export function iconButton(attributes: string, icon: string, title: string, label = title): string {
  return `<button ${attributes} title="${escapeHtml(title)}" aria-label="${escapeHtml(label)}"><span class="codicon codicon-${icon}" aria-hidden="true"></span></button>`;
}
