import type { StreamEvent } from '../core/types';
import type { ToWebview } from '../shared/protocol';
import { LONG_REPLY_CHARS } from '../core/view/redrawPacing';

/** A delta goes out at most this long after the first event it carries: a frame. */
export const DELTA_EVERY_MS = 16;
/**
 * Once the reply is past LONG_REPLY_CHARS the view redraws it every 250 ms only: a delta a frame
 * then is work for nothing in the extension host, the workbench (which relays each message) and
 * the view, all of them on the cores the user's keys need.
 */
export const LONG_DELTA_EVERY_MS = 100;

/** Coalesces a streaming turn's events into few `delta` messages, handed to `deliver`. */
export class DeltaBatcher {
  private content = '';
  private reasoning = '';
  private timer?: ReturnType<typeof setTimeout>;
  /** Characters of the answer delivered so far (the view paces its redraws by the answer's length). */
  private delivered = 0;

  constructor(
    readonly turnId: string,
    private readonly deliver: (m: ToWebview) => void,
    /** setTimeout; a unit test reads the waits asked for. */
    private readonly later: (flush: () => void, ms: number) => ReturnType<typeof setTimeout> = setTimeout,
  ) {}

  push(event: StreamEvent): void {
    if (event.type === 'reclassify') {
      this.flush();
      this.deliver({ type: 'delta', turnId: this.turnId, reclassify: true });
      return;
    }
    if (event.type === 'content') this.content += event.text;
    else if (event.type === 'reasoning') this.reasoning += event.text;
    else return; // the chat sends no tools: a call some server made anyway is not text to show
    this.timer ??= this.later(() => this.flush(), this.delivered > LONG_REPLY_CHARS ? LONG_DELTA_EVERY_MS : DELTA_EVERY_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.content && !this.reasoning) return;
    const m: ToWebview = { type: 'delta', turnId: this.turnId };
    if (this.content) m.content = this.content;
    if (this.reasoning) m.reasoning = this.reasoning;
    this.delivered += this.content.length;
    this.content = '';
    this.reasoning = '';
    this.deliver(m);
  }
}
