/**
 * The model's context window, as the server says it: OpenRouter, vLLM, Groq, Mistral and
 * Together put it in the OpenAI-style model list; LM Studio and Ollama in their own APIs. Only
 * ever asked on the profile's own origin (so the key, when sent, goes nowhere else), never
 * following a redirect, each ask with a short timeout. No vscode import: unit-tested in Node.
 */
import type { Endpoint } from '../types';

export type WindowSource = 'openai-models' | 'lmstudio' | 'ollama' | 'llamacpp';

export interface FoundWindow {
  tokens: number;
  source: WindowSource;
  /** What the number is, for the log ("max_model_len", "num_ctx"…). */
  field: string;
}

/** Fields of an OpenAI-style `/models` entry that give the window, in order of trust. */
const LIST_FIELDS = ['max_model_len', 'context_length', 'context_window', 'max_context_length'] as const;

const positive = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined);

/**
 * From `GET {baseUrl}/models`: vLLM `max_model_len`, OpenRouter and Together `context_length`
 * (OpenRouter's `top_provider.context_length` when only that is set), Groq `context_window`,
 * Mistral `max_context_length`. The entry must be the profile's model.
 */
export function windowFromModelList(body: unknown, model: string): FoundWindow | undefined {
  const entry = entryFor(body, model, 'id');
  if (!entry) return undefined;
  for (const field of LIST_FIELDS) {
    const tokens = positive(entry[field]);
    if (tokens) return { tokens, source: 'openai-models', field };
  }
  const top = entry.top_provider as Record<string, unknown> | undefined;
  const tokens = positive(top?.context_length);
  return tokens ? { tokens, source: 'openai-models', field: 'top_provider.context_length' } : undefined;
}

/**
 * From LM Studio's `GET /api/v0/models`: `loaded_context_length` (what the loaded model was
 * given) before `max_context_length` (what it could take).
 */
export function windowFromLmStudio(body: unknown, model: string): FoundWindow | undefined {
  const entry = entryFor(body, model, 'id');
  if (!entry) return undefined;
  for (const field of ['loaded_context_length', 'max_context_length']) {
    const tokens = positive(entry[field]);
    if (tokens) return { tokens, source: 'lmstudio', field };
  }
  return undefined;
}

/**
 * Ollama's context when the model sets no `num_ctx` and is not loaded: its smallest documented
 * default (4k below 24 GiB of VRAM; more with more VRAM or OLLAMA_CONTEXT_LENGTH), the safe guess.
 */
export const OLLAMA_DEFAULT_NUM_CTX = 4096;

/**
 * From Ollama's `POST /api/show`: `num_ctx` in `parameters` is what Ollama actually runs with;
 * without it (and without `/api/ps` saying, see below) Ollama's smallest default, never more than
 * the model's own `<arch>.context_length`. The field says which.
 */
export function windowFromOllamaShow(body: unknown): FoundWindow | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const o = body as Record<string, unknown>;
  const params = typeof o.parameters === 'string' ? o.parameters : '';
  const numCtx = /^\s*num_ctx\s+(\d+)\s*$/m.exec(params);
  if (numCtx && Number(numCtx[1]) > 0) return { tokens: Number(numCtx[1]), source: 'ollama', field: 'num_ctx' };
  const info = o.model_info as Record<string, unknown> | undefined;
  if (!info || typeof info !== 'object') return undefined;
  const arch = typeof info['general.architecture'] === 'string' ? info['general.architecture'] : undefined;
  const key =
    arch && positive(info[`${arch}.context_length`])
      ? `${arch}.context_length`
      : Object.keys(info).find((k) => k.endsWith('.context_length') && positive(info[k]));
  if (!key) return undefined;
  const trained = positive(info[key])!;
  return trained <= OLLAMA_DEFAULT_NUM_CTX
    ? { tokens: trained, source: 'ollama', field: key }
    : { tokens: OLLAMA_DEFAULT_NUM_CTX, source: 'ollama', field: `default num_ctx (${key} ${trained})` };
}

