/**
 * `create_file`: a new file, reviewed as one insertion of its whole text. It exists (empty) while
 * the user decides; rejecting it leaves nothing behind: not the file, not its tab, not the
 * folders made for it. An existing file is never replaced.
 */
import * as vscode from 'vscode';
import type { AgentTool, ToolContext, ToolOutcome } from '../../core/agent/agentTool';
import { createOutcome } from '../../core/agent/editOutcome';
import { CREATE_FILE, createdText, createFileTool, readCreateFileArgs } from '../../core/agent/editTools';
import { changeInEditor, openEditor, saveAfterReview, type Settled } from './changeInEditor';
import type { EditGate } from './editGate';
import type { InlineReviews, ReviewEnding } from './editReview';
import { failed, named, pathArgument } from './editWords';

export function createFile(deps: { reviews: InlineReviews }, gate: EditGate): AgentTool {
  return {
    definition: createFileTool,
    kind: 'edit',
    describe: (args) => `Create ${named(args)}`,
    changes: pathArgument,
    run: async (args, context) => {
      const read = readCreateFileArgs(args);
      if (!read.ok) return { text: read.error, isError: true };
      const entered = await gate.enter(CREATE_FILE, read.value.path);
      if (!entered.ok) return entered.outcome;
      try {
        return await create(deps.reviews, entered.uri, entered.shown, read.value.content, context);
      } catch (e) {
        return failed(CREATE_FILE, entered.shown, e);
      } finally {
        entered.release();
      }
    },
  };
}

async function create(reviews: InlineReviews, uri: vscode.Uri, shown: string, content: string, context: ToolContext): Promise<ToolOutcome> {
  const { signal } = context;
  const checked = createdText({ path: shown, content }, await exists(uri));
  if (!checked.ok) return { text: checked.error, isError: true };
  if (signal.aborted) return { text: `Stopped before ${shown} was created.`, summary: 'Stopped' };
  const made = await makeEmptyFile(uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await openEditor(document);
  // VS Code may still hold an earlier file of this name in memory (deleted since, its tab closed):
  // read again from the disk, where the new file is empty, or the review would start on stale text.
  // (The revert command acts on the active editor: only when that is this file.)
  if (document.getText() !== '' && vscode.window.activeTextEditor?.document === document) {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  if (document.getText() !== '') throw new Error('the editor still shows an earlier file of this name');
  if (checked.value === '') return { text: `Created ${shown}, empty.`, summary: 'Created' };
  // A new file takes the editor's line ending (files.eol), as one typed in VS Code does.
  const result = await changeInEditor(reviews, editor, new vscode.Range(0, 0, 0, 0), checked.value, context, (ending) =>
    settleNewFile(document, made, ending),
  );
  if (result === 'stopped') return createOutcome({ path: shown, end: 'stopped', hunks: [], firstLine: 0, text: '', saved: false });
  if (result.auto)
    return { text: `Created ${shown} without review (the user's setting parley.agent.autoAcceptEdits is on).`, summary: 'Created' };
  return createOutcome({ path: shown, ...result });
}

/** Kept and saved when accepted; the user's while they edit it; otherwise removed with what was made for it. */
async function settleNewFile(document: vscode.TextDocument, made: vscode.Uri[], ending: ReviewEnding): Promise<Settled> {
  if (ending.end === 'conflict') return { ...ending, saved: !document.isDirty };
  if (ending.end === 'decided' && ending.hunks.some((h) => h.decision === 'accepted')) {
    return { ...ending, saved: await saveAfterReview(document, false, ending) };
  }
  // Closed undecided, but saved on the way (VS Code asked): the text is the user's now.
  const size = await sizeOf(document.uri);
  if (ending.end === 'closed' && size > 0) return { ...ending, end: 'conflict', saved: true };
  await removeNewFile(document, made, size >= 0);
  return { ...ending, saved: true };
}

async function removeNewFile(document: vscode.TextDocument, made: vscode.Uri[], onDisk: boolean): Promise<void> {
  const key = document.uri.toString();
  // Empty again, but dirty: saved, its tab closes without asking whether to save.
  if (!document.isClosed && document.isDirty) await document.save();
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key);
  await vscode.window.tabGroups.close(tabs);
  if (onDisk) await vscode.workspace.fs.delete(document.uri, { useTrash: false });
  for (const folder of made) {
    if ((await vscode.workspace.fs.readDirectory(folder)).length > 0) break;
    await vscode.workspace.fs.delete(folder, { useTrash: false });
  }
}

/** Writes the empty file, making its missing folders; returns those, deepest first. */
async function makeEmptyFile(uri: vscode.Uri): Promise<vscode.Uri[]> {
  const made: vscode.Uri[] = [];
  for (let dir = parentOf(uri); dir.path !== parentOf(dir).path && !(await exists(dir)); dir = parentOf(dir)) made.push(dir);
  if (made.length) await vscode.workspace.fs.createDirectory(made[0]);
  await vscode.workspace.fs.writeFile(uri, new Uint8Array());
  return made;
}

/**
 * On disk, or the user's text in an editor (a file deleted on disk that a tab still shows, or
 * with unsaved changes). A document VS Code merely keeps in memory after its tab closed is not.
 */
async function exists(uri: vscode.Uri): Promise<boolean> {
  const same = (u: vscode.Uri) => u.toString() === uri.toString();
  if (vscode.workspace.textDocuments.some((d) => same(d.uri) && !d.isClosed && d.isDirty)) return true;
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
  if (tabs.some((t) => t.input instanceof vscode.TabInputText && same(t.input.uri))) return true;
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The file's size on disk, -1 when it is not there (the user deleted it). */
async function sizeOf(uri: vscode.Uri): Promise<number> {
  try {
    return (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    return -1;
  }
}

function parentOf(uri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(uri, '..');
}
