import type * as vscode from 'vscode';
import type { LogGetter } from '../common/log';
import type { UserPrompts } from '../common/userPrompts';
import { CompletionService } from './completionService';
import { KeyStore } from './keyStore';
import { LocalServers } from './localServers';
import { registerProviderCommands, type ProviderCommands } from './providerCommands';
import { ProviderStatusBar } from './statusBar';

export interface Connection {
  keys: KeyStore;
  service: CompletionService;
  localServers: LocalServers;
  providerCommands: ProviderCommands;
}

export interface ConnectionDeps {
  /** How a key is asked for. */
  prompts: UserPrompts;
  log: LogGetter;
}

/** The connection to the model: keys, the request service, provider commands, the status bar. */
export function registerConnection(context: vscode.ExtensionContext, { prompts, log }: ConnectionDeps): Connection {
  const keys = new KeyStore(context.secrets, prompts);
  const service = new CompletionService(keys, log, context.globalState);
  const localServers = new LocalServers(keys);
  context.subscriptions.push(service, new ProviderStatusBar(service.onDidChangeBusy), localServers);
  const providerCommands = registerProviderCommands(context, { service, keys, localServers, log });
  return { keys, service, localServers, providerCommands };
}
