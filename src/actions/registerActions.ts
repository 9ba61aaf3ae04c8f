import * as vscode from 'vscode';
import { BUILTIN_ACTIONS, type QuickAction } from '../core/prompts/actions';
import type { ChatPanel } from '../chat/chatPanel';
import { registerEditorCommand } from '../common/commands';
import { Command, type CommandId } from '../common/ids';
import type { LogGetter } from '../common/log';
import { loadActions, type LoadedActions } from './actionSource';
import { runAction } from './runAction';

/** What the integration tests can do with actions. */
export interface ActionsApi {
  /** The actions "Run Action…" lists; `trusted` stands in for the workspace's trust. */
  list(trusted?: boolean): Promise<LoadedActions>;
}

export interface ActionsDeps {
  chat: ChatPanel;
  log: LogGetter;
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
export function registerActions(context: vscode.ExtensionContext, { chat, log }: ActionsDeps): ActionsApi {
  const noEditor = (name: string) => vscode.l10n.t('Open a file and select code to run "{0}" on.', name);
  for (const action of BUILTIN_ACTIONS) {
    context.subscriptions.push(
      registerEditorCommand(
        BUILTIN_COMMANDS[action.id!],
        (editor: vscode.TextEditor) => runAction(action, editor, chat),
        log,
        () => noEditor(action.name),
      ),
    );
  }
  // The editor is asked for before the picker: with none, no action could run.
  context.subscriptions.push(
    registerEditorCommand(
      Command.runAction,
      async (editor: vscode.TextEditor, name?: unknown) => {
        const loaded = await loadActions();
        if (loaded.problems.length > 0) void vscode.window.showWarningMessage(loaded.problems.join(' '));
        const action = typeof name === 'string' ? loaded.actions.find((a) => a.name === name) : await pick(loaded.actions);
        if (action) await runAction(action, editor, chat);
      },
      log,
      (name) => (typeof name === 'string' ? noEditor(name) : vscode.l10n.t('Open a file and select code to run an action on.')),
    ),
  );
  return { list: (trusted) => loadActions(trusted) };
}

async function pick(actions: QuickAction[]): Promise<QuickAction | undefined> {
  const from: Record<QuickAction['source'], string> = {
    setting: vscode.l10n.t('your action'),
    promptFile: vscode.l10n.t('prompt file'),
    builtin: vscode.l10n.t('built-in'),
  };
  const picked = await vscode.window.showQuickPick(
    actions.map((action) => ({
      label: `${action.target === 'rewrite' ? '$(edit)' : '$(comment-discussion)'} ${action.name}`,
      description: `${from[action.source]} · ${action.target === 'rewrite' ? vscode.l10n.t('rewrites the selection') : vscode.l10n.t('asks in the chat')}`,
      detail: action.description,
      action,
    })),
    { placeHolder: vscode.l10n.t('Run which action on the selection?'), matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.action;
}
