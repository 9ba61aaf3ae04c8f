import * as path from 'path';

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

/** Counts `text` with o200k_base. The first call loads the tokenizer bundle (tens of ms). */
export function countTokens(text: string): number {
  if (!text) return 0;
  encoder ??= loadEncoder();
  return encoder(text);
}

function loadEncoder(): CountTokens {
  // A path computed at run time, so esbuild leaves it out of the extension bundle; in the
  // bundle __dirname is dist/ (dist/tokenizer.js), in the unbundled tests it is out/src/core.
  const file = path.join(__dirname, 'tokenizer.js');
  return (require(file) as { countTokens: CountTokens }).countTokens;
}
