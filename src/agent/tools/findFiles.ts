import * as vscode from 'vscode';
import type { AgentTool, ToolOutcome } from '../../core/agent/agentTool';
import { matchesAnyGlob } from '../../core/context/contextPrivacy';
import { plural } from '../../core/agent/linePage';
import { findFilesTool as definition } from '../../core/agent/readTools';
import { readFindFilesArgs, type FindFilesArgs } from '../../core/agent/readToolArgs';
import { findFilesExclude, searchExcludeGlobs } from './agentExclusion';
import { argWords, failed, field, STOPPED } from './toolText';
import { diskFolders, isVisible, placeOfUri, type Place, type WorkspaceAccess } from './workspaceAccess';

/** Results asked of VS Code's file search before the ones the model may not see are dropped and the rest sorted. */
const SEARCH_LIMIT = 5000;

/** find_files: the workspace's files matching a glob, through VS Code's file search (its excludes kept). */
export function createFindFilesTool(access: WorkspaceAccess): AgentTool {
  return {
    definition,
    kind: 'read',
    describe(args) {
      const glob = argWords(field(args, 'glob'));
      return glob ? vscode.l10n.t('Find files matching {0}', glob) : vscode.l10n.t('Find files');
    },
    async run(args, { signal }) {
      const checked = readFindFilesArgs(args);
      if (!checked.ok) return failed(checked.error);
      if (diskFolders(access).length === 0) return failed('No workspace folder is open, so there are no files to find.');
      const places = await findVisible(access, checked.value.glob, signal);
      if (places === undefined) return STOPPED;
      return findOutcome(
        checked.value,
        places.map((p) => p.shown),
      );
    },
  };
}

/** The workspace's files matching `glob` that the model may see, sorted by path; undefined when stopped. */
export async function findVisible(access: WorkspaceAccess, glob: string, signal: AbortSignal): Promise<Place[] | undefined> {
  const globs = searchExcludeGlobs(undefined);
  const cancel = new vscode.CancellationTokenSource();
  const onAbort = () => cancel.cancel();
  signal.addEventListener('abort', onAbort);
  try {
    const uris = await vscode.workspace.findFiles(glob, findFilesExclude(globs), SEARCH_LIMIT, cancel.token);
    const places: Place[] = [];
    for (const uri of uris) {
      if (signal.aborted) return undefined;
      const place = placeOfUri(access, uri);
      // VS Code's search follows links: a file reached through one that leaves the folder is not the workspace's.
      if (place && !matchesAnyGlob(place.relative, globs) && (await isVisible(access, place))) places.push(place);
    }
    return signal.aborted ? undefined : places.sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
  } finally {
    signal.removeEventListener('abort', onAbort);
    cancel.dispose();
  }
}

function findOutcome(args: FindFilesArgs, paths: readonly string[]): ToolOutcome {
  if (paths.length === 0) {
    const top = !args.glob.includes('/') && !args.glob.startsWith('**');
    const hint = top ? ` A glob without / matches only the top folder: try **/${args.glob}.` : '';
    return { text: `No files match ${args.glob}.${hint}`, summary: 'no files' };
  }
  const shown = paths.slice(0, args.maxResults);
  const atLeast = paths.length >= SEARCH_LIMIT ? 'at least ' : '';
  const header =
    shown.length < paths.length
      ? `${atLeast}${paths.length} files match ${args.glob}; the first ${shown.length}:`
      : `${plural(paths.length, 'file')} ${paths.length === 1 ? 'matches' : 'match'} ${args.glob}:`;
  const note = shown.length < paths.length ? ['[Narrow the glob, or raise maxResults, to see the others.]'] : [];
  return { text: [header.charAt(0).toUpperCase() + header.slice(1), ...shown, ...note].join('\n'), summary: plural(paths.length, 'file') };
}
