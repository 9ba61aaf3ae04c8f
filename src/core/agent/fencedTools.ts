/**
 * Tools for models without native tool calling: the same tools and approvals, described in the
 * system prompt (fencedPrompt.ts), called as fenced `tool_call` blocks read tolerantly as the
 * reply streams (fencedCallReader.ts, fencedCall.ts), results sent back as `tool_result` blocks
 * (fencedHistory.ts). Native calls are used whenever the endpoint takes them; this is the
 * fallback for a model that said "does not support tools" (client/toolSupport.ts) or a profile
 * that asks for it.
 */
export { describeToolsForPrompt, CALL_INFO, RESULT_INFO } from './fencedPrompt';
export { FencedCallReader, type FencedCallReaderOptions, type FencedEvent } from './fencedCallReader';
export { fencedCallBlock, fencedResultMessage, toFencedHistory, withToolsInSystemPrompt } from './fencedHistory';
