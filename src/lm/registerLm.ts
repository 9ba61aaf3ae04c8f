import type * as vscode from 'vscode';
import * as vscodeApi from 'vscode';
import type { LogGetter } from '../common/log';
import type { UserPrompts } from '../common/userPrompts';
import { Settings, settingId } from '../common/settingsTable';
import type { CompletionService } from '../connection/completionService';
import type { LocalServers } from '../connection/localServers';
import { languageModelApi } from './lmApi';
import { LmModelList } from './lmModelList';
import { ModelAccess } from './modelAccess';
import { registerModelAccessCommand } from './modelAccessCommand';
import { ParleyChatProvider } from './parleyChatProvider';

/** The vendor in package.json's `contributes.languageModelChatProviders`. */
export const LM_VENDOR = 'parley';

export interface LmDeps {
  service: CompletionService;
  localServers: LocalServers;
  /** The question to another extension's first use of a keyed profile, and the pick that takes answers back. */
  prompts: UserPrompts;
  log: LogGetter;
}

/** VS Code's setting that turns its built-in chat off. */
const CHAT_OFF = 'chat.disableAIFeatures';

/**
 * Parley's models in VS Code's chat, where VS Code has the API (1.104 and later); elsewhere
 * nothing is registered. VS Code asks a vendor for its list only when something resolves that
 * vendor (signed out of Copilot: only Manage Language Models does), so once Parley is active it
 * says its list changed, and VS Code's picker shows Parley's models. Not while that chat is off.
 */
export function registerLanguageModels(context: vscode.ExtensionContext, deps: LmDeps): boolean {
  const access = new ModelAccess(context.globalState, deps.prompts, context.extension.id, deps.log);
  // The command works without the API too: answers kept from a VS Code that had it can be taken back.
  context.subscriptions.push(registerModelAccessCommand(access, deps.prompts, deps.log));
  const api = languageModelApi();
  if (!api) return false;
  const provider = new ParleyChatProvider(api, deps.service, new LmModelList(deps), access);
  context.subscriptions.push(
    provider,
    api.register(LM_VENDOR, provider),
    vscodeApi.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(settingId(Settings.profiles)) || (e.affectsConfiguration(CHAT_OFF) && chatOn())) provider.fireChanged();
    }),
    // A model learnt to take no tools or images (a request, Test Connection), or to take them again.
    deps.service.onDidChangeSupport(() => provider.fireChanged()),
  );
  if (chatOn()) provider.fireChanged();
  return true;
}

function chatOn(): boolean {
  return vscodeApi.workspace.getConfiguration().get<boolean>(CHAT_OFF) !== true;
}
