import '@vscode/codicons/dist/codicon.css';
import './styles.css';
import { blockStarts } from '../core/markdownBlocks';
import type { FromWebview, MessageView, ToWebview, ViewState } from '../shared/protocol';
import { renderMarkdown, revealBidi, shortenLongLines } from './markdown';

declare function acquireVsCodeApi(): {
  postMessage(message: FromWebview): void;
  getState(): { draft?: string; scrollTop?: number } | undefined;
  setState(state: { draft?: string; scrollTop?: number }): void;
};

const vscode = acquireVsCodeApi();
const saved = vscode.getState() ?? {};
const post = (m: FromWebview) => vscode.postMessage(m);

const app = document.getElementById('app')!;
app.innerHTML = `
<div class="toolbar" role="toolbar" aria-label="Chat">
  <button type="button" id="new-chat" class="icon" title="New chat" aria-label="New chat"><span class="codicon codicon-add" aria-hidden="true"></span></button>
  <select id="history" aria-label="Past conversations"></select>
  <button type="button" id="export" class="icon" title="Export conversation to Markdown" aria-label="Export conversation"><span class="codicon codicon-export" aria-hidden="true"></span></button>
  <button type="button" id="delete" class="icon" title="Delete this conversation" aria-label="Delete conversation"><span class="codicon codicon-trash" aria-hidden="true"></span></button>
</div>
<div id="setup" class="setup" hidden>
  <div id="local-servers" class="local-servers" aria-live="polite"></div>
  <p>Parley talks to any OpenAI-compatible server. Pick a provider to start: OpenAI, Azure, Ollama, LM Studio, llama.cpp, vLLM, OpenRouter, Groq or DeepSeek.</p>
  <button type="button" id="setup-button">Choose provider…</button>
</div>
<div id="trimmed" class="trimmed" hidden></div>
<div id="messages" class="messages" role="log" aria-live="polite" aria-label="Conversation"></div>
<div class="status"><button type="button" id="profile" class="link" title="Choose model" aria-label="Choose model"></button><span id="usage"></span></div>
<form id="composer" class="composer">
  <textarea id="input" rows="3" placeholder="Ask about your code (Enter to send, Shift+Enter for a new line)" aria-label="Message"></textarea>
  <div class="composer-actions">
    <button type="submit" id="send" title="Send (Enter)" aria-label="Send"><span class="codicon codicon-send" aria-hidden="true"></span></button>
    <button type="button" id="stop" title="Stop" aria-label="Stop" hidden><span class="codicon codicon-debug-stop" aria-hidden="true"></span></button>
  </div>
</form>`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const messagesEl = $<HTMLDivElement>('messages');
const input = $<HTMLTextAreaElement>('input');
const sendButton = $<HTMLButtonElement>('send');
const stopButton = $<HTMLButtonElement>('stop');
const history = $<HTMLSelectElement>('history');

let state: ViewState | undefined;
/** A streaming reply as it grows; `rendered` is how much of it is in finished blocks. */
interface Streaming { content: string; reasoning: string; rendered: { upTo: number }; frame?: number }
const streamingText = new Map<string, Streaming>();

input.value = saved.draft ?? '';
const saveState = () => vscode.setState({ draft: input.value, scrollTop: messagesEl.scrollTop });
input.addEventListener('input', saveState);
messagesEl.addEventListener('scroll', saveState, { passive: true });

function setBusy(busy: boolean): void {
  stopButton.hidden = !busy;
  sendButton.hidden = busy;
}

