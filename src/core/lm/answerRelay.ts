/**
 * Passes a reply's answer text on as it streams, and never its reasoning. An endpoint known to
 * stream `<think>` tags may open the think block in its prompt template, so that its reasoning
 * first arrives as answer and is only known as reasoning at a lone `</think>`: for such an
 * endpoint the text is held until the think block is settled (a reasoning event, a
 * reclassification, or the end of the reply). Text already passed on cannot be taken back.
 */
import type { StreamEvent } from '../types';

export class AnswerRelay {
  private held = '';

  constructor(
    private holding: boolean,
    private readonly pass: (text: string) => void,
  ) {}

  push(event: StreamEvent): void {
    if (event.type === 'reclassify') {
      this.held = '';
      this.holding = false;
      return;
    }
    if (event.type === 'reasoning') {
      this.release();
      return;
    }
    // Tool calls are not answer text: the provider reports them as tool call parts.
    if (event.type !== 'content') return;
    if (this.holding) this.held += event.text;
    else if (event.text) this.pass(event.text);
  }

  /** The reply ended: what was held was answer after all. */
  end(): void {
    this.release();
  }

  private release(): void {
    this.holding = false;
    const text = this.held;
    this.held = '';
    if (text) this.pass(text);
  }
}
