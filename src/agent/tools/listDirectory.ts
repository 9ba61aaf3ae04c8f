import { promises as fs, type Dirent } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AgentTool, ToolOutcome } from '../../core/agent/agentTool';
import { CappedLines } from '../../core/agent/cappedLines';
import { plural } from '../../core/agent/linePage';
import { LIST_DIRECTORY, LIST_MAX, listDirectoryTool as definition } from '../../core/agent/readTools';
import { readScopeArgs } from '../../core/agent/readToolArgs';
import { argWords, failed, field, fileError, isAbort, STOPPED } from './toolText';
import { diskFolders, placeIn, placePath, rootOf, type Place, type WorkspaceAccess } from './workspaceAccess';

/** list_directory: a folder's entries, folders first, each named as `ls -p` would (folders end in `/`). */
export function createListDirectoryTool(access: WorkspaceAccess): AgentTool {
  return {
    definition,
    kind: 'read',
    describe(args) {
      const path = argWords(field(args, 'path'));
      return path && path !== '.' ? vscode.l10n.t('List {0}', path) : vscode.l10n.t('List the workspace folder');
    },
    async run(args, { signal }) {
      const checked = readScopeArgs(LIST_DIRECTORY, args);
      if (!checked.ok) return failed(checked.error);
      const folders = diskFolders(access);
      if (folders.length === 0) return failed('No workspace folder is open, so there are no files to list.');
      if (checked.value.path === undefined && folders.length > 1) return listFolders(folders);
      const placed =
        checked.value.path === undefined
          ? { ok: true as const, place: placeIn(folders[0], '', 1) }
          : await placePath(access, checked.value.path);
      if (!placed.ok) return failed(placed.error);
      try {
        return await list(access, placed.place, signal);
      } catch (e) {
        return isAbort(e, signal) ? STOPPED : fileError(placed.place.shown, e);
      }
    },
  };
}

/** Several folders open and no path: the folders are the top level. */
function listFolders(folders: readonly vscode.WorkspaceFolder[]): ToolOutcome {
  const names = folders.map((f) => `${f.name}/`);
  return { text: [`The workspace has ${folders.length} folders:`, ...names].join('\n'), summary: plural(folders.length, 'folder') };
}

async function list(access: WorkspaceAccess, place: Place, signal: AbortSignal): Promise<ToolOutcome> {
  const stat = await fs.stat(place.fsPath);
  if (!stat.isDirectory()) return failed(`${place.shown} is a file, not a folder: read it with read_file.`);
  const entries = await fs.readdir(place.fsPath, { withFileTypes: true });
  signal.throwIfAborted();
  const root = rootOf(place.folder);
  const shown: { name: string; folder: boolean }[] = [];
  let excluded = 0;
  for (const entry of entries) {
    const relative = place.relative === '' ? entry.name : `${place.relative}/${entry.name}`;
    if (access.excluded(relative, root)) excluded++;
    else shown.push({ name: entry.name, folder: await isFolder(entry, place.fsPath) });
  }
  shown.sort((a, b) => Number(b.folder) - Number(a.folder) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = new CappedLines(LIST_MAX);
  for (const e of shown) lines.add(e.folder ? `${e.name}/` : e.name);
  const label = place.shown === '.' ? 'The workspace folder' : `${place.shown}/`;
  const folders = shown.filter((e) => e.folder).length;
  const counts = `${plural(folders, 'folder')}, ${plural(shown.length - folders, 'file')}`;
  const notes: string[] = [];
  if (lines.leftOut) notes.push(`[Only the first ${LIST_MAX} of ${shown.length} entries are shown: look for files with find_files.]`);
  if (excluded) notes.push(excluded === 1 ? '[1 excluded entry is not shown.]' : `[${excluded} excluded entries are not shown.]`);
  const header = shown.length ? `${label} (${counts}):` : `${label} is empty.`;
  return { text: [header, ...lines.lines, ...notes].join('\n'), summary: counts };
}

/** A link to a folder lists as a folder, as the Explorer shows it (where it leads is checked when it is opened). */
async function isFolder(entry: Dirent, parent: string): Promise<boolean> {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  return fs.stat(path.join(parent, entry.name)).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