function messageElement(m: MessageView): HTMLElement {
  const el = document.createElement('div');
  el.className = `message ${m.role}`;
  el.dataset.id = m.id;
  el.setAttribute('aria-label', m.role === 'user' ? 'You' : 'Assistant');
  const header = document.createElement('div');
  header.className = 'message-header';
  header.innerHTML = `<span class="who">${m.role === 'user' ? 'You' : 'Assistant'}</span>`
    + '<button type="button" class="msg-action icon" data-msg-action="copy" title="Copy" aria-label="Copy message"><span class="codicon codicon-copy" aria-hidden="true"></span></button>'
    + (m.role === 'user'
      ? '<button type="button" class="msg-action icon" data-msg-action="edit" title="Edit and resend" aria-label="Edit and resend"><span class="codicon codicon-edit" aria-hidden="true"></span></button>'
      : '<button type="button" class="msg-action icon" data-msg-action="regenerate" title="Regenerate" aria-label="Regenerate reply"><span class="codicon codicon-refresh" aria-hidden="true"></span></button>');
  el.appendChild(header);
  const thinking = document.createElement('details');
  thinking.className = 'thinking';
  thinking.innerHTML = '<summary>Thinking</summary><div class="thinking-body"></div>';
  el.appendChild(thinking);
  const body = document.createElement('div');
  body.className = 'message-body';
  el.appendChild(body);
  const foot = document.createElement('div');
  foot.className = 'message-foot';
  el.appendChild(foot);
  fillMessage(el, m);
  return el;
}

function fillMessage(el: HTMLElement, m: MessageView, rendered = { upTo: 0 }): void {
  const body = el.querySelector<HTMLElement>('.message-body')!;
  if (m.role === 'user' && m.display) body.innerHTML = renderMarkdown(revealBidi(shortenLongLines(m.display)));
  else if (m.role === 'user') body.textContent = revealBidi(shortenLongLines(m.content));
  else if (m.content.length > PLAIN_TEXT_OVER) {
    rendered.upTo = 0;
    showAsPlainText(body, m.content);
  } else renderBlocks(body, revealBidi(shortenLongLines(m.content)), rendered);
  const thinking = el.querySelector<HTMLDetailsElement>('.thinking')!;
  thinking.hidden = !m.reasoning;
  thinking.querySelector<HTMLElement>('.thinking-body')!.textContent = shortenLongLines(m.reasoning ?? '');
  const foot = el.querySelector<HTMLElement>('.message-foot')!;
  foot.textContent = '';
  if (m.note) foot.append(Object.assign(document.createElement('div'), { className: 'note', textContent: m.note }));
  if (m.error) foot.append(Object.assign(document.createElement('div'), { className: 'error', role: 'alert', textContent: m.error }));
  el.classList.toggle('streaming', !!m.streaming);
}

/**
 * Renders Markdown one top-level block at a time. Blocks before `rendered.upTo` are already in
 * `body` and stay as they are: a streaming reply costs only its last block per frame.
 */
function renderBlocks(body: HTMLElement, text: string, rendered: { upTo: number }): void {
  if (rendered.upTo === 0 || rendered.upTo > text.length) {
    rendered.upTo = 0;
    body.replaceChildren();
  }
  body.querySelector(':scope > .md-tail')?.remove();
  const block = (source: string) => Object.assign(document.createElement('div'), { className: 'md-block', innerHTML: renderMarkdown(source) });
  for (const start of blockStarts(text, rendered.upTo)) {
    body.append(block(text.slice(rendered.upTo, start)));
    rendered.upTo = start;
  }
  const tail = block(text.slice(rendered.upTo));
  tail.classList.add('md-tail');
  body.append(tail);
}

/** Past this size a reply is shown as plain text: Markdown, sanitising and layout grow too costly. */
const PLAIN_TEXT_OVER = 300_000;
const PLAIN_TEXT_SHOWN = 100_000;

function showAsPlainText(body: HTMLElement, content: string): void {
  const pre = document.createElement('pre');
  pre.className = 'plain-reply';
  pre.textContent = revealBidi(shortenLongLines(content.slice(0, PLAIN_TEXT_SHOWN)));
  const note = document.createElement('div');
  note.className = 'note';
  note.textContent = `This reply is ${content.length.toLocaleString('en')} characters, so it is shown as plain text and only its first ${PLAIN_TEXT_SHOWN.toLocaleString('en')}. Copy or Export gets all of it.`;
  body.replaceChildren(note, pre);
}

function renderProfile(profileLabel: string | undefined): void {
  if (state) state.profileLabel = profileLabel;
  $('setup').hidden = !!profileLabel;
  $('profile').textContent = profileLabel ?? 'No provider';
  if (profileLabel) renderLocalServers(undefined);
}

