/**
 * How many prompt tokens a request may use: the model's context window minus room for the
 * reply minus a safety margin for counting with a tokenizer that may not be the model's own.
 */
import { isExactFor } from '../../tokens/node/tokenCount';

/** Where the window came from, for the log and the README's "how the window is found". */
export type WindowOrigin = 'server' | 'profile' | 'overflow' | 'setting';

export interface ContextBudget {
  /** The model's context window in tokens (for `setting`, the budget itself). */
  window: number;
  origin: WindowOrigin;
  /** What the server called it ("max_model_len", "num_ctx"…), when it said. */
  field?: string;
  /** Prompt tokens a request may use. */
  tokens: number;
}

/** Reply room when the profile sets no `maxTokens`: a quarter of the window, at most this. */
export const DEFAULT_REPLY_RESERVE = 4096;
/** No budget below this: a tiny window still gets a question and a short answer through. */
export const MIN_BUDGET = 256;

/**
 * The prompt budget for a known window: the reply's room (`maxTokens`, else a quarter of the
 * window up to 4,096), then a margin of 2% where o200k_base is the model's own tokenizer and
 * 10% where it is an estimate (other tokenizers count code and English within about that).
 */
export function budgetForWindow(window: number, model: string, maxTokens?: number): number {
  const reply = maxTokens ?? Math.min(DEFAULT_REPLY_RESERVE, Math.floor(window / 4));
  const margin = Math.ceil(window * (isExactFor(model) ? 0.02 : 0.1));
  return Math.max(MIN_BUDGET, window - reply - margin);
}

/**
 * The budget for a retry after the server said the request did not fit. With the window it
 * named, the normal budget for that window, scaled down when the server counted more than we
 * did (its tokenizer is not ours); without one, three quarters of what was sent.
 */
export function budgetAfterOverflow(
  sentTokens: number,
  model: string,
  maxTokens: number | undefined,
  limit?: number,
  requested?: number,
): number {
  if (!limit) return Math.max(MIN_BUDGET, Math.floor(sentTokens * 0.75));
  let budget = budgetForWindow(limit, model, maxTokens);
  // `requested` may include the reply's room (vLLM); compare like with like where we can.
  const theirs = requested !== undefined && maxTokens !== undefined && requested > limit ? requested - maxTokens : requested;
  if (theirs && theirs > sentTokens) budget = Math.floor(budget * (sentTokens / theirs));
  return Math.max(MIN_BUDGET, Math.min(budget, Math.floor(sentTokens * 0.9)));
}
