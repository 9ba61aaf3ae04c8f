/**
 * Code from other files that looks like the code at the cursor, for the prompt: the windows of
 * lines (`snippetIndex.ts`) whose identifier-like words overlap most with the lines before the
 * cursor, by Jaccard similarity (shared words over all words of the two). The caller passes the
 * recently edited and open files, without the current one and without excluded ones.
 */
import { maskSecrets } from '../context/maskSecrets';
import { SnippetIndexCache, wordSet, type DocumentIndex, type SnippetDocument } from './snippetIndex';

export interface SimilarSnippet {
  path: string;
  /** The window's lines joined with `\n`, secrets masked. */
  text: string;
  /** Its first line (0-based) and the line after its last. */
  startLine: number;
  endLine: number;
  /** Jaccard similarity with the lines before the cursor, from 0 to 1. */
  score: number;
}

export interface SnippetLimits {
  maxSnippets: number;
  /** Characters of all the snippets' texts together. */
  maxChars: number;
  /** Tokens of all the snippets' texts together, counted with `countTokens` when both are given. */
  maxTokens?: number;
  countTokens?: (text: string) => number;
  /** Windows less similar than this say more noise than signal: left out. */
  minScore: number;
  /** Mask secrets in the snippets (the `parley.maskSecrets` setting). */
  mask: boolean;
  /**
   * Documents indexed at most per call (a few milliseconds each for 2,000 lines): the rest wait
   * for the next keystrokes, so opening ten files never makes one keystroke slow.
   */
  maxNewIndexes: number;
}

export const DEFAULT_SNIPPET_LIMITS: SnippetLimits = { maxSnippets: 3, maxChars: 4000, minScore: 0.1, mask: true, maxNewIndexes: 1 };

/** The last lines of the text before the cursor: what snippets are compared with. */
export const QUERY_LINES = 20;

/** Language ids whose files read each other's code (one project mixes them): the same for snippets. */
const FAMILIES: Record<string, string> = {
  typescript: 'js',
  typescriptreact: 'js',
  javascript: 'js',
  javascriptreact: 'js',
  c: 'c',
  cpp: 'c',
};

export function sameLanguageFamily(a: string, b: string): boolean {
  return a === b || (FAMILIES[a] !== undefined && FAMILIES[a] === FAMILIES[b]);
}

/** The last `lines` lines of `prefix`, found from its end without splitting the rest. */
export function queryText(prefix: string, lines = QUERY_LINES): string {
  let at = prefix.length;
  for (let i = 0; i < lines && at > 0; i++) at = prefix.lastIndexOf('\n', at - 1);
  return prefix.slice(at + 1);
}

interface Scored {
  doc: number;
  window: number;
  score: number;
}

/**
 * The windows of `candidates` in the language family of `languageId` most similar to `query`
 * (see `queryText`), most similar first, within `limits`; overlapping windows of one file are
 * offered once (the better one).
 */
export function similarSnippets(
  query: string,
  languageId: string,
  candidates: readonly SnippetDocument[],
  cache: SnippetIndexCache,
  limits: Partial<SnippetLimits> = {},
): SimilarSnippet[] {
  const limit = { ...DEFAULT_SNIPPET_LIMITS, ...limits };
  const words = wordSet(query);
  if (words.size === 0 || limit.maxSnippets <= 0) return [];
  const docs: { path: string; index: DocumentIndex }[] = [];
  const scored: Scored[] = [];
  let newIndexes = 0;
  for (const candidate of candidates) {
    if (!sameLanguageFamily(languageId, candidate.languageId)) continue;
    const before = cache.indexed;
    const index = cache.index(candidate, newIndexes < limit.maxNewIndexes);
    newIndexes += cache.indexed - before;
    if (!index) continue;
    scoreWindows(index, words, limit.minScore, docs.length, scored);
    docs.push({ path: candidate.path, index });
  }
  // Ties go to the earlier candidate (the caller lists the most recent first), then the earlier window.
  scored.sort((a, b) => b.score - a.score || a.doc - b.doc || a.window - b.window);
  return pick(scored, docs, limit);
}

/** Adds each window of `index` at least `minScore` similar to `words` to `out`. */
function scoreWindows(index: DocumentIndex, words: ReadonlySet<string>, minScore: number, doc: number, out: Scored[]): void {
  const shared = new Int32Array(index.starts.length);
  for (const word of words) {
    const windows = index.postings.get(word);
    if (windows) for (const w of windows) shared[w]++;
  }
  for (let w = 0; w < shared.length; w++) {
    if (shared[w] === 0) continue;
    const score = shared[w] / (words.size + index.sizes[w] - shared[w]);
    if (score >= minScore) out.push({ doc, window: w, score });
  }
}

/** The best windows in order, skipping one that overlaps a window taken from its file or does not fit what is left. */
function pick(scored: readonly Scored[], docs: readonly { path: string; index: DocumentIndex }[], limit: SnippetLimits): SimilarSnippet[] {
  const taken: SimilarSnippet[] = [];
  let chars = 0;
  let tokens = 0;
  for (const { doc, window, score } of scored) {
    if (taken.length >= limit.maxSnippets) break;
    const { path, index } = docs[doc];
    const startLine = index.starts[window];
    const endLine = index.ends[window];
    if (taken.some((s) => s.path === path && s.startLine < endLine && startLine < s.endLine)) continue;
    const lines = index.lines.slice(startLine, endLine).join('\n');
    // Unnumbered: a snippet's secret must never be swapped for the current file's secret of the same number.
    const text = limit.mask ? maskSecrets(lines).text.replace(/⟦secret \d+⟧/g, '⟦secret⟧') : lines;
    if (chars + text.length > limit.maxChars) continue;
    const n = limit.maxTokens !== undefined && limit.countTokens ? limit.countTokens(text) : 0;
    if (limit.maxTokens !== undefined && tokens + n > limit.maxTokens) continue;
    chars += text.length;
    tokens += n;
    taken.push({ path, text, startLine, endLine, score });
  }
  return taken;
}