/** Local servers found on this machine, offered first in the empty view: one click sets one up. */
function renderLocalServers(local: ViewState['localServers']): void {
  const box = $('local-servers');
  box.replaceChildren();
  box.hidden = !local;
  $('setup').classList.toggle('has-offers', !!local?.offers.length);
  if (!local) return;
  if (local.note) box.append(Object.assign(document.createElement('p'), { className: 'local-note', textContent: local.note }));
  for (const offer of local.offers) {
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'local-offer' });
    button.dataset.port = String(offer.port);
    button.append(
      Object.assign(document.createElement('span'), { className: 'local-label', textContent: offer.label }),
      Object.assign(document.createElement('span'), { className: 'local-detail', textContent: offer.detail }),
    );
    button.addEventListener('click', () => post({ type: 'useLocalServer', port: offer.port }));
    box.append(button);
  }
  if (!local.looking && local.note) {
    const again = Object.assign(document.createElement('button'), { type: 'button', id: 'local-again', className: 'link', textContent: local.lookAgain });
    again.addEventListener('click', () => post({ type: 'findLocalServers' }));
    box.append(again);
  }
}

function renderState(next: ViewState): void {
  state = next;
  renderProfile(next.profileLabel);
  renderLocalServers(next.profileLabel ? undefined : next.localServers);
  $('usage').textContent = next.usageLabel ?? '';
  const trimmed = $('trimmed');
  trimmed.hidden = !next.trimmedNote;
  trimmed.textContent = next.trimmedNote ?? '';
  history.textContent = '';
  const current = document.createElement('option');
  current.value = next.conversationId;
  current.textContent = next.history.find((h) => h.id === next.conversationId)?.title ?? 'New conversation';
  history.append(current);
  for (const h of next.history) {
    if (h.id === next.conversationId) continue;
    const o = document.createElement('option');
    o.value = h.id;
    o.textContent = h.title;
    history.append(o);
  }
  messagesEl.textContent = '';
  streamingText.clear();
  for (const m of next.messages) {
    messagesEl.append(messageElement(m));
    if (m.streaming) streamingText.set(m.id, { content: m.content, reasoning: m.reasoning ?? '', rendered: { upTo: 0 } });
  }
  setBusy(next.busy);
  messagesEl.scrollTop = saved.scrollTop !== undefined && saved.scrollTop < messagesEl.scrollHeight ? saved.scrollTop : messagesEl.scrollHeight;
  saved.scrollTop = undefined;
}

/** Re-renders only the streaming message, at most once a frame (less often when it is long). */
function applyDelta(m: Extract<ToWebview, { type: 'delta' }>): void {
  const entry = streamingText.get(m.messageId) ?? { content: '', reasoning: '', rendered: { upTo: 0 } };
  streamingText.set(m.messageId, entry);
  if (m.reclassify) {
    entry.reasoning += entry.content;
    entry.content = '';
    entry.rendered.upTo = 0;
  }
  entry.content += m.content ?? '';
  entry.reasoning += m.reasoning ?? '';
  if (entry.frame !== undefined) return;
  // Rendering cost grows with the message: past 50 kB, re-render a few times a second only.
  const wait = entry.content.length > 50_000 ? 250 : 0;
  entry.frame = window.setTimeout(() => requestAnimationFrame(() => {
    entry.frame = undefined;
    if (streamingText.get(m.messageId) !== entry) return; // finished meanwhile
    const el = messagesEl.querySelector<HTMLElement>(`.message[data-id="${CSS.escape(m.messageId)}"]`);
    if (!el) return;
    const started = performance.now();
    const atBottom = messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 40;
    fillMessage(el, { id: m.messageId, role: 'assistant', content: entry.content, reasoning: entry.reasoning, streaming: true }, entry.rendered);
    if (atBottom) messagesEl.scrollTop = messagesEl.scrollHeight;
    // Read by `npm run bench`: how long each streaming re-render takes.
    performance.measure('parley:render', { start: started });
  }), wait);
}

