/**
 * Recognises a server saying the request did not fit the model's context, in the wordings
 * servers use, and reads the numbers it gives:
 * - OpenAI, OpenRouter, Groq (code `context_length_exceeded`): "This model's maximum context
 *   length is 128000 tokens. However, your messages resulted in 130512 tokens."
 * - vLLM: "This model's maximum context length is 4096 tokens. However, you requested 5000
 *   tokens (4000 in the messages, 1000 in the completion)." and, newer, "… maximum context
 *   length is 16384 tokens and your request has 8000 input tokens (10000 > 16384 - 8000)".
 * - llama.cpp (type `exceed_context_size_error`, fields `n_prompt_tokens`, `n_ctx`): "request
 *   (4476 tokens) exceeds the available context size (4096 tokens)"; older builds "the request
 *   exceeds the available context size, try increasing it".
 * - Ollama: "the input length exceeds the context length" / "input exceeds context length".
 * - LM Studio: "… the model is loaded with context length of only 4096 tokens, which is not enough."
 * - Anthropic-style gateways: "prompt is too long: 210000 tokens > 200000 maximum".
 */
export interface ContextOverflow {
  /** The window the server named, when it did. */
  limit?: number;
  /** What the server counted for the request (prompt, or prompt plus completion), when it said. */
  requested?: number;
}

const num = (s: string | undefined): number | undefined => {
  if (!s) return undefined;
  const n = Number(s.replace(/[,_]/g, ''));
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

const SAYS_OVERFLOW =
  /context[_ ]length[_ ]exceeded|exceed_context_size|maximum context length|max(?:imum)? model length|context (?:size|length|window)\b[^.]*\b(?:exceed|overflow|not enough|too (?:small|long))|exceeds? (?:the )?(?:available |maximum )?context|input (?:length )?exceeds (?:the )?(?:maximum )?context|prompt is too long|(?:input|prompt) (?:\(\d+ tokens\) )?is too long|too many (?:input )?tokens|reduce the length of the messages/i;

const LIMIT = [
  /maximum context length (?:is|of) ([\d,]+)/i,
  /available context size \(([\d,]+) tokens?\)/i,
  /context length of only ([\d,]+)/i,
  /maximum model length (?:of|is) ([\d,]+)/i,
  /tokens? > ([\d,]+) maximum/i,
  /exceeds (?:the )?limit of ([\d,]+)/i,
  /"n_ctx"\s*:\s*(\d+)/,
];

const REQUESTED = [
  /you requested ([\d,]+) tokens/i,
  /resulted in ([\d,]+) tokens/i,
  /your request has ([\d,]+) input tokens/i,
  /request \(([\d,]+) tokens?\)/i,
  /prompt is too long: ([\d,]+) tokens/i,
  /(?:prompt|input)(?: prompt)? \(length ([\d,]+)\)/i,
  /(?:prompt|input) \(([\d,]+) tokens\)/i,
  /"n_prompt_tokens"\s*:\s*(\d+)/,
];

/**
 * Undefined when the error is about something else. `code` is the error body's `code` or
 * `type`; `body` the raw error body (for llama.cpp's `n_ctx` and `n_prompt_tokens` fields).
 */
export function parseContextOverflow(message: string, code?: string, body?: string): ContextOverflow | undefined {
  const text = [code ?? '', message, body ?? ''].join('\n');
  if (!SAYS_OVERFLOW.test(text)) return undefined;
  // An error about `max_tokens` alone ("max_tokens is too large") still overflows the window:
  // the request budget leaves room for the reply, so trimming helps there too.
  const first = (patterns: RegExp[]) => {
    for (const p of patterns) {
      const n = num(p.exec(text)?.[1]);
      if (n) return n;
    }
    return undefined;
  };
  return { limit: first(LIMIT), requested: first(REQUESTED) };
}
