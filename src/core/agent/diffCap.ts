/**
 * A unified diff kept to a size the model can take in: whole files while they fit, then the
 * names of the files left out, so the model can ask for one of them by path.
 */

export interface CappedDiff {
  text: string;
  /** Files whose changes are not in `text`, as their `diff --git` headers name them. */
  left: string[];
  /** The one file shown only in part (its diff alone is larger than the room). */
  cut?: string;
}

export function capDiff(diff: string, maxChars: number): CappedDiff {
  if (diff.length <= maxChars) return { text: diff, left: [] };
  const parts = fileParts(diff);
  let text = '';
  let i = 0;
  for (; i < parts.length && text.length + parts[i].length <= maxChars; i++) text += parts[i];
  if (i > 0) return { text, left: parts.slice(i).map(diffPath) };
  // Not even the first file fits: its first lines, cut at a line break.
  const end = parts[0].lastIndexOf('\n', maxChars - 1);
  return { text: parts[0].slice(0, end > 0 ? end + 1 : maxChars), left: parts.slice(1).map(diffPath), cut: diffPath(parts[0]) };
}

/** The diff cut before each `diff --git` line (text before the first one stays with it). */
function fileParts(diff: string): string[] {
  const starts = [0];
  for (let at = diff.indexOf('\ndiff --git '); at !== -1; at = diff.indexOf('\ndiff --git ', at + 1)) starts.push(at + 1);
  return starts.map((s, k) => diff.slice(s, starts[k + 1] ?? diff.length));
}

/**
 * The path a part's `diff --git a/P b/P` line names. Without renames both halves are the same
 * path, so the first half is it, however many spaces the path has; git quotes unusual names.
 */
export function diffPath(part: string): string {
  const header = part.slice(0, part.indexOf('\n') === -1 ? undefined : part.indexOf('\n'));
  if (!header.startsWith('diff --git ')) return header;
  const both = header.slice('diff --git '.length);
  const first = both.slice(0, (both.length - 1) / 2).replace(/^"(.*)"$/, '$1');
  return first.replace(/^a\//, '');
}
