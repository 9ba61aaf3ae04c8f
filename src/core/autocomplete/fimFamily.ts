/**
 * Which fill-in-the-middle (FIM) format a model speaks, read from its id as a server lists it:
 * `qwen2.5-coder:7b-base` (Ollama), `Qwen/Qwen2.5-Coder-1.5B` (vLLM), `deepseek-coder-6.7b-base.Q4_K_M.gguf`
 * (llama.cpp). The id is all we have: an unknown family gets no raw FIM prompt, since a wrong
 * template gives confident nonsense (the most common complaint about earlier local completers).
 */

/** The model families whose FIM format Parley writes itself (see fimTemplates.ts). */
export type FimFamily = 'qwen2.5-coder' | 'deepseek-coder' | 'starcoder2' | 'starcoder' | 'codellama' | 'codestral';

export interface FimModel {
  family: FimFamily;
  /**
   * The id names an instruction-tuned variant (`-instruct`, `-chat`). Such models keep their FIM
   * tokens and some were trained to infill (Meta: "7B and 13B Code Llama and Code Llama - Instruct
   * variants support infilling"), but the vendors show FIM on the base models, which complete
   * better: a caller offering a model should prefer one without this flag. False does not prove a
   * base model: Ollama's plain tags (`qwen2.5-coder:7b`, `codellama:7b`) are instruct models.
   */
  instruct: boolean;
}

/** First match wins: StarCoder2 before StarCoder, whose ids it contains. */
const FAMILIES: readonly { family: FimFamily; pattern: RegExp }[] = [
  { family: 'qwen2.5-coder', pattern: /qwen[-_ ]?2[._-]?5[-_ ]?coder/ },
  { family: 'deepseek-coder', pattern: /deepseek[-_ ]?coder/ },
  { family: 'starcoder2', pattern: /starcoder[-_ ]?2/ },
  { family: 'starcoder', pattern: /starcoder/ },
  { family: 'codellama', pattern: /code[-_ ]?llama/ },
  { family: 'codestral', pattern: /codestral/ },
];

const INSTRUCT = /(?:^|[^a-z])(?:instruct|chat)(?![a-z])/;

/** A size as ids write it: `7b`, `34B`, `6.7b` (the number before the `b`). */
const SIZE = /(?:^|[^0-9.])(\d+)(?:\.\d+)?b(?![a-z0-9])/;

/**
 * Members of a family that were never trained to infill, by their vendor's word: Code Llama -
 * Python, and Code Llama 34B and 70B ("Pretrained infilling models are: CodeLlama-7b,
 * CodeLlama-13b, CodeLlama-7b-Instruct, CodeLlama-13b-Instruct", meta-llama/codellama README);
 * Mamba-Codestral, a different architecture whose card shows no FIM.
 */
function cannotInfill(family: FimFamily, id: string): boolean {
  if (family === 'codellama') {
    const size = SIZE.exec(id)?.[1];
    return /python/.test(id) || size === '34' || size === '70';
  }
  return family === 'codestral' && /mamba/.test(id);
}

/**
 * The FIM family of a model id, case-insensitive and whatever the org prefix, tag or quantization
 * suffix; undefined for a model whose format Parley does not know (`llama3.1:8b`, `deepseek-r1`,
 * which is no Coder) or that cannot infill. StarCoder (v1, `starcoderbase`) is its own family: it
 * shares StarCoder2's FIM tokens but not its `<file_sep>`/`<repo_name>` metadata.
 */
export function fimModel(modelId: string): FimModel | undefined {
  const id = modelId.toLowerCase();
  const family = FAMILIES.find((f) => f.pattern.test(id))?.family;
  if (!family || cannotInfill(family, id)) {
    return undefined;
  }
  return { family, instruct: INSTRUCT.test(id) };
}
