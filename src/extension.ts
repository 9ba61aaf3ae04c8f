import * as vscode from 'vscode';
import { ChatController } from './chat/chatController';
import { ConversationStore } from './chat/conversationStore';
import { CHAT_VIEW_ID, ChatViewProvider } from './chat/chatViewProvider';
import { explainSample, explainSelection } from './explain/explainCommand';
import { CompletionService } from './connection/completionService';
import { KeyStore } from './connection/keyStore';
import { LocalServers } from './connection/localServers';
import { registerProviderCommands, type ProviderCommands } from './connection/providerCommands';
import { registerRewrite, type RewriteApi } from './rewrite/registerRewrite';
import { ProviderStatusBar } from './connection/statusBar';

/** What activate returns: the extension's parts, for the integration tests. */
export interface ParleyApi {
  chat: ChatController;
  store: ConversationStore;
  view: ChatViewProvider;
  service: CompletionService;
  keys: KeyStore;
  rewrite: RewriteApi;
  /** Local servers found in this window (looked for only when Parley is opened with no profile). */
  localServers: LocalServers;
  providerCommands: ProviderCommands;
  activatedInMs: number;
  /** Where the log channel writes (the tests check no key ever lands there). */
  logUri: vscode.Uri;
}

/** Wiring only: build the few shared services, register each feature. Nothing runs here. */
export function activate(context: vscode.ExtensionContext): ParleyApi {
  const started = performance.now();
  let log: vscode.LogOutputChannel | undefined;
  const getLog = () => {
    if (!log) {
      log = vscode.window.createOutputChannel('Parley', { log: true });
      context.subscriptions.push(log);
    }
    return log;
  };
  const keys = new KeyStore(context.secrets);
  const statusBar = new ProviderStatusBar();
  const service = new CompletionService(keys, getLog, context.globalState, () => statusBar.begin());
  const store = new ConversationStore(context.workspaceState, context.storageUri ?? vscode.Uri.joinPath(context.globalStorageUri, 'no-workspace'));
  const chat = new ChatController(store, service);
  const localServers = new LocalServers();
  const view = new ChatViewProvider(context.extensionUri, chat, localServers);
  const rewrite = registerRewrite(context, { service, log: getLog });
  const showError = (e: unknown) => void vscode.window.showErrorMessage(`Parley: ${(e as Error).message ?? e}`);

  context.subscriptions.push(
    statusBar,
    localServers,
    chat,
    view,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view),
    vscode.commands.registerCommand('parley.openChat', () => view.reveal()),
    vscode.commands.registerCommand('parley.newChat', async () => {
      await view.reveal();
      await chat.newChat();
    }),
    vscode.commands.registerCommand('parley.explainSelection', () => explainSelection(chat, view).catch(showError)),
    vscode.commands.registerCommand('parley.explainSample', () => explainSample(chat, view).catch(showError)),
    vscode.commands.registerCommand('parley.showLog', () => getLog().show()),
  );
  const providerCommands = registerProviderCommands(context, service, keys, localServers);
  return { chat, store, view, service, keys, rewrite, localServers, providerCommands, logUri: context.logUri, activatedInMs: performance.now() - started };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
