import * as vscode from 'vscode';
import { listModels } from '../core/client/node/chatClient';
import { ChatError } from '../core/client/chatError';
import { profileFromLocalServer, type FoundServer } from '../core/connection/localServers';
import * as settings from '../common/settings';
import { Command } from '../common/ids';
import { fimModel } from '../core/autocomplete/fimFamily';
import type { KeyStore } from './keyStore';

/** How long listing a key-wanting server's models may take once its key is entered. */
const LIST_TIMEOUT_MS = 10_000;

/**
 * Turns a found server into the active profile and says so. A server that asked for a key
 * (`needsKey`) is set up only once a key is entered: the key is stored for the server's own
 * base URL and tried on its model list, asked for again when rejected. Returns the profile's
 * name, or undefined when the user cancelled the key box.
 */
export async function setUpLocalServer(server: FoundServer, keys: KeyStore): Promise<string | undefined> {
  const taken = settings.rawProfiles().map((p) => String(p.name));
  let models = server.models;
  if (server.needsKey) {
    const listed = await enterKey(server, profileFromLocalServer(server, taken).name as string, keys);
    if (!listed) return undefined;
    models = listed;
  }
  const raw = profileFromLocalServer({ ...server, models }, taken);
  const name = String(raw.name);
  await settings.saveProfiles([...settings.rawProfiles(), raw]);
  await settings.setActiveProfile(name);
  const chooseModel = vscode.l10n.t('Choose Model');
  // A coder model beside the chat one: offered for autocomplete, which wants a small fill-in-the-middle model.
  const coder = models.find((m) => fimModel(m) !== undefined);
  const useCoder = coder ? vscode.l10n.t('Use {0} for Autocomplete', coder) : undefined;
  const said = server.needsKey
    ? vscode.l10n.t(
        'Parley: set up "{0}" for {1} with model {2}; its key is kept for {3} and sent only there.',
        name,
        placeLabel(server),
        String(raw.model),
        new URL(server.baseUrl).origin,
      )
    : vscode.l10n.t('Parley: set up "{0}" for {1} with model {2}, no key needed.', name, placeLabel(server), String(raw.model));
  void vscode.window
    .showInformationMessage(said, ...(models.length > 1 ? [chooseModel] : []), ...(useCoder ? [useCoder] : []))
    .then((picked) => {
      if (picked === chooseModel) void vscode.commands.executeCommand(Command.chooseModel);
      if (picked === useCoder && coder) void settings.chooseAutocomplete(name, coder);
    });
  return name;
}

/**
 * Asks for the server's key and lists its models with it: the models on success, undefined
 * when the user cancels. A rejected key is asked for again (and not kept if the user gives up).
 */
async function enterKey(server: FoundServer, profileName: string, keys: KeyStore): Promise<string[] | undefined> {
  const origin = new URL(server.baseUrl).origin;
  let reason = vscode.l10n.t(
    "{0} asks for an API key (the one it was started with). It is kept in VS Code's secret storage for {1} and sent only there.",
    placeLabel(server),
    origin,
  );
  let rejected = false;
  for (;;) {
    const key = await keys.prompt(profileName, server.baseUrl, reason);
    if (!key) {
      if (rejected) await keys.delete(server.baseUrl);
      return undefined;
    }
    try {
      return await listModels({ baseUrl: server.baseUrl, apiStyle: 'openai', headers: {} }, key, AbortSignal.timeout(LIST_TIMEOUT_MS));
    } catch (e) {
      if (!(e instanceof ChatError && e.kind === 'http' && e.status === 401)) return []; // the key may be right: the profile starts with the default model
      rejected = true;
      reason = vscode.l10n.t('The key was rejected (HTTP 401: {0}). Enter the key {1} was started with.', e.detail, placeLabel(server));
    }
  }
}

/** "Ollama on localhost:11434"; a server wanting a key that was not recognised: "A server on localhost:8080". */
export function placeLabel(server: FoundServer): string {
  if (server.unrecognised) return vscode.l10n.t('A server on localhost:{0}', server.port);
  return vscode.l10n.t('{0} on localhost:{1}', server.name, server.port);
}
