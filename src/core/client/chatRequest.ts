import { renderContent, type RequestContent } from '../context/contextRender';
import type { ChatMessage, EndpointCaps, GenerationOptions } from '../types';

/** Body of `POST /chat/completions`, as sent (a CreateChatCompletionRequest). */
export interface ChatRequestBody {
  model: string;
  messages: { role: 'system' | 'developer' | 'user' | 'assistant'; content: RequestContent }[];
  /** False only for a profile whose endpoint cannot stream (`"stream": false`). */
  stream: boolean;
  stream_options?: { include_usage: boolean };
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  reasoning_effort?: string;
  stop?: string[];
  [extra: string]: unknown;
}

/** Fields that user-defined extra body settings may not override. */
const PROTECTED = new Set(['model', 'messages', 'stream', 'stream_options']);

/**
 * Builds a request body, streamed unless the profile says the endpoint cannot stream. Optional sampling fields are sent only when the user set
 * them, so servers that reject them (reasoning models) are not bothered by defaults.
 */
export function buildChatRequest(messages: ChatMessage[], options: GenerationOptions, caps: EndpointCaps): ChatRequestBody {
  const body: ChatRequestBody = {
    model: options.model,
    messages: messages.map((m) => ({
      role: m.role === 'system' ? caps.systemRole : m.role,
      content: renderContent(m),
    })),
    stream: options.stream !== false,
  };
  if (body.stream && caps.streamOptions) body.stream_options = { include_usage: true };
  if (caps.temperature && options.temperature !== undefined) body.temperature = options.temperature;
  if (caps.temperature && options.topP !== undefined) body.top_p = options.topP;
  if (options.maxTokens !== undefined) body[caps.maxTokensParam] = options.maxTokens;
  if (options.reasoningEffort) body.reasoning_effort = options.reasoningEffort;
  if (options.stop && options.stop.length > 0) body.stop = options.stop.slice(0, 4);
  for (const [key, value] of Object.entries(options.extraBody ?? {})) {
    if (!PROTECTED.has(key)) body[key] = value;
  }
  return body;
}

/**
 * Reads a 400 reply for a parameter the endpoint does not accept, and returns the caps that
 * avoid it, or undefined when the error is about something else.
 */
export function adaptCapsToRejection(message: string, body: ChatRequestBody, caps: EndpointCaps): EndpointCaps | undefined {
  const text = message.toLowerCase();
  const names = (param: string) => text.includes(param) || text.includes(param.replace(/_/g, ' '));
  const unsupported =
    /unsupported|not supported|unrecognized|unknown|not allowed|extra (fields|inputs)|invalid|does not support|use '?max_completion_tokens/.test(
      text,
    );
  if (!unsupported) return undefined;
  if (body.max_tokens !== undefined && names('max_tokens') && !names('max_completion_tokens is not')) {
    return { ...caps, maxTokensParam: 'max_completion_tokens' };
  }
  if (body.max_completion_tokens !== undefined && names('max_completion_tokens')) {
    return { ...caps, maxTokensParam: 'max_tokens' };
  }
  if (body.stream_options !== undefined && names('stream_options')) return { ...caps, streamOptions: false };
  if (caps.systemRole === 'developer' && names('developer')) return { ...caps, systemRole: 'system' };
  if (caps.systemRole === 'system' && /system (role|message)/.test(text)) return { ...caps, systemRole: 'developer' };
  if ((body.temperature !== undefined && names('temperature')) || (body.top_p !== undefined && names('top_p'))) {
    return { ...caps, temperature: false };
  }
  return undefined;
}
