import * as path from 'path';
import * as vscode from 'vscode';
import { checkRealPath } from '../../core/agent/node/realPath';
import { resolveToolPath, type ExcludedCheck, type WorkspaceRoot } from '../../core/agent/workspacePath';

/**
 * The workspace as the agent's tools may see it: its folders and what is kept from the model.
 * Every path a tool takes from the model or hands back goes through here.
 */
export interface WorkspaceAccess {
  /** The open workspace folders, asked at each call (folders come and go). */
  folders(): readonly vscode.WorkspaceFolder[];
  /** True for a folder-relative path the model may not see (`parley.context.exclude`, `files.exclude`…). */
  readonly excluded: ExcludedCheck;
}

/** A path in the workspace, as a tool touches it and as the model is shown it. */
export interface Place {
  readonly folder: vscode.WorkspaceFolder;
  readonly uri: vscode.Uri;
  readonly fsPath: string;
  /** Relative to the folder, `/` separators; '' for the folder itself. */
  readonly relative: string;
  /** As the model writes it: relative, starting with the folder's name when several are open; `.` for the only folder. */
  readonly shown: string;
}

export type Placed = { ok: true; place: Place } | { ok: false; error: string };

/** Only folders on this machine's disk: the tools read with Node and follow links on disk. */
export function diskFolders(access: WorkspaceAccess): vscode.WorkspaceFolder[] {
  return access.folders().filter((f) => f.uri.scheme === 'file');
}

export function rootOf(folder: vscode.WorkspaceFolder): WorkspaceRoot {
  return { name: folder.name, root: folder.uri.path };
}

/** A path argument placed inside a workspace folder: `..`, outside, excluded and links that leave the folder refused. */
export async function placePath(access: WorkspaceAccess, arg: unknown): Promise<Placed> {
  const folders = diskFolders(access);
  const roots = folders.map(rootOf);
  const resolved = resolveToolPath(arg, roots, access.excluded);
  if (!resolved.ok) return resolved;
  const folder = folders[roots.indexOf(resolved.folder)];
  const place = placeIn(folder, resolved.relative, folders.length);
  const real = await checkRealPath(place.fsPath, folder.uri.fsPath, place.shown);
  return real.ok ? { ok: true, place } : real;
}

/** The place of a URI VS Code handed back (a search result, a diagnostic), or undefined when it is in no folder. */
export function placeOfUri(access: WorkspaceAccess, uri: vscode.Uri): Place | undefined {
  if (uri.scheme !== 'file') return undefined;
  const folders = diskFolders(access);
  const holding = folders
    .filter((f) => uri.path === f.uri.path || uri.path.startsWith(f.uri.path.endsWith('/') ? f.uri.path : `${f.uri.path}/`))
    .sort((a, b) => b.uri.path.length - a.uri.path.length)[0];
  if (!holding) return undefined;
  const relative = path.posix.relative(holding.uri.path, uri.path);
  return placeIn(holding, relative, folders.length);
}

/** A place the model may be told about: not excluded, and not reached through a link out of its folder. */
export async function isVisible(access: WorkspaceAccess, place: Place): Promise<boolean> {
  if (place.relative !== '' && access.excluded(place.relative, rootOf(place.folder))) return false;
  return (await checkRealPath(place.fsPath, place.folder.uri.fsPath)).ok;
}

export function placeIn(folder: vscode.WorkspaceFolder, relative: string, folderCount: number): Place {
  const uri = relative === '' ? folder.uri : vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
  return { folder, uri, fsPath: uri.fsPath, relative, shown: shownPath(folder, relative, folderCount) };
}

export function shownPath(folder: vscode.WorkspaceFolder, relative: string, folderCount: number): string {
  if (folderCount > 1) return relative === '' ? folder.name : `${folder.name}/${relative}`;
  return relative === '' ? '.' : relative;
}
