/**
 * Keeps the conversation at its end as it grows, until the reader scrolls away. Reading the
 * list's height right after a change (a message appended, a reply ended) makes the browser lay
 * the page out there and then, once per change; the move is put off to the frame's own callback
 * instead, where the page is laid out once for all of the frame's changes, before it paints.
 */
/** A reader this near the end still follows it (a line's height, give or take). */
const FOLLOW_WITHIN_PX = 40;

export class ListEnd {
  private frame: number | undefined;
  /** Where this last put the list (its scrollTop): still there, the reader has not scrolled since. */
  private placed: number | undefined;
  /** This moved the list since its last scroll event: that event is not the reader's. */
  private moved = false;
  private readonly scrolled: ((toEnd: boolean) => void)[] = [];
  /**
   * The messages drawn, watched: the last grows as a reply streams, and any of them changes size
   * after the frame's move when its pieces are first laid out (a page opened at its end).
   */
  private readonly resized = new ResizeObserver(() => {
    if (this.following() && this.list.scrollTop === this.placed) this.now();
  });
  /** The list's own size when last seen (`listResized`). */
  private height = 0;
  private width = 0;
  /**
   * The list itself, watched. What is around it (the input made taller below, the view made
   * shorter) takes its room, and its end goes out of view with no scroll: a reader at the end
   * stays there (at it exactly: the scroll may have moved since the last height seen, a reader's
   * place near the end set meanwhile is not taken for it). The view made narrower or wider wraps
   * every message again, and the browser keeps what is at the view's top in place, not the end:
   * a list this put at its end, not scrolled by the reader since, goes back there.
   */
  private readonly listResized = new ResizeObserver(() => {
    const list = this.list;
    const [wasHeight, wasWidth] = [this.height, this.width];
    this.height = list.clientHeight;
    this.width = list.clientWidth;
    if (this.frame !== undefined) return;
    const shorter = this.height < wasHeight && list.scrollHeight - list.scrollTop - wasHeight < 2;
    const rewrapped = wasWidth > 0 && this.width !== wasWidth && this.placed !== undefined;
    if (shorter || rewrapped) this.now();
  });

  constructor(private readonly list: HTMLElement) {
    // Each Send moves a long conversation's list: the listeners are told it went to the end, so
    // they need not read the layout to find out.
    list.addEventListener(
      'scroll',
      () => {
        const toEnd = this.moved || this.clamped();
        this.moved = false;
        // Scrolled by someone else (the reader, or the page keeping their place): it follows the end no more.
        if (!toEnd) this.follow(undefined);
        for (const f of this.scrolled) f(toEnd);
      },
      { passive: true },
    );
    this.listResized.observe(list);
    // The reader's own scroll can share a frame, and so a scroll event, with a move of this: a
    // wheel, a touch, a key or a press on the scrollbar says it is theirs before either lands.
    const readerScrolls = () => {
      this.moved = false;
      this.follow(undefined);
    };
    for (const type of ['wheel', 'touchstart', 'pointerdown', 'keydown']) list.addEventListener(type, readerScrolls, { passive: true });
  }

  /**
   * `f` runs when the list scrolls: `toEnd` when this moved it to its end (the listener knows where
   * the list is without reading the layout), else the reader scrolled or the page kept their place.
   */
  onScroll(f: (toEnd: boolean) => void): void {
    this.scrolled.push(f);
  }

  /** `el` is a message drawn: while the list follows its end, its changing size keeps it there. */
  watch(el: Element): void {
    this.resized.observe(el);
  }

  /** `el` is gone from the list. */
  unwatch(el: Element): void {
    this.resized.unobserve(el);
  }

  /** Every message is gone from the list (it is drawn anew). */
  unwatchAll(): void {
    this.resized.disconnect();
  }

  /** The list goes to its end before the next paint. */
  keep(): void {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.now();
    });
  }

  /** The list goes to its end now (in a frame callback the frame lays the page out anyway; elsewhere this lays it out). */
  now(): void {
    // Only the move to come: a move of this earlier in the frame is still its scroll event's.
    this.cancelFrame();
    const list = this.list;
    // The height is read first: the scroll positions after it are read from the same layout.
    const end = list.scrollHeight;
    const from = list.scrollTop;
    list.scrollTop = end;
    this.follow(list.scrollTop);
    // A list already at its end does not scroll, and no scroll event comes to clear the mark.
    if (this.placed !== from) this.moved = true;
  }

  /** The list is put elsewhere (the reader's place): a move to the end still to come would undo it, and it follows the end no more. */
  cancel(): void {
    this.cancelFrame();
    this.follow(undefined);
    this.moved = false;
  }

  /**
   * Where this put the list (undefined: the reader's place). While it follows its end the browser
   * does not keep what is in view in place as the messages change size (scroll anchoring): that
   * moved a list at its end away from it as a narrower view rewrapped them, and its scroll,
   * dispatched before this could put the list back, read as the reader's.
   */
  private follow(at: number | undefined): void {
    if ((at === undefined) !== (this.placed === undefined)) this.list.classList.toggle('following', at !== undefined);
    this.placed = at;
  }

  /**
   * The list this kept at its end became shorter under it (what it shows laid out smaller than
   * first reckoned: a page opened at its end), and the browser moved it up to its new end: that
   * scroll is not the reader's, and the list is still kept there. Read only for a scroll this did
   * not make while it follows the end (a reader's wheel, touch, press or key has ended that first).
   */
  private clamped(): boolean {
    const list = this.list;
    if (this.placed === undefined || list.scrollTop >= this.placed) return false;
    if (list.scrollHeight - list.scrollTop - list.clientHeight >= 1) return false;
    this.follow(list.scrollTop);
    return true;
  }

  private cancelFrame(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
  }

  /**
   * Whether this keeps the list at its end: put there by this, no move to come, and no reader's
   * wheel, touch, press or key since. Read without laying the page out: a watched message growing
   * keeps the list there from the size observer, after the frame's own layout (which checks the
   * list has not moved meanwhile).
   */
  following(): boolean {
    return this.frame === undefined && this.placed !== undefined;
  }

  /**
   * Whether the list is at its end: on its way there, where this put it and not scrolled since
   * (what it shows may have grown under it: a reply's pieces measured once laid out), or within
   * `slack` pixels of it.
   */
  atEnd(slack = FOLLOW_WITHIN_PX): boolean {
    const list = this.list;
    return (
      this.frame !== undefined ||
      (this.placed !== undefined && list.scrollTop === this.placed) ||
      list.scrollHeight - list.scrollTop - list.clientHeight < slack
    );
  }
}
