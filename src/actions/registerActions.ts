import * as vscode from 'vscode';
import { BUILTIN_ACTIONS, type QuickAction } from '../core/prompts/actions';
import { registerCommand } from '../common/commands';
import { Command, type CommandId } from '../common/ids';
import type { LogGetter } from '../common/log';
import { loadActions, type LoadedActions } from './actionSource';
import { runAction, type ActionDeps } from './runAction';

/** What the integration tests can do with actions. */
export interface ActionsApi {
  /** The actions "Run Action…" lists; `trusted` stands in for the workspace's trust. */
  list(trusted?: boolean): Promise<LoadedActions>;
  run(action: QuickAction): Promise<void>;
}

/** Each built-in's command, for the editor's static "Parley" submenu. */
const BUILTIN_COMMANDS: Record<string, CommandId> = {
  addDocumentation: Command.actionAddDocumentation,
  writeTests: Command.actionWriteTests,
  findBugs: Command.actionFindBugs,
  simplify: Command.actionSimplify,
};

/**
 * Quick actions: "Parley: Run Action…" lists every action (yours, the workspace's prompt files,
 * the built-ins); the editor's "Parley" submenu holds the built-ins and Run Action…. A menu in
 * package.json is static, so actions from settings and prompt files are reached through the
 * picker, not as submenu entries of their own.
 */
export function registerActions(context: vscode.ExtensionContext, deps: ActionDeps, log: LogGetter): ActionsApi {
  for (const action of BUILTIN_ACTIONS) {
    context.subscriptions.push(registerCommand(BUILTIN_COMMANDS[action.id!], () => runAction(action, deps), log));
  }
  context.subscriptions.push(registerCommand(Command.runAction, async (name?: unknown) => {
    const loaded = await loadActions();
    if (loaded.problems.length > 0) void vscode.window.showWarningMessage(loaded.problems.join(' '));
    const action = typeof name === 'string' ? loaded.actions.find((a) => a.name === name) : await pick(loaded.actions);
    if (action) await runAction(action, deps);
  }, log));
  return { list: (trusted) => loadActions(trusted), run: (action) => runAction(action, deps) };
}

async function pick(actions: QuickAction[]): Promise<QuickAction | undefined> {
  const from: Record<QuickAction['source'], string> = {
    setting: vscode.l10n.t('your action'),
    promptFile: vscode.l10n.t('prompt file'),
    builtin: vscode.l10n.t('built-in'),
  };
  const picked = await vscode.window.showQuickPick(actions.map((action) => ({
    label: `${action.target === 'rewrite' ? '$(edit)' : '$(comment-discussion)'} ${action.name}`,
    description: `${from[action.source]} · ${action.target === 'rewrite' ? vscode.l10n.t('rewrites the selection') : vscode.l10n.t('asks in the chat')}`,
    detail: action.description,
    action,
  })), { placeHolder: vscode.l10n.t('Run which action on the selection?'), matchOnDescription: true, matchOnDetail: true });
  return picked?.action;
}
