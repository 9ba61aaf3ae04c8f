import type { CountTokens } from '../../tokens/node/tokenCount';

/** One file's part of a unified diff (`git diff` output), from its `diff --git` line on. */
export interface FileDiff {
  path: string;
  text: string;
  added: number;
  removed: number;
}

/** Splits `git diff` output into one part per file. */
export function splitDiff(diff: string): FileDiff[] {
  const parts = diff.split(/^(?=diff --git )/m).filter((p) => p.startsWith('diff --git '));
  return parts.map((text) => {
    const header = /^diff --git a\/(.*?) b\/(.*)$/m.exec(text);
    const plus = /^\+\+\+ b\/(.*)$/m.exec(text);
    const path = plus?.[1] ?? header?.[2] ?? '';
    let added = 0;
    let removed = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith('+') && !line.startsWith('+++')) added++;
      else if (line.startsWith('-') && !line.startsWith('---')) removed++;
    }
    return { path, text: text.endsWith('\n') ? text : `${text}\n`, added, removed };
  });
}

/** A new file that git does not track yet, as a diff part (every line added). */
export function untrackedFileDiff(path: string, content: string): FileDiff {
  const lines = content.length === 0 ? [] : content.replace(/\n$/, '').split('\n');
  const text = [
    `diff --git a/${path} b/${path}`,
    'new file (untracked)',
    '--- /dev/null',
    `+++ b/${path}`,
    ...(lines.length ? [`@@ -0,0 +1,${lines.length} @@`] : []),
    ...lines.map((l) => `+${l}`),
    '',
  ].join('\n');
  return { path, text, added: lines.length, removed: 0 };
}

export interface DiffSummary {
  /** What goes to the model: a list of every file with its counts, then the diffs (cut where needed). */
  text: string;
  /** Files whose diff was cut or left out to fit the budget. */
  cut: string[];
}

/**
 * The diff that fits `budgetTokens`. Whole when it fits. Otherwise every file is still named
 * with its line counts, and the budget is shared out smallest file first: a small file's
 * whole diff usually says more about a change than the first lines of a huge generated one.
 */
export function summarizeDiff(files: FileDiff[], budgetTokens: number, count: CountTokens): DiffSummary {
  const stat = ['Files changed:', ...files.map((f) => `  ${f.path} (+${f.added} -${f.removed})`), ''].join('\n');
  const whole = files.map((f) => f.text).join('');
  if (count(stat) + count(whole) <= budgetTokens) return { text: `${stat}\n${whole}`, cut: [] };
  // Parts are counted apart; a join can merge or split a token at each seam: one spare per file.
  let left = budgetTokens - count(`${stat}\n`) - files.length;
  const cut: string[] = [];
  const kept = new Map<FileDiff, string>();
  const bySize = [...files].sort((a, b) => a.text.length - b.text.length);
  bySize.forEach((file, i) => {
    const share = Math.floor(left / (bySize.length - i));
    const tokens = count(file.text);
    if (tokens <= share) {
      kept.set(file, file.text);
      left -= tokens;
      return;
    }
    cut.push(file.path);
    const noteFor = (omitted: number) => `… ${omitted} more lines of the diff of ${file.path} left out to fit the context budget\n`;
    const part = cutToTokens(file.text, share - count(noteFor(file.text.split('\n').length)), count);
    const note = noteFor(file.text.split('\n').length - part.split('\n').length);
    if (part) {
      kept.set(file, part + note);
      left -= count(part + note);
    } else {
      kept.set(file, note);
      left -= count(note);
    }
  });
  // Back in git's order, so the diff reads as git prints it.
  return { text: `${stat}\n${files.map((f) => kept.get(f) ?? '').join('')}`, cut };
}

/** The longest run of whole lines from the start of `text` within `maxTokens`. */
function cutToTokens(text: string, maxTokens: number, count: CountTokens): string {
  if (maxTokens <= 0) return '';
  const lines = text.split('\n');
  // Binary search on the number of lines: counting is the costly part.
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(lines.slice(0, mid).join('\n')) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${lines.slice(0, lo).join('\n')}\n`;
}
