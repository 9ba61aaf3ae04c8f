import * as vscode from 'vscode';
import { uniqueName, type FoundServer } from '../core/connection/localServers';
import { PRESETS, profileFromPreset, type Profile } from '../core/connection/profiles';
import type { CompletionService } from './completionService';
import type { KeyStore } from './keyStore';
import { LocalServers, modelsDetail, serverLabel } from './localServers';
import { profileModels } from './profileModels';
import { testConnection } from './testConnection';
import * as settings from '../common/settings';
import { registerCommand } from '../common/commands';
import { Command } from '../common/ids';
import type { LogGetter } from '../common/log';
import { errorMessage } from '../core/client/errorMessage';

/** What the provider commands tell of what they did. */
export interface ProviderCommands {
  /** The provider picker was shown: its items' labels, in order (separators left out). */
  onDidShowPicks: vscode.Event<string[]>;
  /** Test Connection ended: the message it showed. */
  onDidTestConnection: vscode.Event<string>;
}

export interface ProviderCommandDeps {
  service: CompletionService;
  keys: KeyStore;
  localServers: LocalServers;
  log: LogGetter;
}

/** Profile, model and key commands. */
export function registerProviderCommands(
  context: vscode.ExtensionContext,
  { service, keys, localServers, log }: ProviderCommandDeps,
): ProviderCommands {
  const shown = new vscode.EventEmitter<string[]>();
  const tested = new vscode.EventEmitter<string>();
  context.subscriptions.push(
    shown,
    tested,
    registerCommand(Command.chooseProvider, () => chooseProvider(keys, localServers, (labels) => shown.fire(labels)), log),
    registerCommand(Command.chooseModel, () => chooseModel(service), log),
    registerCommand(
      Command.setApiKey,
      async () => {
        const profile = service.requireProfile();
        const key = await service.enterKey(profile);
        if (key) void vscode.window.showInformationMessage(vscode.l10n.t('Parley: key saved for {0}.', new URL(profile.baseUrl).origin));
      },
      log,
    ),
    registerCommand(
      Command.clearApiKey,
      async () => {
        const profile = service.requireProfile();
        await keys.delete(profile.baseUrl);
        void vscode.window.showInformationMessage(vscode.l10n.t('Parley: key removed for {0}.', new URL(profile.baseUrl).origin));
      },
      log,
    ),
    registerCommand(Command.testConnection, () => testConnection(service, (message) => tested.fire(message)), log),
  );
  return { onDidShowPicks: shown.event, onDidTestConnection: tested.event };
}

/** Told the labels of the picker's items when it is shown. */
type DidShow = (labels: string[]) => void;

async function chooseProvider(keys: KeyStore, localServers: LocalServers, didShow: DidShow): Promise<void> {
  const profiles = settings.readProfiles();
  // With no profile yet, local servers that answered come first: one pick sets one up.
  let found: FoundServer[] = [];
  let again = false;
  for (;;) {
    if (profiles.length === 0) {
      const search = localServers.find(again);
      found = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Parley: looking for local servers…') },
        () => search,
      );
    }
    const picked = await pickProvider(profiles, found, didShow);
    if (picked === 'again') {
      again = true;
      continue;
    }
    if (picked && 'port' in picked) {
      await localServers.setUp(picked);
      return;
    }
    return usePick(picked, profiles, keys);
  }
}

type ProviderPick = { profile: string } | { preset: (typeof PRESETS)[number] };

