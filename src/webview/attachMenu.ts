import type { AttachKind } from '../shared/attachProtocol';
import { element } from './dom';
import { strings as s } from './strings';

export type MenuChoice = AttachKind | 'image';

const ITEMS: { choice: MenuChoice; icon: string; label: () => string }[] = [
  { choice: 'file', icon: 'file', label: () => s.attachFile },
  { choice: 'selection', icon: 'selection', label: () => s.attachSelection },
  { choice: 'problems', icon: 'warning', label: () => s.attachProblems },
  { choice: 'problemsAll', icon: 'warning', label: () => s.attachProblemsAll },
  { choice: 'changes', icon: 'git-compare', label: () => s.attachChanges },
  { choice: 'editors', icon: 'multiple-windows', label: () => s.attachEditors },
  { choice: 'image', icon: 'file-media', label: () => s.attachImage },
];

/**
 * The list that `#` in the input and the attach button open: filtered by what follows the `#`,
 * driven by the input's arrow keys (the focus stays in the input, as in an editor's suggestions),
 * or clicked.
 */
export class AttachMenu {
  readonly el = element('div', { className: 'attach-menu', id: 'attach-menu', role: 'listbox', hidden: true });
  private shown: typeof ITEMS = [];
  private active = 0;

  constructor(private readonly choose: (choice: MenuChoice) => void) {
    this.el.setAttribute('aria-label', s.attachMenu);
    this.el.addEventListener('mousedown', (e) => e.preventDefault()); // keep the input's focus
    this.el.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('[data-choice]');
      if (row) this.choose(row.dataset.choice as MenuChoice);
    });
  }

  get open(): boolean {
    return !this.el.hidden;
  }

  /** Shows the items whose `#word` starts with `filter`; hides the menu when none does. */
  show(filter = ''): void {
    const f = filter.toLowerCase();
    this.shown = ITEMS.filter((i) => !f || i.label().toLowerCase().startsWith(`#${f}`) || i.choice.toLowerCase().startsWith(f));
    this.active = 0;
    this.el.hidden = this.shown.length === 0;
    this.draw();
  }

  hide(): void {
    this.el.hidden = true;
  }

  /** Moves the highlight, or chooses: returns true when the key was the menu's. */
  key(e: KeyboardEvent): boolean {
    if (!this.open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : -1) + this.shown.length) % this.shown.length;
      this.draw();
    } else if (e.key === 'Enter' || e.key === 'Tab') this.choose(this.shown[this.active].choice);
    else if (e.key === 'Escape') this.hide();
    else return false;
    return true;
  }

  /** The id of the highlighted row, for the input's aria-activedescendant. */
  activeId(): string | undefined {
    return this.open ? `attach-${this.shown[this.active]?.choice}` : undefined;
  }

  private draw(): void {
    this.el.replaceChildren(...this.shown.map((item, i) => {
      const row = element('div', { className: `attach-item${i === this.active ? ' active' : ''}`, id: `attach-${item.choice}`, role: 'option' });
      row.dataset.choice = item.choice;
      row.setAttribute('aria-selected', String(i === this.active));
      row.append(element('span', { className: `codicon codicon-${item.icon}` }), element('span', { textContent: item.label() }));
      row.firstElementChild!.setAttribute('aria-hidden', 'true');
      return row;
    }));
  }
}
