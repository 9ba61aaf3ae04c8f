/**
 * Why a search text matched nowhere, when the reason is one a model can fix by copying more
 * carefully: whitespace or indentation, line endings, a last line break the file does not have.
 * These are only said, never applied: a near match could be the wrong place, and the edit the
 * user reviews must be the one the model wrote.
 */

/** 1-based lines of each offset (ascending), counted in one pass. */
export function linesAt(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let at = text.indexOf('\n');
  for (const offset of offsets) {
    for (; at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
    lines.push(line);
  }
  return lines;
}

/** A line as quoted to the model: escapes make tabs and stray spaces visible; long lines cut by code point. */
export function quoteLine(line: string, max = 80): string {
  const chars = Array.from(line);
  return JSON.stringify(chars.length > max ? chars.slice(0, max).join('') + '…' : line);
}

/** The first line of `text` that has more than whitespace (the first line when none has). */
export function firstLine(text: string): string {
  const lines = text.split('\n');
  return lines.find((l) => l.trim() !== '') ?? lines[0];
}

/** The reason `search` (normalised) would match `text` (normalised) if copied more carefully, or none. */
export function nearMissHint(text: string, search: string): string | undefined {
  if (search.endsWith('\n') && !text.endsWith('\n') && text.endsWith(search.slice(0, -1))) {
    return 'The file has no line break after its last line: leave the final line break out of search.';
  }
  if (search.includes('\r') || text.includes('\r')) {
    const unify = (s: string) => s.replace(/\r/g, '\n');
    if (unify(text).includes(unify(search))) return 'It would match if line endings were ignored (the file or search has a lone \\r).';
  }
  return whitespaceHint(text, search);
}

const squeeze = (line: string) => line.trim().replace(/\s+/g, ' ');

/** Where the search's lines appear if each line's indentation and spacing are ignored. */
function whitespaceHint(text: string, search: string): string | undefined {
  const wanted = search.split('\n').map(squeeze);
  while (wanted.length && wanted[0] === '') wanted.shift();
  while (wanted.length && wanted[wanted.length - 1] === '') wanted.pop();
  if (!wanted.length) return undefined;
  const fileLines = text.split('\n');
  const squeezed = fileLines.map(squeeze);
  const found: number[] = [];
  for (let i = 0; i + wanted.length <= squeezed.length && found.length < 2; i++) {
    if (squeezed[i] === wanted[0] && wanted.every((w, k) => squeezed[i + k] === w)) found.push(i);
  }
  if (!found.length) return undefined;
  const where = found.length > 1 ? 'in more than one place' : `at line ${found[0] + 1}`;
  return (
    `It would match ${where} if whitespace and indentation were ignored; the file's line there is ` +
    `${quoteLine(fileLines[found[0]])}. Copy the lines exactly as the file has them, tabs and spaces included.`
  );
}
