import * as vscode from 'vscode';
import { COMMAND_SNAPSHOT_CAPS } from '../core/agent/commandChanges';
import { conversationToMarkdown } from './conversationText';
import type { ChatController } from './chatController';
import type { ConversationStore } from './conversationStore';
import type { AttachmentTray } from './attachmentTray';
import type { CommandApprovals } from './commandApprovals';
import type { UserQuestions } from './userQuestions';
import { runCodeAction } from './codeActions';
import { enterKeyAndRetry } from './enterKeyAndRetry';
import { LATEST_IN_STATE, type FromWebview, type ToWebview } from '../shared/protocol';
import { LocalServers } from '../connection/localServers';
import { Command } from '../common/ids';

/** What answering the page needs of the view that hosts it. */
export interface ChatPage {
  post(message: ToWebview): void;
  /**
   * Posts the whole state, with the open conversation's `latest` latest messages, unless the
   * page drew the same from the snapshot in its HTML (`drawn`, its id).
   */
  postState(latest: number, drawn?: number): void;
  /** Shows the view again if it is visible (a picker opened from it has closed). */
  comeBack(): void;
}

/** The page's buttons that open a picker: the command each runs. */
const PICKERS = { chooseModel: Command.chooseModel, chooseTools: Command.chooseAgentTools, setup: Command.chooseProvider } as const;

/**
 * What each message from the page does: most go to the chat, the attachment tray or the local
 * servers; the rest (earlier messages, links, export, pickers) are answered here. The view that
 * hosts the page only validates messages and passes them on.
 */
export class ChatPageMessages {
  constructor(
    private readonly chat: ChatController,
    private readonly store: ConversationStore,
    private readonly tray: AttachmentTray,
    private readonly localServers: LocalServers,
    private readonly approvals: CommandApprovals,
    private readonly questions: UserQuestions,
    private readonly page: ChatPage,
  ) {}

  /** The page loaded (or reloaded): the state from where the reader was, and the chips. */
  private async ready(fromId: string | undefined, snapshot: number | undefined): Promise<void> {
    await this.chat.ready;
    this.page.postState(this.latestFrom(fromId), snapshot);
    this.page.post({ type: 'attachments', items: this.tray.views() });
  }

  /** Agent mode's answers from the transcript: a command approved or denied, a question answered, Restore to here. */
  private async agentMessage(message: Extract<FromWebview, { type: 'approve' | 'answer' | 'restore' }>): Promise<void> {
    if (message.type === 'approve') return this.approvals.answer(message.callId, message.choice, message.reason);
    if (message.type === 'answer') return this.questions.answer(message.callId, message.text);
    return this.restore(message.turnId);
  }

  /** Restore to here, and what it did in a notification (the transcript loses the steps that said it). */
  private async restore(turnId: string): Promise<void> {
    const result = await this.chat.restoreTo(turnId);
    if (!result) return;
    const { restored, skipped, partial } = result;
    const said = restored.length
      ? vscode.l10n.t('Parley put back {0} as before that step.', restored.join(', '))
      : vscode.l10n.t('No file was changed at that step or after it; the conversation is back to before it.');
    const notKept = skipped.length
      ? ' ' +
        vscode.l10n.t('Not recorded (too large, or beyond what Parley keeps around a command), so not put back: {0}.', skipped.join(', '))
      : '';
    const unknown = partial
      ? ' ' +
        vscode.l10n.t(
          'A command ran in a workspace of more than {0} files: files it changed beyond those were not recorded and may not be as before.',
          COMMAND_SNAPSHOT_CAPS.maxFiles.toLocaleString(),
        )
      : '';
    void vscode.window.showInformationMessage(said + notKept + unknown);
  }

  async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.ready(message.fromId, message.snapshot);
      case 'send':
        return this.chat.send(message.text, undefined, this.tray.take(), message.mode);
      case 'approve':
      case 'answer':
      case 'restore':
        return this.agentMessage(message);
      case 'attach':
      case 'attachUris':
      case 'attachImage':
      case 'detach':
      case 'toggleCurrentFile':
        return this.tray.handle(message);
      case 'resendWithoutImages':
        return this.chat.resendWithoutImages();
      case 'enterApiKey':
        return enterKeyAndRetry(this.chat, message.messageId);
      case 'earlier':
        return this.sendEarlier(message.beforeId, message.count);
      case 'stop':
        return this.chat.stop(message.shown);
      case 'newChat':
        return this.chat.newChat();
      case 'openConversation': {
        await this.chat.open(message.id);
        // Not opened (its file is gone): the picker goes back to the open one.
        if (this.chat.conversation.id !== message.id) this.page.post({ type: 'chrome', chrome: { history: this.store.list() } });
        return;
      }
      case 'deleteConversation':
        return this.chat.delete(message.id);
      case 'regenerate':
        return this.chat.regenerate();
      case 'editResend':
        return this.chat.editResend(message.messageId, message.text);
      case 'exportConversation':
        return this.exportConversation();
      case 'codeAction':
        return runCodeAction(message.action, message.code, message.language);
      case 'openLink':
        return openLink(message.href);
      case 'chooseModel':
      case 'chooseTools':
      case 'setup':
        return this.pickThenComeBack(PICKERS[message.type]);
      case 'findLocalServers': {
        if (LocalServers.wanted()) await this.localServers.find(true);
        return;
      }
      case 'useLocalServer': {
        const server = this.localServers.byPort(message.port);
        if (server && LocalServers.wanted()) await this.localServers.setUp(server);
        return;
      }
    }
  }

  /** How many latest messages reach back to `fromId` (the message a reloaded page was on), at least the usual. */
  private latestFrom(fromId: string | undefined): number {
    const messages = this.chat.conversation.turns;
    const at = fromId === undefined ? -1 : messages.findIndex((m) => m.id === fromId);
    return Math.max(LATEST_IN_STATE, at < 0 ? 0 : messages.length - at);
  }

  /**
   * Messages before the earliest the page holds. Always answered, so the page can ask again: none
   * when that message is the first, or not in the open conversation (the page was on another).
   */
  private sendEarlier(beforeId: string, count: number): void {
    const { id, turns: messages } = this.chat.conversation;
    const end = messages.findIndex((m) => m.id === beforeId);
    const from = Math.max(0, end - count);
    this.page.post({
      type: 'earlier',
      conversationId: id,
      beforeId,
      messages: end > 0 ? messages.slice(from, end) : [],
      omitted: end > 0 ? from : 0,
    });
  }

  /**
   * A picker opened from the view gives focus back to the view when it closes (chosen or
   * Escape): VS Code would put it in the editor, away from where the user was.
   */
  private async pickThenComeBack(command: string): Promise<void> {
    try {
      await vscode.commands.executeCommand(command);
    } finally {
      this.page.comeBack();
    }
  }

  private async exportConversation(): Promise<void> {
    const c = this.chat.current();
    if (c.messages.length === 0) return;
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: conversationToMarkdown(c) });
    await vscode.window.showTextDocument(doc);
  }
}

/** Links from model output open only on click, only http(s)/mailto, and only through VS Code. */
async function openLink(href: string): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return;
  }
  if (!['http', 'https', 'mailto'].includes(uri.scheme)) return;
  await vscode.env.openExternal(uri);
}