async function pickProvider(
  profiles: Profile[],
  found: FoundServer[],
  didShow: DidShow,
): Promise<ProviderPick | FoundServer | 'again' | undefined> {
  type Item = vscode.QuickPickItem & { profile?: string; preset?: (typeof PRESETS)[number]; local?: FoundServer; again?: true };
  const items: Item[] = [
    ...(found.length ? [{ label: vscode.l10n.t('Found on this machine'), kind: vscode.QuickPickItemKind.Separator }] : []),
    ...found.map((server) => ({
      label: `$(vm-running) ${serverLabel(server)}`,
      description: server.baseUrl,
      detail: modelsDetail(server),
      local: server,
    })),
    ...profiles.map((p) => ({ label: p.name, description: `${p.model} · ${p.baseUrl}`, profile: p.name })),
    { label: vscode.l10n.t('Add from a preset'), kind: vscode.QuickPickItemKind.Separator },
    ...PRESETS.map((preset) => ({ label: `$(add) ${preset.label}`, description: preset.baseUrl, detail: preset.note, preset })),
  ];
  if (profiles.length === 0) {
    items.push(
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      {
        label: `$(refresh) ${vscode.l10n.t('Look for local servers again')}`,
        description: vscode.l10n.t('Ollama, LM Studio, llama.cpp, vLLM on this machine'),
        again: true,
      },
    );
  }
  didShow(items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator).map((i) => i.label));
  // ignoreFocusOut: the walkthrough re-renders when this command runs and would close the picker.
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Parley: Choose Provider'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.again) return 'again';
  if (picked.local) return picked.local;
  if (picked.profile) return { profile: picked.profile };
  if (picked.preset) return { preset: picked.preset };
  return undefined;
}

async function usePick(picked: ProviderPick | undefined, profiles: Profile[], keys: KeyStore): Promise<void> {
  if (!picked) return;
  if ('profile' in picked) {
    await settings.setActiveProfile(picked.profile);
    return;
  }
  const raw = profileFromPreset(picked.preset);
  const name = uniqueName(
    String(raw.name),
    profiles.map((p) => p.name),
  );
  raw.name = name;
  if (picked.preset.id === 'azure') {
    const endpoint = await vscode.window.showInputBox({
      title: 'Azure OpenAI endpoint',
      value: picked.preset.baseUrl,
      ignoreFocusOut: true,
    });
    if (!endpoint) return;
    const deployment = await vscode.window.showInputBox({ title: 'Azure OpenAI deployment name', ignoreFocusOut: true });
    if (!deployment) return;
    Object.assign(raw, { baseUrl: endpoint, model: deployment, deployment });
  }
  await settings.saveProfiles([...settings.rawProfiles(), raw]);
  await settings.setActiveProfile(name);
  if (picked.preset.needsKey) await keys.prompt(name, String(raw.baseUrl));
  void vscode.window.showInformationMessage(vscode.l10n.t('Parley: added profile "{0}". Edit it in settings (parley.profiles).', name));
}

async function chooseModel(service: CompletionService): Promise<void> {
  const profile = service.requireProfile();
  let models: string[] = [];
  let problem: string | undefined;
  try {
    // Asked before the progress shows; the listing then uses the key stored.
    await service.keyFor(profile);
    models = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Parley: listing models of {0}…', profile.name),
        cancellable: true,
      },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return profileModels(service, profile, abort.signal, false);
      },
    );
  } catch (e) {
    problem = errorMessage(e);
  }
  let model: string | undefined;
  if (models.length > 0) {
    const typeOwn = vscode.l10n.t('Type a model name…');
    const picked = await vscode.window.showQuickPick(
      [
        ...models.map((m) => ({
          label: m,
          picked: m === profile.model,
          description: m === profile.model ? vscode.l10n.t('current') : undefined,
        })),
        { label: typeOwn },
      ],
      {
        title: vscode.l10n.t('Model for {0}', profile.name),
      },
    );
    if (!picked) return;
    model = picked.label === typeOwn ? undefined : picked.label;
  }
  model ??= await vscode.window.showInputBox({
    title: vscode.l10n.t('Model for {0}', profile.name),
    prompt: problem ? vscode.l10n.t('Could not list models ({0}). Type the model name.', problem) : undefined,
    value: profile.model,
    ignoreFocusOut: true,
  });
  if (!model) return;
  const raw = settings.rawProfiles();
  const entry = raw.find((p) => p.name === profile.name);
  if (!entry) return;
  entry.model = model;
  if (entry.apiStyle === 'azure') entry.deployment = model;
  await settings.saveProfiles(raw);
}
