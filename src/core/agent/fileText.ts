/**
 * A file's text as the model reads it and as it is written back. The model writes `\n`; a file
 * may have CRLF endings and a byte order mark. Matching is done on a view with every CRLF as
 * `\n` and no BOM, and positions in that view are mapped back to the file's own text, so the
 * bytes no block touches stay exactly as they were (mixed endings included).
 */

const BOM = '\uFEFF';

/** The text with CRLF read as `\n`, and the way back to the text's own offsets. */
export interface MatchView {
  /** The text, no BOM, every `\r\n` as `\n`. */
  readonly text: string;
  /** Maps an offset in `text` to the offset in the text the view was made from. */
  toRaw(offset: number): number;
}

/** What a write must keep: the BOM, and the ending the file mostly uses. */
export interface FileShape {
  readonly bom: boolean;
  readonly eol: '\n' | '\r\n';
}

export function fileShape(raw: string): FileShape {
  const crlf = count(raw, '\r\n');
  const lf = count(raw, '\n') - crlf;
  return { bom: raw.startsWith(BOM), eol: crlf > lf ? '\r\n' : '\n' };
}

/** Non-overlapping occurrences (native `indexOf`, so linear for the short needles used here). */
function count(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** A model's text as matched: CRLF (and a BOM it may have copied) read as the view reads the file. */
export function normaliseForMatch(text: string): string {
  return (text.startsWith(BOM) ? text.slice(1) : text).replace(/\r\n/g, '\n');
}

/** The replacement as the file writes it: `\n` (or CRLF) written as the file's ending, no BOM of its own. */
export function inFileEndings(text: string, shape: FileShape): string {
  const lf = normaliseForMatch(text);
  return shape.eol === '\n' ? lf : lf.replace(/\n/g, '\r\n');
}

/**
 * The view of `raw`. `dropped` holds, in order, the view offset of each `\n` whose `\r` was
 * dropped; an offset maps back by adding how many of those come before it.
 */
export function matchView(raw: string): MatchView {
  const skip = raw.startsWith(BOM) ? 1 : 0;
  const dropped: number[] = [];
  const parts: string[] = [];
  let length = 0;
  let from = skip;
  for (let at = raw.indexOf('\r\n', skip); at !== -1; at = raw.indexOf('\r\n', at + 2)) {
    parts.push(raw.slice(from, at));
    length += at - from;
    dropped.push(length);
    from = at + 1;
  }
  parts.push(raw.slice(from));
  // Strictly below: a match that starts on a `\n`, or ends after one, takes its `\r` with it;
  // one that ends just before it leaves the `\r` in place.
  return { text: parts.join(''), toRaw: (offset) => skip + offset + countBelow(dropped, offset) };
}

/** How many entries of the sorted `values` are below `limit` (binary search). */
function countBelow(values: readonly number[], limit: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
