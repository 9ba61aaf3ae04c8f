import { budgetForWindow, type ContextBudget } from '../core/context/node/budget';
import { lookUpWindow, type FoundWindow } from '../core/connection/contextWindow';
import { endpointOf, type Profile } from '../core/connection/profiles';
import * as settings from '../common/settings';
import type { LogGetter } from '../common/log';
import type { KeyStore } from './keyStore';

/** Per ask; the whole look-up (at most five asks, most answer at the first) is capped at twice this. */
export const WINDOW_LOOKUP_TIMEOUT_MS = 1500;

/**
 * The context window of each profile's model, asked of its server the first time a request
 * needs it (never at activation) and kept for the window; a window a server names in a
 * context-length error replaces it. The stored key goes only to the profile's own origin,
 * and no key is ever asked for here.
 */
export class ContextWindows {
  private readonly found = new Map<string, Promise<FoundWindow | undefined>>();
  private readonly learnt = new Map<string, number>();

  constructor(
    private readonly keys: KeyStore,
    private readonly log: LogGetter,
  ) {}

  private id(profile: Profile): string {
    return `${profile.name}|${profile.baseUrl}|${profile.model}`;
  }

  /** The prompt budget for the profile: the server's window, else the profile's, else parley.contextBudgetTokens. */
  async budget(profile: Profile): Promise<ContextBudget> {
    const learnt = this.learnt.get(this.id(profile));
    if (learnt) return { window: learnt, origin: 'overflow', tokens: budgetForWindow(learnt, profile.model, profile.maxTokens) };
    const server = await this.fromServer(profile);
    if (server)
      return {
        window: server.tokens,
        origin: 'server',
        field: server.field,
        tokens: budgetForWindow(server.tokens, profile.model, profile.maxTokens),
      };
    if (profile.contextWindow)
      return {
        window: profile.contextWindow,
        origin: 'profile',
        tokens: budgetForWindow(profile.contextWindow, profile.model, profile.maxTokens),
      };
    const setting = settings.contextBudgetTokens();
    return { window: setting, origin: 'setting', tokens: setting };
  }

  /** A window the server named when it refused a request as too long. */
  learn(profile: Profile, tokens: number): void {
    this.learnt.set(this.id(profile), tokens);
    this.log().info(`context window: ${profile.name} model ${profile.model} has ${tokens} tokens (from a context-length error)`);
  }

  private fromServer(profile: Profile): Promise<FoundWindow | undefined> {
    const id = this.id(profile);
    let pending = this.found.get(id);
    if (!pending) {
      pending = this.ask(profile);
      this.found.set(id, pending);
    }
    return pending;
  }

  private async ask(profile: Profile): Promise<FoundWindow | undefined> {
    const started = Date.now();
    const apiKey = profile.needsKey ? await this.keys.get(profile.baseUrl) : undefined;
    const found = await lookUpWindow({
      endpoint: endpointOf(profile),
      model: profile.model,
      apiKey,
      timeoutMs: WINDOW_LOOKUP_TIMEOUT_MS,
      signal: AbortSignal.timeout(2 * WINDOW_LOOKUP_TIMEOUT_MS),
    });
    this.log().info(
      found
        ? `context window: ${profile.name} model ${profile.model} has ${found.tokens} tokens (${found.source} ${found.field}, ${Date.now() - started} ms)`
        : `context window: ${profile.name} did not say the window of ${profile.model} (${Date.now() - started} ms); using ${profile.contextWindow ? "the profile's contextWindow" : 'parley.contextBudgetTokens'}`,
    );
    return found;
  }

  /** Forgets every window, as a new window would (for the tests). */
  forget(): void {
    this.found.clear();
    this.learnt.clear();
  }
}
