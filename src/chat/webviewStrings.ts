import * as vscode from 'vscode';
import type { WebviewStrings } from '../shared/webviewStrings';

/**
 * The chat view's strings in VS Code's display language. The `{0}`/`{1}` placeholders are
 * left in (l10n.t without arguments keeps them): the webview fills them as it renders.
 */
export function webviewStrings(): WebviewStrings {
  return {
    toolbar: vscode.l10n.t('Chat'),
    newChat: vscode.l10n.t('New chat'),
    pastConversations: vscode.l10n.t('Past conversations'),
    newConversation: vscode.l10n.t('New conversation'),
    exportTitle: vscode.l10n.t('Export conversation to Markdown'),
    exportLabel: vscode.l10n.t('Export conversation'),
    deleteTitle: vscode.l10n.t('Delete this conversation'),
    deleteLabel: vscode.l10n.t('Delete conversation'),
    setupIntro: vscode.l10n.t('Parley talks to any OpenAI-compatible server. Pick a provider to start: OpenAI, Azure, Ollama, LM Studio, llama.cpp, vLLM, OpenRouter, Groq or DeepSeek.'),
    setupButton: vscode.l10n.t('Choose provider…'),
    conversation: vscode.l10n.t('Conversation'),
    chooseModel: vscode.l10n.t('Choose model'),
    noProvider: vscode.l10n.t('No provider'),
    inputPlaceholder: vscode.l10n.t('Ask about your code (Enter to send, Shift+Enter for a new line)'),
    inputLabel: vscode.l10n.t('Message'),
    sendTitle: vscode.l10n.t('Send (Enter)'),
    sendLabel: vscode.l10n.t('Send'),
    stop: vscode.l10n.t('Stop'),
    showEarlier: vscode.l10n.t('Show earlier messages ({0})'),
    you: vscode.l10n.t('You'),
    assistant: vscode.l10n.t('Assistant'),
    copy: vscode.l10n.t('Copy'),
    copyMessage: vscode.l10n.t('Copy message'),
    editAndResend: vscode.l10n.t('Edit and resend'),
    editMessage: vscode.l10n.t('Edit message'),
    regenerate: vscode.l10n.t('Regenerate'),
    regenerateLabel: vscode.l10n.t('Regenerate reply'),
    thinking: vscode.l10n.t('Thinking'),
    plainTextNote: vscode.l10n.t('This reply is {0} characters, so it is shown as plain text and only its first {1}. Copy or Export gets all of it.'),
    lineShortened: vscode.l10n.t('{0} more characters not shown; Copy gets all'),
    codeActions: vscode.l10n.t('Code actions'),
    copyCode: vscode.l10n.t('Copy code'),
    insertTitle: vscode.l10n.t('Insert at cursor'),
    insertLabel: vscode.l10n.t('Insert code at cursor'),
    replaceTitle: vscode.l10n.t('Replace selection'),
    replaceLabel: vscode.l10n.t('Replace selection with code'),
    newEditorTitle: vscode.l10n.t('Open in new editor'),
    newEditorLabel: vscode.l10n.t('Open code in new editor'),
    image: vscode.l10n.t('image: {0}'),
    imageNoAlt: vscode.l10n.t('image'),
    imageBlocked: vscode.l10n.t('Images from replies are not loaded'),
  };
}
