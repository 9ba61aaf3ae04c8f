import type { Conversation, ConversationEvent, Header } from '../core/conversation/conversation';
import type { Turn } from '../core/conversation/turn';
import type { ChromeChange, ToWebview } from '../shared/protocol';
import { DisposableStore } from '../common/dispose';
import { DeltaBatcher } from './deltaBatcher';

/**
 * The one place a conversation's events become messages to the page: a turn added is `append`,
 * a streaming turn's pieces `delta`s (at most every 16 ms: a server sending 100,000 tiny chunks
 * must not mean 100,000 messages to the webview), a turn ended `done`, turns removed
 * `truncate`, a header change `chrome`. It follows one conversation at a time.
 */
export class ConversationWire {
  private readonly watching = new DisposableStore();
  private deltas?: DeltaBatcher;

  constructor(private readonly deliver: (m: ToWebview) => void) {}

  /** Follows this conversation from now on, and no other. */
  watch(conversation: Conversation): void {
    this.watching.clear();
    this.stopDeltas();
    this.watching.add(conversation.onDidChange((e) => this.translate(e)));
  }

  private translate(e: ConversationEvent): void {
    switch (e.type) {
      case 'turnAdded':
        this.deliver({ type: 'append', turn: copy(e.turn) });
        if (e.turn.role === 'assistant' && e.turn.streaming) this.deltas = new DeltaBatcher(e.turn.id, this.deliver);
        return;
      case 'turnStreaming':
        if (this.deltas?.turnId !== e.turnId) this.deltas = new DeltaBatcher(e.turnId, this.deliver);
        return this.deltas.push(e.event);
      case 'turnEnded':
        // What streamed reaches the page before the turn it ends.
        if (this.deltas?.turnId === e.turn.id) this.stopDeltas();
        return this.deliver({ type: 'done', turn: copy(e.turn) });
      case 'stepChanged':
        return this.deliver({ type: 'done', turn: copy(e.turn) });
      case 'turnsRemoved':
        this.stopDeltas();
        return this.deliver({ type: 'truncate', fromId: e.fromId });
      case 'headerChanged':
        return this.deliver({ type: 'chrome', chrome: chromeChange(e.change) });
    }
  }

  private stopDeltas(): void {
    this.deltas?.flush();
    this.deltas = undefined;
  }

  dispose(): void {
    this.stopDeltas();
    this.watching.dispose();
  }
}

/** The turn as it is now: the model's own object keeps changing after it was posted. */
function copy(turn: Turn): Turn {
  return { ...turn };
}

/** A header change as the wire says it: a field cleared is `null` (a message drops `undefined`). */
export function chromeChange(change: Partial<Header>): ChromeChange {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change)) out[key] = value ?? null;
  return out as ChromeChange;
}
