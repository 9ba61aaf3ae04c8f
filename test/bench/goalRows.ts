/**
 * Issue #33's goals, each figure beside its baseline from the same `npm run bench` run and the
 * ratio between them: printed as a table and written as the README's Performance goals table.
 * A figure that could not be taken says why, never a blank.
 */
import type { Stats } from './clientBench';
import type { webviewBench } from './webviewBench';

export interface GoalRow {
  figure: string;
  parley: string;
  baseline: string;
  ratio: string;
  goal: string;
  met: 'met' | 'MISSED' | 'not taken';
}

type ViewFigures = Awaited<ReturnType<typeof webviewBench>>;

export interface GoalInputs {
  own: ViewFigures;
  shared: ViewFigures;
  /** Page work per Send: medians of 1,000-turn and 2-turn Sends, and whether the view ran out of process. */
  /** Medians of the view thread's time (long, short) and of the wall time, per Send. */
  send: { long: number; short: number; wallLong: number; wallShort: number; sends: number; outOfProcess: boolean };
  /** Rows the Stop bench gives (its own module). */
  stop: GoalRow[];
  /** Start-up over the host runs: the shipped bundle's load plus activate(), and how many runs found the host settled. */
  startup: { total: Stats; bundle: Stats; activate: Stats; runs: number; settled: number; profiled: boolean };
  /** Parley's first token over raw HTTP's, one ratio per round. */
  firstTokenRatios: number[];
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const x = (n: number) => `${n.toFixed(2)}x`;
const pct = (part: number, whole: number) => (whole ? (100 * part) / whole : 0);
const verdict = (ok: boolean): GoalRow['met'] => (ok ? 'met' : 'MISSED');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** How long the view's main thread waited for a core: a frame it missed while its own work was short. */
function threadWait(thread: ViewFigures['frames']['viewThread']): string {
  if (!thread) return "the view's thread's waits for a core not read (Linux only)";
  const { streaming: s, idle: i } = thread;
  return `the view's thread waited for a core ${ms(s.waitedMs)} while they streamed (it ran ${ms(s.ranMs)}), ${ms(i.waitedMs)} idle (ran ${ms(i.ranMs)})`;
}

/** The view's rows: its own process measured, the shared-thread figure beside it for reference. */
function viewRows(own: ViewFigures, shared: ViewFigures): GoalRow[] {
  const where = own.ownProcess ? 'view in its own process' : 'view NOT in its own process this run';
  const typing = own.typing;
  const keyRatio = typing.keyMs.p95 / typing.idleKeyMs.p95;
  const f = own.frames;
  const streamShare = pct(f.missedVsync, f.frames);
  const idleShare = pct(f.idle.missedVsync, f.idle.frames);
  const sharedShare = pct(shared.frames.missedVsync, shared.frames.frames);
  // Read to 0.1 ms, a frame on time is 16.6, 16.7 or 16.8 ms: "over 16.7" counts a third of them.
  const over16 = `read over 16.7 ms: ${pct(f.framesOver16, f.frames).toFixed(0)}% streaming, ${pct(f.idle.framesOver16, f.idle.frames).toFixed(0)}% idle`;
  const o = own.open;
  const heapOf = (h: Stats) => (o.sameIsolate ? h.p50 - o.noneHeap.p50 : h.p50);
  return [
    {
      figure: `Key press → paint in the chat input while a 20,000-token reply streams, p95 (${where})`,
      parley: ms(typing.keyMs.p95),
      baseline: `nothing streaming ${ms(typing.idleKeyMs.p95)}; shared-thread view ${ms(shared.typing.keyMs.p95)} vs ${ms(shared.typing.idleKeyMs.p95)}`,
      ratio: x(keyRatio),
      goal: '≤ 1.2x',
      met: verdict(keyRatio <= 1.2),
    },
    {
      figure: `Frames that missed a vsync (over 25 ms) while 12 code blocks stream at ${f.tokensPerSecond} tokens/s, ${f.rounds} replies (${where})`,
      parley: `${streamShare.toFixed(1)}% (${f.missedVsync} of ${f.frames})`,
      baseline: `nothing streaming, as long after each reply, ${idleShare.toFixed(1)}% (${f.idle.missedVsync} of ${f.idle.frames}); shared-thread view ${sharedShare.toFixed(1)}%; ${over16}`,
      ratio: `${(streamShare - idleShare >= 0 ? '+' : '') + (streamShare - idleShare).toFixed(1)} points`,
      goal: '≤ idle + 5 points',
      met: verdict(streamShare <= idleShare + 5),
    },
    {
      figure: 'Longest frame while those blocks stream',
      parley: ms(f.longestFrameMs),
      baseline: `nothing streaming ${ms(f.idle.longestFrameMs)}; by reply, streaming / idle after: ${f.longestByRound.map((r) => `${r.streaming.toFixed(0)} / ${r.idle.toFixed(0)}`).join(', ')} ms; shared-thread view ${ms(shared.frames.longestFrameMs)}; the window's first reply, not counted: longest ${ms(f.firstReply.longestFrameMs)}, ${f.firstReply.missedVsync} of ${f.firstReply.frames} missed, first redraw ${ms(f.firstReply.firstRedrawMs)} after Enter; ${threadWait(f.viewThread)}`,
      ratio: x(f.longestFrameMs / f.idle.longestFrameMs),
      goal: '≤ 1.5x',
      met: verdict(f.longestFrameMs <= 1.5 * f.idle.longestFrameMs),
    },
    {
      figure: `Open the chat on a 1,000-turn conversation → painted (${o.rendered} drawn)`,
      parley: ms(o.parleyMs.p50),
      baseline: `a 2-turn conversation ${ms(o.twoTurnMs.p50)}`,
      ratio: x(o.parleyMs.p50 / o.twoTurnMs.p50),
      goal: '≤ 1.1x',
      met: verdict(o.parleyMs.p50 <= 1.1 * o.twoTurnMs.p50),
    },
    {
      figure: 'The same opening against an empty webview view',
      parley: ms(o.parleyMs.p50),
      baseline: `empty view ${ms(o.emptyMs.p50)}; shared-thread: ${ms(shared.open.parleyMs.p50)} vs ${ms(shared.open.emptyMs.p50)}`,
      ratio: x(o.parleyMs.p50 / o.emptyMs.p50),
      goal: '≤ 1.6x',
      met: verdict(o.parleyMs.p50 <= 1.6 * o.emptyMs.p50),
    },
    {
      figure: `View JS heap with the 1,000-turn conversation open${o.sameIsolate ? " (less the workbench's own)" : " (the view's process)"}`,
      parley: `${(heapOf(o.parleyHeap) / 1e6).toFixed(2)} MB`,
      baseline: `2 turns ${(heapOf(o.twoTurnHeap) / 1e6).toFixed(2)} MB; empty view ${(heapOf(o.emptyHeap) / 1e6).toFixed(2)} MB`,
      ratio: x(heapOf(o.parleyHeap) / heapOf(o.twoTurnHeap)),
      goal: '≤ 1.2x',
      met: verdict(heapOf(o.parleyHeap) <= 1.2 * heapOf(o.twoTurnHeap)),
    },
    {
      figure: `A 20,000-token reply at ${own.lastPaint.tokensPerSecond.toLocaleString('en')} tokens/s: the server's last byte → last paint (median of ${own.lastPaint.runs})`,
      parley: ms(own.lastPaint.lastByteToPaintMs.p50),
      baseline: `max ${ms(own.lastPaint.lastByteToPaintMs.max)}; the stream took ${ms(own.lastPaint.streamMs.p50)}; clocks within ${own.lastPaint.clockWithinMs.toFixed(1)} ms; shared-thread view ${ms(shared.lastPaint.lastByteToPaintMs.p50)}`,
      ratio: '',
      goal: '≤ 100 ms',
      met: verdict(own.lastPaint.lastByteToPaintMs.p50 <= 100),
    },
  ];
}

export function goalRows(inputs: GoalInputs): GoalRow[] {
  const { send } = inputs;
  const firstToken = median(inputs.firstTokenRatios);
  return [
    ...viewRows(inputs.own, inputs.shared),
    {
      figure: `A Send in a 1,000-turn conversation: the view's script, style and layout, thread time (${send.outOfProcess ? 'own process' : 'per frame, in the workbench process'}; median of ${send.sends})`,
      parley: ms(send.long),
      baseline: `a Send in a 2-turn one ${ms(send.short)}; wall time ${ms(send.wallLong)} vs ${ms(send.wallShort)} (${x(send.wallLong / send.wallShort)})`,
      ratio: x(send.long / send.short),
      goal: '≤ 1.1x',
      met: verdict(send.long <= 1.1 * send.short),
    },
    ...inputs.stop,
    {
      figure: `Bundle load + activate(), the shipped bundle, median of ${inputs.startup.runs} fresh hosts (${inputs.startup.settled} of them settled first)`,
      parley: ms(inputs.startup.total.p50),
      baseline: `min ${ms(inputs.startup.total.min)}, max ${ms(inputs.startup.total.max)}; medians of the parts: bundle ${ms(inputs.startup.bundle.p50)}, activate() ${ms(inputs.startup.activate.p50)}${inputs.startup.profiled ? '; PROFILED runs (slower)' : ''}`,
      ratio: '',
      goal: '< 30 ms',
      met: verdict(inputs.startup.total.p50 < 30),
    },
    {
      figure: `First token, Parley over raw HTTP (median of ${inputs.firstTokenRatios.length} rounds)`,
      parley: x(firstToken).replace('x', ''),
      baseline: `rounds: ${inputs.firstTokenRatios.map((r) => r.toFixed(3)).join(', ')}`,
      ratio: firstToken.toFixed(3),
      goal: '≤ 1.05',
      met: verdict(firstToken <= 1.05),
    },
  ];
}

export function goalMarkdown(rows: GoalRow[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|') || '—';
  return [
    '| Figure | Parley | Baseline (same run) | Ratio | Goal | |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${[r.figure, r.parley, r.baseline, r.ratio, r.goal, r.met].map(cell).join(' | ')} |`),
  ].join('\n');
}

export function goalLines(rows: GoalRow[]): [string, string, string, string][] {
  return rows.map((r) => [r.figure, r.parley, `${r.baseline}${r.ratio ? `; ratio ${r.ratio}` : ''}`, `${r.met} (${r.goal})`]);
}
