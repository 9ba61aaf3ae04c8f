/**
 * Finds OpenAI-compatible servers running on this machine (Ollama, LM Studio, llama.cpp, vLLM)
 * by asking each candidate port for its model list. Loopback only: the host is fixed to
 * 127.0.0.1 and cannot be passed in, redirects are refused, no key is sent, every probe has a
 * short timeout and all run at once; a port that accepted and did not answer in time is asked
 * once more with a longer wait (a busy machine is not an empty one). No vscode import: the unit
 * tests run it against real sockets in plain Node.
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
  /** The server answered its model list with 401: it wants an API key (and listed no models). */
  needsKey?: true;
  /** A server wanting a key that could not be told apart from any other: `name` is its address. */
  unrecognised?: true;
}

/** What asking one port found. */
export type ProbeResult =
  | { answer: 'server'; server: FoundServer }
  /** It took the connection and did not answer in time: something is there, busy or hung. */
  | { answer: 'late' }
  /** Nothing listening, or something that is not an OpenAI-compatible server. */
  | { answer: 'none' };

/** How long a first probe waits, and how long the one retry of a port that was late. */
export interface ProbeTimes {
  firstMs: number;
  retryMs: number;
}

export interface Detection {
  /** Servers that answered (with a model list, or asking for a key), in candidate order. */
  found: FoundServer[];
  /** Candidates that were late twice: something listens there and did not answer in time. */
  late: LocalCandidate[];
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

/**
 * What a 401 from a model list says: `llamacpp` when llama.cpp's llama-server refused (its
 * `Server: llama.cpp` header, or its own words), `other` for another API's JSON error, and
 * undefined for anything else (a web page asking for a login is not a model server).
 */
export function keyWantedBy(headers: Headers, body: string): 'llamacpp' | 'other' | undefined {
  if (/^basic\b/i.test(headers.get('www-authenticate') ?? '')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || !('error' in json)) return undefined;
  const error = (json as { error: unknown }).error;
  if (headers.get('server') === 'llama.cpp') return 'llamacpp';
  const llamaWords =
    !!error &&
    typeof error === 'object' &&
    (error as Record<string, unknown>).type === 'authentication_error' &&
    (error as Record<string, unknown>).message === 'Invalid API Key';
  return llamaWords ? 'llamacpp' : 'other';
}

/** The found server a 401 stands for: llama.cpp by name when it was recognised, else by its address. */
function wantingKey(candidate: LocalCandidate, kind: 'llamacpp' | 'other', presets: readonly Preset[] = PRESETS): FoundServer {
  const base = { port: candidate.port, baseUrl: localBaseUrl(candidate.port), models: [], needsKey: true as const };
  const llamacpp = presets.find((p) => p.id === 'llamacpp');
  if (kind === 'llamacpp' && llamacpp) return { ...base, name: llamacpp.label, presetId: llamacpp.id };
  return { ...base, name: `localhost:${candidate.port}`, presetId: candidate.presetId, unrecognised: true };
}

/**
 * Asks one port for its models, sending no key. A port that refuses the connection, or answers
 * with something other than a model list or an API's 401, has no server; one that takes the
 * connection and does not answer within `timeoutMs` (headers or body) is late.
 */
export async function probe(candidate: LocalCandidate, timeoutMs: number): Promise<ProbeResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(probeUrl(candidate.port), { headers: { accept: 'application/json' }, redirect: 'error', signal });
    if (!res.ok && res.status !== 401) {
      await res.body?.cancel().catch(() => undefined);
      return { answer: 'none' };
    }
    // The timeout covers the body too: a server that sends headers and then stalls is late.
    const text = await res.text();
    if (res.status === 401) {
      const kind = keyWantedBy(res.headers, text);
      return kind ? { answer: 'server', server: wantingKey(candidate, kind) } : { answer: 'none' };
    }
    const models = modelIds(parseJson(text));
    return models ? { answer: 'server', server: { ...candidate, baseUrl: localBaseUrl(candidate.port), models } } : { answer: 'none' };
  } catch {
    // Refused (nothing listening) fails at once; only our own timeout means "there, and late".
    return signal.aborted ? { answer: 'late' } : { answer: 'none' };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Probes every candidate at once; those that were late are asked once more, together, with the
 * longer wait (`onRetry` is told which, so the user hears why the search takes longer). Takes
 * about `firstMs`, or `firstMs + retryMs` when a port was late.
 */
export async function detectLocalServers(
  candidates: readonly LocalCandidate[],
  times: ProbeTimes,
  onRetry?: (late: LocalCandidate[]) => void,
): Promise<Detection> {
  const results = await Promise.all(candidates.map((c) => probe(c, times.firstMs)));
  const late = candidates.filter((_, i) => results[i].answer === 'late');
  if (late.length > 0) {
    onRetry?.(late);
    const retried = await Promise.all(late.map((c) => probe(c, times.retryMs)));
    late.forEach((c, i) => (results[candidates.indexOf(c)] = retried[i]));
  }
  return {
    found: results.flatMap((r) => (r.answer === 'server' ? [r.server] : [])),
    late: candidates.filter((_, i) => results[i].answer === 'late'),
  };
}

/**
 * The `parley.profiles` entry for a found server: the first model it listed (or the preset's
 * default when it listed none), a name not yet taken, and no key unless it asked for one.
 */
export function profileFromLocalServer(
  server: FoundServer,
  takenNames: Iterable<string>,
  presets: readonly Preset[] = PRESETS,
): Record<string, unknown> {
  const preset = presets.find((p) => p.id === server.presetId);
  const model = server.models[0] ?? preset?.model ?? 'local-model';
  const profile: Record<string, unknown> = { name: uniqueName(server.name, takenNames), baseUrl: server.baseUrl, model };
  // needsKey is true unless said otherwise: a server that asked for a key gets none written.
  if (!server.needsKey) profile.needsKey = false;
  return profile;
}

/** `base`, or `base 2`, `base 3`… whichever is free. */
export function uniqueName(base: string, takenNames: Iterable<string>): string {
  const taken = new Set(takenNames);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base} ${i}`;
  return name;
}
