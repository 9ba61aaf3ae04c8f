/**
 * The file an edit tool may change: inside a workspace folder (`resolveToolPath`), not excluded,
 * and still inside once symbolic links are followed (`checkRealPath`). Anything else is refused
 * with a sentence the model reads.
 */
import * as vscode from 'vscode';
import * as settings from '../../common/settings';
import { resolveToolPath, type ExcludedCheck, type WorkspaceRoot } from '../../core/agent/workspacePath';
import { checkRealPath } from '../../core/agent/node/realPath';
import { enabledGlobs, matchesAnyGlob } from '../../core/context/contextPrivacy';

export type EditPath = { ok: true; uri: vscode.Uri; shown: string } | { ok: false; error: string };

export async function resolveEditPath(arg: string, excluded: ExcludedCheck = excludedFromEdits): Promise<EditPath> {
  const open = vscode.workspace.workspaceFolders ?? [];
  const roots: WorkspaceRoot[] = open.map((f) => ({ name: f.name, root: f.uri.path }));
  const resolved = resolveToolPath(arg, roots, excluded);
  if (!resolved.ok) return resolved;
  if (resolved.relative === '') return { ok: false, error: `${JSON.stringify(arg)} is the workspace folder itself; give a file's path.` };
  const folder = open[roots.indexOf(resolved.folder)];
  const uri = folder.uri.with({ path: resolved.absolute });
  if (uri.scheme === 'file') {
    // Only local files have links to follow; other file systems are taken as VS Code gives them.
    const real = await checkRealPath(uri.fsPath, folder.uri.fsPath, arg);
    if (!real.ok) return real;
  }
  return { ok: true, uri, shown: vscode.workspace.asRelativePath(uri, open.length > 1) };
}

/**
 * What edits leave alone: `parley.context.exclude` (secrets: `.env`, keys), `files.exclude`, and
 * anything inside a `.git` folder (its hooks run code) whatever the settings say.
 */
export function excludedFromEdits(relative: string, folder: WorkspaceRoot): boolean {
  if (relative.split('/').some((segment) => segment.toLowerCase() === '.git')) return true;
  if (matchesAnyGlob(relative, settings.contextExclude())) return true;
  const scope = vscode.workspace.workspaceFolders?.find((f) => f.uri.path === folder.root)?.uri;
  return matchesAnyGlob(relative, enabledGlobs(vscode.workspace.getConfiguration('files', scope).get('exclude')));
}