/** From Ollama's `GET /api/ps`: the `context_length` a loaded model runs with (Ollama 0.12 and later). */
export function windowFromOllamaPs(body: unknown, model: string): FoundWindow | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const models = (body as Record<string, unknown>).models;
  if (!Array.isArray(models)) return undefined;
  const entry = entryFor({ data: models }, model, 'name') ?? entryFor({ data: models }, model, 'model');
  const tokens = positive(entry?.context_length);
  return tokens ? { tokens, source: 'ollama', field: 'context_length of the loaded model' } : undefined;
}

/** From llama.cpp's `GET /props`: `default_generation_settings.n_ctx`, the context it was started with. */
export function windowFromLlamaCppProps(body: unknown): FoundWindow | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const settings = (body as Record<string, unknown>).default_generation_settings as Record<string, unknown> | undefined;
  const tokens = positive(settings?.n_ctx) ?? positive((body as Record<string, unknown>).n_ctx);
  return tokens ? { tokens, source: 'llamacpp', field: 'n_ctx' } : undefined;
}

function entryFor(body: unknown, model: string, idField: string): Record<string, unknown> | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const data = (body as Record<string, unknown>).data;
  if (!Array.isArray(data)) return undefined;
  const entries = data.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object');
  return (
    entries.find((e) => e[idField] === model) ??
    // Ollama and LM Studio accept a model without its tag or path; match on that too.
    entries.find((e) => typeof e[idField] === 'string' && (e[idField] as string).replace(/:latest$/, '') === model.replace(/:latest$/, ''))
  );
}

export interface WindowLookup {
  endpoint: Endpoint;
  model: string;
  /** Sent only to the endpoint's own origin (every URL below is on it). */
  apiKey?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Asks the server for the model's window: the model list first (one request answers for most
 * servers), then, for a base URL ending in /v1, the native APIs beside it (LM Studio, Ollama,
 * llama.cpp) at once. Undefined when none says; never throws.
 */
export async function lookUpWindow(req: WindowLookup): Promise<FoundWindow | undefined> {
  if (req.endpoint.apiStyle === 'azure') return undefined;
  const base = req.endpoint.baseUrl;
  const list = await getJson(req, `${base}/models`);
  const fromList = windowFromModelList(list, req.model);
  if (fromList) return fromList;
  const root = /\/v1$/.test(base) ? base.slice(0, -3) : undefined;
  if (!root) return undefined;
  // One round trip for the three native APIs: a server answers one and 404s the others.
  const [lmStudio, show, props] = await Promise.all([
    getJson(req, `${root}/api/v0/models`),
    getJson(req, `${root}/api/show`, { model: req.model }),
    getJson(req, `${root}/props`),
  ]);
  const fromLmStudio = windowFromLmStudio(lmStudio, req.model);
  if (fromLmStudio) return fromLmStudio;
  const ollama = windowFromOllamaShow(show);
  if (ollama && ollama.field !== 'num_ctx') return windowFromOllamaPs(await getJson(req, `${root}/api/ps`), req.model) ?? ollama;
  return ollama ?? windowFromLlamaCppProps(props);
}

async function getJson(req: WindowLookup, url: string, post?: unknown): Promise<unknown> {
  if (new URL(url).origin !== new URL(req.endpoint.baseUrl).origin) return undefined;
  // The User-Agent says what the request is for, in the server's log (and the test server's).
  const headers: Record<string, string> = {
    ...req.endpoint.headers,
    accept: 'application/json',
    'user-agent': 'Parley (context window look-up)',
  };
  if (req.apiKey) headers.authorization = `Bearer ${req.apiKey}`;
  if (post !== undefined) headers['content-type'] = 'application/json';
  try {
    const signal = req.signal ? AbortSignal.any([req.signal, AbortSignal.timeout(req.timeoutMs)]) : AbortSignal.timeout(req.timeoutMs);
    const res = await fetch(url, {
      method: post === undefined ? 'GET' : 'POST',
      headers,
      body: post === undefined ? undefined : JSON.stringify(post),
      // A redirect could carry the key to another host: refused.
      redirect: 'error',
      signal,
    });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return undefined;
    }
    const text = await res.text();
    return text.length > 5_000_000 ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
