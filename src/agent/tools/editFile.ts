/**
 * `edit_file` and `create_file`: the agent's changes to files, each reviewed in the editor as a
 * Rewrite is (Accept or Reject per change, Accept All / Reject All, one undo step) before the
 * model hears what the file holds. Refused in Restricted Mode.
 */
import * as vscode from 'vscode';
import type { AgentTool, ToolContext, ToolOutcome } from '../../core/agent/agentTool';
import { applyEditBlocks, type EditBlock, type EditChange } from '../../core/agent/editBlocks';
import { editOutcome } from '../../core/agent/editOutcome';
import { changedLines, type ChangedLines } from '../../core/agent/editRegion';
import { EDIT_FILE, editFileTool, readEditFileArgs } from '../../core/agent/editTools';
import { changeInEditor, openEditor, saveAfterReview } from './changeInEditor';
import { createFile } from './createFile';
import { EditGate, type EditGateDeps } from './editGate';
import type { InlineReviews } from './editReview';
import { failed, named, pathArgument } from './editWords';

export interface EditToolDeps extends EditGateDeps {
  /** Rewrite's inline review: the extension's `RewriteApi`. */
  reviews: InlineReviews;
}

/** The tools of kind `edit`, sharing one gate (one edit at a time per file). */
export function createEditTools(deps: EditToolDeps): AgentTool[] {
  const gate = new EditGate(deps);
  return [editFile(deps, gate), createFile(deps, gate)];
}

function editFile(deps: EditToolDeps, gate: EditGate): AgentTool {
  return {
    definition: editFileTool,
    kind: 'edit',
    describe: (args) => {
      const blocks = (args as { blocks?: unknown } | null)?.blocks;
      const n = Array.isArray(blocks) ? blocks.length : 0;
      return `Edit ${named(args)}${n > 1 ? ` (${n} changes)` : ''}`;
    },
    changes: pathArgument,
    run: async (args, context) => {
      const read = readEditFileArgs(args);
      if (!read.ok) return { text: read.error, isError: true };
      const entered = await gate.enter(EDIT_FILE, read.value.path);
      if (!entered.ok) return entered.outcome;
      try {
        return await edit(deps, entered.uri, entered.shown, read.value.blocks, context);
      } catch (e) {
        return failed(EDIT_FILE, entered.shown, e);
      } finally {
        entered.release();
      }
    },
  };
}

interface Planned {
  before: string;
  region: ChangedLines;
  changes: EditChange[];
}

async function edit(deps: EditToolDeps, uri: vscode.Uri, shown: string, blocks: EditBlock[], context: ToolContext): Promise<ToolOutcome> {
  const { signal } = context;
  const document = await openExisting(uri, shown);
  if ('text' in document) return document;
  if (deps.reviews.session(document)?.active) {
    return {
      text:
        `${shown} has a change under review in the editor already (a Rewrite, or an earlier edit); this edit was not applied. ` +
        'Ask the user to finish that review, then read the file and send the edit again.',
      isError: true,
    };
  }
  let planned = plan(document.getText(), blocks, shown);
  if ('text' in planned) return planned;
  if (signal.aborted) return { text: `Stopped before ${shown} was changed.`, summary: 'Stopped' };
  const wasDirty = document.isDirty;
  const editor = await openEditor(document);
  // The user may have typed while the editor opened: the blocks apply to the text as it is now.
  if (document.getText() !== planned.before) planned = plan(document.getText(), blocks, shown);
  if ('text' in planned) return planned;
  const { region, changes } = planned;
  const range = new vscode.Range(document.positionAt(region.start), document.positionAt(region.end));
  const result = await changeInEditor(deps.reviews, editor, range, region.text, context, async (ending) => ({
    ...ending,
    saved: await saveAfterReview(document, wasDirty, ending),
  }));
  if (result === 'stopped') return editOutcome({ path: shown, end: 'stopped', hunks: [], firstLine: 0, text: '', saved: false });
  if (result.auto) {
    const note = result.saved ? '' : ' The file is not saved yet: commands that read it from disk do not see the edit.';
    return {
      text: `Changed ${shown} (applied without review: the user's setting parley.agent.autoAcceptEdits is on).${note}`,
      summary: 'Applied',
    };
  }
  return editOutcome({ path: shown, ...result, changes });
}

/** The blocks applied to `before`, as the lines they change; or the error the model reads (the file untouched). */
function plan(before: string, blocks: EditBlock[], shown: string): Planned | ToolOutcome {
  const applied = applyEditBlocks(before, blocks);
  if (!applied.ok) return { text: `${EDIT_FILE} on ${shown}: ${applied.error}`, isError: true };
  const region = changedLines(before, applied.text);
  if (!region) {
    return { text: `The blocks leave ${shown} as it is (each replace is the same as its search): nothing was changed.`, isError: true };
  }
  return { before, region, changes: applied.changes };
}

/** The file's document (an open editor's text, unsaved changes included), or why there is none. */
/** Whether an unmodified document's text is the file's on disk (line endings and a BOM aside). */
async function sameAsDisk(document: vscode.TextDocument): Promise<boolean> {
  const disk = await vscode.workspace.fs.readFile(document.uri).then(
    (bytes) => new TextDecoder().decode(bytes),
    () => undefined,
  );
  const plain = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return disk !== undefined && plain(disk) === plain(document.getText());
}

/**
 * VS Code may hold an older copy a moment after the file changed on disk (a command the agent
 * ran, git): it is read again, or the blocks would apply to text the file no longer has. The
 * revert command acts on the active editor only, so the file is shown first and checked to be it.
 */
async function reloaded(document: vscode.TextDocument): Promise<vscode.TextDocument> {
  const editor = await vscode.window.showTextDocument(document, { preview: false, preserveFocus: false });
  if (vscode.window.activeTextEditor === editor && !document.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
  return document;
}

async function openExisting(uri: vscode.Uri, shown: string): Promise<vscode.TextDocument | ToolOutcome> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.isDirty || (await sameAsDisk(open)) ? open : reloaded(open);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return { text: `${shown} is a folder, not a file.`, isError: true };
  } catch {
    return {
      text: `${shown} does not exist. To make a new file use create_file; otherwise check the path (list_directory shows what is there).`,
      isError: true,
    };
  }
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch (e) {
    return { text: `${shown} cannot be opened as text (${e instanceof Error ? e.message : String(e)}); it is left alone.`, isError: true };
  }
}
