/**
 * A tool's output kept to a size the model can take in: lines are added until a count or a
 * number of characters is reached; the rest are only counted, so the note can say how many
 * were left out.
 */
export class CappedLines {
  private readonly kept: string[] = [];
  private chars = 0;
  private left = 0;
  private stopped = false;

  constructor(
    private readonly maxLines: number,
    private readonly maxChars = Infinity,
  ) {}

  /** Keeps the line if it fits; false when it did not (it is counted as left out). */
  add(line: string): boolean {
    if (this.full || this.chars + line.length + 1 > this.maxChars) {
      // Once one line does not fit, none after it is kept either: what is shown stays in order.
      this.stopped = true;
      this.left++;
      return false;
    }
    this.kept.push(line);
    this.chars += line.length + 1;
    return true;
  }

  /** No more lines will be kept: the count or the characters are used up. */
  get full(): boolean {
    return this.stopped || this.kept.length >= this.maxLines;
  }

  get lines(): readonly string[] {
    return this.kept;
  }

  /** Lines added but not kept. */
  get leftOut(): number {
    return this.left;
  }

  /** Lines known to be left out without being added (a search stopped early counts none it did not see). */
  leave(n: number): void {
    this.left += n;
  }
}

/** A line cut to `max` characters around `at` (where the interesting part starts), with … where it was cut. */
export function clipLine(line: string, max: number, at = 0): string {
  if (line.length <= max) return line;
  const start = Math.max(0, Math.min(at - Math.floor(max / 4), line.length - max));
  const end = start + max;
  return `${start > 0 ? '…' : ''}${line.slice(start, end)}${end < line.length ? '…' : ''}`;
}
