import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import {
  COMMAND_SNAPSHOT_CAPS,
  filesToRead,
  mayHaveChanged,
  type AfterWalk,
  type FileState,
  type SnapshotCaps,
  type Snapshot,
} from '../core/agent/commandChanges';
import { enabledGlobs, matchesAnyGlob } from '../core/context/contextPrivacy';
import * as settings from '../common/settings';
import { findFilesExclude } from './tools/agentExclusion';

/**
 * The workspace's files walked before a command runs and after it ended (`commandChanges` makes
 * the difference). Commands run in folders on disk, so only those are walked, with Node's file
 * system: it gives times to the millisecond. Left out: `files.exclude`, `parley.context.exclude`,
 * and the package manager's and git's own folders.
 */

const NEVER_WALKED = ['**/node_modules/**', '**/.git/**'];

/** Files checked or read at once. */
const AT_ONCE = 32;

/** The files before the command: each one's size and time, and its bytes within the caps. */
export async function takeSnapshot(caps: SnapshotCaps = COMMAND_SNAPSHOT_CAPS): Promise<Snapshot> {
  const startedAt = Date.now();
  const listed = await listFiles(caps.maxFiles);
  const stats = await inBatches(listed.uris, (uri) => statOf(uri.fsPath));
  const present = listed.uris.flatMap((uri, i) => {
    const stat = stats[i];
    return stat ? [{ uri: uri.toString(), path: uri.fsPath, ...stat }] : [];
  });
  const toRead = filesToRead(present, caps);
  const files = new Map<string, FileState>();
  await inBatches(present, async (f) => {
    const bytes = toRead.has(f.uri) ? await readOf(f.path) : undefined;
    files.set(f.uri, { size: f.size, mtime: f.mtime, bytes });
  });
  return { startedAt, files, partial: listed.capped };
}

/** The files once the command ended: the snapshot's again (read when they may have changed), and the new ones. */
export async function walkAfter(before: Snapshot, caps: SnapshotCaps = COMMAND_SNAPSHOT_CAPS): Promise<AfterWalk> {
  const known = new Map<string, FileState | undefined>();
  await inBatches([...before.files], async ([uri, was]) => {
    const path = vscode.Uri.parse(uri).fsPath;
    const now = await statOf(path);
    const bytes = now && was.bytes && mayHaveChanged(was, now, before.startedAt) ? await readOf(path) : undefined;
    known.set(uri, now && { ...now, bytes });
  });
  // Room for as many new files as the snapshot could hold, besides the old ones.
  const listed = await listFiles(before.files.size + caps.maxFiles);
  const fresh = new Map<string, number>();
  await inBatches(
    listed.uris.filter((uri) => !before.files.has(uri.toString())),
    async (uri) => {
      const stat = await statOf(uri.fsPath);
      if (stat) fresh.set(uri.toString(), stat.mtime);
    },
  );
  return { known, fresh, partial: listed.capped };
}

/** The workspace's files on disk, sorted, at most `max`; `capped` when there were more. */
async function listFiles(max: number): Promise<{ uris: vscode.Uri[]; capped: boolean }> {
  if (!(vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file')) return { uris: [], capped: false };
  const filesExclude = enabledGlobs(vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude'));
  const globs = [...filesExclude, ...settings.contextExclude(), ...NEVER_WALKED];
  const found = await vscode.workspace.findFiles('**/*', findFilesExclude(globs), max + 1);
  // The pattern leaves out what it can; globs with braces of their own are checked here.
  const uris = found
    .filter((uri) => uri.scheme === 'file' && !matchesAnyGlob(vscode.workspace.asRelativePath(uri, false), globs))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { uris: uris.slice(0, max), capped: found.length > max };
}

async function statOf(path: string): Promise<{ size: number; mtime: number } | undefined> {
  const stat = await fs.stat(path).catch(() => undefined);
  return stat?.isFile() ? { size: stat.size, mtime: stat.mtimeMs } : undefined;
}

async function readOf(path: string): Promise<Uint8Array | undefined> {
  return fs.readFile(path).catch(() => undefined);
}

/** `fn` over every item, `AT_ONCE` at a time; the results in the items' order. */
async function inBatches<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, items.length) }, worker));
  return results;
}
