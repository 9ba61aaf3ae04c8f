/**
 * Every piece of English the chat webview shows. The extension fills it with `vscode.l10n.t`
 * (chat/webviewStrings.ts) and passes it in the page's `data-strings` attribute; the webview
 * reads it once (webview/strings.ts). `{0}` and `{1}` are filled in by the webview.
 */
export interface WebviewStrings {
  // The toolbar and the empty view
  /** The page's (visually hidden) main heading. */
  title: string;
  toolbar: string;
  newChat: string;
  pastConversations: string;
  newConversation: string;
  exportTitle: string;
  exportLabel: string;
  deleteTitle: string;
  deleteLabel: string;
  setupIntro: string;
  setupButton: string;
  // The conversation, the status line and the composer
  conversation: string;
  chooseModel: string;
  /** {0}: "profile · model", the text the button shows (kept whole in its name). */
  chooseModelNow: string;
  noProvider: string;
  inputPlaceholder: string;
  inputLabel: string;
  sendTitle: string;
  sendLabel: string;
  stop: string;
  /** Above a long conversation's latest messages; {0} is how many are not shown. */
  showEarlier: string;
  /** Read with the input: how to jump to the latest reply and back. */
  inputHint: string;
  // One message
  you: string;
  assistant: string;
  /** {0}: You or Assistant; {1}: the message's position in the conversation. */
  messageLabel: string;
  copy: string;
  /** {0}: the message's position. */
  copyMessage: string;
  editAndResend: string;
  /** {0}: the message's position. */
  editAndResendLabel: string;
  editMessage: string;
  regenerate: string;
  /** {0}: the message's position. */
  regenerateLabel: string;
  thinking: string;
  /** {0}: the reply's length; {1}: how much of it is shown. */
  plainTextNote: string;
  /** {0}: how many characters of a long line are left out. */
  lineShortened: string;
  // Code blocks and images in a reply
  codeActions: string;
  /** {0}: the block's number in its message; {1}: the message's position. */
  codeBlockName: string;
  /** {0}: the language; {1}: the block's number in its message; {2}: the message's position. */
  codeBlockNameWithLanguage: string;
  /** {0}: a code block's name (codeBlockName). The same for the other code actions. */
  copyCode: string;
  insertTitle: string;
  insertLabel: string;
  replaceTitle: string;
  replaceLabel: string;
  newEditorTitle: string;
  newEditorLabel: string;
  /** {0}: the image's alt text, or `imageNoAlt`. */
  image: string;
  imageNoAlt: string;
  imageBlocked: string;
  // Announcements (the live region) and confirmations
  copied: string;
  replyStarted: string;
  replyFinished: string;
  /** {0}: how many characters the reply has. */
  replyLong: string;
  // Attachments: the # menu, the chips above the input, history chips
  attach: string;
  attachMenu: string;
  attachFile: string;
  attachSelection: string;
  attachProblems: string;
  attachProblemsAll: string;
  attachChanges: string;
  attachEditors: string;
  attachImage: string;
  attachments: string;
  /** {0}: the chip's label. */
  removeAttachment: string;
  /** {0}: the file. */
  currentFileOn: string;
  /** {0}: the file. */
  currentFileOff: string;
  /** {0}: a number of tokens. */
  tokens: string;
  sentWith: string;
  resendWithoutImages: string;
  /** Under a reply refused with 401. */
  enterApiKey: string;
  /** {0}: the image's name. */
  imageUnsupported: string;
  /** {0}: the image's name. */
  imageTooLarge: string;
  // Agent mode: the mode switch, tool steps, command approval
  mode: string;
  modeAsk: string;
  modeAgent: string;
  /** The heading of a tool step ("Tool step, message 5"). */
  toolStep: string;
  stepRunning: string;
  stepWaiting: string;
  stepDone: string;
  stepFailed: string;
  stepDenied: string;
  stepStopped: string;
  stepInterrupted: string;
  approvalQuestion: string;
  approveRun: string;
  approveAlways: string;
  approveDeny: string;
  /** {0}: what the allow list gains. */
  approveAlwaysTitle: string;
  /** {0}: the folder the command runs in. */
  approvalIn: string;
  approvalToolQuestion: string;
  agentTools: string;
  approveCall: string;
  approveAlwaysToolTitle: string;
  approveAlwaysServer: string;
  approveAlwaysServerTitle: string;
  denyReason: string;
  ownAnswer: string;
  restoreToHere: string;
  restoreToHereTitle: string;
  sendAnswer: string;
}
