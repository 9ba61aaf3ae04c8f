import * as vscode from 'vscode';
import { AdaptiveDebounce, FailurePause, MAX_DEBOUNCE_MS } from '../core/autocomplete/debounce';
import { SuggestionCache } from '../core/autocomplete/suggestionCache';
import { shouldSuggestAt } from '../core/autocomplete/completionCleanup';
import { SuggestionError } from '../core/autocomplete/node/suggestionRequest';
import { unmaskSecrets } from '../core/context/maskSecrets';
import type { EndpointCaps } from '../core/types';
import type { Profile } from '../core/connection/profiles';
import { hostOf } from '../core/client/node/transport';
import * as settings from '../common/settings';
import type { LogGetter } from '../common/log';
import type { AutocompleteTarget } from './autocompleteSettings';
import type { AutocompleteStatus } from './autocompleteStatus';
import type { CompletionContexts } from './completionContext';
import type { RequestKinds } from '../core/autocomplete/node/requestKinds';
import type { AutocompleteGates } from './autocompleteGates';
import { cleaned, eolOf, spotOf, waitUnlessCancelled, type Spot } from './suggestionSpot';

/** What the provider did, for the tests and the bench. */
export interface AutocompleteStats {
  /** Requests sent, and those the next keystroke aborted. */
  requests: number;
  aborted: number;
  failures: number;
  /** Suggestions returned from a reply, and from the cache (typing through one). */
  shown: number;
  cacheHits: number;
  /** Parley's own time per suggestion from a reply (the call to the request sent, plus the reply to the item), ms. */
  ownMs: number[];
  /** When the last item was returned (performance.now), for the bench's frame check. */
  lastShownAt?: number;
}

export interface ProviderDeps {
  gates: AutocompleteGates;
  contexts: CompletionContexts;
  kinds: RequestKinds;
  status: AutocompleteStatus;
  storedKey(profile: Profile): Promise<string | undefined>;
  caps(profile: Profile): EndpointCaps;
  log: LogGetter;
}

/** Parley's own times kept for the bench: the latest this many. */
const KEEP_TIMES = 1000;
/** A placeholder left in a suggestion (a snippet's, or one the model made up) must never reach the file. */
const PLACEHOLDER = /⟦secret(?: \d+)?⟧/;

/**
 * Tab autocomplete: the cache first (typing through a suggestion costs nothing), then after the
 * adaptive wait one request, aborted by the next keystroke (VS Code cancels the token), the
 * reply cleaned into the suggestion or nothing.
 */
export class ParleyInlineProvider implements vscode.InlineCompletionItemProvider {
  readonly stats: AutocompleteStats = { requests: 0, aborted: 0, failures: 0, shown: 0, cacheHits: 0, ownMs: [] };
  readonly cache = new SuggestionCache();
  readonly pause = new FailurePause();
  private debounce = new AdaptiveDebounce();
  private inflight?: AbortController;
  /** Bumped by `reset`: a reply to a request from before is dropped (turned off, snoozed, another endpoint). */
  private generation = 0;
  /** When each document was last edited (performance.now): VS Code's own wait before calling counts toward Parley's. */
  private readonly editedAt = new Map<string, number>();

