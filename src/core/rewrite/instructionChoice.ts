/**
 * What Enter in the instruction box runs: the text as typed (trimmed), unless the user moved the
 * highlight onto a listed instruction after they last typed. The list follows the text, and the
 * workbench moves its highlight on its own as it filters and as each new list arrives, a step
 * behind the typing; at a person's typing speed, Enter often lands before it has caught up. So a
 * highlight counts as a choice only when it came after the last change of the text and names
 * something other than the text itself; with nothing typed, the highlighted instruction runs.
 *
 * The adapter reports events in the order the workbench sent them. The workbench moves its
 * highlight for a keystroke before it reports the new text, so `textChanged` forgets it.
 */
export class InstructionChoice {
  private typed = '';
  private moved = false;

  /** The box's text is now `value`. */
  textChanged(value: string): void {
    this.typed = value.trim();
    this.moved = false;
  }

  /**
   * The highlight is now on the listed instruction `label`; undefined for none (nothing shown,
   * or an entry that is no instruction).
   */
  highlighted(label: string | undefined): void {
    this.moved = label !== undefined && label !== this.typed;
  }

  /**
   * Enter was pressed with `selected` (the highlighted instruction, undefined when none). Returns
   * the instruction to run, or undefined when there is nothing to run (keep the box open).
   */
  accepted(selected: string | undefined): string | undefined {
    if (this.typed && !this.moved) return this.typed;
    return selected?.trim() || this.typed || undefined;
  }
}
