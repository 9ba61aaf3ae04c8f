/**
 * Where an edit's result differs from the file, as whole lines: the part of the file the inline
 * review owns. The review compares lines, so the region starts at a line's start and ends after a
 * line break (or at the end of the file); everything outside it is the same in both texts.
 */

export interface ChangedLines {
  /** UTF-16 offsets of the region in the text before (`start === end`: lines only inserted). */
  start: number;
  end: number;
  /** What the region holds after. */
  text: string;
}

/** The lines that differ between `before` and `after`; undefined when the texts are the same. */
export function changedLines(before: string, after: string): ChangedLines | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const start = prefix === 0 ? 0 : before.lastIndexOf('\n', prefix - 1) + 1;
  const afterEnd = (end: number) => after.length - (before.length - end);
  // Both sides must end on a line break (or at the end): text inserted before "c" in "b\nc" is
  // "b\nXc", the whole line, not an added line "X" that the unchanged "c" would join.
  const endsLine = (text: string, from: number, to: number) => to === from || text[to - 1] === '\n';
  let end = before.length - suffix;
  if (end < before.length && !(endsLine(before, start, end) && endsLine(after, start, afterEnd(end)))) {
    const lineEnd = before.indexOf('\n', end);
    end = lineEnd === -1 ? before.length : lineEnd + 1;
  }
  return { start, end, text: after.slice(start, afterEnd(end)) };
}