  constructor(private readonly deps: ProviderDeps) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const started = performance.now();
    const automatic = context.triggerKind === vscode.InlineCompletionTriggerKind.Automatic;
    if (automatic) this.debounce.keystroke(Date.now());
    const target = await this.deps.gates.allowed(document, this.pause.pausedUntil(Date.now()));
    if (!target || token.isCancellationRequested) return undefined;
    const spot = spotOf(document, position, context.selectedCompletionInfo);
    const at = { uri: document.uri.toString(), prefix: spot.text.slice(0, spot.offset), suffix: spot.text.slice(spot.offset) };
    if (!shouldSuggestAt(at.prefix, at.suffix)) return undefined;
    const cached = this.cache.get(at);
    if (cached !== undefined) {
      this.stats.cacheHits++;
      return [new vscode.InlineCompletionItem(spot.lead + cached, spot.range)];
    }
    const ownMs = performance.now() - started;
    const generation = this.generation;
    // Counted only when the call follows an edit: a cursor moved long after the last one waits in full.
    const editedAt = this.editedAt.get(at.uri);
    const waited = editedAt !== undefined && started - editedAt < MAX_DEBOUNCE_MS ? performance.now() - editedAt : 0;
    if (automatic && !(await waitUnlessCancelled(Math.max(0, this.debounce.delayMs() - waited), token))) return undefined;
    const suggestion = await this.ask(document, spot, target, token, ownMs);
    if (suggestion === undefined || generation !== this.generation) return undefined;
    this.cache.set(at, suggestion, eolOf(document));
    if (token.isCancellationRequested) return undefined;
    return [new vscode.InlineCompletionItem(spot.lead + suggestion, spot.range)];
  }

  private async ask(
    document: vscode.TextDocument,
    { text, offset }: Spot,
    target: AutocompleteTarget,
    token: vscode.CancellationToken,
    ownBefore: number,
  ): Promise<string | undefined> {
    const began = performance.now();
    const { profile, model } = target;
    const generation = this.generation;
    const key = await this.deps.storedKey(profile);
    const ctx = this.deps.contexts.build(document, text, offset, settings.maskSecrets());
    // The key's look-up may have taken a moment: a keystroke or a reset since then sends nothing.
    if (token.isCancellationRequested || generation !== this.generation) return undefined;
    const lineEnd = /^[ \t]*(?:\r?\n|$)/.test(text.slice(offset, offset + 200));
    this.inflight?.abort();
    const abort = (this.inflight = new AbortController());
    const cancelled = token.onCancellationRequested(() => abort.abort());
    const host = hostOf(profile);
    this.deps.status.show({ state: 'busy', model, host });
    this.stats.requests++;
    const sentAt = performance.now();
    try {
      const reply = await this.deps.kinds.ask({
        profile,
        model,
        key,
        prefix: ctx.prefix,
        suffix: ctx.suffix,
        snippets: ctx.snippets,
        filePath: vscode.workspace.asRelativePath(document.uri, false),
        languageId: document.languageId,
        multiLine: lineEnd,
        maxTokensParam: this.deps.caps(profile).maxTokensParam,
        signal: abort.signal,
      });
      const repliedAt = performance.now();
      if (generation !== this.generation) return undefined;
      this.debounce.answered(repliedAt - sentAt);
      this.pause.succeeded();
      this.deps.status.show({ state: 'on', model, host, kind: reply.kind });
      const unmasked = unmaskSecrets(reply.text, ctx.secrets);
      const suggestion = PLACEHOLDER.test(unmasked) ? undefined : cleaned(document, text, offset, unmasked);
      // A reply that came after the next keystroke still answers from the cache if the user typed into it.
      if (suggestion === undefined || token.isCancellationRequested) return suggestion;
      this.stats.shown++;
      this.stats.lastShownAt = performance.now();
      this.stats.ownMs.push(ownBefore + (sentAt - began) + (this.stats.lastShownAt - repliedAt));
      if (this.stats.ownMs.length > KEEP_TIMES) this.stats.ownMs.shift();
      return suggestion;
    } catch (e) {
      if (generation === this.generation) this.failed(e, target, performance.now() - sentAt);
      return undefined;
    } finally {
      cancelled.dispose();
      if (this.inflight === abort) this.inflight = undefined;
    }
  }

  private failed(e: unknown, { profile, model }: AutocompleteTarget, elapsedMs: number): void {
    const host = hostOf(profile);
    if (e instanceof SuggestionError && e.aborted) {
      this.stats.aborted++;
      // The server takes at least this long: without it, a slow server after a fast one is asked at every key.
      this.debounce.answered(elapsedMs);
      this.deps.status.show({ state: 'on', model, host, kind: this.deps.kinds.current(profile.baseUrl, model) });
      return;
    }
    this.stats.failures++;
    this.pause.failed(Date.now());
    const reason =
      e instanceof SuggestionError && e.status ? `HTTP ${e.status} from ${host}: ${e.message}` : `${host}: ${(e as Error).message}`;
    this.deps.log().warn(`autocomplete: ${reason}`);
    this.deps.status.show({ state: 'failed', reason, pausedUntil: this.pause.pausedUntil(Date.now()) });
  }

  /** The menu turned it back on, or the endpoint changed: forget failures and suggestions. */
  reset(): void {
    this.generation++;
    this.inflight?.abort();
    this.pause.reset();
    this.cache.clear();
    this.debounce = new AdaptiveDebounce();
  }

  /** A document changed (typing, a paste, an undo): the wait before asking counts from here. */
  edited(uri: vscode.Uri): void {
    this.editedAt.set(uri.toString(), performance.now());
  }

  closed(uri: vscode.Uri): void {
    this.editedAt.delete(uri.toString());
    this.cache.forgetDocument(uri.toString());
  }

  dispose(): void {
    this.inflight?.abort();
  }
}
