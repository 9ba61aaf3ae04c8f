/**
 * The text around the cursor that a suggestion request sends: whole lines outward from the
 * cursor, as many as the token budgets allow. The cursor's own line is always there (its part
 * before the cursor in the prefix, its part after in the suffix), cut by characters next to the
 * cursor when that part alone is over budget.
 *
 * Counting is line by line through a cache keyed by the line's text (with its line break), so a
 * keystroke re-counts only the line it changed, and it stops at the first line that does not fit:
 * a 2,000-line file costs what the window holds, not what the file holds. A sum of line counts is
 * at least the count of their text joined (the tokenizer's pieces never span a line break except
 * runs of blank lines, which cost more apart), so the budget holds for the text as sent. When the
 * whole side is within its budget in UTF-8 bytes (a token is at least a byte), nothing is counted
 * and the tokenizer is not even loaded.
 */
import { countTokens } from '../../tokens/node/tokenCount';
import { TokenCountCache } from '../../tokens/node/tokenCountCache';

export interface WindowBudgets {
  prefixTokens: number;
  suffixTokens: number;
}

export interface CursorWindow {
  /** The text before the cursor that was kept. */
  prefix: string;
  /** The text after the cursor that was kept. */
  suffix: string;
  /** The prefix's tokens at most: its lines' counts summed, or its bytes when that already fit. */
  prefixTokens: number;
  suffixTokens: number;
}

/** A window in a document's text: where the prefix starts and the suffix ends, as offsets. */
export interface TextWindow extends CursorWindow {
  start: number;
  end: number;
}

export interface LinePosition {
  line: number;
  character: number;
}

/** A window in a document's lines: where the prefix starts and the suffix ends, as positions. */
export interface LinesWindow extends CursorWindow {
  start: LinePosition;
  end: LinePosition;
}

/** Lines of several open files, a few thousand each: counted once, kept while typing goes on. */
export const windowLineCounts = new TokenCountCache(countTokens, { chars: 2_000_000, entries: 50_000 });

interface Side {
  /** The cursor's part (cut when it alone was over budget). */
  part: string;
  tokens: number;
  /** How many whole lines were taken beside it, and their characters. */
  lines: number;
  chars: number;
  cut: boolean;
}

/** The k-th line outward from the cursor's line (1 is the nearest), with its line break; undefined past the document's edge. */
type LineAt = (k: number) => string | undefined;

/**
 * The window around `offset` in `text`. Line breaks are found by searching outward from the
 * cursor, so the text is never split into lines.
 */
export function cursorWindow(text: string, offset: number, budgets: WindowBudgets, counts: TokenCountCache = windowLineCounts): TextWindow {
  const lineStart = lineStartBefore(text, offset);
  const nextBreak = text.indexOf('\n', offset);
  const lineEnd = nextBreak < 0 ? text.length : nextBreak + 1;
  const before = takeLines(text.slice(lineStart, offset), budgets.prefixTokens, counts, 'before', linesAbove(text, lineStart));
  const after = takeLines(text.slice(offset, lineEnd), budgets.suffixTokens, counts, 'after', linesBelow(text, lineEnd));
  const start = before.cut ? offset - before.part.length : lineStart - before.chars;
  const end = after.cut ? offset + after.part.length : lineEnd + after.chars;
  return {
    prefix: before.cut ? before.part : text.slice(start, offset),
    suffix: after.cut ? after.part : text.slice(offset, end),
    prefixTokens: before.tokens,
    suffixTokens: after.tokens,
    start,
    end,
  };
}

/**
 * The same window from a document's lines (without their breaks, as an editor holds them), for a
 * caller that has lines and not the text: nothing beyond the window is joined or copied.
 */
export function cursorWindowOfLines(
  lines: readonly string[],
  cursor: LinePosition,
  budgets: WindowBudgets,
  eol: '\n' | '\r\n' = '\n',
  counts: TokenCountCache = windowLineCounts,
): LinesWindow {
  if (lines.length === 0) lines = [''];
  const { line, character } = cursor;
  const row = lines[line] ?? '';
  const last = lines.length - 1;
  const withBreak = (i: number) => (i < last ? lines[i] + eol : lines[i]);
  const before = takeLines(row.slice(0, character), budgets.prefixTokens, counts, 'before', (k) =>
    line - k >= 0 ? lines[line - k] + eol : undefined,
  );
  const after = takeLines(withBreak(line).slice(character), budgets.suffixTokens, counts, 'after', (k) =>
    line + k <= last ? withBreak(line + k) : undefined,
  );
  const above = line - before.lines;
  const below = line + after.lines;
  const prefix = before.cut ? before.part : (above < line ? lines.slice(above, line).join(eol) + eol : '') + before.part;
  const suffix = after.cut
    ? after.part
    : after.part + (below > line ? lines.slice(line + 1, below + 1).join(eol) + (below < last ? eol : '') : '');
  const start = before.cut ? { line, character: character - before.part.length } : { line: above, character: 0 };
  const end = after.cut
    ? { line, character: character + after.part.length }
    : below < last
      ? { line: below + 1, character: 0 }
      : { line: last, character: lines[last].length };
  return { prefix, suffix, prefixTokens: before.tokens, suffixTokens: after.tokens, start, end };
}

