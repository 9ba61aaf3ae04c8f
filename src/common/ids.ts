/**
 * Every id Parley shares with VS Code, defined once: commands, views, context keys, URI
 * schemes and storage keys. `test/unit/ids.test.ts` holds them against package.json.
 */

export const Command = {
  openChat: 'parley.openChat',
  newChat: 'parley.newChat',
  explainSelection: 'parley.explainSelection',
  explainSample: 'parley.explainSample',
  chooseProvider: 'parley.chooseProvider',
  chooseModel: 'parley.chooseModel',
  chooseAgentTools: 'parley.chooseAgentTools',
  setApiKey: 'parley.setApiKey',
  clearApiKey: 'parley.clearApiKey',
  testConnection: 'parley.testConnection',
  showLog: 'parley.showLog',
  rewriteSelection: 'parley.rewriteSelection',
  acceptRewrite: 'parley.acceptRewrite',
  rejectRewrite: 'parley.rejectRewrite',
  acceptChange: 'parley.acceptChange',
  rejectChange: 'parley.rejectChange',
  nextChange: 'parley.nextChange',
  previousChange: 'parley.previousChange',
  generateHere: 'parley.generateHere',
  fixWithParley: 'parley.fixWithParley',
  explainProblem: 'parley.explainProblem',
  generateCommitMessage: 'parley.generateCommitMessage',
  stopCommitMessage: 'parley.stopCommitMessage',
  explainTerminalSelection: 'parley.explainTerminalSelection',
  runAction: 'parley.runAction',
  actionAddDocumentation: 'parley.action.addDocumentation',
  actionWriteTests: 'parley.action.writeTests',
  actionFindBugs: 'parley.action.findBugs',
  actionSimplify: 'parley.action.simplify',
  manageModelAccess: 'parley.manageModelAccess',
  autocompleteMenu: 'parley.autocomplete.menu',
  autocompleteToggle: 'parley.autocomplete.toggle',
  autocompleteSnooze: 'parley.autocomplete.snooze',
  autocompleteChooseModel: 'parley.autocomplete.chooseModel',
} as const;
export type CommandId = (typeof Command)[keyof typeof Command];

export const View = {
  container: 'parley',
  chat: 'parley.chatView',
} as const;

/** Context keys Parley sets, for `when` clauses. */
export const ContextKey = {
  rewritePending: 'parley.rewritePending',
  /** A commit message is being written: the Source Control button shows Stop. */
  commitMessageRunning: 'parley.commitMessageRunning',
} as const;

/** Submenus Parley contributes. */
export const Submenu = {
  /** "Parley" in the editor's context menu: the built-in actions and Run Action…. */
  editorActions: 'parley.editorActions',
} as const;

export const Scheme = {
  /** The in-memory document a diff-preview rewrite streams into. */
  proposal: 'parley-proposal',
} as const;

/** Status bar item ids (VS Code lists them by id under "hide"). */
export const StatusItem = {
  provider: 'parley.provider',
  rewrite: 'parley.rewrite',
  autocomplete: 'parley.autocomplete',
} as const;

/** Keys in globalState / workspaceState. */
export const StateKey = {
  conversationIndex: 'parley.conversationIndex',
  currentConversation: 'parley.currentConversation',
  /** Ids deleted in any window, so a merge of indexes never brings one back. */
  conversationsDeleted: 'parley.conversationsDeleted',
  recentInstructions: 'parley.rewrite.recentInstructions',
  /** Documents showing a rewrite's removed lines, to restore after a crash. */
  rewriteCheckpoints: 'parley.rewrite.checkpoints',
  capsPrefix: 'parley.caps:',
  /** The user's answers: which extension may use a model that sends their key (per key origin). */
  modelAccess: 'parley.lm.modelAccess',
  /** Autocomplete snoozed until (epoch ms), in every window. */
  autocompleteSnoozedUntil: 'parley.autocomplete.snoozedUntil',
  /** Per base URL and model: which request kind autocomplete uses there (core/autocomplete/requestPlan.ts). */
  autocompletePlanPrefix: 'parley.autocomplete.plan:',
} as const;
