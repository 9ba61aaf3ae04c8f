import * as vscode from 'vscode';
import { registerCommand } from '../common/commands';
import { Command } from '../common/ids';
import type { LogGetter } from '../common/log';
import type { CompletionService } from '../connection/completionService';
import { CommitMessageWriter, type CommitOutcome } from './commitMessageWriter';
import { gitApi, type GitApi, type GitRepository } from '../context/gitApi';

export interface CommitDeps {
  service: CompletionService;
  log: LogGetter;
}

/**
 * "Write Commit Message" in the Source Control view's title (git repositories), and Stop in
 * its place while it runs (the `parley.commitMessageRunning` context key switches them).
 */
export function registerCommit(context: vscode.ExtensionContext, { service, log }: CommitDeps): CommitMessageWriter {
  const writer = new CommitMessageWriter(service);
  context.subscriptions.push(
    writer,
    registerCommand(
      Command.generateCommitMessage,
      async (target?: unknown): Promise<CommitOutcome | undefined> => {
        const api = await gitApi();
        if (!api) {
          void vscode.window.showWarningMessage(
            vscode.l10n.t("Parley writes commit messages through VS Code's Git extension, which is disabled or missing."),
          );
          return undefined;
        }
        const repo = await pickRepository(api, target);
        return repo ? writer.write(repo) : undefined;
      },
      log,
    ),
    registerCommand(Command.stopCommitMessage, (target?: unknown) => writer.stop(rootOf(target)), log),
  );
  return writer;
}

/** The `rootUri` of what a menu passes (the SourceControl) or a test passes (a Uri). */
function rootOf(target: unknown): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  const root = (target as { rootUri?: unknown } | undefined)?.rootUri;
  return root instanceof vscode.Uri ? root : undefined;
}

/** The repository the button was pressed for; else the only one, the active editor's, or a pick. */
async function pickRepository(api: GitApi, target: unknown): Promise<GitRepository | undefined> {
  const root = rootOf(target);
  if (root) return api.getRepository(root) ?? (await api.openRepository?.(root)) ?? undefined;
  if (api.repositories.length === 1) return api.repositories[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const inEditor = active ? api.getRepository(active) : null;
  if (inEditor) return inEditor;
  if (api.repositories.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No git repository is open.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    api.repositories.map((r) => ({ label: vscode.workspace.asRelativePath(r.rootUri, true) || r.rootUri.fsPath, repo: r })),
    { placeHolder: vscode.l10n.t('Write a commit message for which repository?') },
  );
  return picked?.repo;
}
