/**
 * The one request loop every feature goes through, with what it needs passed in as small
 * interfaces (no `vscode`), so plain-Node tests run it against the test server: a new key
 * asked for once on a 401, and on a 400 that names a parameter a retry without it, once per
 * parameter (a reasoning model may reject `max_tokens` and then `temperature`), so it is
 * bounded by the number of caps. What it learns about the endpoint is remembered.
 */
import { adaptCapsToRejection, buildChatRequest } from './chatRequest';
import { streamChat, type Timeouts } from './chatClient';
import { ChatError } from './chatError';
import { endpointOf, type Profile } from './profiles';
import type { ChatMessage, EndpointCaps, GenerationOptions, StreamEvent, StreamResult } from './types';

export interface RunOptions {
  signal?: AbortSignal;
  onEvent(event: StreamEvent): void;
  /** What the request is for, in the log ("chat", "explain", "rewrite"). */
  purpose: string;
}

export interface RequestLoopDeps {
  /** The stored key (or a prompted one); with `rejected`, the reason a new one is needed. */
  key(profile: Profile, rejected?: string): Promise<string | undefined>;
  /** What is remembered about the endpoint, and remembering more. */
  known(profile: Profile): EndpointCaps;
  remember(profile: Profile, caps: EndpointCaps): Promise<void>;
  timeouts(): Timeouts;
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
}

export interface Tuning {
  caps: EndpointCaps;
  generation: GenerationOptions;
}

export async function sendAdapting(profile: Profile, messages: ChatMessage[], options: RunOptions, tuning: Tuning, deps: RequestLoopDeps): Promise<{ result: StreamResult; caps: EndpointCaps }> {
  const endpoint = endpointOf(profile);
  let key = await deps.key(profile);
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
        timeouts: deps.timeouts(),
        onEvent: options.onEvent,
        onRetry: (attempt, delay, reason) => deps.log.warn(`${options.purpose}: retry ${attempt} in ${delay} ms after: ${reason}`),
      });
      const learnt = result.reasoningVia ? { ...caps, reasoningVia: result.reasoningVia } : caps;
      if (JSON.stringify(learnt) !== JSON.stringify(deps.known(profile))) await deps.remember(profile, learnt);
      const usage = result.usage ? ` tokens ${result.usage.promptTokens}+${result.usage.completionTokens}` : '';
      deps.log.info(`${options.purpose}: ${profile.name} ${new URL(profile.baseUrl).host} model ${profile.model} ok in ${Date.now() - started} ms, finish ${result.finishReason ?? 'none'}${usage}`);
      return { result, caps: learnt };
    } catch (error) {
      if (!(error instanceof ChatError)) throw error;
      const partial = error.partial && (error.partial.content || error.partial.reasoning);
      if (!partial && error.kind === 'http' && error.status === 401 && profile.needsKey && !askedKey) {
        askedKey = true;
        deps.log.warn(`${options.purpose}: ${profile.name} rejected the key (401); asking for a new one`);
        key = await deps.key(profile, error.detail);
        continue;
      }
      const next = !partial && error.kind === 'http' && error.status === 400 ? adaptCapsToRejection(error.detail, body, caps) : undefined;
      const changed = next ? changedCaps(caps, next) : [];
      if (next && changed.length > 0 && !changed.some((k) => adapted.has(k))) {
        changed.forEach((k) => adapted.add(k));
        caps = next;
        await deps.remember(profile, caps);
        deps.log.info(`${options.purpose}: ${profile.name} rejected a parameter (${error.detail}); retrying with ${JSON.stringify(caps)}`);
        continue;
      }
      if (error.kind !== 'aborted') {
        deps.log.error(`${options.purpose}: ${profile.name} model ${profile.model} failed after ${Date.now() - started} ms: ${error.message}`);
      }
      throw error;
    }
  }
}

/** The caps fields that differ between two sets of caps. */
function changedCaps(before: EndpointCaps, after: EndpointCaps): string[] {
  return (Object.keys(after) as (keyof EndpointCaps)[]).filter((k) => before[k] !== after[k]);
}
