/**
 * The main-thread work a Chromium trace (category `devtools.timeline`) puts down to some frames:
 * script, style recalculation and layout, in ms. Blink tags each of these events with the frame
 * it ran for (`args.data.frame` for script, `args.beginData.frame` for style and layout), so
 * frames that share a renderer process with others (as a webview does in code-server) can still
 * be told apart. Beside the wall time, the thread time of the same events (`tts`, `tdur`): the
 * time the thread ran, without the time it waited for a core other processes held.
 */

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread clock (µs), when the trace has it. */
  tts?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { frame?: string }; beginData?: { frame?: string } };
}

export interface FrameWork {
  scriptMs: number;
  styleMs: number;
  layoutMs: number;
  totalMs: number;
  /** The same work in thread time: how long the threads ran for it (NaN when the trace lacks a thread clock). */
  threadMs: number;
}

/** Script entry points (each holds the script it ran, microtasks included, and any forced style or layout). */
const SCRIPT = new Set(['FunctionCall', 'EvaluateScript', 'TimerFire', 'FireAnimationFrame', 'FireIdleCallback', 'EventDispatch']);
const STYLE = new Set(['UpdateLayoutTree', 'RecalculateStyles']);
const LAYOUT = new Set(['Layout']);

type Interval = [number, number];

/** The length of the union of intervals (µs): nested events (a forced layout inside a script call) count once. */
function covered(intervals: Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of sorted) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/** Script, style and layout of `frames` in the trace; script is what is left of the whole once style and layout are taken out. */
export function frameWork(trace: { traceEvents: TraceEvent[] } | TraceEvent[], frames: Set<string>): FrameWork {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const kinds = { script: [] as Interval[], style: [] as Interval[], layout: [] as Interval[] };
  // Thread time per thread (each thread's clock has its own origin); NaN if an event has none.
  const thread = new Map<string, Interval[]>();
  let unclocked = 0;
  const ran = (e: TraceEvent, interval: Interval | undefined) => {
    if (!interval) return unclocked++;
    const key = `${e.pid}:${e.tid}`;
    thread.set(key, [...(thread.get(key) ?? []), interval]);
  };
  const kindOf = (name: string) =>
    SCRIPT.has(name) ? kinds.script : STYLE.has(name) ? kinds.style : LAYOUT.has(name) ? kinds.layout : undefined;
  // Begin/end pairs (style and layout are written so) are matched per thread and name.
  const open = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const list = kindOf(e.name);
    if (!list) continue;
    if (e.ph === 'X') {
      if (!frames.has(e.args?.data?.frame ?? e.args?.beginData?.frame ?? '')) continue;
      list.push([e.ts, e.ts + (e.dur ?? 0)]);
      ran(e, e.tts !== undefined && e.tdur !== undefined ? [e.tts, e.tts + e.tdur] : undefined);
    } else if (e.ph === 'B') {
      const key = `${e.pid}:${e.tid}:${e.name}`;
      open.set(key, [...(open.get(key) ?? []), e]);
    } else if (e.ph === 'E') {
      const begin = open.get(`${e.pid}:${e.tid}:${e.name}`)?.pop();
      if (!begin || !frames.has(begin.args?.beginData?.frame ?? begin.args?.data?.frame ?? '')) continue;
      list.push([begin.ts, e.ts]);
      ran(e, begin.tts !== undefined && e.tts !== undefined ? [begin.tts, e.tts] : undefined);
    }
  }
  const all = covered([...kinds.script, ...kinds.style, ...kinds.layout]);
  const style = covered(kinds.style);
  const styleAndLayout = covered([...kinds.style, ...kinds.layout]);
  return {
    scriptMs: (all - styleAndLayout) / 1000,
    styleMs: style / 1000,
    layoutMs: (styleAndLayout - style) / 1000,
    totalMs: all / 1000,
    threadMs: unclocked ? NaN : [...thread.values()].reduce((sum, intervals) => sum + covered(intervals), 0) / 1000,
  };
}
