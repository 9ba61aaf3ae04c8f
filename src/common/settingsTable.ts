/**
 * Every `parley.*` setting in one table: key, default, and the limits Parley enforces. The
 * readers in settings.ts use it; `test/unit/settingsTable.test.ts` holds it against
 * package.json, so a default or minimum is never written twice by hand. No `vscode` here.
 */
import { DEFAULT_CONTEXT_EXCLUDE } from '../core/context/contextPrivacy';

export interface SettingSpec<T> {
  /** Key under `parley.`. */
  key: string;
  default: T;
  minimum?: number;
  enum?: readonly T[];
  /**
   * `machine`: only the user's own settings count (a workspace can never redirect requests).
   * `application`: only the user's settings, never a workspace's (a cloned repository cannot allow commands).
   */
  scope?: 'machine' | 'application';
}

const AUTOCOMPLETE_ENABLED: Record<string, boolean> = { '*': true, plaintext: false, markdown: false, scminput: false };

const define = <T>(key: string, value: T, extra: Omit<SettingSpec<T>, 'key' | 'default'> = {}): SettingSpec<T> => ({
  key,
  default: value,
  ...extra,
});

export const Settings = {
  profiles: define<unknown[]>('profiles', [], { scope: 'machine' }),
  activeProfile: define('activeProfile', '', { scope: 'machine' }),
  systemPrompt: define('systemPrompt', ''),
  contextBudgetTokens: define('contextBudgetTokens', 16000, { minimum: 256 }),
  firstTokenSeconds: define('timeouts.firstTokenSeconds', 60, { minimum: 1 }),
  idleSeconds: define('timeouts.idleSeconds', 30, { minimum: 1 }),
  explainPrompt: define('prompts.explain', ''),
  rewritePrompt: define('prompts.rewrite', ''),
  maskSecrets: define('maskSecrets', true),
  contextCurrentFile: define('context.currentFile', true),
  contextExclude: define<readonly string[]>('context.exclude', DEFAULT_CONTEXT_EXCLUDE),
  rewriteMode: define<'inline' | 'diff'>('rewrite.mode', 'inline', { enum: ['inline', 'diff'] }),
  actions: define<unknown[]>('actions', []),
  agentMaxSteps: define('agent.maxSteps', 25, { minimum: 1 }),
  // The user's own settings only: a workspace a model reads must not turn off the review of its edits.
  agentAutoAcceptEdits: define('agent.autoAcceptEdits', false, { scope: 'machine' }),
  agentAllowedCommands: define<readonly string[]>('agent.allowedCommands', [], { scope: 'application' }),
  agentDeniedCommands: define<readonly string[]>('agent.deniedCommands', []),
  // Servers run programs and receive secrets: a workspace's are used only when trusted and agreed to, one by one.
  mcpServers: define<Record<string, unknown>>('mcp.servers', {}),
  mcpTimeoutSeconds: define('mcp.timeoutSeconds', 60, { minimum: 1 }),
  mcpAllowedTools: define<readonly string[]>('mcp.allowedTools', [], { scope: 'application' }),
  mcpAllowReadOnlyTools: define('mcp.allowReadOnlyTools', false, { scope: 'application' }),
  // Per language; `*` for the rest. Off where a suggestion is rarely code.
  autocompleteEnabled: define<Record<string, boolean>>('autocomplete.enabled', AUTOCOMPLETE_ENABLED),
  // Which endpoint a keystroke reaches: the user's own settings only, as for profiles.
  autocompleteProfile: define('autocomplete.profile', '', { scope: 'machine' }),
  autocompleteModel: define('autocomplete.model', '', { scope: 'machine' }),
} as const;

/** The full setting id, as in settings.json and error messages. */
export const settingId = (spec: SettingSpec<unknown>): string => `parley.${spec.key}`;