/** Where the line holding `offset` starts (a negative `fromIndex` would still look at index 0). */
function lineStartBefore(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** The lines above the line starting at `lineStart`, found one by one from where the last was. */
function linesAbove(text: string, lineStart: number): LineAt {
  let k = 0;
  let at = lineStart;
  return (n) => {
    if (n === 1) [k, at] = [0, lineStart];
    if (n !== k + 1 || at === 0) return undefined;
    const from = lineStartBefore(text, at - 1);
    const line = text.slice(from, at);
    [k, at] = [n, from];
    return line;
  };
}

/** The lines below the line ending (after its break) at `lineEnd`. */
function linesBelow(text: string, lineEnd: number): LineAt {
  let k = 0;
  let at = lineEnd;
  return (n) => {
    if (n === 1) [k, at] = [0, lineEnd];
    if (n !== k + 1 || at === text.length) return undefined;
    const next = text.indexOf('\n', at);
    const to = next < 0 ? text.length : next + 1;
    const line = text.slice(at, to);
    [k, at] = [n, to];
    return line;
  };
}

/**
 * The cursor's `part` with as many whole lines from `lineAt` as fit in `budget`; the part alone
 * cut to the budget when it is over.
 */
function takeLines(part: string, budget: number, counts: TokenCountCache, side: 'before' | 'after', lineAt: LineAt): Side {
  const room = Math.max(0, budget);
  const all = allWithinBytes(part, room, lineAt);
  if (all) return { part, ...all, cut: false };
  let tokens = counts.count(part);
  if (tokens > room) return cutToFit(part, room, side, counts.count);
  let lines = 0;
  let chars = 0;
  for (let line = lineAt(1); line !== undefined; line = lineAt(lines + 1)) {
    const n = counts.count(line);
    if (tokens + n > room) break;
    tokens += n;
    lines++;
    chars += line.length;
  }
  return { part, tokens, lines, chars, cut: false };
}

/**
 * Every line to the document's edge when their bytes are within `room` (a token is at least a
 * byte), so nothing is counted; undefined as soon as they are not, having read about `room`
 * characters at most (a UTF-16 unit is at least a byte, so the length is checked first).
 */
function allWithinBytes(part: string, room: number, lineAt: LineAt): { tokens: number; lines: number; chars: number } | undefined {
  if (part.length > room) return undefined;
  let bytes = Buffer.byteLength(part, 'utf8');
  let chars = 0;
  for (let k = 1; bytes <= room; k++) {
    const line = lineAt(k);
    if (line === undefined) return { tokens: bytes, lines: k - 1, chars };
    if (bytes + line.length > room) return undefined;
    bytes += Buffer.byteLength(line, 'utf8');
    chars += line.length;
  }
  return undefined;
}

/**
 * The longest end of `part` next to the cursor (its tail before, its head after) within `room`
 * tokens: grown by doubling, then narrowed by halving, so a long line costs a few counts of about
 * the kept length. A surrogate pair is never split.
 */
function cutToFit(part: string, room: number, side: 'before' | 'after', countTokens: (text: string) => number): Side {
  const take = (n: number) => keepWhole(side === 'before' ? part.slice(part.length - n) : part.slice(0, n), side);
  let fits = 0;
  let over = part.length;
  for (let n = Math.max(1, room); n < over; n *= 2) {
    if (countTokens(take(n)) > room) {
      over = n;
      break;
    }
    fits = n;
  }
  while (over - fits > 1) {
    const mid = (fits + over) >> 1;
    if (countTokens(take(mid)) <= room) fits = mid;
    else over = mid;
  }
  const text = take(fits);
  return { part: text, tokens: countTokens(text), lines: 0, chars: 0, cut: true };
}

/** `text` without a lone half of a surrogate pair where it was cut. */
function keepWhole(text: string, side: 'before' | 'after'): string {
  if (side === 'before') return /^[\uDC00-\uDFFF]/.test(text) ? text.slice(1) : text;
  return /[\uD800-\uDBFF]$/.test(text) ? text.slice(0, -1) : text;
}
