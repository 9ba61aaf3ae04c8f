/**
 * A command's output kept within what the model should read: its first lines (what ran, the first
 * error) and its last (the summary, the exit), with how much was left out between them. Fed as
 * the output streams, so a command printing gigabytes holds only a few kilobytes here.
 */

export interface OutputCapLimits {
  /** Characters kept from the start. */
  readonly head: number;
  /** Characters kept from the end. */
  readonly tail: number;
}

export const DEFAULT_OUTPUT_CAP: OutputCapLimits = { head: 2_048, tail: 8_192 };

export class CappedOutput {
  private head = '';
  private tail = '';
  private omittedChars = 0;
  private omittedLines = 0;
  private totalLines = 0;
  private lastChar = '';

  constructor(private readonly limits: OutputCapLimits = DEFAULT_OUTPUT_CAP) {}

  push(text: string): void {
    if (text === '') return;
    this.totalLines += countLines(text);
    this.lastChar = text[text.length - 1];
    const room = this.limits.head - this.head.length;
    if (room > 0 && this.omittedChars === 0 && this.tail === '') {
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    this.tail += text;
    // Trimmed in steps, not per chunk, so a stream of small chunks costs no more than one big one.
    if (this.tail.length > 2 * this.limits.tail) this.dropFromTail(this.tail.length - this.limits.tail);
  }

  /** Lines written so far (a last line without its line break counts). */
  get lines(): number {
    return this.totalLines + (this.lastChar !== '' && this.lastChar !== '\n' ? 1 : 0);
  }

  /** Whether anything was left out. */
  get capped(): boolean {
    return this.omittedChars > 0 || this.tail.length > this.limits.tail;
  }

  /** The text the model reads: all of it, or its head and tail around a line saying what is left out. */
  text(): string {
    if (!this.capped) return this.head + this.tail;
    let { head, tail, omittedChars, omittedLines } = this;
    const excess = tail.length - this.limits.tail;
    if (excess > 0) {
      omittedLines += countLines(tail.slice(0, excess));
      omittedChars += excess;
      tail = tail.slice(excess);
    }
    // Cut at line ends where one is near, so no half line is shown on either side.
    const headEnd = head.lastIndexOf('\n') + 1;
    if (headEnd >= head.length / 2 && headEnd < head.length) {
      omittedChars += head.length - headEnd;
      head = head.slice(0, headEnd);
    }
    const tailStart = tail.indexOf('\n') + 1;
    if (tailStart > 0 && tailStart <= tail.length / 2) {
      omittedLines += 1;
      omittedChars += tailStart;
      tail = tail.slice(tailStart);
    }
    const what = omittedLines > 0 ? `${plural(omittedLines, 'line')} omitted` : `${plural(omittedChars, 'character')} omitted`;
    return `${head}${head.endsWith('\n') ? '' : '\n'}… ${what} …\n${tail}`;
  }

  private dropFromTail(n: number): void {
    this.omittedLines += countLines(this.tail.slice(0, n));
    this.omittedChars += n;
    this.tail = this.tail.slice(n);
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
