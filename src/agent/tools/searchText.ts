import * as vscode from 'vscode';
import type { AgentTool, ToolOutcome } from '../../core/agent/agentTool';
import { searchTextTool as definition } from '../../core/agent/readTools';
import { readSearchTextArgs, type SearchTextArgs } from '../../core/agent/readToolArgs';
import { queryWords, ripgrepArgs, SearchMatches } from '../../core/agent/textSearch';
import { searchExcludeGlobs } from './agentExclusion';
import { runRipgrep } from './ripgrep';
import { searchByReading } from './textSearchFallback';
import { argWords, failed, field, isAbort, STOPPED } from './toolText';
import { diskFolders, placeIn, rootOf, type WorkspaceAccess } from './workspaceAccess';

/** search_text: matching lines across the workspace, by ripgrep when VS Code has it (`ripgrep()`), else by reading the files. */
export function createSearchTextTool(access: WorkspaceAccess, ripgrep: () => string | undefined): AgentTool {
  return {
    definition,
    kind: 'read',
    describe: describeSearch,
    async run(args, { signal }) {
      const checked = readSearchTextArgs(args);
      if (!checked.ok) return failed(checked.error);
      if (diskFolders(access).length === 0) return failed('No workspace folder is open, so there is nothing to search.');
      const matches = new SearchMatches();
      try {
        const rg = ripgrep();
        const refused = rg
          ? await searchWithRipgrep(rg, access, checked.value, matches, signal)
          : await searchByReading(access, checked.value, matches, signal);
        return refused ?? matches.outcome(checked.value);
      } catch (e) {
        if (isAbort(e, signal)) return STOPPED;
        return failed(`The search failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}

/** One ripgrep per folder, each in its folder; the matches a folder's exclusions keep from the model are dropped. */
async function searchWithRipgrep(
  rg: string,
  access: WorkspaceAccess,
  args: SearchTextArgs,
  matches: SearchMatches,
  signal: AbortSignal,
): Promise<ToolOutcome | undefined> {
  const folders = diskFolders(access);
  for (const folder of folders) {
    if (matches.full) break;
    const useIgnoreFiles = vscode.workspace.getConfiguration('search', folder.uri).get<boolean>('useIgnoreFiles') !== false;
    const rgArgs = ripgrepArgs(args, searchExcludeGlobs(folder.uri), useIgnoreFiles);
    const root = rootOf(folder);
    const run = await runRipgrep(
      rg,
      folder.uri.fsPath,
      rgArgs,
      (m) => access.excluded(m.file, root) || matches.add({ ...m, path: placeIn(folder, m.file, folders.length).shown }),
      signal,
    );
    if (!run.ok) return failed(`The search for ${queryWords(args)} did not run: ${run.error}`);
  }
  return undefined;
}

function describeSearch(args: unknown): string {
  const query = argWords(field(args, 'query'), 60);
  if (!query) return vscode.l10n.t('Search the workspace');
  const words = queryWords({ query, isRegex: field(args, 'isRegex') === true });
  const include = argWords(field(args, 'include'));
  return include ? vscode.l10n.t('Search for {0} in {1}', words, include) : vscode.l10n.t('Search for {0}', words);
}
