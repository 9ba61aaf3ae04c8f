/**
 * Test Connection's two questions to the model, built and read here (node/probeSupport.ts sends
 * them): does it take tools, does it take images. Each is one small request, not streamed, with
 * a short reply asked for. Only the server saying the model cannot is a no; any other failure
 * (a timeout, 429, 5xx) tells nothing, and what is known of the model stays as it was.
 */
import { buildChatRequest, type ChatRequestBody } from './chatRequest';
import { ChatError } from './chatError';
import { isImageRefusal, withImagesRefused, withImagesTaken } from './imageSupport';
import { isToolsRefusal, withToolsRefused, withToolsTaken } from './toolSupport';
import type { ChatMessage, EndpointCaps, GenerationOptions, ToolDefinition } from '../types';

export type ProbeKind = 'tools' | 'images';

/** `yes`: the model answered; `no`: its server said it cannot; `unknown`: the request failed otherwise. */
export type Verdict = 'yes' | 'no' | 'unknown';

export interface ModelSupport {
  tools: Verdict;
  images: Verdict;
}

/** Enough for an answer or a refusal; a reasoning model may spend it all thinking, which is still an answer. */
export const PROBE_MAX_TOKENS = 16;

/** One tool that needs no arguments: any server that takes tools takes this one. */
export const PROBE_TOOL: ToolDefinition = {
  name: 'current_time',
  description: 'Returns the current time.',
  parameters: { type: 'object', properties: {} },
};

/**
 * A 64×64 white PNG (132 bytes). Not 1×1: Qwen-VL's image processors (vLLM, candle) refuse an
 * image under 28 or 32 pixels a side with an error that is no refusal, so a vision model would
 * go untold.
 */
export const PROBE_IMAGE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAAS0lEQVR42u3PMQ0AAAwDoPo33UrYvQQckD4XAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAYHLAMpT0sIcNbcEAAAAAElFTkSuQmCC';

const TOOLS_QUESTION: ChatMessage[] = [{ role: 'user', content: 'Connection test: reply OK.' }];
const IMAGE_QUESTION: ChatMessage[] = [
  {
    role: 'user',
    content: 'Connection test: what colour is this image? One word.',
    images: [{ name: 'probe.png', mimeType: 'image/png', dataUrl: PROBE_IMAGE }],
  },
];

/**
 * The request that asks `kind` of the model: the profile's model, reasoning effort and extra
 * fields, the parameters the endpoint is known to take, never streamed. A model remembered as
 * without tools is sent the tool all the same: the question is whether that is still so.
 */
export function probeRequest(kind: ProbeKind, generation: GenerationOptions, caps: EndpointCaps): ChatRequestBody {
  const options: GenerationOptions = {
    model: generation.model,
    reasoningEffort: generation.reasoningEffort,
    extraBody: generation.extraBody,
    maxTokens: PROBE_MAX_TOKENS,
    stream: false,
  };
  if (kind === 'images') return buildChatRequest(IMAGE_QUESTION, options, caps);
  return buildChatRequest(TOOLS_QUESTION, { ...options, tools: [PROBE_TOOL] }, withToolsTaken(caps, generation.model));
}

/**
 * Statuses a refusal comes with: 400 mostly, 422 (DeepSeek's older image refusal), 404 (Azure's
 * "Unrecognized request argument"), 500 (llama.cpp's and Ollama's). Others (401, 408, 429, 502,
 * 503, 504) say nothing of the model, whatever their words.
 */
const REFUSAL_STATUSES = new Set([400, 404, 422, 500]);

/** True when `error` is the server saying the model cannot take `kind` (tools, or images). */
export function isRefusal(kind: ProbeKind, error: unknown): boolean {
  if (!(error instanceof ChatError) || error.kind !== 'http' || !REFUSAL_STATUSES.has(error.status ?? 0)) return false;
  return kind === 'tools' ? isToolsRefusal(error.detail) : isImageRefusal(error.detail);
}

/** What a probe's outcome says: no error is a yes; a refusal a no; anything else nothing. */
export function probeVerdict(kind: ProbeKind, error?: unknown): Verdict {
  if (error === undefined) return 'yes';
  return isRefusal(kind, error) ? 'no' : 'unknown';
}

/** The caps with what the probes found of `model`; an unknown leaves what was known. */
export function withSupport(caps: EndpointCaps, model: string, support: ModelSupport): EndpointCaps {
  let next = caps;
  if (support.tools !== 'unknown') next = (support.tools === 'yes' ? withToolsTaken : withToolsRefused)(next, model);
  if (support.images !== 'unknown') next = (support.images === 'yes' ? withImagesTaken : withImagesRefused)(next, model);
  return next;
}
