/**
 * The models Parley offers VS Code's chat: every profile's models (as Choose Model lists them)
 * and those of the local servers Parley finds, each with the window Parley learns from its
 * server. Asked only when VS Code asks; nothing here runs at activation.
 */
import { DEFAULT_REPLY_RESERVE } from '../core/context/node/budget';
import { parseProfile, type Profile } from '../core/connection/profiles';
import { profileFromLocalServer, type FoundServer } from '../core/connection/localServers';
import { lmModelId, lmModelName, parseLmModelId, type LmModelRef } from '../core/lm/lmModelIds';
import * as settings from '../common/settings';
import type { LogGetter } from '../common/log';
import type { CompletionService } from '../connection/completionService';
import type { LocalServers } from '../connection/localServers';
import { profileModels } from '../connection/profileModels';
import type { LmChatInformation } from './lmApi';

/** VS Code's chat asks for the models whenever it needs them, not the user: its requests say so. */
export const MODEL_LIST_AGENT = "Parley (model list for VS Code's chat)";

/** Windows are asked of the server per model: at most this many per source, the rest use the profile's or the setting's. */
const WINDOWS_ASKED_PER_SOURCE = 16;

export interface LmModelListDeps {
  service: CompletionService;
  localServers: LocalServers;
  log: LogGetter;
}

/** A profile that serves `model` (Azure: its deployment). */
function forModel(profile: Profile, model: string): Profile {
  return { ...profile, model, deployment: profile.apiStyle === 'azure' ? model : profile.deployment };
}

function profileOfServer(server: FoundServer): Profile {
  return parseProfile(profileFromLocalServer(server, []), 0);
}

export class LmModelList {
  constructor(private readonly deps: LmModelListDeps) {}

  /** The profile to send a picked model's requests with; undefined when its profile or server is gone. */
  profileFor(id: string): Profile | undefined {
    const ref = parseLmModelId(id);
    if (!ref) return undefined;
    if ('profile' in ref.source) {
      const name = ref.source.profile;
      const profile = settings.readProfiles().find((p) => p.name === name);
      return profile && forModel(profile, ref.model);
    }
    const server = this.deps.localServers.byPort(ref.source.port);
    return server && forModel(profileOfServer(server), ref.model);
  }

  async list(silent: boolean, signal: AbortSignal): Promise<LmChatInformation[]> {
    const profiles = settings.readProfiles();
    const lists = profiles.map((p) => this.fromProfile(p, silent, signal));
    const known = new Set(profiles.map((p) => p.baseUrl));
    const servers = (await this.deps.localServers.find()).filter((s) => !s.needsKey && !known.has(s.baseUrl));
    lists.push(...servers.map((s) => this.entries({ port: s.port }, profileOfServer(s), s.models, s.name)));
    return (await Promise.all(lists)).flat();
  }

  private async fromProfile(profile: Profile, silent: boolean, signal: AbortSignal): Promise<LmChatInformation[]> {
    let models: string[] = [];
    try {
      models = await profileModels(this.deps.service, profile, signal, !silent, MODEL_LIST_AGENT);
    } catch (e) {
      this.deps.log().info(`language models: ${profile.name} did not list its models (${e instanceof Error ? e.message : String(e)})`);
    }
    // The profile's own model first, listed or not (a server may not list its deployments).
    const ordered = [profile.model, ...models.filter((m) => m !== profile.model)];
    return this.entries({ profile: profile.name }, profile, ordered, profile.name);
  }

  private entries(source: LmModelRef['source'], profile: Profile, models: string[], place: string): Promise<LmChatInformation[]> {
    return Promise.all(
      models.map((model, i) => this.info({ source, model }, forModel(profile, model), place, i < WINDOWS_ASKED_PER_SOURCE)),
    );
  }

  private async info(ref: LmModelRef, profile: Profile, place: string, askWindow: boolean): Promise<LmChatInformation> {
    const id = lmModelId(ref);
    const reply = profile.maxTokens ?? DEFAULT_REPLY_RESERVE;
    const window = askWindow ? await this.deps.service.contextWindows.budget(profile) : undefined;
    const maxInputTokens = window?.tokens ?? profile.contextWindow ?? settings.contextBudgetTokens();
    return {
      id,
      name: lmModelName(place, ref.model),
      family: ref.model,
      version: place,
      maxInputTokens,
      maxOutputTokens: window ? Math.min(reply, window.window) : reply,
      tooltip: `${ref.model} at ${profile.baseUrl}`,
      detail: 'Parley',
      // A model that said it takes no tools, or no images, is listed without them (no tools: not
      // offered in Agent mode). Its server says so to a request, or to Test Connection; remembered.
      capabilities: { toolCalling: this.deps.service.supportsTools(profile), imageInput: this.deps.service.supportsImages(profile) },
    };
  }
}
