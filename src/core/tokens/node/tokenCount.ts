import { loadTokenizerBundle } from './tokenizerBundle';

/**
 * Token counts in the model's own units. OpenAI's current models (GPT-4o, GPT-4.1, GPT-5, the
 * o-series, gpt-oss) use the o200k_base encoding, so their counts are exact. Other models
 * (GPT-4 and 3.5's cl100k, Llama, Qwen, Mistral, DeepSeek…) have tokenizers of their own; for
 * them o200k_base is a documented estimate, typically within 10–20% for code and English.
 */
export type CountTokens = (text: string) => number;

/** Per-message framing the chat format adds (role and separators), as OpenAI documents it. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

const EXACT = /^(?:.*\/)?(?:gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|gpt-oss|chatgpt-4o)/i;

/** True when `countTokens` is exact for this model, false when it is an estimate. */
export function isExactFor(model: string): boolean {
  return EXACT.test(model);
}

let encoder: CountTokens | undefined;
let loadMs: number | undefined;
let preload: ReturnType<typeof setTimeout> | undefined;

/**
 * Counts `text` with o200k_base. The first call loads the tokenizer bundle, which blocks for
 * about 0.4–0.7 s (building the merge table); `preloadTokenizer` does that while nothing waits.
 */
export function countTokens(text: string): number {
  if (!text) return 0;
  const encode = (encoder ??= loadEncoder());
  if (!HAS_LONG_RUN.test(text)) return encode(text);
  // Byte-pair encoding is quadratic in the longest run without whitespace: a 1 MB line of one
  // letter (a minified file, a base64 blob) took minutes and froze the extension host. Such runs
  // are counted in pieces of RUN_PIECE characters, each piece at most a token over its share.
  let total = 0;
  let last = 0;
  for (const m of text.matchAll(LONG_RUN)) {
    total += encode(text.slice(last, m.index));
    for (let i = 0; i < m[0].length; i += RUN_PIECE) total += encode(m[0].slice(i, i + RUN_PIECE));
    last = m.index + m[0].length;
  }
  return total + encode(text.slice(last));
}

const RUN_PIECE = 100;
const HAS_LONG_RUN = new RegExp(`\\S{${RUN_PIECE + 1}}`);
// matchAll copies the pattern, so this global one keeps no state between calls.
const LONG_RUN = new RegExp(`\\S{${RUN_PIECE + 1},}`, 'g');

/**
 * A bound no count exceeds: every o200k_base token is at least one UTF-8 byte. When the bound
 * already fits, nothing needs counting, and the tokenizer need not be loaded at all.
 */
export function tokensAtMost(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The exact count, or the byte bound when that is within `room` already (no tokenizer needed). */
export function tokensWithin(text: string, room: number): number {
  const bound = tokensAtMost(text);
  return bound <= room ? bound : countTokens(text);
}

/** How long loading the tokenizer took, once it has loaded (for the log and the bench). */
export function tokenizerLoadMs(): number | undefined {
  return loadMs;
}

/**
 * Loads the tokenizer after `delayMs` of nothing else to do, once: called when the chat view
 * opens or a command first runs, so the first message or Explain finds it loaded. Never at
 * activation. The timer does not keep the process alive.
 */
export function preloadTokenizer(delayMs = 1000): void {
  if (encoder || preload) return;
  preload = setTimeout(() => {
    encoder ??= loadEncoder();
  }, delayMs);
  preload.unref?.();
}

function loadEncoder(): CountTokens {
  const started = performance.now();
  // In the bundle __dirname is dist/ (dist/tokenizer.js.br), in the unbundled tests this folder under out/.
  const count = loadTokenizerBundle<{ countTokens: CountTokens }>(__dirname).countTokens;
  count('warm up');
  loadMs = performance.now() - started;
  return count;
}
