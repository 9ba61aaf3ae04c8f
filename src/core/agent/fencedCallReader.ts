/**
 * Reads tool calls out of a reply's text, for models without native tool calling (the fallback
 * of fencedPrompt.ts): fed the answer's text deltas split anywhere, it passes the prose through
 * as it streams and withholds each `tool_call` fenced block, telling its calls when it closes.
 *
 * What is a call: a ```tool_call block (any fence, ``` or ~~~, any length or indentation); a
 * ```json or unlabelled block that plainly calls a known tool. What is not: any other code
 * block (passed through untouched, a tool_call block inside it too), anything between `<think>`
 * and `</think>`. A call block still open when the reply ends is an invalid call, never dropped.
 * Feed it the answer only: reasoning a server sends apart is never a call.
 */
import type { StreamEvent, ToolCall, ToolDefinition } from '../types';
import { callsFromBlock, callsFromJsonBlock, type UnnumberedCall } from './fencedCall';
import { closes, fenceKind, mayBeFence, parseFenceLine, type Fence } from './fenceLine';

export type FencedEvent = Extract<StreamEvent, { type: 'content' } | { type: 'toolCall' }>;

const THINK_OPEN = '<think>';
const THINK_CLOSE = '</think>';

/** prose: streaming, fences and think tags looked for; code: a code block, streaming; block: withheld. */
type Mode = 'prose' | 'think' | 'code' | 'block';

interface Withheld {
  kind: 'call' | 'json';
  fence: Fence;
  opener: string;
  body: string;
  /** Fences opened inside (a model's code inside its JSON): their closers do not close the block. */
  inner: Fence[];
}

export interface FencedCallReaderOptions {
  /** The number of the first call's id (`fenced_<n>`): a run continues it so ids never repeat. */
  firstId?: number;
}

export class FencedCallReader {
  private buffer = '';
  private mode: Mode = 'prose';
  private atLineStart = true;
  private codeFence: Fence | undefined;
  private block: Withheld | undefined;
  private events: FencedEvent[] = [];
  private readonly completed: ToolCall[] = [];
  private readonly known: ReadonlySet<string>;
  private nextId: number;

  constructor(tools: readonly (ToolDefinition | string)[], options: FencedCallReaderOptions = {}) {
    this.known = new Set(tools.map((t) => (typeof t === 'string' ? t : t.name)));
    this.nextId = options.firstId ?? 1;
  }

  /** The calls told so far, in order. */
  get calls(): readonly ToolCall[] {
    return this.completed;
  }

  /** Adds a piece of the answer; returns the prose to show and the calls completed by it. */
  push(delta: string): FencedEvent[] {
    this.buffer += delta;
    while (this.buffer && this.step(false));
    return this.take();
  }

  /** The answer ended: what was held back, and a call block left open as an invalid call. */
  end(): FencedEvent[] {
    while (this.buffer && this.step(true));
    const block = this.block;
    if (this.mode === 'block' && block) {
      this.block = undefined;
      this.mode = 'prose';
      if (block.kind === 'json') this.emitText(block.opener + block.body);
      else this.emitCalls([unclosed(block)]);
    }
    return this.take();
  }

  /** Consumes what it can from the front of the buffer; false when it needs more text. */
  private step(final: boolean): boolean {
    if (this.mode === 'think') return this.stepThink(final);
    if (!this.atLineStart) return this.stepInLine(final);
    const newline = this.buffer.indexOf('\n');
    const line = newline === -1 ? this.buffer : this.buffer.slice(0, newline + 1);
    if (newline === -1 && !final && mayBeFence(line)) return false;
    const fence = parseFenceLine(line);
    if (fence && this.onFenceLine(fence, line)) this.buffer = this.buffer.slice(line.length);
    else this.atLineStart = false;
    return true;
  }

