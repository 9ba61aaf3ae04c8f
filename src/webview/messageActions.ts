import type { ViewState } from '../shared/protocol';
import { element, messageById } from './dom';
import { post } from './messaging';
import { strings } from './strings';

/** Clicks and keys inside the conversation: links, code-block buttons, message buttons. */
export function wireMessageActions(messages: HTMLElement, state: () => ViewState | undefined): void {
  messages.addEventListener('click', (e) => {
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
      const message = state()?.messages.find((m) => m.id === id);
      const action = msgButton.dataset.msgAction;
      if (action === 'copy' && message) post({ type: 'codeAction', action: 'copy', code: message.content });
      else if (action === 'regenerate') post({ type: 'regenerate' });
      else if (action === 'edit' && message) editMessage(messages, id, message.content);
    }
  });

  messages.addEventListener('keydown', (e) => {
    const link = (e.target as HTMLElement).closest?.('a[data-href]');
    if (link && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      openLink(link as HTMLElement);
    }
  });
}

/** Links carry their target in data-href (see markdown.ts); VS Code opens them, after asking. */
function openLink(link: HTMLElement): void {
  const href = link.dataset.href;
  if (href) post({ type: 'openLink', href });
}

/** Turns a message into a text box: Enter resends it edited, Escape puts it back. */
function editMessage(messages: HTMLElement, id: string, text: string): void {
  const el = messageById(messages, id)?.querySelector<HTMLElement>('.message-body');
  if (!el) return;
  const area = element('textarea', { className: 'edit-box', value: text });
  area.setAttribute('aria-label', strings.editMessage);
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
