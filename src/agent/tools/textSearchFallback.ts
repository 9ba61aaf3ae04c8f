import { promises as fs } from 'fs';
import type { ToolOutcome } from '../../core/agent/agentTool';
import { textLines } from '../../core/agent/linePage';
import type { SearchTextArgs } from '../../core/agent/readToolArgs';
import { queryWords, type SearchMatches } from '../../core/agent/textSearch';
import { findVisible } from './findFiles';
import { failed } from './toolText';
import type { WorkspaceAccess } from './workspaceAccess';

/** A file larger than this is not searched by reading (ripgrep has no such limit). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** How long matching runs before it lets the extension host do other work. */
const SLICE_MS = 20;
/** Where git looks for a NUL to call a file binary. */
const BINARY_SNIFF = 8000;

/**
 * search_text without ripgrep: VS Code's file search lists the files (its excludes kept; git
 * ignores are not, as findFiles does not read them), and each is read and matched line by line
 * with a JavaScript regular expression. Returns an outcome only when the search cannot run.
 */
export async function searchByReading(
  access: WorkspaceAccess,
  args: SearchTextArgs,
  matches: SearchMatches,
  signal: AbortSignal,
): Promise<ToolOutcome | undefined> {
  let pattern: RegExp;
  try {
    pattern = new RegExp(args.isRegex ? args.query : args.query.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), args.caseSensitive ? '' : 'i');
  } catch (e) {
    return failed(`${queryWords(args)} is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`);
  }
  // As ripgrep reads a glob: one without a slash is a name at any depth.
  const include = args.include ? (args.include.includes('/') ? args.include : `**/${args.include}`) : '**/*';
  const places = await findVisible(access, include, signal);
  signal.throwIfAborted();
  for (const place of places ?? []) {
    const text = await textOf(place.fsPath, signal);
    if (text === undefined) continue;
    const lines = textLines(text);
    let slice = Date.now();
    for (let i = 0; i < lines.length; i++) {
      const found = pattern.exec(lines[i]);
      if (found && !matches.add({ path: place.shown, line: i + 1, text: lines[i], column: found.index })) return undefined;
      // A regular expression can take a while over a large file: the window and Stop are served between slices.
      if (i % 1000 === 999 && Date.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        signal.throwIfAborted();
        slice = Date.now();
      }
    }
  }
  return undefined;
}

/** A regular file's text; undefined for what is not searched (binary, too large, unreadable). */
async function textOf(fsPath: string, signal: AbortSignal): Promise<string | undefined> {
  const stat = await fs.stat(fsPath).catch(() => undefined);
  if (!stat?.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
  const bytes = await fs.readFile(fsPath, { signal }).catch((e: unknown) => {
    if (signal.aborted) throw e;
    return undefined;
  });
  if (!bytes || bytes.subarray(0, BINARY_SNIFF).includes(0)) return undefined;
  return bytes.toString('utf8');
}