function finishMessage(m: Extract<ToWebview, { type: 'messageDone' }>): void {
  const entry = streamingText.get(m.message.id);
  if (entry?.frame !== undefined) clearTimeout(entry.frame);
  streamingText.delete(m.message.id);
  let el = messagesEl.querySelector<HTMLElement>(`.message[data-id="${CSS.escape(m.message.id)}"]`);
  if (!el) {
    el = messageElement(m.message);
    messagesEl.append(el);
  } else {
    // The finished reply is what streamed: keep its finished blocks and render only the last.
    const same = entry && entry.content === m.message.content && entry.content.length <= PLAIN_TEXT_OVER;
    fillMessage(el, m.message, same ? entry.rendered : undefined);
  }
  if (state) {
    state.busy = m.busy;
    const i = state.messages.findIndex((x) => x.id === m.message.id);
    if (i >= 0) state.messages[i] = m.message;
    else state.messages.push(m.message);
  }
  $('usage').textContent = m.usageLabel ?? '';
  setBusy(m.busy);
  messagesEl.scrollTop = messagesEl.scrollHeight;
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (m.type === 'state') renderState(m.state);
  else if (m.type === 'delta') applyDelta(m);
  else if (m.type === 'messageDone') finishMessage(m);
  else if (m.type === 'profile') renderProfile(m.profileLabel);
  else if (m.type === 'setDraft') {
    input.value = m.text;
    input.focus();
    saveState();
  }
});

function send(): void {
  const text = input.value;
  if (!text.trim() || state?.busy) return;
  post({ type: 'send', text });
  input.value = '';
  saveState();
}

$('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  send();
});
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  }
});
stopButton.addEventListener('click', () => post({ type: 'stop' }));
$('new-chat').addEventListener('click', () => post({ type: 'newChat' }));
$('export').addEventListener('click', () => post({ type: 'exportConversation' }));
$('delete').addEventListener('click', () => state && post({ type: 'deleteConversation', id: state.conversationId }));
$('setup-button').addEventListener('click', () => post({ type: 'setup' }));
$('profile').addEventListener('click', () => post({ type: state?.profileLabel ? 'chooseModel' : 'setup' }));
history.addEventListener('change', () => post({ type: 'openConversation', id: history.value }));

messagesEl.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const link = target.closest('a');
  if (link) {
    e.preventDefault();
    openLink(link);
    return;
  }
  const codeButton = target.closest<HTMLButtonElement>('button.code-action');
  if (codeButton) {
    const block = codeButton.closest<HTMLElement>('.code-block')!;
    const code = block.querySelector('code')?.textContent ?? '';
    post({ type: 'codeAction', action: codeButton.dataset.action as 'copy', code, language: block.dataset.language || undefined });
    return;
  }
  const msgButton = target.closest<HTMLButtonElement>('button.msg-action');
  if (msgButton) {
    const id = msgButton.closest<HTMLElement>('.message')!.dataset.id!;
    const message = state?.messages.find((m) => m.id === id);
    const action = msgButton.dataset.msgAction;
    if (action === 'copy' && message) post({ type: 'codeAction', action: 'copy', code: message.content });
    else if (action === 'regenerate') post({ type: 'regenerate' });
    else if (action === 'edit' && message) editMessage(id, message.content);
  }
});

/** Links carry their target in data-href (see markdown.ts); VS Code opens them, after asking. */
function openLink(link: HTMLElement): void {
  const href = link.dataset.href;
  if (href) post({ type: 'openLink', href });
}

messagesEl.addEventListener('keydown', (e) => {
  const link = (e.target as HTMLElement).closest?.('a[data-href]');
  if (link && (e.key === 'Enter' || e.key === ' ')) {
    e.preventDefault();
    openLink(link as HTMLElement);
  }
});

function editMessage(id: string, text: string): void {
  const el = messagesEl.querySelector<HTMLElement>(`.message[data-id="${CSS.escape(id)}"] .message-body`);
  if (!el) return;
  const area = document.createElement('textarea');
  area.className = 'edit-box';
  area.value = text;
  area.setAttribute('aria-label', 'Edit message');
  el.replaceChildren(area);
  area.focus();
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      if (area.value.trim()) post({ type: 'editResend', messageId: id, text: area.value });
    } else if (e.key === 'Escape') {
      el.textContent = text;
    }
  });
}

post({ type: 'ready' });
