/**
 * Reads Chat Completions stream chunks into events and a result: answer and reasoning kept
 * apart (`reasoning_content`, `reasoning`, `<think>` tags split anywhere), tool calls
 * (toolCalls.ts), finish reason, usage and model. Knows nothing of HTTP; chatClient.ts feeds it.
 */
import { applyStreamEvent } from './replyText';
import { ThinkSplitter } from './thinkSplitter';
import { ToolCallAccumulator } from './toolCalls';
import type { FinishReason, StreamEvent, StreamResult } from '../types';

/** The part of a chunk this reader uses (the SDK's ChatCompletionChunk, loosely). */
export interface ChunkLike {
  model?: string;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
  choices?: { delta?: unknown; finish_reason?: unknown }[];
}

interface Delta {
  content?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: unknown;
}

export class ChunkReader {
  readonly result: StreamResult = { content: '', reasoning: '', toolCalls: [] };
  /** True once any answer or reasoning arrived: from then on a failure is never retried. */
  started = false;
  private readonly splitter = new ThinkSplitter();
  private readonly toolCalls = new ToolCallAccumulator();

  constructor(private readonly onEvent: (event: StreamEvent) => void) {}

  read(chunk: ChunkLike): void {
    const result = this.result;
    if (chunk.model) result.model = chunk.model;
    if (chunk.usage) {
      result.usage = {
        promptTokens: chunk.usage.prompt_tokens ?? 0,
        completionTokens: chunk.usage.completion_tokens ?? 0,
        totalTokens: chunk.usage.total_tokens ?? 0,
      };
    }
    const choice = chunk.choices?.[0];
    if (!choice) return; // usage-only and Azure content-filter chunks
    const delta = (choice.delta ?? {}) as Delta;
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (typeof reasoning === 'string' && reasoning) {
      result.reasoningVia ??= delta.reasoning_content ? 'reasoning_content' : 'reasoning';
      this.emit({ type: 'reasoning', text: reasoning });
    }
    if (typeof delta.content === 'string' && delta.content) this.split(this.splitter.push(delta.content));
    // A call in its own field is a call, whether or not the text is inside <think> just now.
    for (const event of this.toolCalls.push(delta.tool_calls)) this.emit(event);
    const finish = toFinishReason(choice.finish_reason);
    if (finish) {
      result.finishReason = finish;
      this.completeToolCalls();
    }
  }

  /** The stream ended: whatever the think splitter held back is released, and every call is complete. */
  end(): StreamResult {
    this.split(this.splitter.end());
    this.completeToolCalls();
    return this.result;
  }

  private completeToolCalls(): void {
    for (const call of this.toolCalls.finish()) {
      this.result.toolCalls.push(call);
      this.emit({ type: 'toolCall', call });
    }
  }

  private split(split: { reclassify?: boolean; reasoning: string; content: string }): void {
    if (split.reclassify) this.emit({ type: 'reclassify' });
    if (split.reasoning) this.emit({ type: 'reasoning', text: split.reasoning });
    if (split.content) this.emit({ type: 'content', text: split.content });
  }

  private emit(event: StreamEvent): void {
    this.started = true;
    // Reasoning from a delta field names its field before it gets here; the rest is think tags.
    if (event.type === 'reasoning' || event.type === 'reclassify') this.result.reasoningVia ??= 'think tags';
    applyStreamEvent(this.result, event);
    this.onEvent(event);
  }
}

function toFinishReason(value: unknown): FinishReason | undefined {
  if (value === null || value === undefined) return undefined;
  const known: FinishReason[] = ['stop', 'length', 'content_filter', 'tool_calls', 'function_call'];
  return known.includes(value as FinishReason) ? (value as FinishReason) : 'other';
}
