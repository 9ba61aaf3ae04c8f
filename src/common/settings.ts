import * as vscode from 'vscode';
import { SettingError } from '../core/connection/settingError';
import { parseProfiles, type Profile } from '../core/connection/profiles';
import type { Timeouts } from '../core/client/node/chatClient';
import { Settings, settingId, type SettingSpec } from './settingsTable';

/** Settings are read when used, never cached, so changes apply without a reload. */
function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('parley');
}

function read<T>(spec: SettingSpec<T>): T {
  return config().get<T>(spec.key, spec.default) ?? spec.default;
}

/** A number setting with a minimum: anything else is an error that names the setting. */
function atLeast(spec: SettingSpec<number>): number {
  const v = read(spec);
  if (typeof v !== 'number' || !(v >= (spec.minimum ?? -Infinity))) {
    throw new SettingError(settingId(spec), vscode.l10n.t('must be a number of at least {0}.', spec.minimum ?? 0));
  }
  return v;
}

export function readProfiles(): Profile[] {
  // Profiles hold base URLs and headers, so only the user's own (machine) settings count:
  // `inspect` ignores any workspace value a cloned repository might carry.
  const inspected = config().inspect<unknown[]>(Settings.profiles.key);
  return parseProfiles(inspected?.globalValue ?? inspected?.defaultValue ?? []);
}

export function activeProfileName(): string | undefined {
  return read(Settings.activeProfile) || undefined;
}

/** The profile requests go to: the named active one, else the first. */
export function activeProfile(): Profile | undefined {
  const profiles = readProfiles();
  const name = activeProfileName();
  if (name) {
    const found = profiles.find((p) => p.name === name);
    if (found) return found;
  }
  return profiles[0];
}

export async function saveProfiles(profiles: unknown[]): Promise<void> {
  await config().update(Settings.profiles.key, profiles, vscode.ConfigurationTarget.Global);
}

export async function setActiveProfile(name: string): Promise<void> {
  await config().update(Settings.activeProfile.key, name, vscode.ConfigurationTarget.Global);
}

/**
 * The profile named `name` learns it needs a key, if it still points at `baseUrl` (the key was
 * stored for that origin; a profile edited to point elsewhere meanwhile must not start sending).
 */
export async function markNeedsKey(name: string, baseUrl: string): Promise<void> {
  const raw = rawProfiles();
  const entry = raw.find((p) => p.name === name);
  const profile = readProfiles().find((p) => p.name === name);
  if (!entry || profile?.baseUrl !== baseUrl || profile.needsKey) return;
  entry.needsKey = true;
  await saveProfiles(raw);
}

export function rawProfiles(): Record<string, unknown>[] {
  const inspected = config().inspect<Record<string, unknown>[]>(Settings.profiles.key);
  return [...(inspected?.globalValue ?? [])];
}

export function timeouts(): Timeouts {
  return { firstTokenMs: atLeast(Settings.firstTokenSeconds) * 1000, idleMs: atLeast(Settings.idleSeconds) * 1000 };
}

export function systemPrompt(): string {
  return read(Settings.systemPrompt);
}

export function contextBudgetTokens(): number {
  return atLeast(Settings.contextBudgetTokens);
}

export function promptTemplate(kind: 'explain' | 'rewrite'): string | undefined {
  return read(kind === 'explain' ? Settings.explainPrompt : Settings.rewritePrompt) || undefined;
}

export function maskSecrets(): boolean {
  return read(Settings.maskSecrets) !== false;
}

export function rewriteMode(): 'inline' | 'diff' {
  const mode = read(Settings.rewriteMode);
  return Settings.rewriteMode.enum!.includes(mode) ? mode : Settings.rewriteMode.default;
}

/** `parley.actions`, as written (parsed by core/actions.ts, which reports bad entries). */
export function actions(): unknown {
  return read(Settings.actions);
}

export function contextCurrentFile(): boolean {
  return read(Settings.contextCurrentFile) !== false;
}

/** Agent edits are applied without the review (only when the user set it to true). */
export function agentAutoAcceptEdits(): boolean {
  return read(Settings.agentAutoAcceptEdits) === true;
}

export function contextExclude(): readonly string[] {
  const v = read(Settings.contextExclude);
  return Array.isArray(v) ? v.filter((g): g is string => typeof g === 'string') : Settings.contextExclude.default;
}

/** Agent mode: replies that call tools before the user is asked to go on. */
export function agentMaxSteps(): number {
  return Math.floor(atLeast(Settings.agentMaxSteps));
}

/**
 * The agent's command lists for `judgeCommand`. Allowed: the user's own settings only (a cloned
 * repository's settings must never let the agent run something unasked; the setting is
 * application-scoped, and this holds even where VS Code would still read one). Denied: every
 * level counts, added together: a workspace's entries can only make the agent refuse more.
 */
export function agentCommandLists(): { allowed: string[]; denied: string[] } {
  const allowed = config().inspect<unknown>(Settings.agentAllowedCommands.key);
  const denied = config().inspect<unknown>(Settings.agentDeniedCommands.key);
  return {
    allowed: strings(allowed?.globalValue),
    denied: [...new Set([denied?.globalValue, denied?.workspaceValue, denied?.workspaceFolderValue].flatMap(strings))],
  };
}

/** "Always allow": `entries` join the user's `parley.agent.allowedCommands` (those already there are not repeated). */
export async function allowAgentCommands(entries: readonly string[]): Promise<void> {
  const current = strings(config().inspect<unknown>(Settings.agentAllowedCommands.key)?.globalValue);
  const added = entries.filter((e) => !current.includes(e));
  if (added.length === 0) return;
  await config().update(Settings.agentAllowedCommands.key, [...current, ...added], vscode.ConfigurationTarget.Global);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Autocomplete's own profile and model, in the user's settings (empty strings: back to the active profile's). */
export async function chooseAutocomplete(profile: string, model: string): Promise<void> {
  await config().update(Settings.autocompleteProfile.key, profile || undefined, vscode.ConfigurationTarget.Global);
  await config().update(Settings.autocompleteModel.key, model || undefined, vscode.ConfigurationTarget.Global);
}
