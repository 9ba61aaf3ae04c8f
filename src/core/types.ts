/** Types shared by the VS Code-free core. */

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  /** What the user typed, or the reply. Attached context and images travel beside it. */
  content: string;
  /** Workspace context attached to a user message, rendered into the request as labelled fences. */
  context?: ContextBlock[];
  /** Images attached to a user message, sent as `image_url` content parts (data URLs). */
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
  /** Where this endpoint was last seen to put reasoning (informational; all three are parsed). */
  reasoningVia?: ReasoningVia;
}

export type ReasoningVia = 'reasoning_content' | 'reasoning' | 'think tags';

export const DEFAULT_CAPS: EndpointCaps = {
  maxTokensParam: 'max_tokens',
  systemRole: 'system',
  streamOptions: true,
  temperature: true,
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
  | { type: 'reclassify' };

export interface StreamResult {
  content: string;
  reasoning: string;
  reasoningVia?: ReasoningVia;
  finishReason?: FinishReason;
  usage?: Usage;
  model?: string;
  requestId?: string;
}
