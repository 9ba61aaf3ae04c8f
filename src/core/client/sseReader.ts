/**
 * Server-sent events read straight off a response body, by the WHATWG rules (LF, CRLF or CR
 * line ends, `:` comments, one optional space after the colon, multi-line `data`). Parley's
 * own instead of the `openai` SDK's decoder: that one runs an async generator per line and
 * per event and cost ~14 ms of CPU per 1,000 tokens; this is a plain loop over each read.
 */
import { errorMessage } from './errorMessage';

export interface SseEvent {
  /** The `event:` field, when the server named one. */
  event?: string;
  data: string;
}

/** Splits text into events; feed it decoded text in any pieces. */
export class SseParser {
  private pending = '';
  /** The last piece ended in CR: a LF starting the next one belongs to that line end. */
  private skipLf = false;
  private data: string[] = [];
  private event: string | undefined;

  /** Feeds text; returns the events it completed. */
  push(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    const buf = this.pending + text;
    let start = 0;
    if (this.skipLf && buf.length > 0) {
      if (buf.charCodeAt(0) === 10) start = 1;
      this.skipLf = false;
    }
    // Both positions are kept between lines: searching again from every line would be
    // quadratic in a read that holds thousands of events.
    let lf = buf.indexOf('\n', start);
    let cr = buf.indexOf('\r', start);
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let next: number;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        end = lf;
        next = lf + 1;
      } else {
        end = cr;
        next = cr + 1;
        if (next === buf.length) this.skipLf = true;
        else if (buf.charCodeAt(next) === 10) next++;
      }
      this.line(buf.slice(start, end), events);
      start = next;
      if (lf !== -1 && lf < start) lf = buf.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = buf.indexOf('\r', start);
    }
    this.pending = buf.slice(start);
    return events;
  }

  /**
   * The body ended. The rules drop an event whose blank line never came; a server that closes
   * right after its last `data:` line still meant it, so it is kept.
   */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.pending) this.line(this.pending, events);
    this.pending = '';
    this.line('', events);
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') {
      const data = this.data.length === 1 ? this.data[0] : this.data.join('\n');
      if (data !== '') events.push(this.event === undefined ? { data } : { event: this.event, data });
      this.data = [];
      this.event = undefined;
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return; // a comment: keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    // `id` and `retry` mean nothing to a one-shot reply.
  }
}

/** Reading a body failed part-way (a cut connection, an abort); `cause` is the read's error. */
export class BodyReadError extends Error {
  constructor(override readonly cause: unknown) {
    super(`reading the reply failed: ${errorMessage(cause)}`);
    this.name = 'BodyReadError';
  }
}

/** A read of the body, its failure marked as the body's (see BodyReadError). */
export async function readBody<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    throw new BodyReadError(e);
  }
}

export interface ReadSseOptions {
  /** Every read, comments included: any bytes mean the server is alive. */
  onBytes?(): void;
  /** Each event; returning false stops reading (the reply is complete). */
  onEvent(event: SseEvent): boolean | void;
}

/**
 * Reads a body to its end, or until `onEvent` returns false (the body is then cancelled).
 * Rejects with a BodyReadError when a read fails, or with what `onEvent` threw.
 */
export async function readSse(body: ReadableStream<Uint8Array>, options: ReadSseOptions): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const deliver = (events: SseEvent[]): boolean => {
    for (const event of events) if (options.onEvent(event) === false) return false;
    return true;
  };
  try {
    for (;;) {
      const { done, value } = await readBody(() => reader.read());
      if (done) {
        deliver(parser.push(decoder.decode()).concat(parser.end()));
        return;
      }
      options.onBytes?.();
      if (!deliver(parser.push(decoder.decode(value, { stream: true })))) {
        await reader.cancel().catch(() => undefined);
        return;
      }
    }
  } finally {
    reader.releaseLock();
  }
}
