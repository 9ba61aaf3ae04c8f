import type { StreamEvent } from '../types';

/** A reply as far as it has arrived: the answer, and the reasoning kept apart from it. */
export interface ReplyParts {
  content: string;
  reasoning?: string;
}

/**
 * Adds one stream event to a reply. The one place that knows what `reclassify` means: a lone
 * `</think>` arrived, so everything shown as the answer so far was reasoning. Tool call events
 * are not text: the reply's text is left as it is.
 */
export function applyStreamEvent(reply: ReplyParts, event: StreamEvent): void {
  if (event.type === 'content') reply.content += event.text;
  else if (event.type === 'reasoning') reply.reasoning = (reply.reasoning ?? '') + event.text;
  else if (event.type === 'reclassify') {
    reply.reasoning = (reply.reasoning ?? '') + reply.content;
    reply.content = '';
  }
}
