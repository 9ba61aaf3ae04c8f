/**
 * The list of conversations, merged rather than overwritten: two windows on one workspace
 * each re-read the index before writing and merge by id (newest `updatedAt` wins), and a
 * deletion is kept as a tombstone so the other window's copy does not bring it back.
 */

export interface IndexEntry {
  id: string;
  title: string;
  updatedAt: number;
}

export interface Tombstone {
  id: string;
  deletedAt: number;
}

export interface ConversationIndex {
  entries: IndexEntry[];
  deleted: Tombstone[];
}

/** Tombstones kept: enough for any window still open to have caught up. */
export const MAX_TOMBSTONES = 500;

export const emptyIndex = (): ConversationIndex => ({ entries: [], deleted: [] });

export function mergeIndex(...indexes: ConversationIndex[]): ConversationIndex {
  const deleted = new Map<string, number>();
  for (const t of indexes.flatMap((i) => i.deleted)) deleted.set(t.id, Math.max(deleted.get(t.id) ?? 0, t.deletedAt));
  const entries = new Map<string, IndexEntry>();
  for (const e of indexes.flatMap((i) => i.entries)) {
    const had = entries.get(e.id);
    if (!had || e.updatedAt > had.updatedAt) entries.set(e.id, e);
  }
  for (const [id, e] of entries) {
    const at = deleted.get(id);
    // Saved again after it was deleted (elsewhere): the save wins and the tombstone goes.
    if (at === undefined) continue;
    if (e.updatedAt > at) deleted.delete(id);
    else entries.delete(id);
  }
  const tombstones = [...deleted].map(([id, deletedAt]) => ({ id, deletedAt })).sort((a, b) => b.deletedAt - a.deletedAt);
  return { entries: [...entries.values()].sort((a, b) => b.updatedAt - a.updatedAt), deleted: tombstones.slice(0, MAX_TOMBSTONES) };
}

export function withEntry(index: ConversationIndex, entry: IndexEntry): ConversationIndex {
  return mergeIndex({
    entries: [...index.entries.filter((e) => e.id !== entry.id), entry],
    deleted: index.deleted.filter((t) => t.id !== entry.id),
  });
}

export function withDeletion(index: ConversationIndex, id: string, deletedAt: number): ConversationIndex {
  return mergeIndex(index, { entries: [], deleted: [{ id, deletedAt }] });
}

/** An index read from disk or state, whatever it holds; anything malformed is left out. */
export function parseIndex(value: unknown): ConversationIndex {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const entries = (Array.isArray(v.entries) ? v.entries : []).filter(
    (e): e is IndexEntry => !!e && typeof e.id === 'string' && typeof e.title === 'string' && typeof e.updatedAt === 'number',
  );
  const deleted = (Array.isArray(v.deleted) ? v.deleted : []).filter(
    (t): t is Tombstone => !!t && typeof t.id === 'string' && typeof t.deletedAt === 'number',
  );
  return { entries, deleted };
}
