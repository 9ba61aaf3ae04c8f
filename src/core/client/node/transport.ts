/**
 * The HTTP side of a request: an `openai` SDK client set up for one endpoint (it builds the
 * request, Azure's URLs and headers included), a fetch that keeps the error body the SDK throws
 * away, and the mapping of whatever went wrong to a ChatError. No stream parsing here; see
 * chatClient.ts and sseReader.ts.
 */
import type OpenAI from 'openai';
import { ChatError, codeFromBody, messageFromBody } from '../chatError';
import { loadedOpenaiSdk, openaiSdk } from './openaiSdk';
import { serverWaitMs } from '../retryPolicy';
import { BodyReadError } from '../sseReader';
import type { Endpoint } from '../../types';
import { errorMessage } from '../errorMessage';

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
    // A reply's body is read by chatClient.ts itself (sseReader.ts), never by the SDK.
    if (response.ok) return response;
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

export function toChatError(failure: unknown, ctx: ErrorContext): ChatError {
  if (failure instanceof ChatError) return failure;
  // A body that failed mid-read (not a request that never got a response): the cause says why.
  const bodyFailed = failure instanceof BodyReadError;
  const raw = bodyFailed ? failure.cause : failure;
  const { host, captured } = ctx;
  const sdk = loadedOpenaiSdk();
  const APIError = sdk?.APIError;
  if (ctx.timedOut) {
    const detail =
      ctx.timedOut === 'first'
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
    const body = captured.body?.slice(0, 4000);
    return new ChatError({
      kind: 'http',
      status: raw.status,
      detail,
      host,
      requestId: raw.requestID ?? undefined,
      retryAfterMs: retryAfter,
      code: body ? codeFromBody(body) : undefined,
      body,
    });
  }
  if (raw instanceof SyntaxError) {
    return new ChatError({ kind: 'stream', detail: `The server sent a malformed chunk (${raw.message}).`, host });
  }
  // Network failures nest: APIConnectionError -> TypeError('fetch failed') -> Error(ECONNREFUSED).
  let code: string | undefined;
  let message = errorMessage(raw);
  for (let e = raw as { cause?: unknown; code?: string; message?: string } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string') {
      code = e.code;
      message = e.message ?? message;
      break;
    }
    if (e.message && e.message !== 'fetch failed' && e.message !== 'Connection error.') message = e.message;
  }
  if (bodyFailed) {
    return new ChatError({
      kind: 'stream',
      detail: `The connection to ${host} closed before the reply was complete (${code ?? message}). Try again.`,
      host,
    });
  }
  return new ChatError({ kind: 'network', detail: code ? `${code} (${message})` : message, host });
}

/**
 * Lists model ids from `GET /models`. `userAgent`: a list nobody asked for in person (VS Code's
 * chat asking Parley's provider) says who asks, so a server's log can tell it from a user's.
 */
export async function listModels(
  endpoint: Endpoint,
  apiKey: string | undefined,
  signal?: AbortSignal,
  userAgent?: string,
): Promise<string[]> {
  const captured: Captured = {};
  const client = createClient(endpoint, apiKey, captured);
  try {
    const ids: string[] = [];
    for await (const model of client.models.list({ signal, headers: userAgent ? { 'user-agent': userAgent } : undefined }))
      ids.push(model.id);
    return ids.sort();
  } catch (raw) {
    throw toChatError(raw, {
      host: hostOf(endpoint),
      captured,
      timeouts: { firstTokenMs: 0, idleMs: 0 },
      userAborted: signal?.aborted ?? false,
    });
  }
}
