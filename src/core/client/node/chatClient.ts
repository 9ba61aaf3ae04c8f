import type OpenAI from 'openai';
import { ChatError, messageFromBody } from '../chatError';
import type { ChatRequestBody } from '../chatRequest';
import { isCompletion, completionAsChunk } from '../completionChunk';
import { ChunkReader, type ChunkLike } from '../chunkReader';
import { retryDelayMs } from '../retryPolicy';
import { readBody, readSse } from '../sseReader';
import { isImageRefusal } from '../imageSupport';
import { isToolsRefusal } from '../toolSupport';
import { createClient, hostOf, toChatError, type Captured, type Timeouts } from './transport';
import type { Endpoint, StreamEvent, StreamResult } from '../../types';

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

/** A chunk's JSON, or the error a server sent inside the stream after its 200. */
function parseChunk(data: string, host: string): ChunkLike {
  const chunk = JSON.parse(data) as ChunkLike & { error?: unknown };
  if (chunk && typeof chunk === 'object' && chunk.error) {
    throw new ChatError({
      kind: 'stream',
      detail: `The server reported an error mid-reply: ${messageFromBody(JSON.stringify(chunk.error))}`,
      host,
    });
  }
  return chunk;
}

/**
 * Reads a reply's body into `reader`: server-sent events as they come, or one whole JSON
 * completion (a profile with `stream: false`, or a server that ignored `stream: true`), which
 * goes through the same reader as the one chunk it is equivalent to.
 */
async function readReply(response: Response, reader: ChunkReader, streamed: boolean, onBytes: () => void, host: string): Promise<void> {
  if (!response.body) return;
  if (!streamed || /application\/json/i.test(response.headers.get('content-type') ?? '')) {
    const whole: unknown = parseChunk(await readBody(() => response.text()), host);
    if (isCompletion(whole)) reader.read(completionAsChunk(whole as { choices: unknown[] } & Record<string, unknown>));
    else
      throw new ChatError({
        kind: 'stream',
        detail: `The server answered with JSON that is not a chat completion: ${JSON.stringify(whole).slice(0, 200)}`,
        host,
      });
    return;
  }
  await readSse(response.body, {
    onBytes, // keep-alive comments are not silence: any bytes restart the idle timer
    onEvent: ({ data }) => {
      if (data.startsWith('[DONE]')) return false;
      reader.read(parseChunk(data, host));
    },
  });
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
    const captured: Captured = {};
    const client = createClient(req.endpoint, req.apiKey, captured);
    const controller = new AbortController();
    const onUserAbort = () => controller.abort();
    req.signal?.addEventListener('abort', onUserAbort, { once: true });
    if (req.signal?.aborted) controller.abort();
    let timedOut: 'first' | 'idle' | undefined;
    let timer = setTimeout(() => {
      timedOut = 'first';
      controller.abort();
    }, req.timeouts.firstTokenMs);
    const resetTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = 'idle';
        controller.abort();
      }, req.timeouts.idleMs);
    };
    const reader = new ChunkReader(req.onEvent);
    try {
      // The SDK sends the request (and throws on an error status); the body is read here.
      const response = await client.chat.completions
        .create(req.body as unknown as OpenAI.ChatCompletionCreateParams, { signal: controller.signal })
        .asResponse();
      reader.result.requestId = response.headers.get('x-request-id') ?? undefined;
      resetTimer();
      await readReply(response, reader, req.body.stream === true, resetTimer, host);
      if (controller.signal.aborted) throw new DOMException('aborted', 'AbortError');
      return reader.end();
    } catch (raw) {
      const error = toChatError(raw, { host, captured, timedOut, timeouts: req.timeouts, userAborted: req.signal?.aborted ?? false });
      // llama.cpp refuses tools and images with a 500 (Ollama images too): the same request would be refused again.
      const delay =
        error.kind === 'aborted' ||
        (error.kind === 'timeout' && timedOut === 'idle') ||
        (error.kind === 'http' && (isToolsRefusal(error.detail) || isImageRefusal(error.detail)))
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
