// The tokenizer, bundled on its own (dist/tokenizer.js, about 2 MB of merge ranks) so that
// activation never loads it: tokenCount.ts requires this file on the first count.
export { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
