/**
 * Raw fill-in-the-middle prompts in each model family's own tokens, for servers that take only a
 * `prompt` (no `suffix` field, no `/infill`). Each format is the one its vendor documents; the
 * tokenizer adds the BOS token itself, so no prompt here starts with one.
 *
 * User text that holds a family's control token as text (this very file, a tokenizer's tests) is
 * defused: llama.cpp's `/completion` and `/v1/completions` tokenize the prompt with special
 * tokens parsed (`tokenize_input_prompts(..., add_special=true, parse_special=true)`), so a
 * literal `<|fim_suffix|>` in the prefix would become a real one and scramble the layout (its
 * `/infill` tokenizes prefix and suffix as plain text, as mistral-common and Meta's reference code
 * do). Ollama does the same with user text (ollama/ollama#15931, open), and so do Hugging Face
 * tokenizers by default (huggingface/transformers#29279). A zero-width space after the token's first character keeps the text as the model reads it
 * near enough, and it cannot reach the document: only the completion is inserted.
 */
import type { FimFamily } from './fimFamily';

export interface FimInput {
  /** The text before the cursor. */
  prefix: string;
  /** The text after the cursor. */
  suffix: string;
  /** The file's path from the workspace root, with `/`; used, with repoName, where the format has a place for it. */
  filePath?: string;
  /** The repository (workspace folder) name; used only together with filePath. */
  repoName?: string;
}

export interface FimPrompt {
  /** The raw prompt, to send as `prompt` with no `suffix`. */
  prompt: string;
  /** Stop sequences: the family's end and FIM tokens, as text, for servers that print them. */
  stop: string[];
}

interface FimTemplate {
  /** Every control token of the format: defused in user text, cut from a completion. */
  tokens: readonly string[];
  stop: readonly string[];
  build(input: FimInput, where?: { repo: string; path: string }): string;
}

const ZWSP = '\u200b';

/**
 * Qwen2.5-Coder: QwenLM/Qwen2.5-Coder README "File-Level Code Completion" and
 * examples/Qwen2.5-Coder-repolevel-fim.py (repository form; its eos_token_ids are the stops).
 */
const QWEN: FimTemplate = {
  tokens: [
    '<|fim_prefix|>',
    '<|fim_middle|>',
    '<|fim_suffix|>',
    '<|fim_pad|>',
    '<|repo_name|>',
    '<|file_sep|>',
    '<|endoftext|>',
    '<|im_start|>',
    '<|im_end|>',
  ],
  stop: ['<|endoftext|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_pad|>', '<|repo_name|>', '<|file_sep|>', '<|im_end|>'],
  build: ({ prefix, suffix }, where) =>
    (where ? `<|repo_name|>${where.repo}\n<|file_sep|>${where.path}\n` : '') +
    `<|fim_prefix|>${prefix}<|fim_suffix|>${suffix}<|fim_middle|>`,
};

/**
 * DeepSeek-Coder (v1 and V2): deepseek-ai/DeepSeek-Coder README "Code Insertion". The full-width
 * bars and `▁` are part of the tokens. Its repository form is plain `#path` comments, not tokens,
 * so the path is not used.
 */
const DEEPSEEK: FimTemplate = {
  tokens: ['<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<｜end▁of▁sentence｜>', '<｜begin▁of▁sentence｜>', '<|EOT|>'],
  stop: ['<｜end▁of▁sentence｜>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<|EOT|>'],
  build: ({ prefix, suffix }) => `<｜fim▁begin｜>${prefix}<｜fim▁hole｜>${suffix}<｜fim▁end｜>`,
};

/**
 * StarCoder2: the paper (arXiv 2402.19173, "Repository-context" data format) trains FIM inside
 * `<repo_name>name<file_sep>…<file_sep><fim_prefix>path\npre<fim_suffix>suf<fim_middle>`, with the
 * metadata present half the time; without it, the bigcode model card's plain FIM form.
 */
const STARCODER2: FimTemplate = {
  tokens: ['<fim_prefix>', '<fim_middle>', '<fim_suffix>', '<fim_pad>', '<repo_name>', '<file_sep>', '<|endoftext|>'],
  stop: ['<|endoftext|>', '<file_sep>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>'],
  build: ({ prefix, suffix }, where) =>
    where
      ? `<repo_name>${where.repo}<file_sep><fim_prefix>${where.path}\n${prefix}<fim_suffix>${suffix}<fim_middle>`
      : `<fim_prefix>${prefix}<fim_suffix>${suffix}<fim_middle>`,
};

