/**
 * When to retry a failed request. Only before any output arrived (a retry after output
 * would duplicate text), at most `maxRetries` times, honouring the server's wait up to a cap.
 */
export const MAX_SERVER_WAIT_MS = 60_000;

export interface RetryInput {
  /** 0 for the first retry. */
  attempt: number;
  maxRetries: number;
  /** HTTP status, or undefined for a connection failure before a response. */
  status?: number;
  /** Response headers, lower-case names. */
  headers?: { get(name: string): string | null };
  outputStarted: boolean;
  now?: number;
  random?: () => number;
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Milliseconds the server asked us to wait (`retry-after-ms`, `retry-after` seconds or date). */
export function serverWaitMs(headers: RetryInput['headers'], now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw.trim());
  if (raw.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Delay before the next try, or undefined when the failure should be reported instead. */
export function retryDelayMs(input: RetryInput): number | undefined {
  if (input.outputStarted || input.attempt >= input.maxRetries) return undefined;
  if (input.status !== undefined && !isRetryableStatus(input.status)) return undefined;
  const asked = serverWaitMs(input.headers, input.now);
  if (asked !== undefined) return asked <= MAX_SERVER_WAIT_MS ? asked : undefined;
  const base = Math.min(500 * 2 ** input.attempt, 8_000);
  const jitter = 1 - (input.random ?? Math.random)() * 0.25;
  return Math.round(base * jitter);
}
