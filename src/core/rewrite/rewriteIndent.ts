/**
 * Re-indents a rewrite reply to sit where the selection was, in the selection's style.
 * Indentation is converted by level, not by column: a reply indented by 2 spaces going into
 * a file indented with tabs of width 4 gets one tab per level, not "  ".
 */
import detectIndent from 'detect-indent';

export interface IndentTarget {
  /** The selected text, LF line endings. */
  original: string;
  /** What precedes the selection on its first line. */
  linePrefix: string;
  tabSize: number;
  /** One level as the editor indents (`\t` or spaces), used where the selection shows no indentation (Generate here). */
  indentUnit?: string;
}

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Columns a run of whitespace covers, tabs advancing to the next tab stop. */
function width(ws: string, tabSize: number): number {
  let w = 0;
  for (const ch of ws) w += ch === '\t' ? tabSize - (w % tabSize) : 1;
  return w;
}

function makeIndent(columns: number, useTabs: boolean, tabSize: number): string {
  return useTabs ? '\t'.repeat(Math.floor(columns / tabSize)) + ' '.repeat(columns % tabSize) : ' '.repeat(columns);
}

/** Tabs for indentation (alignment spaces allowed after them), never runs of spaces. */
function usesTabs(indents: string[]): boolean {
  return indents.some((ws) => ws.includes('\t')) && !indents.some((ws) => / {2}/.test(ws));
}

/**
 * The width of one indent level among these (columns, relative to the shallowest), found
 * the way editors detect a file's indentation; undefined when there is no nesting to tell.
 * A single space is alignment (a JSDoc ` *`), never a level: read as one, the first lines of
 * a streaming reply would be indented one way and then, once nesting shows, another.
 */
function levelWidth(columns: number[]): number | undefined {
  const min = Math.min(...columns);
  const amount = detectIndent(columns.map((c) => ' '.repeat(c - min) + 'x').join('\n')).amount;
  return amount > 1 ? amount : undefined;
}

/** Indentation of the selection's non-blank lines; the first line's may sit before it. */
function selectionIndents(target: IndentTarget, prefixIsIndent: boolean): string[] {
  // Nothing selected (code generated at the cursor): the indentation there is the base.
  if (!target.original.trim()) return prefixIsIndent && target.linePrefix ? [target.linePrefix] : [];
  const lines = target.original.split('\n');
  const indents: string[] = [];
  if (lines[0].trim() && prefixIsIndent) indents.push(target.linePrefix + leadingWhitespace(lines[0]));
  for (const line of lines.slice(1)) if (line.trim()) indents.push(leadingWhitespace(line));
  return indents;
}

interface Level {
  level: number;
  /** Spaces left over after whole levels: alignment, a JSDoc ` *`. */
  rest: number;
}

/**
 * The reply's own levels. A tab is one level; spaces count in the reply's space unit, so a
 * reply that copies tab-indented lines and adds 2-space ones puts both at the same level.
 */
function replyLevels(indents: string[], tabSize: number): { levels: Level[]; unit: number } {
  const spaceOnly = indents.filter((ws) => !ws.includes('\t')).map((ws) => ws.length);
  const unit = (spaceOnly.length ? levelWidth(spaceOnly) : undefined) ?? tabSize;
  const columns = indents.map((ws) => [...ws].reduce((n, ch) => n + (ch === '\t' ? unit : 1), 0));
  const min = Math.min(...columns);
  return { unit, levels: columns.map((c) => ({ level: Math.floor((c - min) / unit), rest: (c - min) % unit })) };
}

/** Reply lines (non-empty code, LF) re-indented for the selection; blank lines come back empty. */
export function fitIndentation(lines: string[], target: IndentTarget): string[] {
  const { tabSize } = target;
  const prefixIsIndent = /^[ \t]*$/.test(target.linePrefix);
  const origIndents = selectionIndents(target, prefixIsIndent);
  const origColumns = origIndents.map((ws) => width(ws, tabSize));
  const code = lines.filter((l) => l.trim());
  const indented = origIndents.filter((ws) => ws.length > 0);
  // Indent with what the selection uses; where it has no indentation, keep the reply's style.
  const useTabs =
    indented.length > 0
      ? usesTabs(indented)
      : target.indentUnit !== undefined
        ? target.indentUnit === '\t'
        : usesTabs(code.map(leadingWhitespace));
  const reply = replyLevels(code.map(leadingWhitespace), tabSize);
  const step = useTabs
    ? tabSize
    : ((origColumns.length ? levelWidth(origColumns) : undefined) ?? (target.indentUnit?.length || reply.unit));
  // A selection starting mid-line keeps the reply's own columns: there is no indentation to match.
  const replyMin = Math.min(...code.map((l) => width(leadingWhitespace(l), tabSize)));
  const base = !prefixIsIndent ? replyMin : origColumns.length ? Math.min(...origColumns) : 0;
  let next = 0;
  const out = lines.map((line) => {
    if (!line.trim()) return '';
    const { level, rest } = reply.levels[next++];
    return makeIndent(base + level * step, useTabs, tabSize) + ' '.repeat(rest) + line.slice(leadingWhitespace(line).length);
  });
  // The document already holds the first line's indentation (or text) before the selection.
  if (prefixIsIndent) {
    const ws = leadingWhitespace(out[0]);
    const keep = Math.max(0, width(ws, tabSize) - width(target.linePrefix, tabSize));
    out[0] = makeIndent(keep, useTabs, tabSize) + out[0].slice(ws.length);
  } else {
    out[0] = out[0].trimStart();
  }
  return out;
}
