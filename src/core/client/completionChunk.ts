/**
 * Some servers and gateways ignore `stream: true` and answer with one whole
 * `CreateChatCompletionResponse` (`application/json`), and some endpoints cannot stream at all
 * (a profile's `stream: false`). Either way the completion is turned into the single stream
 * chunk it is equivalent to, so it goes through exactly the same parsing as a stream: content,
 * think tags, reasoning fields, tool calls, finish reason and usage.
 */
import type { ChunkLike } from './chunkReader';

export interface CompletionChunk {
  id?: string;
  object: 'chat.completion.chunk';
  created?: number;
  model?: string;
  choices: { index: number; delta: Record<string, unknown>; finish_reason: unknown }[];
  usage?: ChunkLike['usage'];
}

/** True for a parsed body that looks like a whole (non-streamed) chat completion. */
export function isCompletion(value: unknown): value is { choices: unknown[] } {
  const v = value as { choices?: unknown; object?: unknown } | null;
  return (
    !!v &&
    typeof v === 'object' &&
    Array.isArray(v.choices) &&
    v.object !== 'chat.completion.chunk' &&
    v.choices.every((c) => !!c && typeof c === 'object' && 'message' in c)
  );
}

/** The stream chunk equivalent to a whole completion: each choice's message becomes its delta. */
export function completionAsChunk(completion: { choices: unknown[] } & Record<string, unknown>): CompletionChunk {
  const choices = completion.choices.map((raw, i) => {
    const choice = raw as { index?: number; message?: Record<string, unknown> | null; finish_reason?: unknown };
    const message = choice.message ?? {};
    const delta: Record<string, unknown> = {};
    for (const key of ['role', 'content', 'reasoning_content', 'reasoning', 'refusal'] as const) {
      if (message[key] !== undefined && message[key] !== null) delta[key] = message[key];
    }
    // A whole message's calls are the fragments of one chunk (an index added where none is given).
    if (Array.isArray(message.tool_calls)) {
      delta.tool_calls = message.tool_calls.map((call: unknown, at: number) =>
        call && typeof call === 'object' && !('index' in call) ? { index: at, ...call } : call,
      );
    }
    return { index: choice.index ?? i, delta, finish_reason: choice.finish_reason ?? null };
  });
  return {
    id: completion.id as string | undefined,
    object: 'chat.completion.chunk',
    created: completion.created as number | undefined,
    model: completion.model as string | undefined,
    choices,
    usage: completion.usage as ChunkLike['usage'],
  };
}
