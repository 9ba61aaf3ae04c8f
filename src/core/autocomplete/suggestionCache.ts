/**
 * The suggestions already received, so that typing through one costs no request. An entry is
 * where a suggestion was asked (the document, the end of the text before the cursor, the start
 * of the text after it) and what came back. A later position hits it when the text typed since
 * is the start of that suggestion: the rest of it is the answer. Backspacing within the typed
 * part hits too (less was typed, more remains); a character that differs, a changed suffix or
 * a cursor before the first position misses.
 *
 * `prefix` is the document's text from its start to the cursor, untrimmed: the typed part is
 * found by length (cursor minus the entry's cursor), then checked character by character, so
 * an edit above the cursor that changes the length misses rather than guesses. Only the last
 * `PREFIX_TAIL` characters of the prefix and the first `SUFFIX_HEAD` of the suffix are kept.
 *
 * Bounded by entries and by the characters held; the least recently used goes first.
 */

export interface CachePosition {
  /** The document's URI as a string: its identity, whatever its version. */
  uri: string;
  /** The document's text before the cursor, from the start of the document. */
  prefix: string;
  /** The document's text after the cursor (only its start is compared). */
  suffix: string;
}

export interface CacheLimits {
  maxEntries: number;
  /** Characters held over all entries: suggestions and the kept prefix tails and suffix heads. */
  maxChars: number;
}

/** Enough of the prefix to tell one place in a file from another nearby. */
export const PREFIX_TAIL = 256;
/** Enough of the suffix to see the text after the cursor changed (an auto-closed bracket, an edit below). */
export const SUFFIX_HEAD = 256;

export const DEFAULT_CACHE_LIMITS: CacheLimits = { maxEntries: 100, maxChars: 100_000 };

interface Entry {
  uri: string;
  /** The prefix's length when the suggestion was asked: the cursor's offset then. */
  at: number;
  tail: string;
  head: string;
  suggestion: string;
}

export class SuggestionCache {
  /** In use order, least recent first (a Map keeps insertion order; a hit re-inserts). */
  private readonly entries = new Map<string, Entry>();
  private heldChars = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly limits: CacheLimits = DEFAULT_CACHE_LIMITS) {}

  /** How many entries, and how many characters they hold. */
  get size(): number {
    return this.entries.size;
  }
  get chars(): number {
    return this.heldChars;
  }

  /** The rest of a cached suggestion the user is typing through at `position`, or undefined. */
  get(position: CachePosition): string | undefined {
    const head = position.suffix.slice(0, SUFFIX_HEAD);
    let hit: { key: string; entry: Entry; rest: string } | undefined;
    for (const [key, entry] of this.entries) {
      const rest = remainder(entry, position, head);
      if (rest !== undefined) hit = { key, entry, rest }; // the most recently used that applies
    }
    if (!hit) {
      this.misses++;
      return undefined;
    }
    this.entries.delete(hit.key);
    this.entries.set(hit.key, hit.entry);
    this.hits++;
    return hit.rest;
  }

  /**
   * Keeps `suggestion` as the answer at `position`, its line breaks made the document's (`eol`, or
   * what the prefix and suffix use): typing Enter in a CRLF file types `\r\n`, and must still match.
   */
  set(position: CachePosition, suggestion: string, eol?: '\n' | '\r\n'): void {
    const lineBreak = eol ?? documentEol(position);
    const entry: Entry = {
      uri: position.uri,
      at: position.prefix.length,
      tail: ownCopy(position.prefix.slice(-PREFIX_TAIL)),
      head: ownCopy(position.suffix.slice(0, SUFFIX_HEAD)),
      suggestion: suggestion.replace(/\r\n|\r|\n/g, lineBreak),
    };
    const key = JSON.stringify([entry.uri, entry.at, entry.tail, entry.head]);
    this.remove(key);
    if (entry.suggestion === '' || weight(entry) > this.limits.maxChars) return;
    this.entries.set(key, entry);
    this.heldChars += weight(entry);
    this.evict();
  }

  /** Forgets a document's entries (closed, or renamed). */
  forgetDocument(uri: string): void {
    for (const [key, entry] of this.entries) if (entry.uri === uri) this.remove(key);
  }

  clear(): void {
    this.entries.clear();
    this.heldChars = 0;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.heldChars -= weight(entry);
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.limits.maxEntries && this.heldChars <= this.limits.maxChars) return;
      this.remove(key);
    }
  }
}

/** What is left of `entry`'s suggestion at `position`; undefined when it does not apply or nothing is left. */
function remainder(entry: Entry, position: CachePosition, head: string): string | undefined {
  if (entry.uri !== position.uri || entry.head !== head) return undefined;
  const typed = position.prefix.length - entry.at;
  if (typed < 0 || typed >= entry.suggestion.length) return undefined;
  if (!position.prefix.startsWith(entry.tail, entry.at - entry.tail.length)) return undefined;
  if (!position.prefix.startsWith(entry.suggestion.slice(0, typed), entry.at)) return undefined;
  return entry.suggestion.slice(typed);
}

function weight(entry: Entry): number {
  return entry.suggestion.length + entry.tail.length + entry.head.length;
}

function documentEol(position: CachePosition): '\n' | '\r\n' {
  const near = position.prefix.slice(-PREFIX_TAIL) + position.suffix.slice(0, SUFFIX_HEAD);
  return near.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * A copy that does not keep its source alive: V8 may hold a slice as a view into the whole
 * string it came from (here a document's text); concatenation then slicing flattens it into
 * a string of its own.
 */
function ownCopy(text: string): string {
  return (' ' + text).slice(1);
}
