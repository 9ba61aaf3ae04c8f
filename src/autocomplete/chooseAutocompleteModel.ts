import * as vscode from 'vscode';
import { fimModel } from '../core/autocomplete/fimFamily';
import { profileFromLocalServer, type FoundServer } from '../core/connection/localServers';
import type { Profile } from '../core/connection/profiles';
import { errorMessage } from '../core/client/errorMessage';
import * as settings from '../common/settings';
import type { CompletionService } from '../connection/completionService';
import type { LocalServers } from '../connection/localServers';
import { profileModels } from '../connection/profileModels';
import { autocompleteTarget, chooseTarget } from './autocompleteSettings';

type Item = vscode.QuickPickItem & { use?: { profile?: string; server?: FoundServer; model: string }; reset?: true; type?: true };

/**
 * Choose Autocomplete Model: coder models first (the ones with a fill-in-the-middle template),
 * from servers found on this machine and from the profile autocomplete uses; or back to the
 * active profile's model. A found server with no profile yet gets one, without becoming the
 * chat's active profile.
 */
export async function chooseAutocompleteModel(service: CompletionService, localServers: LocalServers): Promise<void> {
  const current = safeTarget();
  const [found, listed] = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Parley: listing models…') },
    () => Promise.all([localServers.find(), listProfile(service, current?.profile)]),
  );
  const items: Item[] = [];
  const add = (models: string[], heading: string, place: string, use: (model: string) => Item['use']) => {
    if (models.length === 0) return;
    items.push({ label: heading, kind: vscode.QuickPickItemKind.Separator });
    const ordered = [...models.filter((m) => fimModel(m)), ...models.filter((m) => !fimModel(m))];
    for (const model of ordered)
      items.push({
        label: `${fimModel(model) ? '$(sparkle) ' : ''}${model}`,
        description: [place, fimModel(model) ? vscode.l10n.t('fill-in-the-middle') : undefined].filter(Boolean).join(' · '),
        picked: current?.model === model,
        use: use(model),
      });
  };
  for (const server of found) add(server.models, vscode.l10n.t('Found on this machine'), server.baseUrl, (model) => ({ server, model }));
  if (current) add(listed.models, current.profile.name, current.profile.baseUrl, (model) => ({ profile: current.profile.name, model }));
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: vscode.l10n.t('Type a model name…'), type: true },
    {
      label: vscode.l10n.t("Use the active profile's model"),
      description: vscode.l10n.t('autocomplete asks only a server on this machine'),
      reset: true,
    },
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Parley: Choose Autocomplete Model'),
    placeHolder: listed.problem
      ? vscode.l10n.t('Could not list the models of {0}: {1}', current?.profile.name ?? '', listed.problem)
      : undefined,
    matchOnDescription: true,
  });
  if (!picked) return;
  if (picked.reset) return chooseTarget('', '');
  if (picked.type) {
    const model = await vscode.window.showInputBox({
      title: vscode.l10n.t('Autocomplete model'),
      value: current?.model,
      ignoreFocusOut: true,
    });
    if (model && current) await chooseTarget(current.profile.name, model);
    return;
  }
  const use = picked.use!;
  await chooseTarget(use.profile ?? (await profileFor(use.server!)), use.model);
}

function safeTarget() {
  try {
    return autocompleteTarget();
  } catch {
    return undefined;
  }
}

async function listProfile(service: CompletionService, profile: Profile | undefined): Promise<{ models: string[]; problem?: string }> {
  if (!profile) return { models: [] };
  try {
    return { models: await profileModels(service, profile, AbortSignal.timeout(10_000), false) };
  } catch (e) {
    return { models: [], problem: errorMessage(e) };
  }
}

/** The profile for a found server: the one already pointing at it, else a new one (not made active). */
async function profileFor(server: FoundServer): Promise<string> {
  const existing = settings.readProfiles().find((p) => p.baseUrl === server.baseUrl);
  if (existing) return existing.name;
  const raw = settings.rawProfiles();
  const profile = profileFromLocalServer(
    server,
    raw.map((p) => String(p.name)),
  );
  await settings.saveProfiles([...raw, profile]);
  return String(profile.name);
}