  /** A fence line in the current mode; false when it is only text there. */
  private onFenceLine(fence: Fence, line: string): boolean {
    if (this.mode === 'prose') {
      const kind = fenceKind(fence.info);
      if (kind === 'code') {
        this.emitText(line);
        this.mode = 'code';
        this.codeFence = fence;
      } else {
        this.block = { kind, fence, opener: line, body: '', inner: [] };
        this.mode = 'block';
      }
      return true;
    }
    if (this.mode === 'code') {
      if (!this.codeFence || !closes(fence, this.codeFence)) return false;
      this.emitText(line);
      this.mode = 'prose';
      return true;
    }
    return this.onFenceInBlock(fence, line);
  }

  private onFenceInBlock(fence: Fence, line: string): boolean {
    const block = this.block!;
    const inner = block.inner[block.inner.length - 1];
    if (inner ? closes(fence, inner) : fence.info !== '') {
      if (inner) block.inner.pop();
      else block.inner.push(fence);
      block.body += line;
      return true;
    }
    if (!closes(fence, block.fence)) return false;
    this.block = undefined;
    this.mode = 'prose';
    if (block.kind === 'call') this.emitCalls(callsFromBlock(block.body));
    else {
      const calls = callsFromJsonBlock(block.body, this.known);
      if (calls) this.emitCalls(calls);
      else this.emitText(block.opener + block.body + line);
    }
    return true;
  }

  /** The rest of a line: prose (watching for `<think>`), code, or a withheld block's body. */
  private stepInLine(final: boolean): boolean {
    const newline = this.buffer.indexOf('\n');
    if (this.mode === 'prose') {
      const think = this.buffer.indexOf(THINK_OPEN);
      if (think !== -1 && (newline === -1 || think < newline)) {
        this.emitText(this.cut(think + THINK_OPEN.length));
        this.mode = 'think';
        return true;
      }
    }
    const end = newline === -1 ? this.buffer.length - (final || this.mode !== 'prose' ? 0 : heldTag(this.buffer, THINK_OPEN)) : newline + 1;
    const text = this.cut(end);
    if (this.mode === 'block') this.block!.body += text;
    else this.emitText(text);
    if (newline !== -1) this.atLineStart = true;
    return newline !== -1;
  }

  /** Inside `<think>`: everything is text, up to and with `</think>`. */
  private stepThink(final: boolean): boolean {
    const close = this.buffer.indexOf(THINK_CLOSE);
    if (close === -1) {
      this.emitText(this.cut(this.buffer.length - (final ? 0 : heldTag(this.buffer, THINK_CLOSE))));
      return false;
    }
    this.emitText(this.cut(close + THINK_CLOSE.length));
    this.mode = 'prose';
    // Models often open a fence straight after `</think>`: it counts as a line's start.
    this.atLineStart = true;
    return true;
  }

  private cut(length: number): string {
    const text = this.buffer.slice(0, length);
    this.buffer = this.buffer.slice(length);
    return text;
  }

  private emitText(text: string): void {
    if (!text) return;
    const last = this.events[this.events.length - 1];
    if (last?.type === 'content') last.text += text;
    else this.events.push({ type: 'content', text });
  }

  private emitCalls(calls: UnnumberedCall[]): void {
    for (const call of calls) {
      const numbered: ToolCall = { id: `fenced_${this.nextId++}`, ...call };
      this.completed.push(numbered);
      this.events.push({ type: 'toolCall', call: numbered });
    }
  }

  private take(): FencedEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }
}

/** A call block the reply ended inside: invalid, with the tool it named when that can be read. */
function unclosed(block: Withheld): UnnumberedCall {
  const [first] = callsFromBlock(block.body);
  const fence = block.fence.char.repeat(block.fence.length);
  return {
    name: first.name,
    arguments: block.body.trim() || '{}',
    parseError: `The reply ended inside the tool_call block (no closing ${fence}), so the call was not run.`,
  };
}

/** The length of the end of `text` that could be the start of `tag` (held until the next piece). */
function heldTag(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) if (text.endsWith(tag.slice(0, n))) return n;
  return 0;
}
