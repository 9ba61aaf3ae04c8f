import * as vscode from 'vscode';
import { Settings, settingId } from '../common/settingsTable';
import * as settings from '../common/settings';
import type { Profile } from '../core/connection/profiles';
import { enabledFor } from '../core/autocomplete/autocompleteGate';

/** Settings are read when used, so a change applies at the next keystroke. */
function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('parley');
}

/** The user's own value of a machine-scoped setting: a workspace never redirects keystrokes. */
function userValue(key: string): string {
  const value = config().inspect<unknown>(key)?.globalValue;
  return typeof value === 'string' ? value.trim() : '';
}

export function enabledForLanguage(languageId: string): boolean {
  return enabledFor(config().get(Settings.autocompleteEnabled.key), languageId);
}

/** Autocomplete's profile and model; `chosen` when the user named either for autocomplete. */
export interface AutocompleteTarget {
  profile: Profile;
  model: string;
  chosen: boolean;
}

/** Undefined when no profile is set up, or the one named is gone (the status bar says which). */
export function autocompleteTarget(): AutocompleteTarget | undefined {
  const profileName = userValue(Settings.autocompleteProfile.key);
  const model = userValue(Settings.autocompleteModel.key);
  const profile = profileName ? settings.readProfiles().find((p) => p.name === profileName) : settings.activeProfile();
  if (!profile) return undefined;
  return { profile, model: model || profile.model, chosen: profileName !== '' || model !== '' };
}

export function namedProfileMissing(): string | undefined {
  const name = userValue(Settings.autocompleteProfile.key);
  return name && !settings.readProfiles().some((p) => p.name === name) ? name : undefined;
}

/** Turns autocomplete on or off for every language (`*`), or for one, in the user's settings. */
export async function setEnabled(on: boolean, languageId = '*'): Promise<void> {
  const current = config().inspect<Record<string, boolean>>(Settings.autocompleteEnabled.key)?.globalValue;
  const next = { ...(current ?? Settings.autocompleteEnabled.default), [languageId]: on };
  await config().update(Settings.autocompleteEnabled.key, next, vscode.ConfigurationTarget.Global);
}

export const chooseTarget = settings.chooseAutocomplete;

export function affectsAutocomplete(e: vscode.ConfigurationChangeEvent): boolean {
  return (
    e.affectsConfiguration('parley.autocomplete') ||
    e.affectsConfiguration(settingId(Settings.profiles)) ||
    e.affectsConfiguration(settingId(Settings.activeProfile))
  );
}
