/**
 * search_text's pure half: ripgrep's arguments for a search, its JSON lines read back, and the
 * matches gathered into what the model reads (`path:line: text`, capped).
 */
import type { ToolOutcome } from './agentTool';
import { CappedLines, clipLine } from './cappedLines';
import { plural } from './linePage';
import { SEARCH_MAX_CHARS, SEARCH_MAX_MATCHES } from './readTools';
import type { SearchTextArgs } from './readToolArgs';

/** A matching line longer than this is shown cut, around its match. */
export const MATCH_LINE_CHARS = 300;

export interface TextMatch {
  /** The file, as the model is shown it. */
  path: string;
  /** From 1. */
  line: number;
  /** The line, without its line break. */
  text: string;
  /** Where in `text` the match starts (to cut a long line around it). */
  column: number;
}

/** The search gathered as it comes, until it holds as many matches as the model is shown. */
export class SearchMatches {
  private readonly lines = new CappedLines(SEARCH_MAX_MATCHES, SEARCH_MAX_CHARS);
  private readonly files = new Set<string>();

  /** False once full: the search can stop. */
  add(match: TextMatch): boolean {
    const text = clipLine(match.text.replace(/\r$/, ''), MATCH_LINE_CHARS, match.column);
    if (this.lines.add(`${match.path}:${match.line}: ${text}`)) this.files.add(match.path);
    return !this.lines.full;
  }

  get full(): boolean {
    return this.lines.full;
  }

  outcome(args: SearchTextArgs): ToolOutcome {
    const what = `${queryWords(args)}${args.include ? ` in ${args.include}` : ''}`;
    const count = this.lines.lines.length;
    if (count === 0) return { text: `No matches for ${what}.`, summary: 'no matches' };
    const found = `${plural(count, 'match', 'matches')} in ${plural(this.files.size, 'file')}`;
    const text = [`${found} for ${what}:`, ...this.lines.lines];
    if (this.lines.full) {
      text.push(
        `[The search stopped here, at ${SEARCH_MAX_MATCHES} matches or about ${SEARCH_MAX_CHARS / 1000} KB: narrow it with include or a longer query.]`,
      );
    }
    return { text: text.join('\n'), summary: this.lines.full ? `${found} (stopped there)` : found };
  }
}

/** The query as the transcript and the model read it: `/regex/` or `"text"`. */
export function queryWords(args: Pick<SearchTextArgs, 'query' | 'isRegex'>): string {
  return args.isRegex ? `/${args.query}/` : JSON.stringify(args.query);
}

/**
 * ripgrep's arguments: JSON out, hidden files in (as VS Code's search), links not followed, the
 * excluded globs after the included one (the later glob wins in ripgrep), `.git` always out.
 * Lookaround and backreferences need PCRE2, as VS Code's search switches to it for them.
 */
export function ripgrepArgs(args: SearchTextArgs, excludes: readonly string[], useIgnoreFiles: boolean): string[] {
  const out = ['--json', '--no-config', '--hidden', '--no-messages'];
  if (!useIgnoreFiles) out.push('--no-ignore');
  out.push(args.caseSensitive ? '--case-sensitive' : '--ignore-case');
  if (!args.isRegex) out.push('--fixed-strings');
  else if (/\(\?<?[=!]|\\[1-9]/.test(args.query)) out.push('--pcre2');
  if (args.include) out.push('--glob', args.include);
  for (const glob of [...excludes, '**/.git']) out.push('--glob', `!${glob}`);
  out.push('--regexp', args.query, '--', '.');
  return out;
}

/** A match from one line of ripgrep's `--json` output (path relative to where it ran); undefined for any other line. */
export function parseRipgrepMatch(jsonLine: string): (Omit<TextMatch, 'path'> & { file: string }) | undefined {
  let event: unknown;
  try {
    event = JSON.parse(jsonLine);
  } catch {
    return undefined;
  }
  const e = event as { type?: string; data?: RipgrepMatchData };
  if (e?.type !== 'match' || !e.data) return undefined;
  const file = textOf(e.data.path);
  const text = textOf(e.data.lines);
  if (file === undefined || text === undefined || typeof e.data.line_number !== 'number') return undefined;
  const first = e.data.submatches?.[0];
  const found = first ? textOf(first.match) : undefined;
  const column = found ? Math.max(0, text.indexOf(found)) : 0;
  return { file: file.replace(/\\/g, '/').replace(/^\.\//, ''), line: e.data.line_number, text: text.replace(/\r?\n$/, ''), column };
}

interface RipgrepText {
  text?: string;
  bytes?: string;
}

interface RipgrepMatchData {
  path?: RipgrepText;
  lines?: RipgrepText;
  line_number?: number;
  submatches?: { match?: RipgrepText }[];
}

/** ripgrep gives text that is not UTF-8 as base64 bytes; shown as Latin-1, which never fails. */
function textOf(value: RipgrepText | undefined): string | undefined {
  if (typeof value?.text === 'string') return value.text;
  if (typeof value?.bytes !== 'string') return undefined;
  try {
    return atob(value.bytes);
  } catch {
    return undefined;
  }
}
