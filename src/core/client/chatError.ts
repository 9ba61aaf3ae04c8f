/**
 * One error type for everything that can go wrong talking to a server, carrying what a
 * person needs: the HTTP status, the server's own words, the request id, and what to do.
 */
export type ChatErrorKind = 'http' | 'network' | 'timeout' | 'aborted' | 'stream' | 'config';

export interface ChatErrorInit {
  kind: ChatErrorKind;
  /** What went wrong, in the server's words where it gave some. */
  detail: string;
  status?: number;
  requestId?: string;
  host?: string;
  retryAfterMs?: number;
  /** What arrived before the failure. */
  partial?: { content: string; reasoning: string };
  /** The error body's `code` (or `type`), e.g. `context_length_exceeded`. */
  code?: string;
  /** The error body as received (cut to a few KB), for fields beyond the message (llama.cpp's `n_ctx`). */
  body?: string;
  /** What to do next, when the caller knows better than the status does. */
  next?: string;
}

export class ChatError extends Error {
  readonly kind: ChatErrorKind;
  readonly detail: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly host?: string;
  readonly retryAfterMs?: number;
  readonly code?: string;
  readonly body?: string;
  partial?: { content: string; reasoning: string };

  constructor(init: ChatErrorInit) {
    super(formatChatError(init));
    this.name = 'ChatError';
    this.kind = init.kind;
    this.detail = init.detail;
    this.status = init.status;
    this.requestId = init.requestId;
    this.host = init.host;
    this.retryAfterMs = init.retryAfterMs;
    this.partial = init.partial;
    this.code = init.code;
    this.body = init.body;
  }
}

export function formatChatError(e: ChatErrorInit): string {
  const where = e.host ? ` from ${e.host}` : '';
  const head =
    e.kind === 'http'
      ? `HTTP ${e.status}${where}: ${e.detail}`
      : e.kind === 'timeout'
        ? `Timed out${where}: ${e.detail}`
        : e.kind === 'network'
          ? `Could not reach ${e.host ?? 'the server'}: ${e.detail}`
          : e.kind === 'aborted'
            ? 'Stopped.'
            : e.detail;
  const id = e.requestId ? ` (request id ${e.requestId})` : '';
  const sentence = `${head}${id}`;
  const next = e.next ?? nextStep(e);
  if (!next) return sentence;
  return `${/[.!?…]$/.test(sentence) ? sentence : `${sentence}.`} ${next}`;
}

function nextStep(e: ChatErrorInit): string {
  if (e.kind === 'http') {
    switch (e.status) {
      case 401:
        return 'The key was rejected: run "Parley: Set API Key" to enter a new one.';
      case 403:
        return 'The key is not allowed to use this model or endpoint: check its permissions.';
      case 404:
        return 'Check the base URL and the model name ("Parley: Choose Model").';
      case 429:
        return e.retryAfterMs !== undefined
          ? `Rate limited: wait ${Math.ceil(e.retryAfterMs / 1000)} s and try again.`
          : 'Rate limited: wait a moment and try again.';
      default:
        if (e.status !== undefined && e.status >= 500) return 'The server failed: try again shortly.';
        return '';
    }
  }
  if (e.kind === 'network') return 'Check the base URL, that the server is running, and your proxy settings.';
  if (e.kind === 'timeout') return 'Try again, or raise the timeouts in settings (parley.timeouts).';
  return '';
}

/** The error body's `code`, else its `type` (llama.cpp's `exceed_context_size_error`), when a string. */
export function codeFromBody(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const error = (json?.error && typeof json.error === 'object' ? json.error : json) as Record<string, unknown>;
    for (const v of [error.code, error.type]) if (typeof v === 'string' && v) return v;
  } catch {
    // Not JSON.
  }
  return undefined;
}

/** Pulls a readable message out of any of the error body shapes servers send. */
export function messageFromBody(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return 'no message in the reply';
  try {
    const json = JSON.parse(trimmed) as unknown;
    const found = findMessage(json);
    if (found) return found;
  } catch {
    // Not JSON: an HTML error page from a proxy, or plain text.
  }
  const plain = trimmed
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 300 ? `${plain.slice(0, 300)}…` : plain || 'no message in the reply';
}

function findMessage(json: unknown): string | undefined {
  if (typeof json === 'string') return json;
  if (!json || typeof json !== 'object') return undefined;
  const o = json as Record<string, unknown>;
  if (typeof o.message === 'string') return o.message;
  if (o.error !== undefined) {
    if (typeof o.error === 'string') return o.error;
    const inner = findMessage(o.error);
    if (inner) return inner;
  }
  if (typeof o.detail === 'string') return o.detail;
  if (Array.isArray(o.detail) && o.detail.length > 0) return JSON.stringify(o.detail[0]);
  return undefined;
}
