import * as vscode from 'vscode';
import { resolveToolPath } from '../core/agent/workspacePath';
import { matchesAnyGlob } from '../core/context/contextPrivacy';
import { writeAtomic } from '../common/atomicWrite';
import * as settings from '../common/settings';
import { commandChanges, type ChangedFile } from '../core/agent/commandChanges';
import { takeSnapshot, walkAfter } from './workspaceSnapshot';

/** One file as it was before a step changed it. */
interface FileBefore {
  uri: string;
  /** False: the step created it (restoring deletes it). */
  existed: boolean;
  /** Its bytes (base64): the open editor's text when it was open, else the disk's. */
  bytes?: string;
  /** The editor had unsaved changes: restored into the editor, not saved. */
  dirty?: boolean;
}

interface StepCheckpoint {
  stepId: string;
  files: FileBefore[];
  /** A command in a workspace larger than the snapshot's caps: it may have changed files not listed. */
  partial?: boolean;
}

/** What Restore to here did: files put back, files it could not (not recorded), and whether a command's files were only partly known. */
export interface Restored {
  restored: string[];
  skipped: string[];
  partial: boolean;
}

/** A file larger than this is not recorded (Restore says so rather than keep megabytes per step). */
const MAX_FILE_BYTES = 2_000_000;

/**
 * Before each agent step that changes files, the files' bytes, kept on disk per conversation (a
 * reload keeps them): the files an edit names, or those a command changed (the workspace is walked
 * before and after it, and only the difference kept). Restore to here puts back, for every file changed at that step or after,
 * its bytes from before the first of those steps: into the open editor as one edit (Undo takes
 * the restore back), or onto the disk; a file a step created is deleted.
 */
export class Checkpoints {
  constructor(private readonly folder: vscode.Uri) {}

  /** Records the files behind `paths` (as the model wrote them) before step `stepId` of a conversation changes them. */
  async record(conversationId: string, stepId: string, paths: readonly string[]): Promise<void> {
    const files: FileBefore[] = [];
    for (const uri of this.resolve(paths)) files.push(await before(uri));
    if (files.length) await this.add(conversationId, { stepId, files });
  }

  /**
   * Before a command runs (step `stepId`): the workspace's files, held in memory. The function
   * returned, called once it ended, records what it changed (and only that) as the step's checkpoint.
   */
  async watch(conversationId: string, stepId: string): Promise<() => Promise<void>> {
    const snapshot = await takeSnapshot();
    return async () => {
      const changes = commandChanges(snapshot, await walkAfter(snapshot));
      if (changes.files.length === 0 && !changes.partial) return;
      await this.add(conversationId, { stepId, files: changes.files.map(fileBefore), partial: changes.partial || undefined });
    };
  }

  /** The steps of a conversation that have a checkpoint (the view offers Restore on them). */
  async steps(conversationId: string): Promise<string[]> {
    return (await this.read(conversationId)).map((c) => c.stepId);
  }

  /**
   * Puts back every file changed at the steps in `stepIds` (this step and those after it),
   * each as it was before the first of them; forgets those checkpoints. Returns the files put
   * back and those that could not be (not recorded: too large).
   */
  async restore(conversationId: string, stepIds: readonly string[]): Promise<Restored> {
    const all = await this.read(conversationId);
    const from = new Set(stepIds);
    const earliest = new Map<string, FileBefore>();
    for (const c of all) if (from.has(c.stepId)) for (const f of c.files) if (!earliest.has(f.uri)) earliest.set(f.uri, f);
    const restored: string[] = [];
    const skipped: string[] = [];
    for (const f of earliest.values()) {
      const uri = vscode.Uri.parse(f.uri);
      if (f.existed && f.bytes === undefined) skipped.push(vscode.workspace.asRelativePath(uri));
      else {
        await putBack(uri, f);
        restored.push(vscode.workspace.asRelativePath(uri));
      }
    }
    await writeAtomic(this.file(conversationId), JSON.stringify(all.filter((c) => !from.has(c.stepId))));
    return { restored, skipped, partial: all.some((c) => from.has(c.stepId) && c.partial) };
  }

  /** A conversation deleted: its checkpoints go too. */
  async forget(conversationId: string): Promise<void> {
    await vscode.workspace.fs.delete(this.file(conversationId)).then(undefined, () => undefined);
  }

  private async add(conversationId: string, checkpoint: StepCheckpoint): Promise<void> {
    const all = await this.read(conversationId);
    all.push(checkpoint);
    await writeAtomic(this.file(conversationId), JSON.stringify(all));
  }

  private resolve(paths: readonly string[]): vscode.Uri[] {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => ({ name: f.name, root: f.uri.path, uri: f.uri }));
    const excluded = (relative: string) => matchesAnyGlob(relative, settings.contextExclude());
    const uris = new Map<string, vscode.Uri>();
    for (const p of paths) {
      const resolved = resolveToolPath(p, folders, excluded);
      if (!resolved.ok) continue; // the tool refuses it too: nothing will change
      const folder = folders.find((f) => f.name === resolved.folder.name && f.root === resolved.folder.root)!;
      const uri = folder.uri.with({ path: resolved.absolute });
      uris.set(uri.toString(), uri);
    }
    return [...uris.values()];
  }

  private file(conversationId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, 'checkpoints', `${conversationId.replace(/[^\w-]/g, '_')}.json`);
  }

  private async read(conversationId: string): Promise<StepCheckpoint[]> {
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(this.file(conversationId))));
      return Array.isArray(parsed) ? (parsed as StepCheckpoint[]) : [];
    } catch {
      return [];
    }
  }
}

function fileBefore(f: ChangedFile): FileBefore {
  return { uri: f.uri, existed: f.existed, bytes: f.bytes && Buffer.from(f.bytes).toString('base64') };
}

async function before(uri: vscode.Uri): Promise<FileBefore> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open && !open.isClosed && (open.isDirty || open.isUntitled)) {
    return { uri: uri.toString(), existed: true, bytes: Buffer.from(open.getText(), 'utf8').toString('base64'), dirty: true };
  }
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return {
      uri: uri.toString(),
      existed: true,
      bytes: bytes.length <= MAX_FILE_BYTES ? Buffer.from(bytes).toString('base64') : undefined,
    };
  } catch {
    return { uri: uri.toString(), existed: false };
  }
}

/** Puts one file back: through its open editor (one undoable edit) or on disk; a created file is deleted. */
async function putBack(uri: vscode.Uri, f: FileBefore): Promise<void> {
  if (!f.existed) {
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(uri, { ignoreIfNotExists: true });
    await vscode.workspace.applyEdit(edit);
    return;
  }
  const bytes = Buffer.from(f.bytes!, 'base64');
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
  if (!open) return vscode.workspace.fs.writeFile(uri, bytes);
  const text = bytes.toString('utf8');
  if (open.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), text);
    await vscode.workspace.applyEdit(edit);
  }
  if (f.dirty) return;
  // Saved as it was; should the save encode it differently (an odd encoding), the old bytes are written over it.
  await open.save();
  const now = await vscode.workspace.fs.readFile(uri);
  if (!Buffer.from(now).equals(bytes)) await vscode.workspace.fs.writeFile(uri, bytes);
}
