import type { AttachmentView } from '../shared/attachProtocol';
import type { Turn } from '../core/conversation/turn';
import { AttachMenu, type MenuChoice, type MenuMode } from './attachMenu';
import { element, iconButton } from './dom';
import { attachImageFile } from './imageAttach';
import type { Ui } from './layout';
import { post } from './messaging';
import { format, strings as s } from './strings';

const ICONS: Record<AttachmentView['kind'], string> = {
  file: 'file',
  selection: 'selection',
  problems: 'warning',
  changes: 'git-compare',
  editors: 'file-code',
  currentFile: 'file',
  image: 'file-media',
};

/**
 * Attaching context to the next message: the attach button's menu and the `#` suggestions, drops of files
 * (from the Explorer or editor tabs: VS Code lets a drag reach a webview while Shift is held)
 * and of images, pasted images, and the chips above the input. The extension holds the list
 * (chat/attachmentTray.ts); this draws it and sends intents. Returns how to draw the chips.
 */
export function wireAttachments(ui: Ui): (items: AttachmentView[]) => void {
  const { input, composer } = ui;
  const bar = element('div', { className: 'attachments', id: 'attachments', role: 'list', hidden: true });
  bar.setAttribute('aria-label', s.attachments);
  const report = element('div', { className: 'attach-report', role: 'status' });
  const picker = element('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp,image/gif', multiple: true, hidden: true });
  const actions = composer.querySelector('.composer-actions')!;
  actions.insertAdjacentHTML(
    'afterbegin',
    iconButton('type="button" id="attach" aria-haspopup="menu" aria-controls="attach-menu" aria-expanded="false"', 'attach', s.attach),
  );
  const attachButton = actions.querySelector<HTMLButtonElement>('#attach')!;
  const menu = new AttachMenu(attachButton, input, (choice, mode) => choose(choice, mode));
  const suggestions = new HashSuggestions(input, composer, menu);
  input.setAttribute('aria-controls', 'attach-menu');
  composer.before(menu.el, bar, report);
  composer.append(picker);

  const say = (message: string) => {
    report.textContent = message;
  };
  const choose = (choice: MenuChoice, mode: MenuMode) => {
    menu.hide();
    suggestions.chosen(mode === 'suggest');
    if (choice === 'image') picker.click();
    else post({ type: 'attach', what: choice });
    input.focus();
  };

  picker.addEventListener('change', () => {
    for (const file of picker.files ?? []) void attachImageFile(file, say);
    picker.value = '';
  });
  input.addEventListener('paste', (e) => {
    const images = [...(e.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (images.length === 0) return;
    e.preventDefault();
    for (const file of images) void attachImageFile(file, say);
  });
  wireDrop(ui, bar, say);
  bar.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-chip]');
    if (!button) return;
    if (button.dataset.action === 'remove') post({ type: 'detach', id: button.dataset.chip! });
    else if (button.dataset.action === 'toggle') post({ type: 'toggleCurrentFile' });
  });

  return (items) => {
    bar.hidden = items.length === 0;
    bar.replaceChildren(...items.map(chipElement));
  };
}

/** The `#` suggestions: `#word` typed in the input opens the attach menu filtered by it; Escape closes it until the next `#`. */
class HashSuggestions {
  /** Where the `#` being typed is, or -1. */
  private hashStart = -1;
  /** Where the `#` was whose suggestions Escape closed: typing on after it does not reopen them. */
  private dismissedAt = -1;

  constructor(
    private readonly input: HTMLTextAreaElement,
    composer: HTMLElement,
    private readonly menu: AttachMenu,
  ) {
    input.addEventListener('input', () => this.typed());
    // Capture phase: the suggestions' keys come before the composer's Enter-to-send.
    composer.addEventListener(
      'keydown',
      (e) => {
        if (e.target !== input) return;
        const escaped = e.key === 'Escape' && menu.suggesting;
        if (!menu.key(e)) return;
        if (escaped) this.dismissedAt = this.hashStart;
        e.preventDefault();
        e.stopPropagation();
      },
      true,
    );
    input.addEventListener('blur', () => {
      if (menu.suggesting) menu.hide();
    });
  }

  /** A choice was made: from the suggestions, the `#word` typed to open them is replaced by the chip. */
  chosen(fromSuggestions: boolean): void {
    const { input, hashStart } = this;
    if (fromSuggestions && hashStart >= 0) {
      input.value = input.value.slice(0, hashStart) + input.value.slice(input.selectionStart ?? input.value.length);
      input.setSelectionRange(hashStart, hashStart);
      input.dispatchEvent(new Event('input'));
    }
    this.hashStart = -1;
  }

  private typed(): void {
    const before = this.input.value.slice(0, this.input.selectionStart ?? 0);
    const typed = /(^|\s)#([\w:]*)$/.exec(before);
    if (!typed) {
      if (this.menu.suggesting) this.menu.hide();
      this.hashStart = this.dismissedAt = -1;
      return;
    }
    this.hashStart = before.length - typed[2].length - 1;
    if (this.hashStart !== this.dismissedAt) this.menu.suggest(typed[2]);
  }
}

