import { format, strings as s } from './strings';

/**
 * Gives a message and everything in it a name a screen reader can tell apart from the others:
 * "Assistant, message 4", "Copy message 4", "Copy typescript code block 2 of message 4".
 * The position comes from the page, so a message must be in `#messages` first; messages are
 * named again whenever they are filled (streaming adds code blocks as it goes).
 */
export function nameMessage(el: HTMLElement): void {
  const list = el.parentElement;
  if (!list) return;
  // Counted among the messages only, from the conversation's first (a long one shows its latest).
  // Messages are the list's children: counting siblings, not every element inside every message.
  let before = 0;
  for (let c = el.previousElementSibling; c; c = c.previousElementSibling) if (c.classList.contains('message')) before++;
  const n = String(Number(list.dataset.shownFrom ?? 0) + before + 1);
  const who = el.classList.contains('user') ? s.you : el.classList.contains('tool') ? s.toolStep : s.assistant;
  el.setAttribute('aria-label', format(s.messageLabel, who, n));
  label(el.querySelector('[data-msg-action="copy"]'), format(s.copyMessage, n));
  label(el.querySelector('[data-msg-action="edit"]'), format(s.editAndResendLabel, n));
  label(el.querySelector('[data-msg-action="regenerate"]'), format(s.regenerateLabel, n));
  el.querySelectorAll<HTMLElement>('.code-block').forEach((block, i) => {
    // Named already as this message's block i (a streaming reply is named again at every redraw).
    const named = `${n}:${i}`;
    if (block.dataset.named === named) return;
    block.dataset.named = named;
    const language = block.dataset.language;
    const name = language ? format(s.codeBlockNameWithLanguage, language, String(i + 1), n) : format(s.codeBlockName, String(i + 1), n);
    label(block.querySelector('pre'), name.charAt(0).toUpperCase() + name.slice(1));
    label(block.querySelector('[data-action="copy"]'), format(s.copyCode, name));
    label(block.querySelector('[data-action="insert"]'), format(s.insertLabel, name));
    label(block.querySelector('[data-action="replace"]'), format(s.replaceLabel, name));
    label(block.querySelector('[data-action="newEditor"]'), format(s.newEditorLabel, name));
  });
}

function label(el: Element | null, name: string): void {
  if (el && el.getAttribute('aria-label') !== name) el.setAttribute('aria-label', name);
}
