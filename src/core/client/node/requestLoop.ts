/**
 * The one request loop every feature goes through, with what it needs passed in as small
 * interfaces (no `vscode`), so plain-Node tests run it against the test server: a new key
 * asked for once on a 401, and on a 400 that names a parameter a retry without it, once per
 * parameter (a reasoning model may reject `max_tokens` and then `temperature`), so it is
 * bounded by the number of caps. What it learns about the endpoint is remembered. With a
 * budget, the conversation is trimmed to fit it first; a 400 saying the context is too long
 * trims further (to the window the server named, when it did) and retries once. A model that
 * says it takes no tools is remembered as such (toolSupport.ts) and asked again without them.
 */
import { budgetAfterOverflow } from '../../context/node/budget';
import { adaptCapsToRejection, buildChatRequest, type ChatRequestBody } from '../chatRequest';
import { parseContextOverflow, type ContextOverflow } from '../contextOverflow';
import { requestTokens, trimToBudget, type LeftOut } from '../../context/node/trim';
import { streamChat, type Timeouts } from './chatClient';
import { ChatError } from '../chatError';
import { keyWanted, tooLong, toolsUnsupported } from '../loopErrors';
import { isToolsRefusal, toolsRequired, withToolsRefused } from '../toolSupport';
import { endpointOf, type Profile } from '../../connection/profiles';
import type { ChatMessage, EndpointCaps, GenerationOptions, StreamEvent, StreamResult } from '../../types';

export interface RunOptions {
  signal?: AbortSignal;
  onEvent(event: StreamEvent): void;
  /** What the request is for, in the log ("chat", "explain", "rewrite"). */
  purpose: string;
  /** Told what was left out to fit, before each request that leaves something out (and on an overflow retry). */
  onTrim?(report: TrimReport): void;
  /** Told, before the request, that it goes whole (nothing left out, or no window known to fit to). */
  onWhole?(): void;
}

export interface TrimReport {
  leftOut: LeftOut[];
  /** Prompt tokens the request was fitted to. */
  budget: number;
  /** Set when this is the retry after the server said the context was too long. */
  overflow?: { limit?: number; detail: string };
}

export interface RequestLoopDeps {
  /** The stored key (or a prompted one); with `rejected`, the reason a new one is needed. */
  key(profile: Profile, rejected?: string): Promise<string | undefined>;
  /** What is remembered about the endpoint, and remembering more. */
  known(profile: Profile): EndpointCaps;
  remember(profile: Profile, caps: EndpointCaps): Promise<void>;
  /** The window a server named in a context-length error, to use from now on. */
  learnWindow?(profile: Profile, tokens: number): void;
  timeouts(): Timeouts;
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
}

export interface Tuning {
  caps: EndpointCaps;
  generation: GenerationOptions;
  /** Prompt tokens the conversation is trimmed to; undefined sends it as it is. */
  budgetTokens?: number;
}

/** One run of the loop: what it was asked, and what it changes between attempts. */
interface Attempts {
  readonly profile: Profile;
  readonly messages: ChatMessage[];
  readonly options: RunOptions;
  readonly deps: RequestLoopDeps;
  readonly started: number;
  key?: string;
  caps: EndpointCaps;
  generation: GenerationOptions;
  fitted: Fitted;
  askedKey: boolean;
  overflowRetried: boolean;
  /** The caps fields already left out after a rejection: each at most once. */
  adapted: Set<string>;
}

type Fitted = { messages: ChatMessage[]; tokens?: number; upperBound?: boolean };

export async function sendAdapting(
  profile: Profile,
  messages: ChatMessage[],
  options: RunOptions,
  tuning: Tuning,
  deps: RequestLoopDeps,
): Promise<{ result: StreamResult; caps: EndpointCaps }> {
  const endpoint = endpointOf(profile);
  const key = await deps.key(profile);
  const run: Attempts = {
    profile,
    messages,
    options,
    deps,
    key,
    started: Date.now(),
    caps: tuning.caps,
    generation: tuning.generation,
    fitted: fit(messages, tuning.budgetTokens, options),
    askedKey: false,
    overflowRetried: false,
    adapted: new Set<string>(),
  };
  for (;;) {
    const body = buildChatRequest(run.fitted.messages, run.generation, run.caps);
    try {
      const result = await streamChat({
        endpoint,
        apiKey: run.key,
        body,
        signal: options.signal,
        timeouts: deps.timeouts(),
        onEvent: options.onEvent,
        onRetry: (attempt, delay, reason) => deps.log.warn(`${options.purpose}: retry ${attempt} in ${delay} ms after: ${reason}`),
      });
      return { result, caps: await learnFrom(run, result) };
    } catch (error) {
      if (!(error instanceof ChatError)) throw error;
      const partial = !!(error.partial && (error.partial.content || error.partial.reasoning));
      // After part of a reply, nothing is tried again: the user has seen it.
      if (!partial && error.kind === 'http' && (await recovered(run, error, body))) continue;
      throw failed(run, error, partial);
    }
  }
}

/** After a reply: what it showed about the endpoint is remembered, and the request logged. */
async function learnFrom({ profile, deps, options, caps, started }: Attempts, result: StreamResult): Promise<EndpointCaps> {
  const learnt = result.reasoningVia ? { ...caps, reasoningVia: result.reasoningVia } : caps;
  if (JSON.stringify(learnt) !== JSON.stringify(deps.known(profile))) await deps.remember(profile, learnt);
  const usage = result.usage ? ` tokens ${result.usage.promptTokens}+${result.usage.completionTokens}` : '';
  deps.log.info(
    `${options.purpose}: ${profile.name} ${new URL(profile.baseUrl).host} model ${profile.model} ok in ${Date.now() - started} ms, finish ${result.finishReason ?? 'none'}${usage}`,
  );
  return learnt;
}

