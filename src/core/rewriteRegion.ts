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
