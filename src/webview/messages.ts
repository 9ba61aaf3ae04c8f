import type { Turn } from '../core/conversation/turn';
import { escapeHtml } from '../core/text/escapeHtml';
import { blockStarts } from '../core/text/markdownBlocks';
import { nameMessage } from './accessibleNames';
import { resendWithoutImagesButton, sentChips } from './attachments';
import { element, iconButton } from './dom';
import { highlightWithin } from './highlight';
import { renderMarkdown, revealBidi, shortenLongLines } from './markdown';
import { post } from './messaging';
import { format, strings as s } from './strings';
import { fillToolStep, toolStepElement } from './toolStep';

/** Past this size a reply is shown as plain text: Markdown, sanitising and layout grow too costly. */
export const PLAIN_TEXT_OVER = 300_000;
const PLAIN_TEXT_SHOWN = 100_000;

/**
 * How much of a reply is already on screen in finished blocks (see `renderBlocks`), and, for a
 * reply still appearing, how long one frame may spend adding blocks before it yields.
 */
export interface Rendered {
  upTo: number;
  budgetMs?: number;
}

/** Finished blocks go into the page in pieces of about this size, so a frame can stop between. */
const PIECE_CHARS = 2_000;

/** A message's element: header with its actions, a folded thinking section, body and foot. */
export function messageElement(m: Turn): HTMLElement {
  if (m.role === 'tool') return toolStepElement(m);
  // An article with a heading: screen readers move message by message (and Alt+Up/Down does,
  // hence tabindex -1); accessibleNames.ts names it and its buttons by position.
  const el = element('article', { className: `message ${m.role}`, tabIndex: -1 });
  el.dataset.id = m.id;
  const who = m.role === 'user' ? s.you : s.assistant;
  const header = element('div', { className: 'message-header' });
  header.innerHTML =
    `<h2 class="who">${escapeHtml(who)}</h2>` +
    iconButton('type="button" class="msg-action icon" data-msg-action="copy"', 'copy', s.copy) +
    (m.role === 'user'
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

/**
 * Puts the message's text, thinking, note and error into its element. Returns false when a
 * frame budget (`rendered.budgetMs`) left blocks for the next frame: the caller calls again.
 * `mayChange`, asked once the new blocks are made and before the page is touched: when it says
 * no, nothing changes and `undefined` is returned (the caller draws again later).
 */
export function fillMessage(el: HTMLElement, m: Turn, rendered: Rendered = { upTo: 0 }, mayChange?: () => boolean): boolean | undefined {
  if (m.role === 'tool') {
    fillToolStep(el, m);
    nameMessage(el);
    return true;
  }
  let onScreen = true;
  const body = el.querySelector<HTMLElement>('.message-body')!;
  if (m.role === 'user' && m.display) {
    body.innerHTML = renderMarkdown(revealBidi(shortenLongLines(m.display)));
    // A class, not a `:has()` rule: the style engine would check every message's body on each change.
    body.classList.toggle('has-code', !!body.querySelector('.code-block'));
    highlightWithin(body);
  } else if (m.role === 'user') body.textContent = revealBidi(shortenLongLines(m.content));
  else if (m.content.length > PLAIN_TEXT_OVER) {
    rendered.upTo = 0;
    showAsPlainText(body, m.content);
  } else {
    const blocks = renderBlocks(body, revealBidi(shortenLongLines(m.content)), rendered, !m.streaming, mayChange);
    if (blocks === undefined) return undefined;
    onScreen = blocks;
  }
  const thinking = el.querySelector<HTMLDetailsElement>('.thinking')!;
  thinking.hidden = !m.reasoning;
  thinking.querySelector<HTMLElement>('.thinking-body')!.textContent = shortenLongLines(m.reasoning ?? '');
  const foot = el.querySelector<HTMLElement>('.message-foot')!;
  foot.textContent = '';
  if (m.note) foot.append(element('div', { className: 'note', textContent: m.note }));
  // No role="alert": the error is announced once by the announcer, not at every rebuild.
  if (m.error) foot.append(element('div', { className: 'error', textContent: m.error }));
  if (m.imagesRejected) foot.append(resendWithoutImagesButton());
  if (m.keyFor) foot.append(enterApiKeyButton(m.id));
  // Still appearing until every block is on screen.
  el.classList.toggle('streaming', !!m.streaming || !onScreen);
  el.classList.toggle('calls-only', !m.streaming && !m.content && !!m.toolCalls?.length && !m.error && !m.note);
  nameMessage(el);
  return onScreen;
}

/**
 * Renders Markdown by top-level blocks. Blocks before `rendered.upTo` are already in `body` and
 * stay as they are: a streaming reply costs only its newly finished blocks and its last one.
 * With a budget, stops adding blocks once it is spent and returns false (the last, unfinished
 * block is drawn only once all before it are): a reply that arrives all at once (a fast server,
 * hundreds of blocks) never holds the page for longer than a frame.
 */
function renderBlocks(
  body: HTMLElement,
  text: string,
  rendered: Rendered,
  finished: boolean,
  mayChange?: () => boolean,
): boolean | undefined {
  const anew = rendered.upTo === 0 || rendered.upTo > text.length;
  let upTo = anew ? 0 : rendered.upTo;
  const block = (source: string) => element('div', { className: 'md-block', innerHTML: renderMarkdown(source) });
  // The blocks are made first, off the page: the page changes in one step, or not at all.
  const pieces: HTMLElement[] = [];
  const starts = blockStarts(text, upTo);
  const started = performance.now();
  let whole = true;
  for (let i = 0; i < starts.length; i++) {
    // Blocks in pieces: Markdown and the sanitiser cost per call, so not one call per block.
    while (i + 1 < starts.length && starts[i + 1] - upTo <= PIECE_CHARS) i++;
    pieces.push(block(text.slice(upTo, starts[i])));
    upTo = starts[i];
    if (i + 1 < starts.length && performance.now() - started > (rendered.budgetMs ?? Infinity)) {
      whole = false;
      break;
    }
  }
  // The last, unfinished block only once all before it are on the page.
  const tail = whole ? block(text.slice(upTo)) : undefined;
  if (mayChange && !mayChange()) return undefined;
  if (anew) body.replaceChildren();
  else body.querySelector(':scope > .md-tail')?.remove();
  body.append(...pieces);
  pieces.forEach(highlightWithin); // finished blocks' code is closed: colour it off the thread
  rendered.upTo = upTo;
  if (!tail) return false;
  tail.classList.add('md-tail');
  body.append(tail);
  if (finished) highlightWithin(tail);
  return true;
}

/** Under a reply the server refused with 401: enter the profile's key and send the question again. */
function enterApiKeyButton(messageId: string): HTMLButtonElement {
  const button = element('button', { type: 'button', className: 'enter-api-key', textContent: s.enterApiKey });
  button.addEventListener('click', () => post({ type: 'enterApiKey', messageId }));
  return button;
}

function showAsPlainText(body: HTMLElement, content: string): void {
  const pre = element('pre', { className: 'plain-reply', textContent: revealBidi(shortenLongLines(content.slice(0, PLAIN_TEXT_SHOWN))) });
  const note = element('div', {
    className: 'note',
    textContent: format(s.plainTextNote, content.length.toLocaleString('en'), PLAIN_TEXT_SHOWN.toLocaleString('en')),
  });
  body.replaceChildren(note, pre);
}
