import type { MessageView, ToWebview } from '../shared/protocol';
import { messageById } from './dom';
import { fillMessage, type Rendered } from './messages';
import { applyStreamEvent } from '../core/replyText';

/** A streaming reply as it grows; `rendered` is how much of it is in finished blocks. */
export interface Streaming { content: string; reasoning: string; rendered: Rendered; frame?: number }

/** The replies still streaming, each re-rendered at most once a frame as deltas arrive. */
export class StreamingReplies {
  private readonly replies = new Map<string, Streaming>();

  constructor(private readonly messages: HTMLElement) {}

  clear(): void {
    this.replies.clear();
  }

  /** A reply that was streaming when the whole state arrived: deltas continue it. */
  resume(m: MessageView): void {
    this.replies.set(m.id, { content: m.content, reasoning: m.reasoning ?? '', rendered: { upTo: 0 } });
  }

  /** Re-renders only the streaming message, at most once a frame (less often when it is long). */
  applyDelta(m: Extract<ToWebview, { type: 'delta' }>): void {
    const entry = this.replies.get(m.messageId) ?? { content: '', reasoning: '', rendered: { upTo: 0 } };
    this.replies.set(m.messageId, entry);
    // A delta carries events in order: a reclassify first, then reasoning, then answer.
    if (m.reclassify) {
      applyStreamEvent(entry, { type: 'reclassify' });
      entry.rendered.upTo = 0;
    }
    if (m.reasoning) applyStreamEvent(entry, { type: 'reasoning', text: m.reasoning });
    if (m.content) applyStreamEvent(entry, { type: 'content', text: m.content });
    if (entry.frame !== undefined) return;
    // Rendering cost grows with the message: past 50 kB, re-render a few times a second only.
    const wait = entry.content.length > 50_000 ? 250 : 0;
    entry.frame = window.setTimeout(() => requestAnimationFrame(() => {
      entry.frame = undefined;
      if (this.replies.get(m.messageId) !== entry) return; // finished meanwhile
      const el = messageById(this.messages, m.messageId);
      if (!el) return;
      const started = performance.now();
      const messages = this.messages;
      const atBottom = messages.scrollHeight - messages.scrollTop - messages.clientHeight < 40;
      fillMessage(el, { id: m.messageId, role: 'assistant', content: entry.content, reasoning: entry.reasoning, streaming: true }, entry.rendered);
      if (atBottom) messages.scrollTop = messages.scrollHeight;
      // Read by `npm run bench`: how long each streaming re-render takes.
      performance.measure('parley:render', { start: started });
    }), wait);
  }

  /** Stops re-rendering a finished reply; returns what had streamed of it, if anything. */
  finish(id: string): Streaming | undefined {
    const entry = this.replies.get(id);
    if (entry?.frame !== undefined) clearTimeout(entry.frame);
    this.replies.delete(id);
    return entry;
  }
}
