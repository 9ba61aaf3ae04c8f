// The text after the cursor is already in the file: a suggestion must never type it again.
// Models re-emit it all the time (the closing `)` an editor auto-closed, the rest of the line,
// the next lines), so these steps cut the completion where it starts repeating the suffix.
// Everything here works on `\n` text; the caller has normalized line endings.

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = ')]}';

/** Columns of a line's leading whitespace, a tab counting `tabSize`. */
export function indentWidth(line: string, tabSize: number): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += tabSize - (width % tabSize);
    else break;
  }
  return width;
}

/**
 * Cuts before the completion's first line that already follows the cursor. A line that says
 * something (a word of at least 4 characters in all) is enough; a bare `}` or `end` counts only
 * when the completion ends by repeating the suffix's next lines one for one, since a nested
 * block's `}` is no repeat. Indentation must match (by columns: tabs and spaces compare), so a
 * deeper `return None` is not taken for the suffix's own.
 */
export function cutBeforeSuffixLines(prefixLine: string, completion: string, suffix: string, tabSize: number): string {
  const suffixLines = suffix.split('\n');
  if (suffixLines[0].trim()) return completion; // text after the cursor on its line: see the line-end steps
  const next = suffixLines
    .slice(1)
    .filter((l) => l.trim())
    .slice(0, 50);
  if (!next.length) return completion;
  const lines = completion.split('\n');
  const full = lines.map((l, i) => (i === 0 ? prefixLine + l : l));
  const same = (a: string, b: string) => a.trim() === b.trim() && indentWidth(a, tabSize) === indentWidth(b, tabSize);
  // The first completion line finishes the cursor's line; it is a whole line only on a blank one.
  for (let i = prefixLine.trim() ? 1 : 0; i < lines.length; i++) {
    if (!full[i].trim() || !same(full[i], next[0])) continue;
    const rest = full.slice(i).filter((l) => l.trim());
    const repeatsToEnd = rest.length <= next.length && rest.every((l, j) => same(l, next[j]));
    if (isMeaningful(full[i]) || repeatsToEnd) return lines.slice(0, i).join('\n');
  }
  return completion;
}

function isMeaningful(line: string): boolean {
  return /[\p{L}\p{N}_]/u.test(line) && line.trim().length >= 4;
}

/** The quote characters that open strings in a language: prose has apostrophes, Rust lifetimes. */
export function quoteChars(languageId: string | undefined): string {
  if (languageId === 'markdown' || languageId === 'plaintext') return '';
  if (languageId === 'rust') return '"';
  return '"\'`';
}

/** Brackets and strings met so far on one line; enough to know what a closer closes. */
class BracketScan {
  readonly stack: string[] = [];
  quote: string | undefined;
  /** Closers that closed nothing, or something else. */
  strays = 0;
  private escaped = false;
  constructor(private readonly quotes: string) {}

  /** Reads one character; returns what it did to the state. */
  read(ch: string): 'open' | 'close' | 'quoteOpen' | 'quoteClose' | undefined {
    if (this.quote) {
      if (this.escaped) this.escaped = false;
      else if (ch === '\\') this.escaped = true;
      else if (ch === this.quote) {
        this.quote = undefined;
        return 'quoteClose';
      }
      return undefined;
    }
    if (this.quotes.includes(ch)) {
      this.quote = ch;
      return 'quoteOpen';
    }
    if (OPENERS[ch]) {
      this.stack.push(ch);
      return 'open';
    }
    if (CLOSERS.includes(ch)) {
      if (OPENERS[this.stack[this.stack.length - 1]] === ch) this.stack.pop();
      else this.strays++;
      return 'close';
    }
    return undefined;
  }
}

/**
 * When the suffix starts with a closer (`)`, `]`, `}` or the string's quote, as an editor's
 * auto-closing leaves it), cuts the completion where it closes that same bracket or string
 * itself: the suffix already provides it, and what the model wrote after it (`;`, ` {`) is
 * the rest of a line the user will type past. A closer that only closes what the completion
 * opened stays. A cut leaving a line of indentation only keeps the line break, so the suffix's
 * `}` lands on its own line.
 */
export function cutWhereSuffixCloses(prefixLine: string, completion: string, suffixLine: string, quotes: string): string {
  const closer = suffixLine.trimStart()[0];
  if (!closer || !(CLOSERS.includes(closer) || quotes.includes(closer))) return completion;
  const scan = new BracketScan(quotes);
  for (const ch of prefixLine) scan.read(ch);
  const depth = scan.stack.length;
  const quoteAtCursor = scan.quote;
  for (let i = 0; i < completion.length; i++) {
    const ch = completion[i];
    if (ch === '\n' && scan.quote) scan.quote = undefined; // strings rarely span lines; do not let one swallow the rest
    const inQuote = scan.quote;
    const before = scan.stack.length;
    const did = scan.read(ch);
    const closesBracket = did === 'close' && !inQuote && before <= depth && ch === closer;
    const closesString = did === 'quoteClose' && quoteAtCursor === closer && ch === closer && before === depth;
    if (closesBracket || closesString) return keepLineBreak(completion.slice(0, i));
  }
  return completion;
}

function keepLineBreak(text: string): string {
  const nl = text.lastIndexOf('\n');
  return nl >= 0 && !text.slice(nl + 1).trim() ? text.slice(0, nl + 1) : text;
}

/**
 * Trims the end of the completion that repeats the start of the rest of the cursor's line
 * (`foo();` before `;` gives `foo()`), whitespace at the seam ignored. An overlap of closers
 * and quotes alone is trimmed only when the line balances better without it: `foo(x)` before
 * `)` closes its own `(`, but `f"{x}"` before `}"` (inside an f-string or a template) repeats it.
 */
export function trimLineEndOverlap(prefixLine: string, completion: string, suffixLine: string, quotes: string): string {
  const rest = suffixLine.trim();
  const body = completion.trimEnd();
  const lineStart = body.includes('\n') ? '' : prefixLine;
  const cost = (text: string) => lineCost(lineStart + text.slice(text.lastIndexOf('\n') + 1) + suffixLine, quotes);
  for (let k = Math.min(rest.length, body.length); k > 0; k--) {
    const overlap = rest.slice(0, k);
    if (!body.endsWith(overlap)) continue;
    const trimmed = body.slice(0, body.length - k);
    if (/[^\s)\]}"'`]/.test(overlap) || cost(trimmed) < cost(body)) return trimmed;
  }
  return completion;
}

/** How unbalanced one line is: closers that close nothing, openers left open, an open string. */
function lineCost(line: string, quotes: string): number {
  const scan = new BracketScan(quotes);
  for (const ch of line) scan.read(ch);
  return scan.strays + scan.stack.length + (scan.quote ? 1 : 0);
}
