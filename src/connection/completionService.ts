import * as vscode from 'vscode';
import { ChatError } from '../core/client/chatError';
import { generationOf, type Profile } from '../core/connection/profiles';
import { sendAdapting, type RunOptions, type Tuning } from '../core/client/node/requestLoop';
import { supportsTools } from '../core/client/toolSupport';
import { supportsImages, withImagesRefused } from '../core/client/imageSupport';
import { withSupport, type ModelSupport } from '../core/client/supportProbe';
import { probeSupport } from '../core/client/node/probeSupport';
import { DEFAULT_CAPS, type ChatMessage, type EndpointCaps, type GenerationOptions, type StreamResult } from '../core/types';
import type { ContextBudget } from '../core/context/node/budget';
import { tokenizerLoadMs } from '../core/tokens/node/tokenCount';
import type { KeyStore } from './keyStore';
import { ContextWindows } from './contextWindows';
import * as settings from '../common/settings';
import { Disposable } from '../common/dispose';
import { StateKey } from '../common/ids';

export type { RunOptions } from '../core/client/node/requestLoop';

const PROBE_MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'Reply with the single word OK.' },
  { role: 'user', content: 'Connection test: reply OK.' },
];

/**
 * Sends a conversation to the active profile: finds its key, adapts the request to what the
 * endpoint accepts, asks for a new key on 401, and logs a summary without the key.
 */
export class CompletionService extends Disposable {
  private running = 0;
  private readonly busyEmitter = this._register(new vscode.EventEmitter<boolean>());
  /** Fires true when a first request starts, false when the last one ends. */
  readonly onDidChangeBusy = this.busyEmitter.event;
  /** Each model's context window, asked of its server when first needed. */
  readonly contextWindows: ContextWindows;
  private readonly supportEmitter = this._register(new vscode.EventEmitter<Profile>());
  /** Fires when a model is learnt to take, or not take, tools or images (VS Code's chat lists it anew). */
  readonly onDidChangeSupport = this.supportEmitter.event;

  constructor(
    private readonly keys: KeyStore,
    private readonly log: () => vscode.LogOutputChannel,
    private readonly state: vscode.Memento,
  ) {
    super();
    this.contextWindows = new ContextWindows(keys, log);
  }

  /** The prompt budget of the active profile (parley.contextBudgetTokens when none is set up). */
  async contextBudget(): Promise<ContextBudget> {
    const profile = settings.activeProfile();
    if (profile) return this.contextWindows.budget(profile);
    const tokens = settings.contextBudgetTokens();
    return { window: tokens, origin: 'setting', tokens };
  }

  get busy(): boolean {
    return this.running > 0;
  }

