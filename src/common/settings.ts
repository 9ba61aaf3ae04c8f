import * as vscode from 'vscode';
import { SettingError } from '../core/settingError';
import { parseProfiles, type Profile } from '../core/profiles';
import type { Timeouts } from '../core/chatClient';

/** Settings are read when used, never cached, so changes apply without a reload. */
function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('parley');
}

export function readProfiles(): Profile[] {
  // Profiles hold base URLs and headers, so only the user's own (machine) settings count:
  // `inspect` ignores any workspace value a cloned repository might carry.
  const inspected = config().inspect<unknown[]>('profiles');
  return parseProfiles(inspected?.globalValue ?? inspected?.defaultValue ?? []);
}

export function activeProfileName(): string | undefined {
  return config().get<string>('activeProfile') || undefined;
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
  await config().update('profiles', profiles, vscode.ConfigurationTarget.Global);
}

export async function setActiveProfile(name: string): Promise<void> {
  await config().update('activeProfile', name, vscode.ConfigurationTarget.Global);
}

export function rawProfiles(): Record<string, unknown>[] {
  const inspected = config().inspect<Record<string, unknown>[]>('profiles');
  return [...(inspected?.globalValue ?? [])];
}

export function timeouts(): Timeouts {
  const first = config().get<number>('timeouts.firstTokenSeconds', 60);
  const idle = config().get<number>('timeouts.idleSeconds', 30);
  if (!(first > 0)) throw new SettingError('parley.timeouts.firstTokenSeconds', 'must be a positive number of seconds.');
  if (!(idle > 0)) throw new SettingError('parley.timeouts.idleSeconds', 'must be a positive number of seconds.');
  return { firstTokenMs: first * 1000, idleMs: idle * 1000 };
}

export function systemPrompt(): string {
  return config().get<string>('systemPrompt', '') ?? '';
}

export function contextBudgetTokens(): number {
  const v = config().get<number>('contextBudgetTokens', 16000);
  if (!(typeof v === 'number' && v >= 256)) throw new SettingError('parley.contextBudgetTokens', 'must be a number of at least 256.');
  return v;
}

export function promptTemplate(kind: 'explain' | 'rewrite'): string | undefined {
  return config().get<string>(`prompts.${kind}`) || undefined;
}

export function maskSecrets(): boolean {
  return config().get<boolean>('maskSecrets', true);
}

export function rewriteMode(): 'inline' | 'diff' {
  return config().get<string>('rewrite.mode') === 'diff' ? 'diff' : 'inline';
}
