import type { ViewState } from '../shared/protocol';
import { messageById } from './dom';
import type { ListEnd } from './listEnd';
import { saveState, type ReadingBlock, type SavedState } from './messaging';

/**
 * The reader's place across a reload: the message at the top of the view and how far above the
 * view's top it starts, saved as the reader scrolls (once a frame at most), and returned to by
 * the first state after the reload (the answer to the page's `ready`, which reaches back to it).
 */
export class ReadingPlace {
  constructor(
    private readonly list: HTMLElement,
    private readonly saved: SavedState,
    private readonly conversationId: () => string | undefined,
    private readonly end: ListEnd,
  ) {
    let placeSaved = true;
    // The place as last saved: the list kept at the end while replies come scrolls often, and
    // each save is a message to the workbench.
    let last = JSON.stringify(this.saved.reading);
    const save = (place: Pick<SavedState, 'reading'>) => {
      const key = JSON.stringify(place.reading);
      if (key === last) return;
      last = key;
      saveState(place);
    };
    end.onScroll((toEnd) => {
      // Not while the place from before a reload is still to be returned to (the first state's
      // scroll is not the reader's).
      if (this.saved.reading) return;
      if (toEnd) save({ reading: undefined });
      // Finding the top message reads the layout: once a frame at most.
      else if (placeSaved) {
        placeSaved = false;
        requestAnimationFrame(() => {
          placeSaved = true;
          save(this.current());
        });
      }
    });
  }

  /** Where in `state.messages` the message to return to is; undefined when there is none. */
  indexIn(state: ViewState): number | undefined {
    const reading = this.saved.reading;
    const at = reading?.conversationId === state.conversationId ? state.messages.findIndex((m) => m.id === reading.id) : -1;
    return at >= 0 ? at : undefined;
  }

  /** Scrolls to the message the reader was on (drawn by now), else to the end; the place is used once. */
  returnTo(state: ViewState): void {
    const list = this.list;
    const reading = this.saved.reading;
    const el = reading && this.indexIn(state) !== undefined ? messageById(list, reading.id) : null;
    if (reading && el) {
      // The place is measured within the message: its pieces never drawn on this page count as
      // 200 pixels each until they are, so it is laid out whole for the move. Off screen again,
      // its pieces keep the sizes measured here, and the list does not shift under the reader.
      el.classList.add('laid-out-whole');
      const block = reading.block && findBlock(el, reading.block);
      const [at, offset] = block ? [block, reading.block!.offset] : [el, reading.offset];
      list.scrollTop += at.getBoundingClientRect().top - list.getBoundingClientRect().top - offset;
      requestAnimationFrame(() => requestAnimationFrame(() => el.classList.remove('laid-out-whole')));
    } else this.end.now();
    this.saved.reading = undefined;
  }

  /** The message at the top of the view; none at the end. */
  private current(): Pick<SavedState, 'reading'> {
    const list = this.list;
    const conversationId = this.conversationId();
    // At the end, or going there (a message came): the place is the end.
    if (!conversationId || this.end.atEnd(4)) return { reading: undefined };
    const top = list.getBoundingClientRect().top;
    // The messages are the list's children: not every element inside them walked to find them.
    const shown = [...list.children].filter((c) => c.classList.contains('message')) as HTMLElement[];
    // The first message whose bottom is below the view's top (messages are in order).
    const found = shown[firstEndingBelow(shown, top)] as HTMLElement | undefined;
    const id = found?.dataset.id;
    if (!id) return { reading: undefined };
    const offset = found!.getBoundingClientRect().top - top;
    return { reading: { conversationId, id, offset, block: offset < 0 ? blockAtTop(found!, top) : undefined } };
  }
}

/**
 * The first of `els` (in order down the page) whose bottom is below `top`, by halves: its index,
 * or `els.length` when none is.
 */
function firstEndingBelow(els: ArrayLike<Element>, top: number): number {
  let lo = 0;
  let hi = els.length - 1;
  let found = els.length;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (els[mid].getBoundingClientRect().bottom > top) {
      found = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return found;
}

/** A reply's pieces (see `renderBlocks` in messages.ts). */
const PIECES = ':scope > .message-body > .md-block';

/** A reply's blocks: the top-level elements of its pieces, in order. */
function blocksOf(message: HTMLElement): NodeListOf<HTMLElement> {
  return message.querySelectorAll(`${PIECES} > *`);
}

/** How much of a block's text names it. */
const BLOCK_TEXT_CHARS = 80;

/**
 * The block of `message` at the view's top (`top`); none in a message without pieces. Read once a
 * frame while the reader scrolls: the pieces are found by halves (one off screen is not laid out
 * inside, and reading into it would lay it out), the blocks before counted, not read.
 */
function blockAtTop(message: HTMLElement, top: number): ReadingBlock | undefined {
  const pieces = message.querySelectorAll(PIECES);
  const at = firstEndingBelow(pieces, top);
  let index = 0;
  for (let i = 0; i < at; i++) index += pieces[i].childElementCount;
  // The view's top in a piece's last margin: the next piece's first block.
  for (let i = at; i < pieces.length; i++) {
    for (const el of pieces[i].children) {
      const box = el.getBoundingClientRect();
      if (box.bottom > top) return { text: blockText(el), index, offset: box.top - top };
      index++;
    }
  }
  return undefined;
}

/** The start of a block's text (a code block's whole text is not built for it). */
function blockText(el: Element): string {
  let text = '';
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (text.length < BLOCK_TEXT_CHARS && walker.nextNode()) text += walker.currentNode.nodeValue ?? '';
  return text.slice(0, BLOCK_TEXT_CHARS);
}

/** The block saved as `block` in `message` drawn anew: of those with its text, the nearest to where it was. */
function findBlock(message: HTMLElement, block: ReadingBlock): HTMLElement | undefined {
  let best: HTMLElement | undefined;
  let bestDistance = Infinity;
  blocksOf(message).forEach((el, i) => {
    const distance = Math.abs(i - block.index);
    if (distance < bestDistance && blockText(el) === block.text) [best, bestDistance] = [el, distance];
  });
  return best;
}
