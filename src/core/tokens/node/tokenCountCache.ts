import { countTokens, type CountTokens } from './tokenCount';

/** What the cache holds at most: texts' characters in all, and texts. */
export interface CacheLimits {
  chars: number;
  entries: number;
}

/** About 8 MB of text at worst (two bytes a character): several of the largest windows. */
const DEFAULT_LIMITS: CacheLimits = { chars: 4_000_000, entries: 20_000 };

/**
 * Token counts remembered by text. An agent run's request is rebuilt from the conversation at
 * every step, so its messages are new objects each time, but their texts are the same: without
 * this, every earlier message was counted again at every step, and a step's cost grew with the
 * run. Keyed by the text itself (a count depends on nothing else), so a message whose text
 * changed is counted again and a count is never stale. The least recently used go first.
 */
export class TokenCountCache {
  private readonly counts = new Map<string, number>();
  private chars = 0;

  constructor(
    private readonly countText: CountTokens = countTokens,
    private readonly limits: CacheLimits = DEFAULT_LIMITS,
  ) {}

  /** The same as `countTokens(text)`. */
  readonly count = (text: string): number => {
    const known = this.counts.get(text);
    if (known !== undefined) {
      // Moved to the end: the Map's order is the order of use.
      this.counts.delete(text);
      this.counts.set(text, known);
      return known;
    }
    const counted = this.countText(text);
    if (text.length > this.limits.chars) return counted;
    this.counts.set(text, counted);
    this.chars += text.length;
    this.evict();
    return counted;
  };

  /** How many texts it holds (for the tests). */
  get size(): number {
    return this.counts.size;
  }

  private evict(): void {
    while (this.chars > this.limits.chars || this.counts.size > this.limits.entries) {
      const oldest = this.counts.keys().next().value as string;
      this.counts.delete(oldest);
      this.chars -= oldest.length;
    }
  }
}

/** The cache request trimming counts with, shared by every request of the window. */
export const messageCountCache = new TokenCountCache();
