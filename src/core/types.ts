/** Types shared by the VS Code-free core. */

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface ChatMessage {
  role: Role;
  /** What the user typed, the reply, or (role `tool`) a tool's result. Attached context and images travel beside it. */
  content: string;
  /** Assistant only: the tools the model called in this reply (sent as `tool_calls`). */
  toolCalls?: ToolCallRequest[];
  /** Tool only: the id of the call this message is the result of (sent as `tool_call_id`). */
  toolCallId?: string;
  /** Workspace context attached to a user message, rendered into the request as labelled fences. */
  context?: ContextBlock[];
  /**
   * Images attached to a user message, sent as `image_url` content parts (data URLs); or returned
   * by a tool call (role `tool`, whose content is text only): sent in one user message after the run of results.
   */
  images?: ImageAttachment[];
}

/** One piece of workspace context (#file, #selection, #problems, #changes, #editors, the current file, a definition). */
export interface ContextBlock {
  kind: 'file' | 'selection' | 'problems' | 'changes' | 'editors' | 'currentFile' | 'definition';
  /** What the user sees on the chip and in history, e.g. `src/a.ts:10-20`. */
  label: string;
  /** Workspace-relative path, when the block comes from a file. */
  path?: string;
  /** Language id for the fence, e.g. `typescript`. */
  language?: string;
  /** The text sent (already masked). */
  text: string;
}

export interface ImageAttachment {
  name: string;
  /** image/png, image/jpeg, image/webp or image/gif. */
  mimeType: string;
  /** `data:<mime>;base64,…`, already size-capped. */
  dataUrl: string;
}

/** A tool the model may call: a function, with its parameters as a JSON Schema object. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments (`{"type":"object",...}`); none means the tool takes no arguments. */
  parameters?: Record<string, unknown>;
}

/** `auto`: the model decides; `none`: no tool; `required`: at least one tool; `{ name }`: that tool. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** A call as it is sent back in the next request's assistant message. */
export interface ToolCallRequest {
  id: string;
  name: string;
  /** The arguments as JSON text, exactly as the model wrote them. */
  arguments: string;
}

/**
 * A call the model made, complete. `arguments` is the JSON text as the model wrote it (an
 * object sent by the server is written as JSON, an empty one is `{}`); `parsed` is that text
 * parsed, or, when it is not valid JSON, undefined with `parseError` saying why. Never dropped.
 */
export interface ToolCall extends ToolCallRequest {
  parsed?: unknown;
  parseError?: string;
}

export type ApiStyle = 'openai' | 'azure';

/** Where requests go and how they authenticate. Never holds the key itself. */
export interface Endpoint {
  /** Normalised base URL, e.g. `http://localhost:11434/v1` (no trailing slash). */
  baseUrl: string;
  apiStyle: ApiStyle;
  /** Azure only. */
  apiVersion?: string;
  /** Azure only: the deployment name, used in the URL instead of the model. */
  deployment?: string;
  /** Extra headers from the user's settings. */
  headers: Record<string, string>;
}

/** What an endpoint accepts; learnt by probing and from 400 replies, cached per profile. */
export interface EndpointCaps {
  maxTokensParam: 'max_completion_tokens' | 'max_tokens';
  systemRole: 'system' | 'developer';
  streamOptions: boolean;
  temperature: boolean;
  /** Whether `tool_choice` is sent (false once the endpoint refused it). */
  toolChoice: boolean;
  /** Whether `parallel_tool_calls` is sent (false once the endpoint refused it). */
  parallelToolCalls: boolean;
  /** Models that answered a request with tools with "does not support tools": sent none from then on. */
  toolsRefusedBy?: string[];
  /** Models whose server said they take no images (a refused request, or Test Connection): listed without image input. */
  imagesRefusedBy?: string[];
  /** Where this endpoint was last seen to put reasoning (informational; all three are parsed). */
  reasoningVia?: ReasoningVia;
}

export type ReasoningVia = 'reasoning_content' | 'reasoning' | 'think tags';

export const DEFAULT_CAPS: EndpointCaps = {
  maxTokensParam: 'max_tokens',
  systemRole: 'system',
  streamOptions: true,
  temperature: true,
  toolChoice: true,
  parallelToolCalls: true,
};

export interface GenerationOptions {
  model: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  reasoningEffort?: 'minimal' | 'low' | 'medium' | 'high';
  stop?: string[];
  /** False for endpoints that cannot stream: the reply then arrives whole, as one JSON body. */
  stream?: boolean;
  /** Tools the model may call; none sends no `tools`, `tool_choice` or `parallel_tool_calls`. */
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** False asks for at most one call per reply. */
  parallelToolCalls?: boolean;
  /** User-defined fields merged into the body last (they cannot replace model/messages/stream). */
  extraBody?: Record<string, unknown>;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'function_call' | 'other';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** One event of a streamed reply, in order. */
export type StreamEvent =
  | { type: 'content'; text: string }
  | { type: 'reasoning'; text: string }
  /** Everything emitted as content so far turned out to be reasoning (a lone `</think>`). */
  | { type: 'reclassify' }
  /**
   * A piece of a tool call as it streams (for progress only): the call's position in the reply,
   * its id and name once known, and the arguments text this piece adds.
   */
  | { type: 'toolCallDelta'; index: number; id?: string; name?: string; arguments: string }
  /** A tool call is complete (at the reply's finish reason, or its end): once per call, in order. */
  | { type: 'toolCall'; call: ToolCall };

export interface StreamResult {
  content: string;
  reasoning: string;
  /** The tool calls the reply made, complete, in the order of their index (empty when none). */
  toolCalls: ToolCall[];
  reasoningVia?: ReasoningVia;
  finishReason?: FinishReason;
  usage?: Usage;
  model?: string;
  requestId?: string;
}
