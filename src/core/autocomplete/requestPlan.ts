/**
 * Which kind of request asks an endpoint for a suggestion, found by trying them best first and
 * remembered (keep one state per base URL and model, in globalState: it is plain JSON).
 *
 * Best first:
 * 1. `completions`: `POST /completions` with `prompt` and `suffix` (OpenAI's legacy completions;
 *    Ollama, vLLM, DeepSeek, Mistral's Codestral take `suffix`);
 * 2. `infill`: llama.cpp's `POST /infill` (`input_prefix`, `input_suffix`, `input_extra`
 *    as `{filename, text}` snippets), only when the server is llama.cpp;
 * 3. `fimPrompt`: `prompt` alone with the model family's own FIM tokens, only when the family
 *    is known (an unknown family has no template: skipped);
 * 4. `chat`: Chat Completions with a fill-in instruction, for endpoints with nothing else.
 *
 * On llama.cpp `infill` takes the place of `completions`: its `/v1/completions` takes `suffix`
 * and ignores it (llama-server b1-80fb11a answers 200 from the prompt alone; older ones refused
 * it with a 500, "Unsupported param: suffix"), so a suggestion from there would be written
 * blind to the code after the cursor. `/infill` builds the prompt from the model's own FIM
 * tokens (read from the GGUF) and places `input_extra` the way the model was trained (the
 * repo-level pattern when it has those tokens). A model without FIM tokens fails it with 501:
 * then `fimPrompt` or `chat`. The server says it is llama.cpp in its `Server` header, so the first
 * answer from it (whatever the kind) tells.
 *
 * A failure moves on only when it says this kind of request is not served: 404, 405, 501, a
 * 400 or 422 refusing the request's shape, a 500 naming a parameter it does not support. A key
 * problem (401, 403), a busy or failing server (408, 429, 5xx), a prompt too long for the
 * context, a model that is not there, or no answer at all is no verdict: the kind stays.
 * Success pins the kind. A kind ruled out is tried again after `RECHECK_MS` (servers upgrade).
 */
import { parseContextOverflow } from '../client/contextOverflow';

export type RequestKind = 'completions' | 'infill' | 'fimPrompt' | 'chat';

export const REQUEST_KINDS: readonly RequestKind[] = ['completions', 'infill', 'fimPrompt', 'chat'];

/** What is known of the endpoint when choosing. */
export interface EndpointTraits {
  /** The server is llama.cpp's (llama-server). */
  llamaCpp: boolean;
  /** The model's family has a FIM template. */
  familyKnown: boolean;
}

/** The remembered probe, as stored: the kind that worked, and when each kind that failed was ruled out. */
export interface ProbeState {
  pinned?: RequestKind;
  ruledOut: Partial<Record<RequestKind, number>>;
}

/** How a request failed: the HTTP status when there was one, and the server's message. */
export interface RequestFailure {
  status?: number;
  message?: string;
}

/** A week: long enough not to waste requests, short enough to notice an upgraded server. */
export const RECHECK_MS = 7 * 24 * 60 * 60 * 1000;

export const FRESH_PROBE: ProbeState = { ruledOut: {} };

/** The kinds worth trying at this endpoint, best first. */
export function requestOrder(traits: EndpointTraits): RequestKind[] {
  const order: RequestKind[] = [traits.llamaCpp ? 'infill' : 'completions'];
  if (traits.familyKnown) order.push('fimPrompt');
  order.push('chat');
  return order;
}

/** The kind to send now: the pinned one, else the best not ruled out; undefined when none is left. */
export function nextKind(state: ProbeState, traits: EndpointTraits, nowMs: number): RequestKind | undefined {
  const order = requestOrder(traits);
  if (state.pinned && order.includes(state.pinned)) return state.pinned;
  return order.find((kind) => !isRuledOut(state, kind, nowMs));
}

function isRuledOut(state: ProbeState, kind: RequestKind, nowMs: number): boolean {
  const at = state.ruledOut[kind];
  return at !== undefined && nowMs - at < RECHECK_MS;
}

/** `kind` answered: it is the one to use from now on. */
export function afterSuccess(state: ProbeState, kind: RequestKind): ProbeState {
  const ruledOut = { ...state.ruledOut };
  delete ruledOut[kind];
  return { pinned: kind, ruledOut };
}

/** `kind` failed at `nowMs`: ruled out (and unpinned) when the failure says it is not served, else unchanged. */
export function afterFailure(state: ProbeState, kind: RequestKind, failure: RequestFailure, nowMs: number): ProbeState {
  if (!saysNotServed(failure)) return state;
  return { pinned: state.pinned === kind ? undefined : state.pinned, ruledOut: { ...state.ruledOut, [kind]: nowMs } };
}

const NOT_SERVED = new Set([404, 405, 501]);
const REFUSED_SHAPE = new Set([400, 422]);
/** A 500 that is a refusal of the request, not a crash: llama.cpp's "Unsupported param: suffix". */
const UNSUPPORTED =
  /unsupported|not (?:currently )?supported|unrecognized (?:request )?(?:argument|param)|unknown (?:field|param)|extra (?:fields|inputs) not permitted|does not support/i;
/** A 404 or 400 about the model, not the endpoint (Ollama's "model 'x' not found"): a setting to fix. */
const MODEL_MISSING = /\bmodel\b[^\n]*\bnot found|no such model|model_not_found|model does not exist/i;

/** True when `failure` says this kind of request is not served here, rather than anything else. */
export function saysNotServed(failure: RequestFailure): boolean {
  const { status, message = '' } = failure;
  if (status === undefined || MODEL_MISSING.test(message)) return false;
  if (NOT_SERVED.has(status)) return true;
  if (REFUSED_SHAPE.has(status)) return parseContextOverflow(message) === undefined;
  return status === 500 && UNSUPPORTED.test(message);
}

/** A stored probe read back; anything malformed (an older format, a hand edit) is a fresh probe. */
export function readProbeState(json: unknown): ProbeState {
  if (typeof json !== 'object' || json === null) return FRESH_PROBE;
  const { pinned, ruledOut } = json as Record<string, unknown>;
  const state: ProbeState = { ruledOut: {} };
  if (isKind(pinned)) state.pinned = pinned;
  if (typeof ruledOut === 'object' && ruledOut !== null)
    for (const [kind, at] of Object.entries(ruledOut))
      if (isKind(kind) && typeof at === 'number' && Number.isFinite(at)) state.ruledOut[kind] = at;
  return state;
}

function isKind(value: unknown): value is RequestKind {
  return typeof value === 'string' && (REQUEST_KINDS as readonly string[]).includes(value);
}
