import * as vscode from 'vscode';
import { AdaptiveDebounce, FailurePause } from '../core/autocomplete/debounce';
import { SuggestionCache } from '../core/autocomplete/suggestionCache';
import { cleanCompletion, shouldSuggestAt } from '../core/autocomplete/completionCleanup';
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

/** Near the cursor is enough to clean a reply (its line, the block, the suffix's first lines). */
const CLEANUP_CHARS = 4000;

/**
 * Tab autocomplete: the cache first (typing through a suggestion costs nothing), then after the
 * adaptive wait one request, aborted by the next keystroke (VS Code cancels the token), the
 * reply cleaned into the suggestion or nothing.
 */
export class ParleyInlineProvider implements vscode.InlineCompletionItemProvider {
  readonly stats: AutocompleteStats = { requests: 0, aborted: 0, failures: 0, shown: 0, cacheHits: 0, ownMs: [] };
  readonly cache = new SuggestionCache();
  readonly pause = new FailurePause();
  private readonly debounce = new AdaptiveDebounce();
  private inflight?: AbortController;

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
    if (automatic && !(await waitUnlessCancelled(this.debounce.delayMs(), token))) return undefined;
    const suggestion = await this.ask(document, spot, target, token, ownMs);
    if (suggestion === undefined) return undefined;
    this.cache.set(at, suggestion);
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
    const key = await this.deps.storedKey(profile);
    const ctx = this.deps.contexts.build(document, text, offset, settings.maskSecrets());
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
      this.debounce.answered(repliedAt - sentAt);
      this.pause.succeeded();
      this.deps.status.show({ state: 'on', model, host, kind: reply.kind });
      const suggestion = cleaned(document, text, offset, unmaskSecrets(reply.text, ctx.secrets));
      // A reply that came after the next keystroke still answers from the cache if the user typed into it.
      if (suggestion === undefined || token.isCancellationRequested) return suggestion;
      this.stats.shown++;
      this.stats.lastShownAt = performance.now();
      this.stats.ownMs.push(ownBefore + (sentAt - began) + (this.stats.lastShownAt - repliedAt));
      return suggestion;
    } catch (e) {
      this.failed(e, model, host);
      return undefined;
    } finally {
      cancelled.dispose();
      if (this.inflight === abort) this.inflight = undefined;
    }
  }

  private failed(e: unknown, model: string, host: string): void {
    if (e instanceof SuggestionError && e.aborted) {
      this.stats.aborted++;
      this.deps.status.show({ state: 'on', model, host });
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
    this.pause.reset();
    this.cache.clear();
  }

  dispose(): void {
    this.inflight?.abort();
  }
}

/**
 * Where the suggestion goes. With the suggest widget open, VS Code shows grey text only if it
 * extends the item selected there: the model is asked as if that item were accepted, and the
 * suggestion replaces the item's range with the item's text and what follows.
 */
interface Spot {
  text: string;
  offset: number;
  range: vscode.Range;
  lead: string;
}

function spotOf(document: vscode.TextDocument, position: vscode.Position, selected?: vscode.SelectedCompletionInfo): Spot {
  const text = document.getText();
  if (!selected) return { text, offset: document.offsetAt(position), range: new vscode.Range(position, position), lead: '' };
  const start = document.offsetAt(selected.range.start);
  const end = document.offsetAt(selected.range.end);
  return {
    text: text.slice(0, start) + selected.text + text.slice(end),
    offset: start + selected.text.length,
    range: selected.range,
    lead: selected.text,
  };
}

function cleaned(document: vscode.TextDocument, text: string, offset: number, completion: string): string | undefined {
  return cleanCompletion({
    prefix: text.slice(Math.max(0, offset - CLEANUP_CHARS), offset),
    suffix: text.slice(offset, offset + CLEANUP_CHARS),
    completion,
    languageId: document.languageId,
    eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    tabSize: tabSizeOf(document),
  });
}

function tabSizeOf(document: vscode.TextDocument): number {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const size = editor?.options.tabSize;
  return typeof size === 'number' ? size : 4;
}

/** Waits `ms` unless the keystroke after cancels first: true when the wait ran out. */
function waitUnlessCancelled(ms: number, token: vscode.CancellationToken): Promise<boolean> {
  if (token.isCancellationRequested) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(true);
    }, ms);
    const listener = token.onCancellationRequested(() => {
      clearTimeout(timer);
      listener.dispose();
      resolve(false);
    });
  });
}
