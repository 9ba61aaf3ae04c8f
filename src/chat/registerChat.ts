import * as vscode from 'vscode';
import { registerCommand, reportError } from '../common/commands';
import { Command, View } from '../common/ids';
import type { LogGetter } from '../common/log';
import type { UserPrompts } from '../common/userPrompts';
import type { AgentTool } from '../core/agent/agentTool';
import { Checkpoints } from '../agent/checkpoints';
import type { CompletionService } from '../connection/completionService';
import type { LocalServers } from '../connection/localServers';
import { AttachmentTray } from './attachmentTray';
import { ChatController } from './chatController';
import { ChatPanel } from './chatPanel';
import { CommandApprovals } from './commandApprovals';
import { UserQuestions } from './userQuestions';
import { ChatViewProvider } from './chatViewProvider';
import { ConversationStore } from './conversationStore';

/** The chat's parts (the tests reach them through the API `activate()` returns). */
export interface ChatParts {
  chat: ChatController;
  store: ConversationStore;
  view: ChatViewProvider;
  /** The chips above the chat input: attached context and images, and the current file. */
  attachments: AttachmentTray;
  /** What the other features ask the chat through. */
  panel: ChatPanel;
  /** Agent mode's questions about commands, answered in the transcript. */
  approvals: CommandApprovals;
  /** Agent mode's questions to the user (ask_user), answered in the transcript. */
  questions: UserQuestions;
}

export interface ChatDeps {
  service: CompletionService;
  localServers: LocalServers;
  /** How the chat asks before an excluded file is attached, and Agent mode whether to go on. */
  prompts: UserPrompts;
  /** Agent mode's tools, as they are now. */
  agentTools(): Promise<readonly AgentTool[]>;
  log: LogGetter;
}

/** The chat side panel: conversations, the controller, the webview view and its commands. */
export function registerChat(context: vscode.ExtensionContext, { service, localServers, prompts, log, agentTools }: ChatDeps): ChatParts {
  const folder = context.storageUri ?? vscode.Uri.joinPath(context.globalStorageUri, 'no-workspace');
  const store = new ConversationStore(context.workspaceState, folder, (message, where) => reportError(new Error(message), log, where));
  // Agent mode's checkpoints sit beside the conversations they belong to.
  const checkpoints = new Checkpoints(folder);
  const chat = new ChatController(store, service, { tools: agentTools, prompts, checkpoints });
  const attachments = new AttachmentTray(prompts);
  const approvals = new CommandApprovals(chat);
  const questions = new UserQuestions(chat);
  const view = new ChatViewProvider(context.extensionUri, chat, store, localServers, log, attachments, approvals, questions);
  context.subscriptions.push(
    store,
    chat,
    attachments,
    view,
    vscode.window.registerWebviewViewProvider(View.chat, view),
    registerCommand(Command.openChat, () => view.reveal(), log),
    registerCommand(
      Command.newChat,
      async () => {
        // Asked for first: a question sent while the view comes up goes into the new chat.
        const fresh = chat.newChat();
        await view.reveal();
        await fresh;
      },
      log,
    ),
  );
  return { chat, store, view, attachments, approvals, questions, panel: new ChatPanel(view, chat) };
}
