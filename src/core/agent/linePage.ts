/**
 * One page of a file for read_file: the lines asked for, at most `PAGE_LINES` of them and about
 * `PAGE_CHARS` characters, and how many lines the file has. Lines arrive one by one (from a stream
 * or from the editor's text) so a large file is never held whole. The text is shown exactly as it
 * is, without line numbers, so the model can copy edit_file's search text from it; where the page
 * sits is said once, in a header.
 */
import type { ToolOutcome } from './agentTool';

export const PAGE_LINES = 400;
export const PAGE_CHARS = 40_000;

export interface LinePage {
  /** The first line shown, from 1. */
  readonly first: number;
  /** The lines shown, without their line breaks. */
  readonly lines: readonly string[];
  /** Lines in the file. */
  readonly total: number;
  /** A line longer than a page, shown only in part. */
  readonly cut?: { line: number; length: number };
}

/** Collects the lines of one page as the file's lines are pushed in order, and counts them all. */
export class PageCollector {
  private count = 0;
  private chars = 0;
  private readonly lines: string[] = [];
  private cut: LinePage['cut'];
  private full = false;
  private readonly last: number;

  /** `startLine` and `endLine` as asked (1-based, inclusive); the page ends sooner when full. */
  constructor(
    private readonly startLine: number,
    endLine: number | undefined,
  ) {
    this.last = Math.min(endLine ?? Infinity, startLine + PAGE_LINES - 1);
  }

  /** False once the page is full: from then on lines only need counting (`skip`). */
  get wantsText(): boolean {
    return !this.full && this.count < this.last;
  }

  /**
   * The next line of the file. `length` is its full length when `line` is only its start (a reader
   * keeps no more than a page of one line).
   */
  push(line: string, length = line.length): void {
    this.count++;
    if (this.count < this.startLine || !this.wantsTextAt(this.count)) return;
    if (this.lines.length > 0 && this.chars + length > PAGE_CHARS) {
      this.full = true;
      return;
    }
    if (length > PAGE_CHARS) {
      this.lines.push(line.slice(0, PAGE_CHARS));
      this.cut = { line: this.count, length };
      this.full = true;
      return;
    }
    this.lines.push(line);
    this.chars += length + 1;
  }

  /** Lines past the page, counted and not kept. */
  skip(lines: number): void {
    this.count += lines;
  }

  page(): LinePage {
    return { first: this.startLine, lines: this.lines, total: this.count, ...(this.cut ? { cut: this.cut } : {}) };
  }

  private wantsTextAt(n: number): boolean {
    return !this.full && n <= this.last;
  }
}

/** The lines of a whole text, as a file reader would push them: no BOM, CRLF read as one break, no line after a last break. */
export function textLines(text: string): string[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body === '') return [];
  const lines = body.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * What the model reads: a header saying which lines these are, the lines, and when the page was cut
 * short of what was asked, how to read on. `unsaved`: the text is the editor's, not yet saved.
 */
export function pageOutcome(shown: string, page: LinePage, asked: { endLine?: number; unsaved?: boolean }): ToolOutcome {
  const { first, lines, total } = page;
  const from = asked.unsaved ? ', as open in the editor with unsaved changes' : '';
  if (total === 0) return { text: `${shown} is empty${from}.`, summary: 'empty' };
  if (first > total) {
    return { text: `${shown} has ${plural(total, 'line')}; startLine ${first} is past its end.`, isError: true };
  }
  const end = first + lines.length - 1;
  const whole = first === 1 && end === total && !page.cut;
  const header = whole ? `${shown} (${plural(total, 'line')}${from}):` : `${shown}, ${lineRange(first, end)} of ${total}${from}:`;
  const notes: string[] = [];
  if (page.cut) notes.push(`[Line ${page.cut.line} is ${page.cut.length} characters long; only its first ${PAGE_CHARS} are shown.]`);
  const wanted = Math.min(asked.endLine ?? total, total);
  if (end < wanted) {
    const why = `a page holds at most ${PAGE_LINES} lines or about ${PAGE_CHARS / 1000} KB`;
    const rest = lineRange(end + 1, wanted);
    notes.push(
      `[${rest.charAt(0).toUpperCase()}${rest.slice(1)} ${end + 1 === wanted ? 'is' : 'are'} not shown (${why}): call read_file with startLine ${end + 1} to read on.]`,
    );
  }
  return {
    text: [header, ...lines, ...notes].join('\n'),
    summary: whole ? plural(total, 'line') : `${lineRange(first, end)} of ${total}`,
  };
}

/** `line 4` or `lines 4–9`. */
function lineRange(first: number, last: number): string {
  return first === last ? `line ${first}` : `lines ${first}–${last}`;
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}
