import * as fs from 'fs/promises';
import * as vscode from 'vscode';

/**
 * Writes `text` to a temporary file in the target's folder, flushed to disk, then renames it
 * over the target: a crash leaves the old file or the new one, never half of either.
 *
 * On a local disk this uses Node's rename, which replaces the target in one step.
 * `workspace.fs.rename(…, { overwrite: true })` is not atomic: VS Code deletes the target
 * first, so a reader (or a crash) in between finds no file at all. Other schemes (the web's
 * user-data store) only have `workspace.fs`, and get it.
 */
export async function writeAtomic(target: vscode.Uri, text: string): Promise<void> {
  const tmp = vscode.Uri.joinPath(target, '..', `.${globalThis.crypto.randomUUID()}.tmp`);
  try {
    if (target.scheme === 'file') {
      await fs.mkdir(vscode.Uri.joinPath(target, '..').fsPath, { recursive: true });
      const handle = await fs.open(tmp.fsPath, 'w');
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(tmp.fsPath, target.fsPath);
    } else {
      await vscode.workspace.fs.writeFile(tmp, new TextEncoder().encode(text));
      await vscode.workspace.fs.rename(tmp, target, { overwrite: true });
    }
  } catch (e) {
    await Promise.resolve(vscode.workspace.fs.delete(tmp)).catch(() => undefined);
    throw e;
  }
}
