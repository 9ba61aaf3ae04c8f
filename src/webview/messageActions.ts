import type { Turn } from '../core/conversation/turn';
import type { ViewState } from '../shared/protocol';
import { element, messageById } from './dom';
import { fillMessage } from './messages';
import { post } from './messaging';
import { strings } from './strings';

/** Clicks and keys inside the conversation: links, code-block buttons, message buttons. */
export function wireMessageActions(messages: HTMLElement, state: () => ViewState | undefined, say: (text: string) => void): void {
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
      if (codeButton.dataset.action === 'copy') confirmCopy(codeButton, say);
      return;
    }
    const msgButton = target.closest<HTMLButtonElement>('button.msg-action');
    if (msgButton) {
      const id = msgButton.closest<HTMLElement>('.message')!.dataset.id!;
      const message = state()?.messages.find((m) => m.id === id);
      const action = msgButton.dataset.msgAction;
      if (action === 'copy' && message) {
        post({ type: 'codeAction', action: 'copy', code: message.content });
        confirmCopy(msgButton, say);
      } else if (action === 'regenerate') post({ type: 'regenerate' });
      else if (action === 'edit' && message) editMessage(messages, message);
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

/** Copy says it worked, seen (a check mark and "Copied" on the button) and heard. */
function confirmCopy(button: HTMLButtonElement, say: (text: string) => void): void {
  const icon = button.querySelector('.codicon');
  const title = button.title;
  icon?.classList.replace('codicon-copy', 'codicon-check');
  button.title = strings.copied;
  button.classList.add('copied');
  say(strings.copied);
  setTimeout(() => {
    icon?.classList.replace('codicon-check', 'codicon-copy');
    button.title = title;
    button.classList.remove('copied');
  }, 2000);
}

/**
 * Turns a message into a text box: Enter resends it edited, Escape puts it back and returns
 * focus to its Edit button.
 */
function editMessage(messages: HTMLElement, message: Turn): void {
  const msgEl = messageById(messages, message.id);
  const el = msgEl?.querySelector<HTMLElement>('.message-body');
  if (!msgEl || !el) return;
  const area = element('textarea', { className: 'edit-box', value: message.content });
  area.setAttribute('aria-label', strings.editMessage);
  el.replaceChildren(area);
  area.focus();
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      if (area.value.trim()) post({ type: 'editResend', messageId: message.id, text: area.value });
    } else if (e.key === 'Escape') {
      e.preventDefault();
      fillMessage(msgEl, message);
      msgEl.querySelector<HTMLElement>('[data-msg-action="edit"]')?.focus();
    }
  });
}
