/**
 * Which models call tools, as their servers have said: a request with `tools` answered "does
 * not support tools" marks that model (in the endpoint's caps, so it is remembered), and from
 * then on it is reported as without tool calling and sent no tools. Test Connection asks again
 * (connection/testConnection.ts): a model that then takes tools is unmarked.
 */
import type { EndpointCaps, ToolChoice } from '../types';

/**
 * Servers' words for "this model (or this server as started) cannot take tools":
 * Ollama (400) "registry.ollama.ai/library/gemma3:4b does not support tools";
 * llama.cpp's llama-server (500) "tools param requires --jinja flag", older ones
 * "Unsupported param: tools"; vLLM (400) "\"auto\" tool choice requires --enable-auto-tool-choice
 * and --tool-call-parser to be set"; OpenAI (400, gpt-5-chat-latest) "tools is not supported in
 * this model. For a list of supported models, refer to …"; Azure OpenAI (older API versions)
 * "Unrecognized request argument supplied: tools".
 */
const TOOLS_REFUSED = [
  /does not support tools\b/i,
  /\btools param requires\b/i,
  /unsupported param(eter)?:? '?tools\b/i,
  /tool choice requires --enable-auto-tool-choice/i,
  /\btools (is|are) not supported\b/i,
  /unrecognized request argument supplied: tools\b/i,
];

/** True when a server's error message says the model cannot take tools at all. */
export function isToolsRefusal(message: string): boolean {
  return TOOLS_REFUSED.some((words) => words.test(message));
}

/** False once `model` refused tools on this endpoint; true until then (it may call them). */
export function supportsTools(caps: EndpointCaps, model: string): boolean {
  return !caps.toolsRefusedBy?.includes(model);
}

/** The caps that remember `model` as without tool calling. */
export function withToolsRefused(caps: EndpointCaps, model: string): EndpointCaps {
  return supportsTools(caps, model) ? { ...caps, toolsRefusedBy: [...(caps.toolsRefusedBy ?? []), model] } : caps;
}

/** The caps that no longer hold `model` as without tool calling (it took tools when asked again). */
export function withToolsTaken(caps: EndpointCaps, model: string): EndpointCaps {
  return supportsTools(caps, model) ? caps : { ...caps, toolsRefusedBy: caps.toolsRefusedBy?.filter((m) => m !== model) };
}

/** True when the request asks for a tool call, so an answer without tools would not be what was asked. */
export function toolsRequired(choice: ToolChoice | undefined): boolean {
  return choice === 'required' || typeof choice === 'object';
}
