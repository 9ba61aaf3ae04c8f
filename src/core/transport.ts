/**
 * The HTTP side of a request: an `openai` SDK client set up for one endpoint, a fetch that keeps
 * what the SDK throws away (the error body, a cut connection, keep-alive bytes), and the mapping
 * of whatever went wrong to a ChatError. No stream parsing here; see chatClient.ts.
 */
import type OpenAI from 'openai';
import { ChatError, messageFromBody } from './chatError';
import { chunkAsSse, completionAsChunk, isCompletion } from './completionChunk';
import { loadedOpenaiSdk, openaiSdk } from './openaiSdk';
import { serverWaitMs } from './retryPolicy';
import type { Endpoint } from './types';

export interface Timeouts {
  /** From sending the request to the first chunk, including the connection. */
  firstTokenMs: number;
  /** Longest silence allowed between two chunks. */
  idleMs: number;
}

/** The error body and headers of the last non-2xx response, which the SDK does not keep whole. */
export interface Captured {
  status?: number;
  body?: string;
  headers?: Headers;
  /** Set when the response body failed (connection cut); the SDK ends such a stream quietly. */
  bodyError?: unknown;
  /** Called for every piece of the body, SSE comments (keep-alives) included. */
  onBytes?: () => void;
  /** The request asked for a stream, so a whole JSON completion in reply must be converted. */
  expectsStream?: boolean;
}

/** Passes a response body through, noting whether it failed rather than ended. */
function watchBody(body: ReadableStream<Uint8Array>, captured: Captured): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else {
          captured.onBytes?.();
          controller.enqueue(value);
        }
      } catch (e) {
        captured.bodyError = e;
        controller.error(e);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * A server that ignored `stream: true` answered with one JSON completion; the SDK would parse
 * it as SSE and find nothing. Hand the SDK the equivalent one-chunk stream instead. A body
 * that is not a completion is passed on unchanged.
 */
async function completionAsStream(response: Response): Promise<Response> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const headers = new Headers(response.headers);
  if (!isCompletion(parsed)) return new Response(text, { status: response.status, statusText: response.statusText, headers });
  headers.set('content-type', 'text/event-stream');
  headers.delete('content-length');
  return new Response(chunkAsSse(completionAsChunk(parsed as { choices: unknown[] })), { status: response.status, statusText: response.statusText, headers });
}

/**
 * Creates an SDK client for one request. Every option the SDK would otherwise read from the
 * environment (base URL, key, organisation, project) is given explicitly, and the SDK's own
 * retries are off: ours cap the server's wait and never retry once output has started.
 */
export function createClient(endpoint: Endpoint, apiKey: string | undefined, captured: Captured): OpenAI {
  const capturingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    captured.status = response.status;
    captured.headers = response.headers;
    if (response.ok) {
      if (captured.expectsStream && /application\/json/i.test(response.headers.get('content-type') ?? '')) {
        return await completionAsStream(response);
      }
      if (!response.body) return response;
      return new Response(watchBody(response.body, captured), { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    const body = await response.text().catch(() => '');
    captured.body = body;
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  const headers: Record<string, string | null> = { ...endpoint.headers };
  if (apiKey === undefined) {
    // The SDK insists on a key; an explicit null header tells it none is wanted.
    headers.Authorization = null;
    headers['api-key'] = null;
  }
  const common = {
    apiKey: apiKey ?? 'unused',
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: 24 * 60 * 60 * 1000, // our own timers decide; see streamChat
    fetch: capturingFetch,
    defaultHeaders: headers,
    logLevel: 'off' as const,
  };
  const sdk = openaiSdk();
  if (endpoint.apiStyle === 'azure') {
    return new sdk.AzureOpenAI({
      ...common,
      endpoint: endpoint.baseUrl,
      apiVersion: endpoint.apiVersion || '2024-10-21',
      deployment: endpoint.deployment,
    });
  }
  return new sdk.OpenAI({ ...common, baseURL: endpoint.baseUrl });
}

export function hostOf(endpoint: Endpoint): string {
  try {
    return new URL(endpoint.baseUrl).host;
  } catch {
    return endpoint.baseUrl;
  }
}

export interface ErrorContext {
  host: string;
  captured: Captured;
  timedOut?: 'first' | 'idle';
  timeouts: Timeouts;
  userAborted: boolean;
}

export function toChatError(raw: unknown, ctx: ErrorContext): ChatError {
  if (raw instanceof ChatError) return raw;
  const { host, captured } = ctx;
  const sdk = loadedOpenaiSdk();
  const APIError = sdk?.APIError;
  if (ctx.timedOut) {
    const detail = ctx.timedOut === 'first'
      ? `no reply within ${Math.round(ctx.timeouts.firstTokenMs / 1000)} s.`
      : `the reply stalled for ${Math.round(ctx.timeouts.idleMs / 1000)} s.`;
    return new ChatError({ kind: 'timeout', detail, host });
  }
  if (ctx.userAborted || (sdk !== undefined && raw instanceof sdk.APIUserAbortError) || (raw as Error)?.name === 'AbortError') {
    return new ChatError({ kind: 'aborted', detail: 'Stopped.', host });
  }
  if (APIError && raw instanceof APIError && raw.status !== undefined) {
    const detail = captured.body !== undefined ? messageFromBody(captured.body) : raw.message;
    const retryAfter = serverWaitMs(captured.headers);
    return new ChatError({ kind: 'http', status: raw.status, detail, host, requestId: raw.requestID ?? undefined, retryAfterMs: retryAfter });
  }
  if (APIError && raw instanceof APIError && raw.error !== undefined) {
    // An error object sent inside the stream after a 200.
    return new ChatError({ kind: 'stream', detail: `The server reported an error mid-reply: ${messageFromBody(JSON.stringify(raw.error))}`, host });
  }
  if (raw instanceof SyntaxError) {
    return new ChatError({ kind: 'stream', detail: `The server sent a malformed chunk (${raw.message}).`, host });
  }
  // Network failures nest: APIConnectionError -> TypeError('fetch failed') -> Error(ECONNREFUSED).
  let code: string | undefined;
  let message = (raw as Error)?.message ?? String(raw);
  for (let e = raw as { cause?: unknown; code?: string; message?: string } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string') {
      code = e.code;
      message = e.message ?? message;
      break;
    }
    if (e.message && e.message !== 'fetch failed' && e.message !== 'Connection error.') message = e.message;
  }
  if (captured.bodyError !== undefined) {
    return new ChatError({ kind: 'stream', detail: `The connection to ${host} closed before the reply was complete (${code ?? message}). Try again.`, host });
  }
  return new ChatError({ kind: 'network', detail: code ? `${code} (${message})` : message, host });
}

/** Lists model ids from `GET /models`. */
export async function listModels(endpoint: Endpoint, apiKey: string | undefined, signal?: AbortSignal): Promise<string[]> {
  const captured: Captured = {};
  const client = createClient(endpoint, apiKey, captured);
  try {
    const ids: string[] = [];
    for await (const model of client.models.list({ signal })) ids.push(model.id);
    return ids.sort();
  } catch (raw) {
    throw toChatError(raw, { host: hostOf(endpoint), captured, timeouts: { firstTokenMs: 0, idleMs: 0 }, userAborted: signal?.aborted ?? false });
  }
}
