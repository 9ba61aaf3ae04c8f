import * as vscode from 'vscode';
import { allActions, parseActions, type QuickAction } from '../core/prompts/actions';
import { parsePromptFile, promptFileAction, PROMPT_FILE_SUFFIX } from '../core/prompts/promptFile';
import * as settings from '../common/settings';

/** Where VS Code keeps a workspace's prompt files. */
export const PROMPT_FILES_GLOB = `.github/prompts/*${PROMPT_FILE_SUFFIX}`;

export interface LoadedActions {
  actions: QuickAction[];
  /** Entries of `parley.actions` that were left out, and why. */
  problems: string[];
}

/**
 * Every action the user can run now: `parley.actions`, the workspace's prompt files, the
 * built-ins. Read each time (they are few and small), so edits apply at once. In Restricted
 * Mode the workspace's prompt files are not read: a cloned repository must not choose what a
 * familiar-looking action asks the model. (`parley.actions` itself is a restricted setting, so
 * VS Code ignores a workspace value of it there.) `trusted` is injectable for the tests.
 */
export async function loadActions(trusted = vscode.workspace.isTrusted): Promise<LoadedActions> {
  const { actions: user, problems } = parseActions(settings.actions());
  const files = trusted ? await promptFileActions() : [];
  return { actions: allActions(user, files), problems };
}

async function promptFileActions(): Promise<QuickAction[]> {
  const uris = await vscode.workspace.findFiles(PROMPT_FILES_GLOB, undefined, 200);
  const actions: QuickAction[] = [];
  for (const uri of uris.sort((a, b) => a.path.localeCompare(b.path))) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const action = promptFileAction(parsePromptFile(uri.path.split('/').pop() ?? '', text));
    if (action) actions.push(action);
  }
  return actions;
}
