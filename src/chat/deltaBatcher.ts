import type { StreamEvent } from '../core/types';
import type { ToWebview } from '../shared/protocol';

/** Coalesces stream events into few `delta` messages. */
export class DeltaBatcher {
  private content = '';
  private reasoning = '';
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly messageId: string,
    private readonly send: (m: ToWebview) => void,
  ) {}

  push(event: StreamEvent): void {
    if (event.type === 'reclassify') {
      this.flush();
      this.send({ type: 'delta', messageId: this.messageId, reclassify: true });
      return;
    }
    if (event.type === 'content') this.content += event.text;
    else this.reasoning += event.text;
    this.timer ??= setTimeout(() => this.flush(), 16);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.content && !this.reasoning) return;
    const m: ToWebview = { type: 'delta', messageId: this.messageId };
    if (this.content) m.content = this.content;
    if (this.reasoning) m.reasoning = this.reasoning;
    this.content = '';
    this.reasoning = '';
    this.send(m);
  }
}
