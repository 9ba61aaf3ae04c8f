import { renderContent, renderToolImages, type RequestContent } from '../context/contextRender';
import { supportsTools, toolsRequired } from './toolSupport';
import type { ChatMessage, EndpointCaps, GenerationOptions, ToolChoice, ToolDefinition } from '../types';

/** A call in an assistant message, as sent (the spec's ChatCompletionMessageToolCall). */
export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One message as sent (a ChatCompletionRequestMessage). */
export type WireMessage =
  | { role: 'system' | 'developer' | 'user'; content: RequestContent }
  /** `content` is null when the reply was only tool calls. */
  | { role: 'assistant'; content: RequestContent | null; tool_calls?: WireToolCall[] }
  | { role: 'tool'; content: string; tool_call_id: string };

/** A tool as sent (the spec's ChatCompletionTool). */
export interface WireTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export type WireToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/** Body of `POST /chat/completions`, as sent (a CreateChatCompletionRequest). */
export interface ChatRequestBody {
  model: string;
  messages: WireMessage[];
  /** False only for a profile whose endpoint cannot stream (`"stream": false`). */
  stream: boolean;
  stream_options?: { include_usage: boolean };
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  reasoning_effort?: string;
  stop?: string[];
  tools?: WireTool[];
  tool_choice?: WireToolChoice;
  parallel_tool_calls?: boolean;
  [extra: string]: unknown;
}

/** Fields that user-defined extra body settings may not override. */
const PROTECTED = new Set(['model', 'messages', 'stream', 'stream_options', 'tools', 'tool_choice', 'parallel_tool_calls']);

/**
 * Builds a request body, streamed unless the profile says the endpoint cannot stream. Optional sampling fields are sent only when the user set
 * them, so servers that reject them (reasoning models) are not bothered by defaults.
 */
export function buildChatRequest(messages: ChatMessage[], options: GenerationOptions, caps: EndpointCaps): ChatRequestBody {
  const body: ChatRequestBody = {
    model: options.model,
    messages: wireMessages(messages, caps),
    stream: options.stream !== false,
  };
  addTools(body, options, caps);
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
 * The messages as sent; after a run of tool results that returned images, one user message with
 * them (a `tool` message carries text only, and nothing may come between a call and its results).
 */
function wireMessages(messages: readonly ChatMessage[], caps: EndpointCaps): WireMessage[] {
  const out: WireMessage[] = [];
  const names = new Map<string, string>();
  let withImages: ChatMessage[] = [];
  const flush = () => {
    const results = withImages.map((m) => ({
      call: `${names.get(m.toolCallId ?? '') ?? 'a tool'} (call ${m.toolCallId})`,
      images: m.images!,
    }));
    if (results.length) out.push({ role: 'user', content: renderToolImages(results) });
    withImages = [];
  };
  for (const m of messages) {
    if (m.role !== 'tool') flush();
    for (const c of m.toolCalls ?? []) names.set(c.id, c.name);
    out.push(wireMessage(m, caps));
    if (m.role === 'tool' && m.images?.length) withImages.push(m);
  }
  flush();
  return out;
}

function wireMessage(m: ChatMessage, caps: EndpointCaps): WireMessage {
  if (m.role === 'tool') return { role: 'tool', content: m.content, tool_call_id: m.toolCallId ?? '' };
  if (m.role === 'assistant' && m.toolCalls?.length) {
    const tool_calls = m.toolCalls.map((c) => ({
      id: c.id,
      type: 'function' as const,
      function: { name: c.name, arguments: c.arguments },
    }));
    return { role: 'assistant', content: m.content || null, tool_calls };
  }
  return { role: m.role === 'system' ? caps.systemRole : m.role, content: renderContent(m) };
}

/**
 * Tools, the choice and parallel calls, only when there are tools: the choice and parallel
 * calls not once the endpoint refused them, and no tools to a model that said it takes none
 * (unless the request must call one: then the server says so again, and the caller hears it).
 */
function addTools(body: ChatRequestBody, options: GenerationOptions, caps: EndpointCaps): void {
  if (!options.tools?.length) return;
  if (!supportsTools(caps, options.model) && !toolsRequired(options.toolChoice)) return;
  body.tools = options.tools.map(wireTool);
  if (options.toolChoice !== undefined && caps.toolChoice) body.tool_choice = wireToolChoice(options.toolChoice);
  if (options.parallelToolCalls !== undefined && caps.parallelToolCalls) body.parallel_tool_calls = options.parallelToolCalls;
}

function wireTool(tool: ToolDefinition): WireTool {
  const fn: WireTool['function'] = { name: tool.name };
  if (tool.description) fn.description = tool.description;
  if (tool.parameters) fn.parameters = tool.parameters;
  return { type: 'function', function: fn };
}

function wireToolChoice(choice: ToolChoice): WireToolChoice {
  return typeof choice === 'object' ? { type: 'function', function: { name: choice.name } } : choice;
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
  if (body.parallel_tool_calls !== undefined && names('parallel_tool_calls')) return { ...caps, parallelToolCalls: false };
  if (body.tool_choice !== undefined && names('tool_choice')) return { ...caps, toolChoice: false };
  return undefined;
}