/**
 * Whether an HTTP error is one to try again after, with what the next attempt changes: a new
 * key after a 401, fewer earlier messages after a context overflow, a parameter left out after
 * a 400 naming it. An overflow nothing more can be trimmed for is thrown as such.
 */
async function recovered(run: Attempts, error: ChatError, body: ChatRequestBody): Promise<boolean> {
  const { profile, options, deps } = run;
  if (error.status === 401 && profile.needsKey && !run.askedKey) {
    run.askedKey = true;
    deps.log.warn(`${options.purpose}: ${profile.name} rejected the key (401); asking for a new one`);
    run.key = await deps.key(profile, error.detail);
    return true;
  }
  const overflow = error.status === 400 || error.status === 413 ? parseContextOverflow(error.detail, error.code, error.body) : undefined;
  if (overflow) {
    if (!run.overflowRetried && trimmedAfterOverflow(run, error, overflow)) return true;
    throw tooLong(error, overflow.limit);
  }
  if (body.tools && (error.status === 400 || error.status === 500) && isToolsRefusal(error.detail)) return toolsLeftOut(run, error);
  return error.status === 400 && (await leftOutRejected(run, error, body));
}

/**
 * The model takes no tools: remembered for it (so it is reported as without tool calling), and
 * the request sent again without them, unless it must call one (then the user hears why).
 */
async function toolsLeftOut(run: Attempts, error: ChatError): Promise<boolean> {
  const model = run.generation.model;
  if (run.adapted.has('tools')) return false;
  run.adapted.add('tools');
  run.caps = withToolsRefused(run.caps, model);
  await run.deps.remember(run.profile, run.caps);
  if (toolsRequired(run.generation.toolChoice)) throw toolsUnsupported(error, model);
  run.deps.log.warn(`${run.options.purpose}: ${run.profile.name} model ${model} takes no tools (${error.detail}); retrying without them`);
  return true;
}

/** Once per run: trims to the window the server named (or below what was sent); false when that trims nothing. */
function trimmedAfterOverflow(run: Attempts, error: ChatError, overflow: ContextOverflow): boolean {
  const { profile, options, deps, fitted } = run;
  run.overflowRetried = true;
  if (overflow.limit) deps.learnWindow?.(profile, overflow.limit);
  // A reply room that alone takes most of the window is what overflowed: shrink it too.
  if (overflow.limit && run.generation.maxTokens !== undefined && run.generation.maxTokens > overflow.limit / 2) {
    run.generation = { ...run.generation, maxTokens: Math.floor(overflow.limit / 4) };
  }
  const sent = fitted.tokens !== undefined && !fitted.upperBound ? fitted.tokens : requestTokens(fitted.messages);
  const budget = budgetAfterOverflow(sent, run.generation.model, run.generation.maxTokens, overflow.limit, overflow.requested);
  const retry = trimToBudget(run.messages, budget);
  if (retry.tokens >= sent) return false;
  deps.log.warn(
    `${options.purpose}: ${profile.name} said the context is too long (${error.detail}); retrying once with ${retry.tokens} of ${sent} tokens`,
  );
  run.fitted = retry;
  options.onTrim?.({ leftOut: retry.leftOut, budget, overflow: { limit: overflow.limit, detail: error.detail } });
  return true;
}

/** A 400 naming a parameter: the caps without it (each parameter once), remembered for the endpoint. */
async function leftOutRejected(run: Attempts, error: ChatError, body: ChatRequestBody): Promise<boolean> {
  const next = adaptCapsToRejection(error.detail, body, run.caps);
  const changed = next ? changedCaps(run.caps, next) : [];
  if (!next || changed.length === 0 || changed.some((k) => run.adapted.has(k))) return false;
  changed.forEach((k) => run.adapted.add(k));
  run.caps = next;
  await run.deps.remember(run.profile, next);
  run.deps.log.info(
    `${run.options.purpose}: ${run.profile.name} rejected a parameter (${error.detail}); retrying with ${JSON.stringify(next)}`,
  );
  return true;
}

/** The error the run ends with, logged unless the user stopped it. */
function failed({ profile, options, deps, started }: Attempts, error: ChatError, partial: boolean): ChatError {
  // No key was sent, so none was rejected: the server wants one (llama.cpp restarted with --api-key).
  const failure = !partial && error.kind === 'http' && error.status === 401 && !profile.needsKey ? keyWanted(error, profile) : error;
  if (failure.kind !== 'aborted') {
    deps.log.error(
      `${options.purpose}: ${profile.name} model ${profile.model} failed after ${Date.now() - started} ms: ${failure.message}`,
    );
  }
  return failure;
}

/** The conversation trimmed to the budget (told to `onTrim` when something was left out). */
function fit(messages: ChatMessage[], budget: number | undefined, options: RunOptions): Fitted {
  // Without a budget nothing is counted (the tokenizer stays unloaded) unless the server overflows.
  if (budget === undefined) {
    options.onWhole?.();
    return { messages };
  }
  const trimmed = trimToBudget(messages, budget);
  if (trimmed.leftOut.length > 0) options.onTrim?.({ leftOut: trimmed.leftOut, budget });
  else options.onWhole?.();
  return trimmed;
}

/** The caps fields that differ between two sets of caps. */
function changedCaps(before: EndpointCaps, after: EndpointCaps): string[] {
  return (Object.keys(after) as (keyof EndpointCaps)[]).filter((k) => before[k] !== after[k]);
}
