import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import type { AgentTool, ToolOutcome } from '../../core/agent/agentTool';
import { PageCollector, pageOutcome, textLines } from '../../core/agent/linePage';
import { readFileLines } from '../../core/agent/node/fileLines';
import { readFileTool as definition } from '../../core/agent/readTools';
import { readReadFileArgs, type ReadFileArgs } from '../../core/agent/readToolArgs';
import { argWords, failed, field, fileError, isAbort, STOPPED } from './toolText';
import { placePath, type Place, type WorkspaceAccess } from './workspaceAccess';

/** read_file: a page of a text file, as the user sees it (an open file's unsaved text included). */
export function createReadFileTool(access: WorkspaceAccess): AgentTool {
  return {
    definition,
    kind: 'read',
    describe: describeRead,
    async run(args, { signal }) {
      const checked = readReadFileArgs(args);
      if (!checked.ok) return failed(checked.error);
      const placed = await placePath(access, checked.value.path);
      if (!placed.ok) return failed(placed.error);
      try {
        return await readPage(placed.place, checked.value, signal);
      } catch (e) {
        return isAbort(e, signal) ? STOPPED : fileError(placed.place.shown, e);
      }
    },
  };
}

async function readPage(place: Place, args: ReadFileArgs, signal: AbortSignal): Promise<ToolOutcome> {
  const collector = new PageCollector(args.startLine, args.endLine);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === place.uri.toString());
  if (open?.isDirty) {
    for (const line of textLines(open.getText())) collector.push(line);
    return pageOutcome(place.shown, collector.page(), { endLine: args.endLine, unsaved: true });
  }
  const stat = await fs.stat(place.fsPath);
  if (stat.isDirectory()) return failed(`${place.shown} is a folder, not a file: list it with list_directory.`);
  // A pipe or a device would block the read, or never end.
  if (!stat.isFile()) return failed(`${place.shown} is not a regular file (a pipe, socket or device); it cannot be read.`);
  if ((await readFileLines(place.fsPath, collector, signal)) === 'binary') {
    return failed(`${place.shown} is a binary file (${stat.size} bytes); read_file reads only text.`);
  }
  return pageOutcome(place.shown, collector.page(), { endLine: args.endLine });
}

function describeRead(args: unknown): string {
  const path = argWords(field(args, 'path'));
  if (!path) return vscode.l10n.t('Read a file');
  const start = lineNumber(field(args, 'startLine'));
  const end = lineNumber(field(args, 'endLine'));
  if (end !== undefined) return vscode.l10n.t('Read {0}, lines {1}–{2}', path, start ?? 1, end);
  if (start !== undefined && start > 1) return vscode.l10n.t('Read {0} from line {1}', path, start);
  return vscode.l10n.t('Read {0}', path);
}

function lineNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}
