import { ChatError } from '../client/chatError';
import type { AssistantTurn } from './turn';

/** A streaming reply's text on the page, in UTF-16 units: what Stop keeps of it. */
export interface ShownReply {
  turnId: string;
  content: number;
  reasoning: number;
}

/**
 * What a stopped reply keeps: the text the page showed when Stop was clicked, not what streamed
 * in after it (deltas already on their way, and the server's last ones before the abort). The
 * reply the user saw is the reply saved, and nothing is drawn after the click. Only a stop of
 * this reply that the page measured shortens it; never to more than it has.
 */
export function keptAtStop(
  e: unknown,
  reply: Pick<AssistantTurn, 'id' | 'content' | 'reasoning'>,
  shown: ShownReply | undefined,
): Partial<Pick<AssistantTurn, 'content' | 'reasoning'>> {
  if (!shown || shown.turnId !== reply.id || !(e instanceof ChatError) || e.kind !== 'aborted') return {};
  const kept: Partial<Pick<AssistantTurn, 'content' | 'reasoning'>> = {};
  if (shown.content < reply.content.length) kept.content = reply.content.slice(0, shown.content);
  if (reply.reasoning !== undefined && shown.reasoning < reply.reasoning.length) kept.reasoning = reply.reasoning.slice(0, shown.reasoning);
  return kept;
}
