/**
 * Which of a long conversation's turns the page has and draws. The page holds the latest turns
 * (the state's) and those asked for since; of those, it draws from `shownFrom` on. Earlier ones
 * are asked of the extension one request at a time, a screenful ahead of the reader. Pure: the
 * page does what each step says (draw these, ask for those).
 */
export interface Paging {
  /** Turns before the first one held, still only with the extension. */
  omitted: number;
  /** Index among the held turns of the first one drawn. */
  shownFrom: number;
  /** The earliest held turn's id while the turns before it are asked for. */
  asked?: string;
  /** How many to draw when the asked-for turns arrive (the reader is already at the top). */
  drawWhenArrived: number;
  /** Counts whole draws, so a draw's second part is skipped once another has begun. */
  drawing: number;
}

/** What the page does next: draw held turns `draw.from` up to `draw.to` above the shown ones, ask for the turns before `ask`. */
export interface PagingStep {
  paging: Paging;
  draw?: { from: number; to: number };
  ask?: string;
}

/** A whole state arrives: `held` turns, `omitted` before them; the latest `firstDrawn` are drawn first. */
export function opened(previous: Paging | undefined, held: number, omitted: number, firstDrawn: number): Paging {
  return { omitted, shownFrom: Math.max(0, held - firstDrawn), drawWhenArrived: 0, drawing: (previous?.drawing ?? 0) + 1 };
}

/**
 * Shows `count` more turns above those shown. All held ones shown: asks for earlier ones and
 * draws them when they come. `ahead`: asks for the next ones too when fewer than `page` are left
 * above (the reader is going up). `firstHeld`: the id of the earliest turn held.
 */
export function showEarlier(p: Paging, count: number, firstHeld: string | undefined, page: number, ahead = true): PagingStep {
  if (p.shownFrom === 0) {
    if (!p.omitted || firstHeld === undefined) return { paging: p };
    const step = askEarlier(p, firstHeld);
    return { ...step, paging: { ...step.paging, drawWhenArrived: count } };
  }
  const from = Math.max(0, p.shownFrom - count);
  const next = { ...p, shownFrom: from };
  const draw = { from, to: p.shownFrom };
  return ahead && from < page ? { ...askEarlier(next, firstHeld), draw } : { paging: next, draw };
}

/** Asks for the turns before the earliest held, unless there are none or that request is already out. */
function askEarlier(p: Paging, firstHeld: string | undefined): PagingStep {
  if (!p.omitted || firstHeld === undefined) return { paging: p };
  if (p.asked === firstHeld) return { paging: p };
  return { paging: { ...p, asked: firstHeld }, ask: firstHeld };
}

/** An answer to the request for turns before `beforeId` came, for another conversation or too late: the request is over. */
export function answered(p: Paging, beforeId: string): Paging {
  return p.asked === beforeId ? { ...p, asked: undefined } : p;
}

/** `count` turns arrived and are held above the others, `omitted` still before them; `drawNow`: how many a waiting reader gets drawn. */
export function arrived(p: Paging, count: number, omitted: number): { paging: Paging; drawNow: number } {
  return { paging: { ...p, shownFrom: p.shownFrom + count, omitted, asked: undefined, drawWhenArrived: 0 }, drawNow: p.drawWhenArrived };
}

/** Turns were removed from the end: `held` are left. */
export function truncated(p: Paging, held: number): Paging {
  return p.shownFrom > held ? { ...p, shownFrom: held } : p;
}

/** How many of the latest `page` turns a whole draw has still to put above those it drew first. */
export function restOfLatest(p: Paging, held: number, page: number): number {
  return Math.max(0, p.shownFrom - Math.max(0, held - page));
}

/** How many turns come before the first one drawn (the button above them says so). */
export function notShown(p: Paging): number {
  return p.shownFrom + p.omitted;
}
