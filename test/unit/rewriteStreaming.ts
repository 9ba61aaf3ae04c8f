/**
 * Streams a rewrite reply into the cleaner one character at a time, the way the session
 * accumulates content events and cleans the partial answer on each flush, and checks what
 * the editor would show on the way.
 */
import { cleanRewrite, type SelectionShape } from '../../src/core/rewrite/rewriteText';

/** A line that can only be an unfinished fence: a lone ` or ``, ~ or ~~. */
const LONE_PARTIAL_FENCE = /^[ \t]*(?:`{1,2}|~{1,2})$/m;

export function streamOneCharAtATime(answer: string, shape: SelectionShape): { partials: string[]; final: string } {
  const partials: string[] = [];
  let raw = '';
  for (const ch of answer) {
    raw += ch;
    partials.push(cleanRewrite(raw, shape, { partial: true }).text);
  }
  return { partials, final: cleanRewrite(raw, shape).text };
}

/**
 * Whether `partial` could be the start of a run of `final`'s lines: its lines are final's
 * lines from some line on, the last one possibly still growing. A line the final text will
 * not hold (a lead-in, a fence that turns out to be a wrapper) fails this.
 */
export function isPartOf(partial: string, final: string): boolean {
  if (!partial) return true;
  // The selection's trailing newline follows every partial: the line before it may still grow.
  const shown = partial.replace(/\r?\n$/, '').split(/\r?\n/);
  const lines = final.split(/\r?\n/);
  const last = shown.length - 1;
  for (let from = 0; from + shown.length <= lines.length; from++) {
    if (shown.every((line, i) => (i === last ? lines[from + i].startsWith(line) : lines[from + i] === line))) return true;
  }
  return false;
}

/**
 * Why a partial shown while streaming is wrong, or undefined when every partial is fine: no
 * unfinished fence, and (unless `checkParts` is false) nothing the final text will not contain.
 */
export function streamingProblem(partials: string[], final: string, checkParts = true): string | undefined {
  for (const [i, text] of partials.entries()) {
    if (LONE_PARTIAL_FENCE.test(text)) return `after ${i + 1} characters: a partial fence reached the editor: ${JSON.stringify(text)}`;
    if (checkParts && !isPartOf(text, final))
      return `after ${i + 1} characters: ${JSON.stringify(text)} is not part of the result ${JSON.stringify(final)}`;
  }
  return undefined;
}