  /** Marks a request as running until the returned function is called (once). */
  private begin(): () => void {
    if (this.running++ === 0) this.busyEmitter.fire(true);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.running === 0) this.busyEmitter.fire(false);
    };
  }

  requireProfile(): Profile {
    const profile = settings.activeProfile();
    if (!profile) {
      throw new ChatError({
        kind: 'config',
        detail: vscode.l10n.t('No provider is set up yet. Run "Parley: Choose Provider" to pick one.'),
      });
    }
    return profile;
  }

  private capsKey(profile: Profile): string {
    return `${StateKey.capsPrefix}${profile.baseUrl}|${profile.model}`;
  }

  caps(profile: Profile): EndpointCaps {
    const defaults =
      profile.baseUrl.startsWith('https://api.openai.com') || profile.apiStyle === 'azure'
        ? { ...DEFAULT_CAPS, maxTokensParam: 'max_completion_tokens' as const }
        : DEFAULT_CAPS;
    return { ...defaults, ...this.state.get<Partial<EndpointCaps>>(this.capsKey(profile)) };
  }

  /** False once `model` answered a request with tools "does not support tools" (see core/client/toolSupport.ts). */
  supportsTools(profile: Profile, model = profile.model): boolean {
    return supportsTools(this.caps({ ...profile, model }), model);
  }

  /** False once `model` refused an image (see core/client/imageSupport.ts). */
  supportsImages(profile: Profile, model = profile.model): boolean {
    return supportsImages(this.caps({ ...profile, model }), model);
  }

  async rememberImagesRefused(profile: Profile): Promise<void> {
    await this.rememberCaps(profile, withImagesRefused(this.caps(profile), profile.model));
  }

  async rememberCaps(profile: Profile, caps: EndpointCaps): Promise<void> {
    const before = this.caps(profile);
    await this.state.update(this.capsKey(profile), caps);
    const { model } = profile;
    if (supportsTools(before, model) !== supportsTools(caps, model) || supportsImages(before, model) !== supportsImages(caps, model))
      this.supportEmitter.fire(profile);
  }

  /**
   * Asks for `profile`'s key and stores it for its base URL (Set API Key, and the chat's Enter
   * API Key after a 401). A profile set up without a key learns it needs one, so the key is sent.
   */
  async enterKey(profile: Profile): Promise<string | undefined> {
    const key = await this.keys.prompt(profile.name, profile.baseUrl);
    if (key && !profile.needsKey) {
      await settings.markNeedsKey(profile.name, profile.baseUrl);
      this.log().info(`${profile.name} learnt it needs a key (a key was entered for ${new URL(profile.baseUrl).origin})`);
    }
    return key;
  }

  /** The stored key of a keyed profile, never asking for one. */
  async storedKey(profile: Profile): Promise<string | undefined> {
    return profile.needsKey ? this.keys.get(profile.baseUrl) : undefined;
  }

  async keyFor(profile: Profile, reason?: string): Promise<string | undefined> {
    if (!profile.needsKey) return undefined;
    const stored = reason ? undefined : await this.keys.get(profile.baseUrl);
    if (stored) return stored;
    const entered = await this.keys.prompt(profile.name, profile.baseUrl, reason);
    if (!entered) {
      throw new ChatError({
        kind: 'config',
        detail: vscode.l10n.t(
          'No API key for {0}. Run "Parley: Set API Key", or set "needsKey": false for a server that takes none.',
          profile.name,
        ),
      });
    }
    return entered;
  }

  /**
   * "Test connection": sends a tiny request that uses the optional parameters Parley may send
   * (a token limit, a temperature, stream_options). Each one the endpoint rejects with a 400
   * is dropped or swapped, and what works is remembered for this profile and model. Then asks
   * the model once each whether it takes tools and images (core/client/supportProbe.ts), and
   * remembers what it says.
   */
  async probe(signal?: AbortSignal): Promise<{ result: StreamResult; caps: EndpointCaps; ms: number; support: ModelSupport }> {
    const done = this.begin();
    try {
      const profile = this.requireProfile();
      const started = Date.now();
      const { result, caps } = await this.send(
        profile,
        PROBE_MESSAGES,
        { purpose: 'test connection', signal, onEvent: () => undefined },
        {
          caps: { ...this.caps(profile), streamOptions: true, temperature: true },
          generation: { ...generationOf(profile), maxTokens: 16, temperature: 0.5 },
        },
      );
      this.log().info(`test connection: ${profile.name} model ${profile.model} accepts ${JSON.stringify(caps)}`);
      const ms = Date.now() - started;
      const key = await this.storedKey(profile);
      const support = await probeSupport(profile, caps, { key, timeouts: settings.timeouts(), log: this.log(), signal });
      await this.rememberCaps(profile, withSupport(this.caps(profile), profile.model, support));
      return { result, caps, ms, support };
    } finally {
      done();
    }
  }

  async run(messages: ChatMessage[], options: RunOptions): Promise<StreamResult> {
    return this.runWith(this.requireProfile(), messages, options);
  }

  /** `run` for a given profile (VS Code's chat picks one of every profile's models), with generation hints over the profile's own. */
  async runWith(
    profile: Profile,
    messages: ChatMessage[],
    options: RunOptions,
    hints: Partial<GenerationOptions> = {},
  ): Promise<StreamResult> {
    const done = this.begin();
    try {
      const budget = await this.contextWindows.budget(profile);
      const { result } = await this.send(profile, messages, options, {
        caps: this.caps(profile),
        generation: { ...generationOf(profile), ...hints },
        budgetTokens: budget.tokens,
      });
      this.logTokenizerLoad();
      return result;
    } finally {
      done();
    }
  }

  private tokenizerLogged = false;

  /** Once: how long the tokenizer took to load (it blocks the extension host while it does). */
  private logTokenizerLoad(): void {
    const ms = tokenizerLoadMs();
    if (ms === undefined || this.tokenizerLogged) return;
    this.tokenizerLogged = true;
    this.log().info(`tokenizer: o200k_base loaded in ${Math.round(ms)} ms`);
  }

  /** The one request loop (core/requestLoop.ts) with this window's keys, memory, settings and log. */
  private send(
    profile: Profile,
    messages: ChatMessage[],
    options: RunOptions,
    tuning: Tuning,
  ): Promise<{ result: StreamResult; caps: EndpointCaps }> {
    return sendAdapting(profile, messages, options, tuning, {
      key: (p, rejected) =>
        this.keyFor(
          p,
          rejected === undefined
            ? undefined
            : vscode.l10n.t('The key for {0} was rejected (HTTP 401: {1}). Enter a new one.', p.name, rejected),
        ),
      known: (p) => this.caps(p),
      remember: (p, caps) => this.rememberCaps(p, caps),
      learnWindow: (p, tokens) => this.contextWindows.learn(p, tokens),
      timeouts: settings.timeouts,
      log: this.log(),
    });
  }
}
