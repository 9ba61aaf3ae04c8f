/**
 * Builds a reply's tool calls from the `delta.tool_calls` fragments of its chunks (a whole
 * answer's `message.tool_calls` arrive as one chunk's fragments: see completionChunk.ts).
 *
 * The stream's shape: fragments keyed by `index`, the id, type and name in a call's first
 * fragment, its `arguments` text split across any number of chunks, several calls in parallel.
 * Real servers also send: the whole call in one fragment; `arguments` as an object; no `id`
 * (one is made, stable within the reply); no `type`; no `index` (a fragment with a new id or a
 * name starts a call, one without continues the last); empty `arguments` (taken as `{}`);
 * arguments that are not valid JSON (kept as written, with the parse error).
 *
 * A call is only ever read from these fields, wherever the reply's text is: a call that streams
 * while the text is inside `<think>` is a call. Calls are never parsed out of text.
 */
import type { StreamEvent, ToolCall } from '../types';

/** One `tool_calls` fragment as servers send it (the spec's ChatCompletionMessageToolCallChunk, loosely). */
interface Fragment {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

interface Building {
  index: number;
  id: string;
  /** False while the id is one made here: a real one arriving later replaces it. */
  idFromServer: boolean;
  name: string;
  arguments: string;
}

export type ToolCallDelta = Extract<StreamEvent, { type: 'toolCallDelta' }>;

export class ToolCallAccumulator {
  private readonly building = new Map<number, Building>();
  private readonly completed: ToolCall[] = [];
  private last: number | undefined;
  private readonly used = new Set<number>();
  /** Made ids are `call_<this>_<index>`: stable within the reply, unlikely to repeat across replies. */
  private readonly replyTag = Math.random().toString(36).slice(2, 10);

  /** The calls completed so far, in the order they completed (index order within each completion). */
  get calls(): readonly ToolCall[] {
    return this.completed;
  }

  /** Adds one chunk's `tool_calls`; returns a progress event per fragment. */
  push(fragments: unknown): ToolCallDelta[] {
    if (!Array.isArray(fragments)) return [];
    const events: ToolCallDelta[] = [];
    for (const raw of fragments) {
      if (!raw || typeof raw !== 'object') continue;
      const fragment = raw as Fragment;
      const call = this.callFor(fragment);
      const fn = fragment.function && typeof fragment.function === 'object' ? fragment.function : {};
      if (typeof fn.name === 'string' && fn.name && fn.name !== call.name) call.name += fn.name;
      let piece = '';
      if (typeof fn.arguments === 'string') piece = fn.arguments;
      else if (fn.arguments !== undefined && fn.arguments !== null) {
        // Some servers send the arguments as an object: that is the whole of them.
        call.arguments = '';
        piece = JSON.stringify(fn.arguments);
      }
      call.arguments += piece;
      events.push({ type: 'toolCallDelta', index: call.index, id: call.id, name: call.name || undefined, arguments: piece });
    }
    return events;
  }

  /** Completes every call still building (the reply finished or ended), in index order. */
  finish(): ToolCall[] {
    const done = [...this.building.values()].sort((a, b) => a.index - b.index).map(complete);
    this.building.clear();
    this.completed.push(...done);
    return done;
  }

  private callFor(fragment: Fragment): Building {
    const id = typeof fragment.id === 'string' && fragment.id ? fragment.id : undefined;
    const index = typeof fragment.index === 'number' ? fragment.index : this.indexWithout(fragment, id);
    let call = this.building.get(index);
    if (!call) {
      call = { index, id: id ?? `call_${this.replyTag}_${index}`, idFromServer: !!id, name: '', arguments: '' };
      this.building.set(index, call);
      this.used.add(index);
    } else if (id && !call.idFromServer) {
      call.id = id;
      call.idFromServer = true;
    }
    this.last = index;
    return call;
  }

  /** A fragment without an index: its id's call, else a new call if it names one, else the last call. */
  private indexWithout(fragment: Fragment, id: string | undefined): number {
    const known = id ? [...this.building.values()].find((c) => c.id === id) : undefined;
    if (known) return known.index;
    const startsCall = id !== undefined || typeof fragment.function?.name === 'string';
    if (!startsCall && this.last !== undefined) return this.last;
    return this.used.size === 0 ? 0 : Math.max(...this.used) + 1;
  }
}

/** A finished call: empty arguments are `{}`; arguments that do not parse are kept, with why. */
function complete(call: Building): ToolCall {
  const text = call.arguments.trim() === '' ? '{}' : call.arguments;
  const done: ToolCall = { id: call.id, name: call.name, arguments: text };
  try {
    done.parsed = JSON.parse(text);
  } catch (error) {
    done.parseError = error instanceof Error ? error.message : String(error);
  }
  return done;
}
