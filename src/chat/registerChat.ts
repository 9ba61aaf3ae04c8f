import * as vscode from 'vscode';
import { registerCommand, reportError } from '../common/commands';
import { Command, View } from '../common/ids';
import type { LogGetter } from '../common/log';
import type { Connection } from '../connection/registerConnection';
import { AttachmentTray } from './attachmentTray';
import { ChatController } from './chatController';
import { ChatViewProvider } from './chatViewProvider';
import { ConversationStore } from './conversationStore';

export interface Chat {
  chat: ChatController;
  store: ConversationStore;
  view: ChatViewProvider;
  /** The chips above the chat input: attached context and images, and the current file. */
  attachments: AttachmentTray;
}

/** The chat side panel: conversations, the controller, the webview view and its commands. */
export function registerChat(context: vscode.ExtensionContext, connection: Connection, log: LogGetter): Chat {
  const folder = context.storageUri ?? vscode.Uri.joinPath(context.globalStorageUri, 'no-workspace');
  const store = new ConversationStore(context.workspaceState, folder, (message, where) => reportError(new Error(message), log, where));
  const chat = new ChatController(store, connection.service);
  const attachments = new AttachmentTray();
  const view = new ChatViewProvider(context.extensionUri, chat, store, connection.localServers, log, attachments);
  context.subscriptions.push(
    chat,
    attachments,
    view,
    vscode.window.registerWebviewViewProvider(View.chat, view),
    registerCommand(Command.openChat, () => view.reveal(), log),
    registerCommand(Command.newChat, async () => {
      await view.reveal();
      await chat.newChat();
    }, log),
  );
  return { chat, store, view, attachments };
}
