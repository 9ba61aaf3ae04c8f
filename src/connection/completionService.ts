import * as vscode from 'vscode';
import { adaptCapsToRejection, buildChatRequest } from '../core/chatRequest';
import { streamChat } from '../core/chatClient';
import { ChatError } from '../core/chatError';
import { endpointOf, generationOf, type Profile } from '../core/profiles';
import { DEFAULT_CAPS, type ChatMessage, type EndpointCaps, type GenerationOptions, type StreamEvent, type StreamResult } from '../core/types';
import type { KeyStore } from './keyStore';
import * as settings from '../common/settings';

export interface RunOptions {
  signal?: AbortSignal;
  onEvent(event: StreamEvent): void;
  /** What the request is for, in the log ("chat", "explain", "rewrite"). */
  purpose: string;
}

const PROBE_MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'Reply with the single word OK.' },
  { role: 'user', content: 'Connection test: reply OK.' },
];

/**
 * Sends a conversation to the active profile: finds its key, adapts the request to what the
 * endpoint accepts, asks for a new key on 401, and logs a summary without the key.
 */
export class CompletionService {
  constructor(
    private readonly keys: KeyStore,
    private readonly log: () => vscode.LogOutputChannel,
    private readonly state: vscode.Memento,
    /** Called when a request starts; returns the function that marks it ended. */
    private readonly onBusy: () => () => void = () => () => undefined,
  ) {}

  requireProfile(): Profile {
    const profile = settings.activeProfile();
    if (!profile) {
      throw new ChatError({ kind: 'config', detail: vscode.l10n.t('No provider is set up yet. Run "Parley: Choose Provider" to pick one.') });
    }
    return profile;
  }

  private capsKey(profile: Profile): string {
    return `parley.caps:${profile.baseUrl}|${profile.model}`;
  }

  caps(profile: Profile): EndpointCaps {
    const defaults = profile.baseUrl.startsWith('https://api.openai.com') || profile.apiStyle === 'azure'
      ? { ...DEFAULT_CAPS, maxTokensParam: 'max_completion_tokens' as const }
      : DEFAULT_CAPS;
    return { ...defaults, ...this.state.get<Partial<EndpointCaps>>(this.capsKey(profile)) };
  }

  async rememberCaps(profile: Profile, caps: EndpointCaps): Promise<void> {
    await this.state.update(this.capsKey(profile), caps);
  }

  async keyFor(profile: Profile, reason?: string): Promise<string | undefined> {
    if (!profile.needsKey) return undefined;
    const stored = reason ? undefined : await this.keys.get(profile.baseUrl);
    if (stored) return stored;
    const entered = await this.keys.prompt(profile.name, profile.baseUrl, reason);
    if (!entered) {
      throw new ChatError({ kind: 'config', detail: vscode.l10n.t('No API key for {0}. Run "Parley: Set API Key", or set "needsKey": false for a server that takes none.', profile.name) });
    }
    return entered;
  }

  /**
   * "Test connection": sends a tiny request that uses the optional parameters Parley may send
   * (a token limit, a temperature, stream_options). Each one the endpoint rejects with a 400
   * is dropped or swapped, and what works is remembered for this profile and model.
   */
  async probe(signal?: AbortSignal): Promise<{ result: StreamResult; caps: EndpointCaps; ms: number }> {
    const done = this.onBusy();
    try {
      const profile = this.requireProfile();
      const started = Date.now();
      const { result, caps } = await this.send(profile, PROBE_MESSAGES, { purpose: 'test connection', signal, onEvent: () => undefined }, {
        caps: { ...this.caps(profile), streamOptions: true, temperature: true },
        generation: { ...generationOf(profile), maxTokens: 16, temperature: 0.5 },
      });
      this.log().info(`test connection: ${profile.name} model ${profile.model} accepts ${JSON.stringify(caps)}`);
      return { result, caps, ms: Date.now() - started };
    } finally {
      done();
    }
  }

  async run(messages: ChatMessage[], options: RunOptions): Promise<StreamResult> {
    const done = this.onBusy();
    try {
      const profile = this.requireProfile();
      const { result } = await this.send(profile, messages, options, { caps: this.caps(profile), generation: generationOf(profile) });
      return result;
    } finally {
      done();
    }
  }

  /**
   * The one request loop: asks for a new key once on a 401, and on a 400 that names a
   * parameter retries without it, once per parameter (a reasoning model may reject
   * `max_tokens` and then `temperature`), so it is bounded by the number of caps. Whatever it
   * learns about the endpoint is remembered, and the caps it ended with are returned.
   */
  private async send(profile: Profile, messages: ChatMessage[], options: RunOptions, tuning: { caps: EndpointCaps; generation: GenerationOptions }): Promise<{ result: StreamResult; caps: EndpointCaps }> {
    const endpoint = endpointOf(profile);
    let key = await this.keyFor(profile);
    let caps = tuning.caps;
    let askedKey = false;
    const adapted = new Set<string>();
    const started = Date.now();
    for (;;) {
      const body = buildChatRequest(messages, tuning.generation, caps);
      try {
        const result = await streamChat({
          endpoint,
          apiKey: key,
          body,
          signal: options.signal,
          timeouts: settings.timeouts(),
          onEvent: options.onEvent,
          onRetry: (attempt, delay, reason) => this.log().warn(`${options.purpose}: retry ${attempt} in ${delay} ms after: ${reason}`),
        });
        caps = { ...caps, reasoningVia: result.reasoningVia ?? caps.reasoningVia };
        if (JSON.stringify(caps) !== JSON.stringify(this.caps(profile))) await this.rememberCaps(profile, caps);
        const usage = result.usage ? ` tokens ${result.usage.promptTokens}+${result.usage.completionTokens}` : '';
        this.log().info(`${options.purpose}: ${profile.name} ${new URL(profile.baseUrl).host} model ${profile.model} ok in ${Date.now() - started} ms, finish ${result.finishReason ?? 'none'}${usage}`);
        return { result, caps };
      } catch (error) {
        if (!(error instanceof ChatError)) throw error;
        const partial = error.partial && (error.partial.content || error.partial.reasoning);
        if (!partial && error.kind === 'http' && error.status === 401 && profile.needsKey && !askedKey) {
          askedKey = true;
          this.log().warn(`${options.purpose}: ${profile.name} rejected the key (401); asking for a new one`);
          key = await this.keyFor(profile, vscode.l10n.t('The key for {0} was rejected (HTTP 401: {1}). Enter a new one.', profile.name, error.detail));
          continue;
        }
        if (!partial && error.kind === 'http' && error.status === 400) {
          const next = adaptCapsToRejection(error.detail, body, caps);
          const changed = next ? changedCaps(caps, next) : [];
          if (next && changed.length > 0 && !changed.some((k) => adapted.has(k))) {
            changed.forEach((k) => adapted.add(k));
            caps = next;
            await this.rememberCaps(profile, caps);
            this.log().info(`${options.purpose}: ${profile.name} rejected a parameter (${error.detail}); retrying with ${JSON.stringify(caps)}`);
            continue;
          }
        }
        if (error.kind !== 'aborted') {
          this.log().error(`${options.purpose}: ${profile.name} model ${profile.model} failed after ${Date.now() - started} ms: ${error.message}`);
        }
        throw error;
      }
    }
  }
}

/** The caps fields that differ between two sets of caps. */
function changedCaps(before: EndpointCaps, after: EndpointCaps): string[] {
  return (Object.keys(after) as (keyof EndpointCaps)[]).filter((k) => before[k] !== after[k]);
}
