/** A region of a document by offset, as a rewrite tracks it while the document changes. */
export interface Region {
  start: number;
  length: number;
}

/** One change as VS Code reports it: offsets into the document before the change. */
export interface OffsetChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/**
 * Where the region is after someone else's changes: edits before it shift it, edits after it
 * leave it, and an edit that touches it is a conflict (the text there is no longer ours).
 * Typing exactly at the start of an empty region counts as after it, so the region keeps its
 * place instead of sliding past what was typed.
 */
export function moveRegion(region: Region, changes: readonly OffsetChange[]): Region | 'conflict' {
  let shift = 0;
  for (const change of changes) {
    const end = change.rangeOffset + change.rangeLength;
    const atEmptyStart = change.rangeLength === 0 && change.rangeOffset === region.start && region.length === 0;
    if (end <= region.start && !atEmptyStart) shift += change.text.length - change.rangeLength;
    else if (change.rangeOffset < region.start + region.length) return 'conflict';
  }
  return { start: region.start + shift, length: region.length };
}

/**
 * Where the region is after changes that each lie before it, after it or wholly inside it (it
 * grows or shrinks); undefined when one crosses an edge. With `inclusive`, a change that only
 * touches an edge counts as inside: Undo and Redo replay a rewrite's own edits, and those never
 * reach outside its region (an empty region's text is inserted exactly at its start).
 */
export function followRegion(region: Region, changes: readonly OffsetChange[], inclusive: boolean): Region | undefined {
  const end = region.start + region.length;
  let { start, length } = region;
  for (const c of changes) {
    const changeEnd = c.rangeOffset + c.rangeLength;
    const delta = c.text.length - c.rangeLength;
    const within = c.rangeOffset >= region.start && changeEnd <= end;
    if (inclusive && within) length += delta;
    else if (c.rangeOffset >= end) continue;
    else if (changeEnd <= region.start) start += delta;
    else if (within) length += delta;
    else return undefined;
  }
  return { start, length };
}
