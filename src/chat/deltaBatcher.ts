import type { StreamEvent } from '../core/types';
import type { ToWebview } from '../shared/protocol';

/** Coalesces a streaming turn's events into few `delta` messages, handed to `deliver`. */
export class DeltaBatcher {
  private content = '';
  private reasoning = '';
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly turnId: string,
    private readonly deliver: (m: ToWebview) => void,
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
    this.timer ??= setTimeout(() => this.flush(), 16);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.content && !this.reasoning) return;
    const m: ToWebview = { type: 'delta', turnId: this.turnId };
    if (this.content) m.content = this.content;
    if (this.reasoning) m.reasoning = this.reasoning;
    this.content = '';
    this.reasoning = '';
    this.deliver(m);
  }
}
