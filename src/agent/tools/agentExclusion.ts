import * as vscode from 'vscode';
import * as settings from '../../common/settings';
import { enabledGlobs, matchesAnyGlob } from '../../core/context/contextPrivacy';
import type { ExcludedCheck } from '../../core/agent/workspacePath';

/**
 * What the agent's tools keep from the model: `parley.context.exclude` and `files.exclude` for every
 * tool, and `search.exclude` too for the ones that search (as VS Code's own search does).
 */

/** The excluded check the tools use unless they are given another: `parley.context.exclude` and the folder's `files.exclude`. */
export function settingsExcludedCheck(folders: () => readonly vscode.WorkspaceFolder[]): ExcludedCheck {
  return (relative, root) => {
    const folder = folders().find((f) => f.name === root.name && f.uri.path === root.root);
    const filesExclude = enabledGlobs(vscode.workspace.getConfiguration('files', folder?.uri).get<Record<string, unknown>>('exclude'));
    return matchesAnyGlob(relative, [...settings.contextExclude(), ...filesExclude]);
  };
}

/** The globs a search in `folder` leaves out: `files.exclude`, `search.exclude` and `parley.context.exclude`. */
export function searchExcludeGlobs(folder: vscode.Uri | undefined): string[] {
  const setting = (section: string) =>
    enabledGlobs(vscode.workspace.getConfiguration(section, folder).get<Record<string, unknown>>('exclude'));
  return [...new Set([...setting('files'), ...setting('search'), ...settings.contextExclude()])];
}

/**
 * The globs as one `findFiles` exclude pattern, so excluded folders are not walked and do not use up
 * the results. A glob with a slash is relative to the folder; without, it is a name at any depth, as
 * `matchesAnyGlob` reads it. Globs with braces of their own are left to the check after the search
 * (a pattern's braces do not nest).
 */
export function findFilesExclude(globs: readonly string[]): string | undefined {
  const simple = globs
    .filter((g) => !/[{}]/.test(g))
    .map((g) => g.replace(/^\.\//, '').replace(/\/$/, ''))
    .filter(Boolean)
    .map((g) => (g.includes('/') ? g : `**/${g}`));
  return simple.length ? `{${simple.join(',')}}` : undefined;
}
