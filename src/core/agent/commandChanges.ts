/**
 * What a command changed in the workspace, for Restore to here. A command names no files, so the
 * workspace is walked before it runs and again once it ended, and only the difference is kept. The
 * walks have caps, so a huge workspace costs bounded time and memory: it is then covered in part,
 * and the checkpoint says so.
 */

export interface SnapshotCaps {
  /** Files walked; in a workspace with more, the others are not seen. */
  readonly maxFiles: number;
  /** Bytes held for all files together; files past it are known by size and time only. */
  readonly maxBytes: number;
  /** A larger file is known by size and time only: Restore cannot put it back. */
  readonly maxFileBytes: number;
}

export const COMMAND_SNAPSHOT_CAPS: SnapshotCaps = { maxFiles: 5_000, maxBytes: 50_000_000, maxFileBytes: 2_000_000 };

/** File times may be kept to the second (two on FAT): a file touched this close to the walk is compared by its bytes. */
export const TIME_SLACK_MS = 2_000;

/** A file as a walk found it. */
export interface FileState {
  readonly size: number;
  /** Last modified, in milliseconds. */
  readonly mtime: number;
  /** Its bytes, when they were read. */
  readonly bytes?: Uint8Array;
}

/** The workspace before the command. */
export interface Snapshot {
  /** When the walk began (milliseconds, the clock file times use). */
  readonly startedAt: number;
  /** Each file found, by URI. */
  readonly files: ReadonlyMap<string, FileState>;
  /** The walk stopped at `maxFiles`: the files beyond were not seen. */
  readonly partial: boolean;
}

/** The workspace once the command ended. */
export interface AfterWalk {
  /** Each file of the snapshot now (undefined: gone), with its bytes when `mayHaveChanged` had them read again. */
  readonly known: ReadonlyMap<string, FileState | undefined>;
  /** Files found now that the snapshot did not have, with their mtime. */
  readonly fresh: ReadonlyMap<string, number>;
  /** The walk stopped at its cap: files the command created beyond it were not seen. */
  readonly partial: boolean;
}

/** A file the command changed, as it was before: `existed` false when the command created it; no bytes when none were kept. */
export interface ChangedFile {
  readonly uri: string;
  readonly existed: boolean;
  readonly bytes?: Uint8Array;
}

export interface CommandChanges {
  readonly files: ChangedFile[];
  /** A walk hit its cap: the command may have changed files not listed. */
  readonly partial: boolean;
}

/** The files whose bytes a snapshot keeps: in the order given, each within `maxFileBytes`, until `maxBytes` in all. */
export function filesToRead(files: readonly { uri: string; size: number }[], caps: SnapshotCaps): Set<string> {
  const read = new Set<string>();
  let total = 0;
  for (const f of files) {
    if (f.size > caps.maxFileBytes || total + f.size > caps.maxBytes) continue;
    read.add(f.uri);
    total += f.size;
  }
  return read;
}

/**
 * Whether a file's bytes must be read again to know that it did not change: its size or time
 * moved, or its time is too close to the walk to tell a later write apart.
 */
export function mayHaveChanged(before: FileState, now: { size: number; mtime: number }, startedAt: number): boolean {
  return now.size !== before.size || now.mtime !== before.mtime || before.mtime >= startedAt - TIME_SLACK_MS;
}

/**
 * What the command changed: files modified or deleted (with their bytes from before, when kept)
 * and files created (Restore deletes them). After a partial snapshot a new file may have been
 * there unseen: one touched since the walk is listed without bytes (Restore names it, and leaves it).
 */
export function commandChanges(before: Snapshot, after: AfterWalk): CommandChanges {
  const files: ChangedFile[] = [];
  for (const [uri, was] of before.files) {
    const now = after.known.get(uri);
    if (now === undefined || changed(was, now, before.startedAt)) files.push({ uri, existed: true, bytes: was.bytes });
  }
  for (const [uri, mtime] of after.fresh) {
    if (!before.partial) files.push({ uri, existed: false });
    else if (mtime >= before.startedAt - TIME_SLACK_MS) files.push({ uri, existed: true });
  }
  return { files, partial: before.partial || after.partial };
}

function changed(was: FileState, now: FileState, startedAt: number): boolean {
  if (was.bytes && now.bytes) return !sameBytes(was.bytes, now.bytes);
  // Kept but not read again: only when it could not have changed.
  if (was.bytes) return mayHaveChanged(was, now, startedAt);
  // Never read: its size and time are all there is.
  return now.size !== was.size || now.mtime !== was.mtime;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
