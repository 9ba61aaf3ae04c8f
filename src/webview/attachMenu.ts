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

/** How the list was opened: from the attach button (a menu) or by `#` in the input (suggestions). */
export type MenuMode = 'menu' | 'suggest';

/**
 * The list of what can be attached, opened two ways.
 * - From the attach button it is a menu, as WAI-ARIA's menu button pattern says: focus moves onto
 *   the items (the first; the last when opened with ArrowUp); arrows, Home and End move it; Enter
 *   or Space chooses; Escape closes it back onto the button; Tab closes it and moves on from the
 *   button; a click elsewhere closes it.
 * - From `#` in the input it is suggestions, as in an editor: filtered by what follows the `#`,
 *   focus stays in the input (aria-activedescendant), arrows move, Enter or Tab choose, Escape
 *   closes. Only suggestions take the input's keys: an open menu never takes its Enter.
 */
export class AttachMenu {
  readonly el = element('div', { className: 'attach-menu', id: 'attach-menu', hidden: true });
  private shown: typeof ITEMS = [];
  private active = 0;
  private mode: MenuMode = 'suggest';

  constructor(
    private readonly button: HTMLButtonElement,
    private readonly input: HTMLTextAreaElement,
    private readonly choose: (choice: MenuChoice, mode: MenuMode) => void,
  ) {
    this.el.setAttribute('aria-label', s.attachMenu);
    this.el.addEventListener('mousedown', (e) => e.preventDefault()); // focus stays where it is
    this.el.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('[data-choice]');
      if (row) this.choose(row.dataset.choice as MenuChoice, this.mode);
    });
    this.el.addEventListener('keydown', (e) => this.menuKey(e));
    // Focus gone elsewhere in the page closes the menu; focus leaving the page (blur to
    // nothing) does not, so it is there when the person comes back.
    this.el.addEventListener('focusout', (e) => {
      const to = e.relatedTarget as Node | null;
      if (this.mode === 'menu' && to && !this.el.contains(to) && !button.contains(to)) this.hide();
    });
    document.addEventListener(
      'pointerdown',
      (e) => {
        const at = e.target as Node;
        if (this.open && !this.el.contains(at) && !button.contains(at)) this.hide();
      },
      true,
    );
    button.addEventListener('click', () => {
      if (this.open && this.mode === 'menu') this.hide();
      else this.openMenu('first');
    });
    button.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      e.preventDefault();
      this.openMenu(e.key === 'ArrowUp' ? 'last' : 'first');
    });
  }

  get open(): boolean {
    return !this.el.hidden;
  }

  get suggesting(): boolean {
    return this.open && this.mode === 'suggest';
  }

  /** Opens as the button's menu, focus on its first or last item. */
  openMenu(at: 'first' | 'last'): void {
    this.mode = 'menu';
    this.shown = ITEMS;
    this.active = at === 'first' ? 0 : ITEMS.length - 1;
    this.el.setAttribute('role', 'menu');
    this.input.removeAttribute('aria-activedescendant');
    this.el.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.draw();
    this.rows()[this.active].focus();
  }

  /** Suggests the items whose `#word` starts with `filter`; hides the list when none does. */
  suggest(filter: string): void {
    if (this.open && this.mode === 'menu') return;
    const f = filter.toLowerCase();
    this.mode = 'suggest';
    this.shown = ITEMS.filter((i) => !f || i.label().toLowerCase().startsWith(`#${f}`) || i.choice.toLowerCase().startsWith(f));
    this.active = 0;
    this.el.setAttribute('role', 'listbox');
    this.el.hidden = this.shown.length === 0;
    this.draw();
    this.describeActive();
  }

  hide(): void {
    if (!this.open) return;
    this.el.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  /** A key in the input: moves or chooses among suggestions. Returns true when the key was theirs. */
  key(e: KeyboardEvent): boolean {
    if (!this.suggesting) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') this.moveTo(this.active + (e.key === 'ArrowDown' ? 1 : -1));
    else if (e.key === 'Enter' || e.key === 'Tab') this.choose(this.shown[this.active].choice, 'suggest');
    else if (e.key === 'Escape') this.hide();
    else {
      // The caret leaves the `#word`: the suggestions no longer fit it.
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') this.hide();
      return false;
    }
    return true;
  }

  private menuKey(e: KeyboardEvent): void {
    if (this.mode !== 'menu') return;
    const last = this.shown.length - 1;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') this.moveTo(this.active + (e.key === 'ArrowDown' ? 1 : -1));
    else if (e.key === 'Home' || e.key === 'End') this.moveTo(e.key === 'Home' ? 0 : last);
    else if (e.key === 'Enter' || e.key === ' ') this.choose(this.shown[this.active].choice, 'menu');
    else if (e.key === 'Escape' || e.key === 'Tab') {
      this.hide();
      this.button.focus();
      // Tab goes on from the button (the browser moves focus after this handler), not from the
      // menu's place in the page.
      if (e.key === 'Tab') return;
    } else return;
    e.preventDefault();
    e.stopPropagation();
  }

  /** Highlights the item at `index` (wrapping): focused in the menu, named to the input in suggestions. */
  private moveTo(index: number): void {
    const count = this.shown.length;
    this.active = (index + count) % count;
    this.rows().forEach((row, i) => {
      row.classList.toggle('active', i === this.active);
      if (this.mode === 'suggest') row.setAttribute('aria-selected', String(i === this.active));
    });
    if (this.mode === 'menu') this.rows()[this.active].focus();
    else this.describeActive();
  }

  private describeActive(): void {
    if (this.suggesting) this.input.setAttribute('aria-activedescendant', `attach-${this.shown[this.active].choice}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  private rows(): HTMLElement[] {
    return [...this.el.children] as HTMLElement[];
  }

  private draw(): void {
    const menu = this.mode === 'menu';
    this.el.replaceChildren(
      ...this.shown.map((item, i) => {
        const row = element('div', {
          className: `attach-item${i === this.active ? ' active' : ''}`,
          id: `attach-${item.choice}`,
          role: menu ? 'menuitem' : 'option',
        });
        row.dataset.choice = item.choice;
        if (menu) row.tabIndex = -1;
        else row.setAttribute('aria-selected', String(i === this.active));
        row.append(element('span', { className: `codicon codicon-${item.icon}` }), element('span', { textContent: item.label() }));
        row.firstElementChild!.setAttribute('aria-hidden', 'true');
        return row;
      }),
    );
  }
}
