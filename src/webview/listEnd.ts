/**
 * Keeps the conversation at its end as it grows. Reading the list's height right after a change
 * (a message appended, a reply ended) makes the browser lay the page out there and then, once per
 * change; the move is put off to the frame's own callback instead, where the page is laid out
 * once for all of the frame's changes, before it paints (the reader never sees it elsewhere).
 */
export class ListEnd {
  private frame: number | undefined;

  constructor(private readonly list: HTMLElement) {}

  /** The list goes to its end before the next paint. */
  keep(): void {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.now();
    });
  }

  /** The list goes to its end now: for a frame callback, where the frame lays the page out anyway. */
  now(): void {
    this.cancel();
    this.list.scrollTop = this.list.scrollHeight;
  }

  /** The list is put elsewhere (the reader's place): a move to the end still to come would undo it. */
  cancel(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
  }

  /** Whether the list is within `slack` pixels of its end, or on its way there. */
  atEnd(slack: number): boolean {
    const list = this.list;
    return this.frame !== undefined || list.scrollHeight - list.scrollTop - list.clientHeight < slack;
  }
}
