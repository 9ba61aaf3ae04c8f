import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import { checkRealPath } from '../../core/agent/node/realPath';
import { resolveToolPath, type WorkspaceRoot } from '../../core/agent/workspacePath';

/** Where a command runs: a folder of the workspace, or why not (a sentence the model reads). */
export type CommandFolder = { ok: true; path: string; where: string } | { ok: false; error: string };

/**
 * `run_command`'s `cwd` (undefined for the workspace folder) as a real folder inside the workspace.
 * Exclusions (`parley.context.exclude`, git ignores) do not apply: they keep files from being read,
 * and a command may run in an ignored `build/` folder as well as anywhere.
 */
export async function resolveCommandFolder(cwd: string | undefined): Promise<CommandFolder> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const roots: WorkspaceRoot[] = folders.map((f) => ({ name: f.name, root: f.uri.path }));
  const resolved = resolveToolPath(cwd ?? '.', roots, () => false);
  if (!resolved.ok) return { ok: false, error: `The command was not run. ${resolved.error}` };
  const folder = folders[roots.indexOf(resolved.folder)];
  const path = vscode.Uri.file(resolved.absolute).fsPath;
  const real = await checkRealPath(path, folder.uri.fsPath, cwd);
  if (!real.ok) return { ok: false, error: `The command was not run. ${real.error}` };
  const stat = await fs.stat(real.real).catch(() => undefined);
  const shown = JSON.stringify(cwd ?? '.');
  if (!stat)
    return { ok: false, error: `The command was not run: the folder ${shown} does not exist (cwd is relative to the workspace folder).` };
  if (!stat.isDirectory()) return { ok: false, error: `The command was not run: ${shown} is a file; cwd must be a folder.` };
  const inFolder = resolved.relative || '.';
  const where = folders.length > 1 ? `${folder.name}${resolved.relative ? `/${resolved.relative}` : ''}` : inFolder;
  return { ok: true, path, where };
}
