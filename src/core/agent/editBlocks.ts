/**
 * `edit_file`'s search-and-replace blocks applied to a file's text. Each block's search must
 * match exactly once in the text the blocks before it left; if any block fails, none is applied
 * and the error names the block, so the model can retry. Nothing fuzzy is ever applied: the
 * review shows exactly what the model wrote. Matching reads CRLF as `\n` (models write `\n`);
 * the result keeps the file's endings, BOM, tabs and missing last line break, and every byte no
 * block touched.
 */
import { nearMissHint, firstLine, linesAt, quoteLine } from './editHints';
import { fileShape, inFileEndings, matchView, normaliseForMatch, type FileShape } from './fileText';

export interface EditBlock {
  readonly search: string;
  readonly replace: string;
}

/** Where the result differs: the replacement text's range in the result. */
export interface EditChange {
  /** 1-based numbers of the blocks that made it (several when a later block edited an earlier one's text). */
  blocks: number[];
  /** UTF-16 offsets in the result; `start === end` where text was only deleted. */
  start: number;
  end: number;
  /** 1-based lines in the result of its first and last character. */
  startLine: number;
  endLine: number;
}

export type EditResult = { ok: true; text: string; changes: EditChange[] } | { ok: false; error: string };

type Range = Pick<EditChange, 'blocks' | 'start' | 'end'>;

export function applyEditBlocks(original: string, blocks: readonly EditBlock[]): EditResult {
  const shape = fileShape(original);
  let text = original;
  let ranges: Range[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const step = applyBlock(text, blocks[i], shape);
    if ('problem' in step) return { ok: false, error: blockError(original, blocks, i, step) };
    text = step.text;
    ranges = withChange(ranges, step, i + 1);
  }
  return { ok: true, text, changes: withLines(text, ranges) };
}

interface Applied {
  text: string;
  /** In the text before: the replaced range. After: the replacement ends at `start + inserted`. */
  start: number;
  end: number;
  inserted: number;
}

interface Problem {
  problem: string;
  /** The search text is nowhere in the text (not: it is empty, broken, or in several places). */
  notFound?: boolean;
}

/** One block applied to `raw`, or what stopped it (said from the block's point of view). */
function applyBlock(raw: string, block: EditBlock, shape: FileShape): Applied | Problem {
  const search = normaliseForMatch(block.search);
  // An empty search is everywhere (and `indexOf('')` would never let the count end).
  if (!search) return { problem: 'its search text is empty. Put the lines next to the change in search, and repeat them in replace.' };
  if (hasLoneSurrogate(search)) return { problem: 'its search text has half of a character (a lone UTF-16 surrogate).' };
  const view = matchView(raw);
  const found = occurrences(view.text, search);
  if (found.count === 0) return { problem: noMatch(view.text, search), notFound: true };
  if (found.count > 1) return { problem: ambiguous(view.text, found) };
  const start = view.toRaw(found.first[0]);
  const end = view.toRaw(found.first[0] + search.length);
  let replacement = inFileEndings(block.replace, shape);
  // A file without a last line break keeps it missing, though models end what they write with one.
  if (end === raw.length && !/\n$/.test(raw) && !search.endsWith('\n')) replacement = replacement.replace(/\r?\n$/, '');
  return { text: raw.slice(0, start) + replacement + raw.slice(end), start, end, inserted: replacement.length };
}

/** How many places `search` starts at (overlapping ones too: each is a place it could mean), and the first few. */
function occurrences(text: string, search: string): { count: number; first: number[] } {
  const first: number[] = [];
  let count = 0;
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + 1)) {
    if (first.length < 5) first.push(at);
    count++;
  }
  return { count, first };
}

function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

function noMatch(text: string, search: string): string {
  const hint = nearMissHint(text, search) ?? 'Read the file again and copy the lines exactly as they are.';
  return `its search text, which begins ${quoteLine(firstLine(search))}, is not in the file. ${hint}`;
}

function ambiguous(text: string, found: { count: number; first: number[] }): string {
  const lines = [...new Set(linesAt(text, found.first))];
  const more = found.count > found.first.length ? ', …' : '';
  const where = `line${lines.length > 1 || more ? 's' : ''} ${lines.join(', ')}${more}`;
  return (
    `its search text matches ${found.count} places (${where}); it must match exactly one. ` +
    'Add the lines around the place you mean to search (and to replace) so it matches only there.'
  );
}

/** The error for block `index` (0-based), all-or-nothing said plainly so the model resends every block. */
function blockError(original: string, blocks: readonly EditBlock[], index: number, { problem, notFound }: Problem): string {
  const name = blocks.length > 1 ? `Block ${index + 1} of ${blocks.length}` : 'The block';
  let text = `${name} did not apply: ${problem}`;
  if (notFound && index > 0 && matchView(original).text.includes(normaliseForMatch(blocks[index].search))) {
    text += ' The file had it before the blocks ahead of it changed it: blocks apply in order, each to the text the ones before it left.';
  }
  return `${text}\nNothing was changed: send the edit again with all its blocks.`;
}

/**
 * The changes so far, in the text after this block: ranges after it move by what it added;
 * ranges it touches or overlaps become one with it.
 */
function withChange(ranges: readonly Range[], step: Applied, block: number): Range[] {
  const delta = step.inserted - (step.end - step.start);
  const merged: Range = { blocks: [block], start: step.start, end: step.start + step.inserted };
  const out: Range[] = [];
  for (const r of ranges) {
    if (r.end < step.start) out.push(r);
    else if (r.start > step.end) out.push({ ...r, start: r.start + delta, end: r.end + delta });
    else {
      merged.blocks = [...r.blocks, ...merged.blocks];
      merged.start = Math.min(merged.start, r.start);
      merged.end = Math.max(merged.end, Math.max(r.end, step.end) + delta);
    }
  }
  merged.blocks.sort((a, b) => a - b);
  return [...out, merged].sort((a, b) => a.start - b.start);
}

function withLines(text: string, ranges: readonly Range[]): EditChange[] {
  const starts = linesAt(
    text,
    ranges.map((r) => r.start),
  );
  const ends = linesAt(
    text,
    ranges.map((r) => Math.max(r.start, r.end - 1)),
  );
  return ranges.map((r, i) => ({ ...r, startLine: starts[i], endLine: ends[i] }));
}
