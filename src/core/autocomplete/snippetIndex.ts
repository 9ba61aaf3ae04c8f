/**
 * Other documents cut into overlapping windows of lines, each with the set of identifier-like
 * words it holds, and indexed by word: what `similarSnippets` scores against the code at the
 * cursor. A document is indexed once per version and kept in `SnippetIndexCache`, so a keystroke
 * costs only the lookups of the words near the cursor, not a pass over every open file.
 */

/** Lines per window, and how far each window starts after the previous (so windows overlap by half). */
export const WINDOW_LINES = 20;
export const WINDOW_STEP = 10;

/** Longer documents are generated or minified: not indexed, never offered as snippets. */
export const MAX_DOCUMENT_CHARS = 1_000_000;

/** A candidate document; `text` may be a function, called only when the cache has no index for this version. */
export interface SnippetDocument {
  /** As shown to the model (relative to the workspace, with `/`); the cache's key. */
  path: string;
  languageId: string;
  text: string | (() => string);
  /** The editor's version: an index is reused while it is the same. Without one, while the text is. */
  version?: number;
}

export interface DocumentIndex {
  lines: readonly string[];
  /** Each window's first line and the line after its last. */
  starts: Int32Array;
  ends: Int32Array;
  /** Each window's count of distinct words. */
  sizes: Int32Array;
  /** For each word, the windows holding it, in order. */
  postings: ReadonlyMap<string, readonly number[]>;
}

// Two characters or more: single letters (i, x, e) say nothing about what code is near. Any
// character past ASCII counts as a letter: as good for comparing, and twice as fast as \p{L}.
const WORD = /[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]+/g;

/** Keywords most languages share: in every window, they would make unrelated code look alike. */
const STOP_WORDS = new Set(
  (
    'if else for while do switch case break continue return function const let var new this self ' +
    'true false null undefined None True False nil import from export default class def public ' +
    'private protected static void int string in of is not and or as with try catch finally throw ' +
    'async await yield fn pub use mut impl struct enum type interface extends implements package ' +
    'end then elif local the to'
  ).split(' '),
);

/** The distinct identifier-like words of `text`, keywords left out. */
export function wordSet(text: string, into = new Set<string>()): Set<string> {
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) if (!STOP_WORDS.has(m[0])) into.add(m[0]);
  return into;
}

/** Window starts every `WINDOW_STEP` lines, the last one moved back to end with the document. */
function windowStarts(lineCount: number): number[] {
  const starts: number[] = [];
  for (let s = 0; s + WINDOW_LINES < lineCount; s += WINDOW_STEP) starts.push(s);
  const last = Math.max(0, lineCount - WINDOW_LINES);
  if (starts[starts.length - 1] !== last) starts.push(last);
  return starts;
}

export function indexDocument(text: string): DocumentIndex {
  const lines = text.split(/\r?\n/);
  const lineWords = lines.map((line) => [...wordSet(line)]);
  const starts = windowStarts(lines.length);
  const ends = starts.map((s) => Math.min(lines.length, s + WINDOW_LINES));
  const sizes = new Int32Array(starts.length);
  const postings = new Map<string, number[]>();
  starts.forEach((start, w) => {
    const words = new Set<string>();
    for (let i = start; i < ends[w]; i++) for (const word of lineWords[i]) words.add(word);
    sizes[w] = words.size;
    for (const word of words) {
      const list = postings.get(word);
      if (list) list.push(w);
      else postings.set(word, [w]);
    }
  });
  return { lines, starts: Int32Array.from(starts), ends: Int32Array.from(ends), sizes, postings };
}

interface Entry {
  version?: number;
  text: string;
  index: DocumentIndex;
}

/**
 * Indexes by path, reused while the document's version (or, without one, its text) is the same.
 * The adapter keeps one for the window; the least recently used go past `maxDocuments`.
 */
export class SnippetIndexCache {
  private readonly entries = new Map<string, Entry>();
  indexed = 0;

  constructor(private readonly maxDocuments = 40) {}

  /**
   * The document's index, or undefined when it is too long to be worth one, or when it has none
   * for this version and `build` is false.
   */
  index(doc: SnippetDocument, build = true): DocumentIndex | undefined {
    const known = this.entries.get(doc.path);
    if (known && this.isCurrent(known, doc)) {
      this.entries.delete(doc.path);
      this.entries.set(doc.path, known);
      return known.index;
    }
    if (!build) return undefined;
    const text = typeof doc.text === 'string' ? doc.text : doc.text();
    if (text.length > MAX_DOCUMENT_CHARS) return undefined;
    const entry = { version: doc.version, text, index: indexDocument(text) };
    this.indexed++;
    this.entries.delete(doc.path);
    this.entries.set(doc.path, entry);
    for (const path of this.entries.keys()) {
      if (this.entries.size <= this.maxDocuments) break;
      this.entries.delete(path);
    }
    return entry.index;
  }

  /** Settings changed: every document is looked at again. */
  clear(): void {
    this.entries.clear();
  }

  /** A document closed, renamed or now excluded. */
  forget(path: string): void {
    this.entries.delete(path);
  }

  get size(): number {
    return this.entries.size;
  }

  private isCurrent(entry: Entry, doc: SnippetDocument): boolean {
    // A document closed and opened again starts at version 1 again: its length is a cheap check too.
    if (typeof doc.text === 'string' && doc.text.length !== entry.text.length) return false;
    if (doc.version !== undefined) return entry.version === doc.version;
    return entry.text === doc.text;
  }
}
