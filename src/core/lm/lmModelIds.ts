/**
 * The ids and names of Parley's models in VS Code's model picker. An id says where the model
 * is served (a profile by name, or a found local server by port) and the model itself; a
 * model id may hold `/` and `:`, so the source is encoded and comes first.
 */
export type LmSource = { profile: string } | { port: number };

export interface LmModelRef {
  source: LmSource;
  model: string;
}

export function lmModelId(ref: LmModelRef): string {
  const source = 'profile' in ref.source ? `p:${encodeURIComponent(ref.source.profile)}` : `l:${ref.source.port}`;
  return `${source}/${ref.model}`;
}

export function parseLmModelId(id: string): LmModelRef | undefined {
  const slash = id.indexOf('/');
  if (slash < 0 || slash === id.length - 1) return undefined;
  const source = id.slice(0, slash);
  const model = id.slice(slash + 1);
  if (source.startsWith('p:')) {
    try {
      const profile = decodeURIComponent(source.slice(2));
      return profile ? { source: { profile }, model } : undefined;
    } catch {
      return undefined;
    }
  }
  const port = /^l:(\d{1,5})$/.exec(source);
  return port ? { source: { port: Number(port[1]) }, model } : undefined;
}

/** "Parley · OpenRouter · qwen/qwen3-coder" */
export function lmModelName(place: string, model: string): string {
  return `Parley · ${place} · ${model}`;
}
