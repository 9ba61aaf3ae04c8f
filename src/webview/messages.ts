import { escapeHtml } from '../core/escapeHtml';
import { blockStarts } from '../core/markdownBlocks';
import type { MessageView } from '../shared/protocol';
import { nameMessage } from './accessibleNames';
import { resendWithoutImagesButton, sentChips } from './attachments';
import { element, iconButton } from './dom';
import { highlightWithin } from './highlight';
import { renderMarkdown, revealBidi, shortenLongLines } from './markdown';
import { format, strings as s } from './strings';

/** Past this size a reply is shown as plain text: Markdown, sanitising and layout grow too costly. */
export const PLAIN_TEXT_OVER = 300_000;
const PLAIN_TEXT_SHOWN = 100_000;

/** How much of a reply is already on screen in finished blocks (see `renderBlocks`). */
export interface Rendered { upTo: number }

/** A message's element: header with its actions, a folded thinking section, body and foot. */
export function messageElement(m: MessageView): HTMLElement {
  // An article with a heading: screen readers move message by message (and Alt+Up/Down does,
  // hence tabindex -1); accessibleNames.ts names it and its buttons by position.
  const el = element('article', { className: `message ${m.role}`, tabIndex: -1 });
  el.dataset.id = m.id;
  const who = m.role === 'user' ? s.you : s.assistant;
  const header = element('div', { className: 'message-header' });
  header.innerHTML = `<h2 class="who">${escapeHtml(who)}</h2>`
    + iconButton('type="button" class="msg-action icon" data-msg-action="copy"', 'copy', s.copy)
    + (m.role === 'user'
      ? iconButton('type="button" class="msg-action icon" data-msg-action="edit"', 'edit', s.editAndResend)
      : iconButton('type="button" class="msg-action icon" data-msg-action="regenerate"', 'refresh', s.regenerate));
  const thinking = element('details', { className: 'thinking' });
  thinking.append(element('summary', { textContent: s.thinking }), element('div', { className: 'thinking-body' }));
  el.append(header, thinking, element('div', { className: 'message-body' }), element('div', { className: 'message-foot' }));
  const chips = sentChips(m);
  if (chips) header.after(chips);
  fillMessage(el, m);
  return el;
}

/** Puts the message's text, thinking, note and error into its element. */
export function fillMessage(el: HTMLElement, m: MessageView, rendered: Rendered = { upTo: 0 }): void {
  const body = el.querySelector<HTMLElement>('.message-body')!;
  if (m.role === 'user' && m.display) {
    body.innerHTML = renderMarkdown(revealBidi(shortenLongLines(m.display)));
    highlightWithin(body);
  }
  else if (m.role === 'user') body.textContent = revealBidi(shortenLongLines(m.content));
  else if (m.content.length > PLAIN_TEXT_OVER) {
    rendered.upTo = 0;
    showAsPlainText(body, m.content);
  } else renderBlocks(body, revealBidi(shortenLongLines(m.content)), rendered, !m.streaming);
  const thinking = el.querySelector<HTMLDetailsElement>('.thinking')!;
  thinking.hidden = !m.reasoning;
  thinking.querySelector<HTMLElement>('.thinking-body')!.textContent = shortenLongLines(m.reasoning ?? '');
  const foot = el.querySelector<HTMLElement>('.message-foot')!;
  foot.textContent = '';
  if (m.note) foot.append(element('div', { className: 'note', textContent: m.note }));
  // No role="alert": the error is announced once by the announcer, not at every rebuild.
  if (m.error) foot.append(element('div', { className: 'error', textContent: m.error }));
  if (m.imagesRejected) foot.append(resendWithoutImagesButton());
  el.classList.toggle('streaming', !!m.streaming);
  nameMessage(el);
}

/**
 * Renders Markdown one top-level block at a time. Blocks before `rendered.upTo` are already in
 * `body` and stay as they are: a streaming reply costs only its last block per frame.
 */
function renderBlocks(body: HTMLElement, text: string, rendered: Rendered, finished: boolean): void {
  if (rendered.upTo === 0 || rendered.upTo > text.length) {
    rendered.upTo = 0;
    body.replaceChildren();
  }
  body.querySelector(':scope > .md-tail')?.remove();
  const block = (source: string) => element('div', { className: 'md-block', innerHTML: renderMarkdown(source) });
  for (const start of blockStarts(text, rendered.upTo)) {
    const done = block(text.slice(rendered.upTo, start));
    body.append(done);
    highlightWithin(done); // a finished block's code is closed: colour it off the thread
    rendered.upTo = start;
  }
  const tail = block(text.slice(rendered.upTo));
  tail.classList.add('md-tail');
  body.append(tail);
  if (finished) highlightWithin(tail);
}

function showAsPlainText(body: HTMLElement, content: string): void {
  const pre = element('pre', { className: 'plain-reply', textContent: revealBidi(shortenLongLines(content.slice(0, PLAIN_TEXT_SHOWN))) });
  const note = element('div', { className: 'note', textContent: format(s.plainTextNote, content.length.toLocaleString('en'), PLAIN_TEXT_SHOWN.toLocaleString('en')) });
  body.replaceChildren(note, pre);
}
