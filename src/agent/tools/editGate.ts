/**
 * What every edit passes before it touches anything: the workspace is trusted, the path is one an
 * edit may change, and no other edit of the agent's is under way in that file (calls run in
 * parallel would otherwise both apply their blocks to the same text).
 */
import * as vscode from 'vscode';
import type { ToolOutcome } from '../../core/agent/agentTool';
import { restrictedModeAllows } from '../../core/agent/commandPolicy';
import type { ExcludedCheck } from '../../core/agent/workspacePath';
import { resolveEditPath } from './editPath';

export interface EditGateDeps {
  /** Paths edits refuse (default: `excludedFromEdits`). */
  excluded?: ExcludedCheck;
}

/** The file to change, held for this call until `release`; or why not, as the model reads it. */
export type Entered = { ok: true; uri: vscode.Uri; shown: string; release(): void } | { ok: false; outcome: ToolOutcome };

export class EditGate {
  private readonly busy = new Set<string>();

  constructor(private readonly deps: EditGateDeps) {}

  async enter(tool: string, path: string): Promise<Entered> {
    // VS Code's own answer (no stand-in): test/ui/restrictedMode.test.ts opens an untrusted window.
    if (!restrictedModeAllows('edit', vscode.workspace.isTrusted)) {
      return refused(
        `${tool} is off in Restricted Mode: the user has not trusted this workspace, so no file is changed. ` +
          'Tell the user the change you would make instead, or ask them to trust the workspace.',
      );
    }
    const target = await resolveEditPath(path, this.deps.excluded);
    if (!target.ok) return refused(target.error);
    const key = target.uri.toString();
    if (this.busy.has(key)) {
      return refused(
        `${target.shown} has another edit of yours under way; this one was not applied. ` +
          "Wait for that edit's result, read the file, then send this edit again if it is still needed.",
      );
    }
    this.busy.add(key);
    return { ok: true, uri: target.uri, shown: target.shown, release: () => this.busy.delete(key) };
  }
}

function refused(text: string): { ok: false; outcome: ToolOutcome } {
  return { ok: false, outcome: { text, isError: true } };
}
