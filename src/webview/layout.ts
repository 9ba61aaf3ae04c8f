import { escapeHtml as e } from '../core/text/escapeHtml';
import { iconButton } from './dom';
import { strings as s } from './strings';

/** The view's fixed parts, found by id (the UI tests use the same ids). */
export interface Ui {
  newChat: HTMLButtonElement;
  history: HTMLSelectElement;
  export: HTMLButtonElement;
  delete: HTMLButtonElement;
  setup: HTMLDivElement;
  localServers: HTMLDivElement;
  setupButton: HTMLButtonElement;
  trimmed: HTMLDivElement;
  messages: HTMLDivElement;
  profile: HTMLButtonElement;
  usage: HTMLSpanElement;
  composer: HTMLFormElement;
  input: HTMLTextAreaElement;
  /** Ask (the chat talks) or Agent (the reply may call tools). */
  mode: HTMLSelectElement;
  tools: HTMLButtonElement;
  send: HTMLButtonElement;
  stop: HTMLButtonElement;
  /** The one live region: short announcements and each finished reply, once (announcer.ts). */
  announcer: HTMLDivElement;
}

/**
 * Builds the toolbar, the empty-view setup, the conversation, the status line and the composer,
 * in landmarks (banner, main, contentinfo) under one heading, so a screen reader can move by
 * region. `#messages` is deliberately not a live region: it is rebuilt and re-rendered as
 * replies stream, and a screen reader would read all of that; `#announcer` speaks instead.
 */
export function mountLayout(app: HTMLElement): Ui {
  app.innerHTML = `
<header class="toolbar">
  ${iconButton('type="button" id="new-chat" class="icon"', 'add', s.newChat)}
  <select id="history" aria-label="${e(s.pastConversations)}"></select>
  ${iconButton('type="button" id="export" class="icon"', 'export', s.exportTitle, s.exportLabel)}
  ${iconButton('type="button" id="delete" class="icon"', 'trash', s.deleteTitle, s.deleteLabel)}
</header>
<main class="main">
<h1 class="visually-hidden">${e(s.title)}</h1>
<div id="setup" class="setup" hidden>
  <div id="local-servers" class="local-servers" aria-live="polite"></div>
  <p>${e(s.setupIntro)}</p>
  <button type="button" id="setup-button">${e(s.setupButton)}</button>
</div>
<section id="messages" class="messages" aria-label="${e(s.conversation)}"><div id="trimmed" class="trimmed" role="note" hidden></div></section>
<div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="false" aria-relevant="additions text"></div>
</main>
<footer class="composer-area">
<div class="status"><button type="button" id="profile" class="link" title="${e(s.chooseModel)}"></button><span id="usage"></span></div>
<form id="composer" class="composer">
  <textarea id="input" rows="3" placeholder="${e(s.inputPlaceholder)}" aria-label="${e(s.inputLabel)}" aria-describedby="input-hint"></textarea>
  <span id="input-hint" class="visually-hidden">${e(s.inputHint)}</span>
  <div class="composer-actions">
    <select id="mode" class="mode" aria-label="${e(s.mode)}" title="${e(s.mode)}"><option value="ask">${e(s.modeAsk)}</option><option value="agent">${e(s.modeAgent)}</option></select>
    ${iconButton('type="button" id="tools" class="icon" hidden', 'tools', s.agentTools)}
    ${iconButton('type="submit" id="send"', 'send', s.sendTitle, s.sendLabel)}
    ${iconButton('type="button" id="stop" hidden', 'debug-stop', s.stop)}
  </div>
</form>
</footer>`;
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  return {
    newChat: byId('new-chat'),
    history: byId('history'),
    export: byId('export'),
    delete: byId('delete'),
    setup: byId('setup'),
    localServers: byId('local-servers'),
    setupButton: byId('setup-button'),
    trimmed: byId('trimmed'),
    messages: byId('messages'),
    profile: byId('profile'),
    usage: byId('usage'),
    composer: byId('composer'),
    input: byId('input'),
    mode: byId('mode'),
    tools: byId('tools'),
    send: byId('send'),
    stop: byId('stop'),
    announcer: byId('announcer'),
  };
}
