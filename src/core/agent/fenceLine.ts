/**
 * Markdown fence lines as models write them: three or more backticks or tildes, any
 * indentation (small models indent fences inside lists), an info string. A fence closes on a
 * bare line of the same character, at least as long (CommonMark's rule).
 */

export interface Fence {
  char: '`' | '~';
  length: number;
  /** The info string, trimmed (`tool_call`, `ts`, or empty). */
  info: string;
}

/** What an opening fence's info string makes of the block. */
export type FenceKind = 'call' | 'json' | 'code';

/** The line (with or without its line break) as a fence, or undefined when it is not one. */
export function parseFenceLine(line: string): Fence | undefined {
  const match = /^[ \t]*(`{3,}|~{3,})(.*)$/.exec(line.replace(/\r?\n$/, ''));
  if (!match) return undefined;
  const info = match[2].trim();
  // A backtick fence's info string holds no backtick: "```a``` b" is inline code, not a fence.
  if (match[1][0] === '`' && info.includes('`')) return undefined;
  return { char: match[1][0] as Fence['char'], length: match[1].length, info };
}

/** True when `line` closes a block opened by `open`. */
export function closes(line: Fence, open: Fence): boolean {
  return line.info === '' && line.char === open.char && line.length >= open.length;
}

/** True while the start of a line, its break not yet streamed, could still turn out a fence line. */
export function mayBeFence(partial: string): boolean {
  return /^[ \t]*(`*|~*)$/.test(partial) || /^[ \t]*(`{3,}|~{3,})/.test(partial);
}

/**
 * `tool_call` (and the spellings models drift to) is a call; a ```json or unlabelled block may
 * be one, if it names a known tool; anything else is code, shown as written.
 */
export function fenceKind(info: string): FenceKind {
  const word = info.split(/\s+/)[0].toLowerCase();
  if (/^tool[_-]?calls?$/.test(word)) return 'call';
  if (word === '' || /^json[c5l]?$/.test(word)) return 'json';
  return 'code';
}

/** A fence for `text`: backticks, one more than its longest run of them, at least three. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}