function wireDrop(ui: Ui, bar: HTMLElement, say: (message: string) => void): void {
  const zone = ui.composer.parentElement!;
  const targets = [ui.composer, bar];
  for (const target of targets) {
    target.addEventListener('dragover', (e) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      zone.classList.add('dropping');
    });
    target.addEventListener('dragleave', () => zone.classList.remove('dropping'));
    target.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('dropping');
      const data = e.dataTransfer;
      if (!data) return;
      const uris = droppedUris(data);
      if (uris.length > 0) post({ type: 'attachUris', uris: uris.slice(0, 50) });
      else for (const file of data.files) void attachImageFile(file, say);
    });
  }
}

/** The files on a drag from VS Code (Explorer, editor tabs) or the desktop, as URIs. */
function droppedUris(data: DataTransfer): string[] {
  const lists = [data.getData('application/vnd.code.uri-list'), data.getData('text/uri-list')];
  for (const list of lists) {
    const uris = list
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    if (uris.length) return uris;
  }
  try {
    const resources = JSON.parse(data.getData('resourceurls') || '[]') as unknown;
    if (Array.isArray(resources)) return resources.filter((r): r is string => typeof r === 'string');
  } catch {
    // Not a VS Code drag.
  }
  return [];
}

function chipElement(item: AttachmentView): HTMLElement {
  const chip = element('div', { className: `chip chip-${item.kind}`, role: 'listitem' });
  const tokens = item.tokens !== undefined ? format(s.tokens, item.tokens.toLocaleString('en')) : '';
  const visual = item.thumbnail
    ? element('img', { className: 'chip-thumb', src: item.thumbnail, alt: '' })
    : element('span', { className: `codicon codicon-${ICONS[item.kind]}` });
  visual.setAttribute('aria-hidden', 'true');
  const label = element('span', { className: 'chip-label', textContent: item.label });
  // The leading space is not drawn (the chip's gap is), but keeps the label and the count two words for a reader of the text.
  const count = element('span', { className: 'chip-tokens', textContent: tokens && ` ${tokens}` });
  if (item.kind === 'currentFile') {
    // The current file goes implicitly: a dimmed chip that one click turns on or off.
    const toggle = element('button', {
      type: 'button',
      className: 'chip-toggle',
      title: format(item.on ? s.currentFileOn : s.currentFileOff, item.label),
    });
    toggle.dataset.chip = item.id;
    toggle.dataset.action = 'toggle';
    toggle.setAttribute('aria-pressed', String(!!item.on));
    // The name is what the chip shows (WCAG 2.5.3, label in name: speech users say what they see); on or off is aria-pressed, and the sentence its description.
    toggle.setAttribute('aria-label', tokens ? `${item.label} ${tokens}` : item.label);
    toggle.append(element('span', { className: `codicon codicon-${item.on ? 'eye' : 'eye-closed'}` }), label, count);
    toggle.firstElementChild!.setAttribute('aria-hidden', 'true');
    chip.classList.toggle('off', !item.on);
    chip.append(toggle);
    return chip;
  }
  chip.append(visual, label, count);
  chip.insertAdjacentHTML(
    'beforeend',
    iconButton(
      `type="button" class="icon chip-remove" data-chip="${encodeURIComponent(item.id)}" data-action="remove"`,
      'close',
      format(s.removeAttachment, item.label),
    ),
  );
  return chip;
}

/** Read-only chips of what a message in the history carried. */
export function sentChips(m: Turn): HTMLElement | undefined {
  const items: AttachmentView[] = [
    ...(m.context ?? []).map((b, i): AttachmentView => ({ id: `c${i}`, kind: b.kind === 'definition' ? 'file' : b.kind, label: b.label })),
    ...(m.images ?? []).map((img, i): AttachmentView => ({ id: `i${i}`, kind: 'image', label: img.name, thumbnail: img.dataUrl })),
  ];
  if (items.length === 0) return undefined;
  const list = element('div', { className: 'attachments sent', role: 'list' });
  list.setAttribute('aria-label', s.sentWith);
  list.append(
    ...items.map((item) => {
      const chip = element('div', { className: `chip chip-${item.kind}`, role: 'listitem', title: item.label });
      const visual = item.thumbnail
        ? element('img', { className: 'chip-thumb', src: item.thumbnail, alt: '' })
        : element('span', { className: `codicon codicon-${ICONS[item.kind]}` });
      visual.setAttribute('aria-hidden', 'true');
      chip.append(visual, element('span', { className: 'chip-label', textContent: item.label }));
      return chip;
    }),
  );
  return list;
}

/** Under a reply that failed because the model takes no images. */
export function resendWithoutImagesButton(): HTMLButtonElement {
  const button = element('button', { type: 'button', className: 'resend-without-images', textContent: s.resendWithoutImages });
  button.addEventListener('click', () => post({ type: 'resendWithoutImages' }));
  return button;
}
