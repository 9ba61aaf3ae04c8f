import type OpenAI from 'openai';
import { ChatError } from './chatError';
import type { ChatRequestBody } from './chatRequest';
import { isCompletion, completionAsChunk } from './completionChunk';
import { ChunkReader } from './chunkReader';
import { retryDelayMs } from './retryPolicy';
import { createClient, hostOf, toChatError, type Captured, type Timeouts } from './transport';
import type { Endpoint, StreamEvent, StreamResult } from './types';

export type { Timeouts } from './transport';
export { listModels } from './transport';

export interface StreamChatRequest {
  endpoint: Endpoint;
  /** Undefined for endpoints that need no key: no Authorization header is sent then. */
  apiKey?: string;
  body: ChatRequestBody;
  signal?: AbortSignal;
  timeouts: Timeouts;
  maxRetries?: number;
  onEvent(event: StreamEvent): void;
  onRetry?(attempt: number, delayMs: number, reason: string): void;
}

/** The chunks of a reply: a stream's as they come, or a whole completion as its one chunk. */
async function* chunksOf(data: unknown): AsyncIterable<OpenAI.ChatCompletionChunk> {
  if (data && typeof (data as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    yield* data as AsyncIterable<OpenAI.ChatCompletionChunk>;
  } else if (isCompletion(data)) {
    yield completionAsChunk(data) as unknown as OpenAI.ChatCompletionChunk;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ChatError({ kind: 'aborted', detail: 'Stopped.' }));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ChatError({ kind: 'aborted', detail: 'Stopped.' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Streams one chat completion, calling `onEvent` for each piece of answer or reasoning as it
 * arrives. Resolves with the whole reply; rejects with a ChatError that carries what arrived.
 */
export async function streamChat(req: StreamChatRequest): Promise<StreamResult> {
  const host = hostOf(req.endpoint);
  const maxRetries = req.maxRetries ?? 2;
  for (let attempt = 0; ; attempt++) {
    const captured: Captured = { expectsStream: req.body.stream === true };
    const client = createClient(req.endpoint, req.apiKey, captured);
    const controller = new AbortController();
    const onUserAbort = () => controller.abort();
    req.signal?.addEventListener('abort', onUserAbort, { once: true });
    if (req.signal?.aborted) controller.abort();
    let timedOut: 'first' | 'idle' | undefined;
    let timer = setTimeout(() => { timedOut = 'first'; controller.abort(); }, req.timeouts.firstTokenMs);
    const resetTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { timedOut = 'idle'; controller.abort(); }, req.timeouts.idleMs);
    };
    const reader = new ChunkReader(req.onEvent);
    try {
      // A profile with `stream: false` gets one ChatCompletion back; chunksOf makes it a chunk.
      const { data, response } = await client.chat.completions
        .create(req.body as unknown as OpenAI.ChatCompletionCreateParams, { signal: controller.signal })
        .withResponse();
      reader.result.requestId = response.headers.get('x-request-id') ?? undefined;
      resetTimer();
      // Keep-alive comments are not silence: any bytes restart the idle timer.
      captured.onBytes = resetTimer;
      for await (const chunk of chunksOf(data)) {
        resetTimer();
        reader.read(chunk);
      }
      // The SDK ends a stream quietly on abort and on a cut connection: tell them apart here.
      if (controller.signal.aborted) throw new DOMException('aborted', 'AbortError');
      if (captured.bodyError) throw captured.bodyError;
      return reader.end();
    } catch (raw) {
      const error = toChatError(raw, { host, captured, timedOut, timeouts: req.timeouts, userAborted: req.signal?.aborted ?? false });
      const delay = error.kind === 'aborted' || error.kind === 'timeout' && timedOut === 'idle'
        ? undefined
        : retryDelayMs({ attempt, maxRetries, status: error.status, headers: captured.headers, outputStarted: reader.started });
      if (delay !== undefined) {
        req.onRetry?.(attempt + 1, delay, error.message);
        await sleep(delay, req.signal);
        continue;
      }
      error.partial = { content: reader.result.content, reasoning: reader.result.reasoning };
      throw error;
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onUserAbort);
    }
  }
}