/** StarCoder / StarCoderBase (v1): bigcode/starcoder model card, the plain FIM form; its `<filename>` metadata is not shown with FIM, so unused. */
const STARCODER: FimTemplate = {
  tokens: ['<fim_prefix>', '<fim_middle>', '<fim_suffix>', '<fim_pad>', '<reponame>', '<filename>', '<gh_stars>', '<|endoftext|>'],
  stop: ['<|endoftext|>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>'],
  build: ({ prefix, suffix }) => `<fim_prefix>${prefix}<fim_suffix>${suffix}<fim_middle>`,
};

/**
 * Code Llama: meta-llama/codellama llama/generation.py `infilling_prompt_tokens` ("<PRE> {pre}
 * <SUF>{suf} <MID>"; the spaces are the tokens' own `▁`); generation ends at `<EOT>`.
 */
const CODELLAMA: FimTemplate = {
  tokens: ['<PRE>', '<SUF>', '<MID>', '<EOT>'],
  stop: ['<EOT>'],
  build: ({ prefix, suffix }) => `<PRE> ${prefix} <SUF>${suffix} <MID>`,
};

/**
 * Codestral: mistral-common `InstructTokenizerV2.encode_fim` (suffix first: BOS, [SUFFIX], suffix,
 * [PREFIX], prefix). `</s>` is no stop here: servers end on the EOS token itself, and as text it
 * is HTML's strikethrough close tag.
 */
const CODESTRAL: FimTemplate = {
  tokens: ['[SUFFIX]', '[PREFIX]', '[MIDDLE]'],
  stop: ['[SUFFIX]', '[PREFIX]', '[MIDDLE]'],
  build: ({ prefix, suffix }) => `[SUFFIX]${suffix}[PREFIX]${prefix}`,
};

const TEMPLATES: Record<FimFamily, FimTemplate> = {
  'qwen2.5-coder': QWEN,
  'deepseek-coder': DEEPSEEK,
  starcoder2: STARCODER2,
  starcoder: STARCODER,
  codellama: CODELLAMA,
  codestral: CODESTRAL,
};

/** `text` with each of `tokens` broken by a zero-width space, so no tokenizer reads it as a control token. */
export function defuseTokens(text: string, tokens: readonly string[]): string {
  return tokens.reduce((out, token) => out.split(token).join(token[0] + ZWSP + token.slice(1)), text);
}

/** The raw FIM prompt and stop sequences for `family`; path and repository only where its format places them. */
export function fimPrompt(family: FimFamily, input: FimInput): FimPrompt {
  const template = TEMPLATES[family];
  const safe = (text: string) => defuseTokens(text, template.tokens);
  const where = input.filePath && input.repoName ? { repo: safe(input.repoName), path: safe(input.filePath) } : undefined;
  const prompt = template.build({ prefix: safe(input.prefix), suffix: safe(input.suffix) }, where);
  return { prompt, stop: [...template.stop] };
}

/** The control tokens of `family`'s format, as text. */
export function fimTokens(family: FimFamily): readonly string[] {
  return TEMPLATES[family].tokens;
}

/**
 * A completion without the control tokens a model or server let through as text: tokens at the
 * very start (an echoed `<|fim_middle|>`) are dropped, and the text ends at the first one after
 * them, since what follows an end or separator token is no longer the middle. Code Llama's `<EOT>`
 * decodes as ` <EOT>` (its piece is `▁<EOT>`), so that space goes with it.
 */
export function stripFimTokens(text: string, family: FimFamily): string {
  const tokens = TEMPLATES[family].tokens;
  let out = text;
  for (let lead = tokens.find((t) => out.startsWith(t)); lead; lead = tokens.find((t) => out.startsWith(t))) {
    out = out.slice(lead.length);
  }
  const cuts = tokens.map((t) => out.indexOf(t)).filter((i) => i >= 0);
  if (cuts.length === 0) {
    return out;
  }
  const cut = Math.min(...cuts);
  const end = family === 'codellama' && out.startsWith(' <EOT>', cut - 1) ? cut - 1 : cut;
  return out.slice(0, end);
}
