/**
 * The changes a rewrite makes, hunk by hunk, and the text that shows them inline: removed lines
 * kept beside the added ones, the way a diff reads. Lines are compared with their line endings
 * (`diffArrays` from the `diff` package over lines that keep their terminators), so applying
 * hunks gives back the file's bytes exactly: CRLF, tabs, a last line without a newline.
 */
import { diffArrays } from 'diff';

export interface Hunk {
  /** Index of the first original line the hunk replaces (where it sits when it removes nothing). */
  start: number;
  removed: string[];
  added: string[];
}

export type HunkDecision = 'undecided' | 'accepted' | 'rejected';

/** How a line of the inline diff reads. `pending`: original, not reached by the stream yet. */
export type LineKind = 'same' | 'removed' | 'added' | 'pending';

export interface DiffLine {
  text: string;
  kind: LineKind;
  /** The hunk the line belongs to (removed and added lines only). */
  hunk?: number;
}

/** Lines with their terminators: joining them gives the text back byte for byte. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The hunks that turn `original` into `proposed`; each run of changed lines is one hunk. */
export function computeHunks(original: string, proposed: string): Hunk[] {
  const hunks: Hunk[] = [];
  let line = 0;
  let open: Hunk | undefined;
  for (const part of diffArrays(splitLines(original), splitLines(proposed))) {
    if (!part.added && !part.removed) {
      open = undefined;
      line += part.value.length;
      continue;
    }
    if (!open) hunks.push((open = { start: line, removed: [], added: [] }));
    if (part.removed) {
      open.removed.push(...part.value);
      line += part.value.length;
    } else {
      open.added.push(...part.value);
    }
  }
  return hunks;
}

/** The original with exactly the hunks `take` says yes to applied. */
export function applyHunks(original: string, hunks: readonly Hunk[], take: (index: number) => boolean): string {
  const lines = splitLines(original);
  const out: string[] = [];
  let at = 0;
  hunks.forEach((hunk, i) => {
    out.push(...lines.slice(at, hunk.start));
    out.push(...(take(i) ? hunk.added : hunk.removed));
    at = hunk.start + hunk.removed.length;
  });
  out.push(...lines.slice(at));
  return out.join('');
}

export interface LayoutOptions {
  /** The proposal is still streaming: a last hunk reaching the end only may not have removed its lines. */
  streaming?: boolean;
  /** Removed lines of undecided hunks stay in the text (false after a save took them out). */
  showRemoved?: boolean;
  /** The document's line ending, for a removed last line that has none. */
  eol?: string;
}

/**
 * The lines to show for `original` with `hunks`: unchanged lines, then for each undecided hunk
 * its removed lines and its added lines; an accepted hunk shows its new lines plain, a rejected
 * one its old lines plain. While streaming, original lines past what the reply has reached are
 * `pending`, after the added lines, so they do not flicker red before the reply gets to them.
 */
export function diffLayout(
  original: string,
  hunks: readonly Hunk[],
  decisions: readonly HunkDecision[],
  options: LayoutOptions = {},
): DiffLine[] {
  const lines = splitLines(original);
  const out: DiffLine[] = [];
  let at = 0;
  const same = (from: number, to: number) => lines.slice(from, to).forEach((text) => out.push({ text, kind: 'same' }));
  hunks.forEach((hunk, i) => {
    same(at, hunk.start);
    at = hunk.start + hunk.removed.length;
    const decision = decisions[i] ?? 'undecided';
    if (decision !== 'undecided') {
      (decision === 'accepted' ? hunk.added : hunk.removed).forEach((text) => out.push({ text, kind: 'same' }));
      return;
    }
    const tail = options.streaming && i === hunks.length - 1 && at === lines.length;
    if (!tail && options.showRemoved !== false) hunk.removed.forEach((text) => out.push({ text, kind: 'removed', hunk: i }));
    hunk.added.forEach((text) => out.push({ text, kind: 'added', hunk: i }));
    if (tail) hunk.removed.forEach((text) => out.push({ text, kind: 'pending' }));
  });
  same(at, lines.length);
  // A line without a terminator can only end the text: give any other one the document's.
  const eol = options.eol ?? '\n';
  for (let i = 0; i < out.length - 1; i++) if (!out[i].text.endsWith('\n')) out[i] = { ...out[i], text: out[i].text + eol };
  return out;
}

/** Where one change still open shows in the document, by line (inclusive). */
export interface OpenHunk {
  index: number;
  first: number;
  last: number;
}

/** Where each change still open shows, in order, with the layout's first line at `firstLine`; pending lines belong to none. */
export function openHunks(layout: readonly DiffLine[], firstLine: number): OpenHunk[] {
  const out: OpenHunk[] = [];
  layout.forEach((line, i) => {
    if (line.hunk === undefined || line.kind === 'pending') return;
    const at = out.find((h) => h.index === line.hunk);
    if (at) at.last = firstLine + i;
    else out.push({ index: line.hunk, first: firstLine + i, last: firstLine + i });
  });
  return out;
}

export function layoutText(layout: readonly DiffLine[]): string {
  return layout.map((l) => l.text).join('');
}

/**
 * After someone else edited the shown diff: the text with the removed lines they left alone
 * taken out (they were never code), and everything they typed kept. Matching is a line diff
 * between what was shown and what is there now.
 */
export function withoutRemovedLines(shown: readonly DiffLine[], now: string): string {
  const out: string[] = [];
  let at = 0;
  for (const part of diffArrays(
    shown.map((l) => l.text),
    splitLines(now),
  )) {
    if (part.added) {
      out.push(...part.value);
      continue;
    }
    part.value.forEach((text, k) => {
      if (!part.removed && shown[at + k].kind !== 'removed') out.push(text);
    });
    at += part.value.length;
  }
  return out.join('');
}
