import type * as vscode from 'vscode';
import * as vscodeApi from 'vscode';
import type { LogGetter } from '../common/log';
import { Settings, settingId } from '../common/settingsTable';
import type { CompletionService } from '../connection/completionService';
import type { LocalServers } from '../connection/localServers';
import { languageModelApi } from './lmApi';
import { LmModelList } from './lmModelList';
import { ParleyChatProvider } from './parleyChatProvider';

/** The vendor in package.json's `contributes.languageModelChatProviders`. */
export const LM_VENDOR = 'parley';

export interface LmDeps {
  service: CompletionService;
  localServers: LocalServers;
  log: LogGetter;
}

/**
 * Parley's models in VS Code's chat, where VS Code has the API (1.104 and later); elsewhere
 * nothing is registered. Registering asks nothing of any server: VS Code asks for the list.
 */
export function registerLanguageModels(context: vscode.ExtensionContext, deps: LmDeps): boolean {
  const api = languageModelApi();
  if (!api) return false;
  const provider = new ParleyChatProvider(api, deps.service, new LmModelList(deps));
  context.subscriptions.push(
    provider,
    api.register(LM_VENDOR, provider),
    vscodeApi.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(settingId(Settings.profiles))) provider.fireChanged();
    }),
    // A model learnt to take no tools or images (a request, Test Connection), or to take them again.
    deps.service.onDidChangeSupport(() => provider.fireChanged()),
  );
  return true;
}
