/**
 * Finds OpenAI-compatible servers running on this machine (Ollama, LM Studio, llama.cpp, vLLM)
 * by asking each candidate port for its model list. Loopback only: the host is fixed to
 * 127.0.0.1 and cannot be passed in, redirects are refused, every probe has a short timeout and
 * all run at once. No vscode import: the unit tests run it against real sockets in plain Node.
 */
import { PRESETS, type Preset } from './profiles';

export interface LocalCandidate {
  /** Shown to the user, e.g. "Ollama". */
  name: string;
  port: number;
  /** The preset this candidate comes from, when it does. */
  presetId?: string;
}

export interface FoundServer extends LocalCandidate {
  /** e.g. http://127.0.0.1:11434/v1 */
  baseUrl: string;
  /** Model ids in the order the server listed them (may be empty: nothing pulled/loaded yet). */
  models: string[];
}

/** The only host probed. */
export const LOOPBACK = '127.0.0.1';

/** Most model ids kept per server, and the longest id accepted. */
const MAX_MODELS = 500;
const MAX_ID = 300;

/** The base URL Parley would use for a local server on `port`. */
export function localBaseUrl(port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`not a TCP port: ${port}`);
  return `http://${LOOPBACK}:${port}/v1`;
}

/** The URL a probe asks: `GET /v1/models` on loopback. */
export function probeUrl(port: number): string {
  return `${localBaseUrl(port)}/models`;
}

/** The local presets (a localhost/loopback base URL and no key) as probe candidates, in preset order. */
export function localCandidates(presets: readonly Preset[] = PRESETS): LocalCandidate[] {
  const out: LocalCandidate[] = [];
  for (const preset of presets) {
    if (preset.needsKey) continue;
    let url: URL;
    try {
      url = new URL(preset.baseUrl);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' || !['localhost', '127.0.0.1'].includes(url.hostname) || !url.port) continue;
    out.push({ name: preset.label, port: Number(url.port), presetId: preset.id });
  }
  return out;
}

/**
 * The model ids of an OpenAI-compatible model list (`{ object: 'list', data: [{ id, … }] }`),
 * or undefined when `body` is anything else (an HTML page, another API's JSON).
 */
export function modelIds(body: unknown): string[] | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const o = body as Record<string, unknown>;
  if (o.object !== undefined && o.object !== 'list') return undefined;
  if (!Array.isArray(o.data)) return undefined;
  const ids: string[] = [];
  for (const entry of o.data) {
    if (!entry || typeof entry !== 'object') return undefined;
    const id = (entry as Record<string, unknown>).id;
    if (typeof id !== 'string' || !id.trim() || id.length > MAX_ID) return undefined;
    if (ids.length < MAX_MODELS) ids.push(id);
  }
  return ids;
}

/** Asks one port for its models; undefined when it is closed, silent, slow or not compatible. */
export async function probe(candidate: LocalCandidate, timeoutMs: number): Promise<FoundServer | undefined> {
  const url = probeUrl(candidate.port);
  try {
    const res = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return undefined;
    }
    // The timeout covers the body too: a server that sends headers and then stalls is given up on.
    const models = modelIds(JSON.parse(await res.text()));
    if (!models) return undefined;
    return { ...candidate, baseUrl: localBaseUrl(candidate.port), models };
  } catch {
    return undefined;
  }
}

/**
 * Probes every candidate at once and returns those that answered with a model list, in
 * candidate order. Takes at most about `timeoutMs`.
 */
export async function detectLocalServers(candidates: readonly LocalCandidate[], timeoutMs: number): Promise<FoundServer[]> {
  const results = await Promise.all(candidates.map((c) => probe(c, timeoutMs)));
  return results.filter((r): r is FoundServer => r !== undefined);
}

/**
 * The `parley.profiles` entry for a found server: no key, the first model it listed (or the
 * preset's default when it listed none), and a name not yet taken.
 */
export function profileFromLocalServer(server: FoundServer, takenNames: Iterable<string>, presets: readonly Preset[] = PRESETS): Record<string, unknown> {
  const preset = presets.find((p) => p.id === server.presetId);
  const model = server.models[0] ?? preset?.model ?? 'local-model';
  return { name: uniqueName(server.name, takenNames), baseUrl: server.baseUrl, model, needsKey: false };
}

/** `base`, or `base 2`, `base 3`… whichever is free. */
export function uniqueName(base: string, takenNames: Iterable<string>): string {
  const taken = new Set(takenNames);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base} ${i}`;
  return name;
}
