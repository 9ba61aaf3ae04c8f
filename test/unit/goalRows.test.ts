import * as assert from 'assert';
import { goalMarkdown, goalRows, type GoalInputs, type GoalRow } from '../bench/goalRows';

/** The bench's goals table (#33): each figure against its same-run baseline, and the verdict at the goal's edge. */
describe('Bench goals against same-run baselines', () => {
  const s = (p50: number, p95 = p50) => ({ min: p50, p50, p95, max: p95 });
  const view = (
    o: {
      keyP95?: number;
      idleKeyP95?: number;
      missed?: number;
      longest?: number;
      open1000?: number;
      heap1000?: number;
      lastPaint?: number;
    } = {},
  ) => ({
    ownOrigin: true,
    ownProcess: true,
    open: {
      rounds: 3,
      sameIsolate: false,
      ownProcess: true,
      parleyMs: s(o.open1000 ?? 440),
      twoTurnMs: s(400),
      emptyMs: s(300),
      noneHeap: s(80e6),
      parleyHeap: s(o.heap1000 ?? 2.4e6),
      twoTurnHeap: s(2e6),
      emptyHeap: s(1e6),
      phases: [],
      rendered: 8,
      renderedOf2: 2,
    },
    frames: {
      tokensPerSecond: 500,
      frames: 100,
      framesOver16: 30,
      missedVsync: o.missed ?? 25,
      longestFrameMs: o.longest ?? 30,
      idle: { frames: 100, framesOver16: 33, missedVsync: 20, longestFrameMs: 20 },
      rounds: 2,
      firstReply: { frames: 120, missedVsync: 3, longestFrameMs: 50, firstRedrawMs: 375 },
      viewThread: { streaming: { ranMs: 1800, waitedMs: 1300 }, idle: { ranMs: 420, waitedMs: 90 } },
      longestByRound: [
        { streaming: o.longest ?? 30, idle: 20 },
        { streaming: 17, idle: 17 },
      ],
    },
    typing: { keyMs: s(10, o.keyP95 ?? 12), idleKeyMs: s(8, o.idleKeyP95 ?? 10) },
    lastPaint: { tokensPerSecond: 2000, runs: 3, lastByteToPaintMs: s(o.lastPaint ?? 100), streamMs: s(10_000), clockWithinMs: 1 },
  });
  const inputs = (own: ReturnType<typeof view>, extra: Partial<GoalInputs> = {}): GoalInputs =>
    ({
      own,
      shared: view(),
      // Thread time decides; the wall time (which waits for a core) is only shown.
      send: { long: 22, short: 20, wallLong: 30, wallShort: 20, sends: 20, outOfProcess: true },
      stop: [],
      startup: { total: s(14), bundle: s(4), activate: s(10), runs: 5, settled: 5, profiled: false },
      firstTokenRatios: [1.06, 1.04, 1.05],
      ...extra,
    }) as unknown as GoalInputs;
  const row = (rows: GoalRow[], start: string) => rows.find((r) => r.figure.startsWith(start))!;

  it('meets each goal exactly at its edge, and misses it just past', () => {
    const edge = goalRows(inputs(view()));
    assert.deepStrictEqual(
      edge.map((r) => [r.figure.split(' ').slice(0, 3).join(' '), r.met]),
      [
        ['Key press →', 'met'], // 12 / 10 = 1.2x
        ['Frames that missed', 'met'], // 25% against 20% + 5 points
        ['Longest frame while', 'met'], // 30 against 1.5 × 20
        ['Open the chat', 'met'], // 440 / 400 = 1.1x
        ['The same opening', 'met'], // 440 / 300 ≤ 1.6x
        ['View JS heap', 'met'], // 2.4 / 2 MB = 1.2x
        ['A 20,000-token reply', 'met'], // 100 ms
        ['A Send in', 'met'], // 22 / 20 = 1.1x
        ['Bundle load +', 'met'],
        ['First token, Parley', 'met'], // the median round, 1.05
      ],
    );
    const past = goalRows(
      inputs(view({ keyP95: 12.1, missed: 26, longest: 30.1, open1000: 441, heap1000: 2.41e6, lastPaint: 101 }), {
        send: { long: 22.1, short: 20, wallLong: 20, wallShort: 20, sends: 20, outOfProcess: true },
        firstTokenRatios: [1.051, 1.2, 1],
      }),
    );
    assert.deepStrictEqual(
      past.filter((r) => r.met === 'met').map((r) => r.figure.split(' ')[0]),
      ['The', 'Bundle'],
    );
    // The longest frame of each reply beside the idle watch after it, and how many replies.
    assert.match(row(edge, 'Longest frame').baseline, /streaming \/ idle after: 30 \/ 20, 17 \/ 17 ms/);
    assert.match(row(edge, 'Frames that missed').figure, /2 replies/);
    // The window's first reply is not among them (its first request carries VS Code's one-time work), and is shown.
    assert.match(
      row(edge, 'Longest frame').baseline,
      /first reply, not counted: longest 50 ms, 3 of 120 missed, first redraw 375 ms after Enter/,
    );
    assert.strictEqual(row(edge, 'Longest frame').parley, '30 ms');
    // Beside it, how long the view's thread waited for a core, streaming and idle.
    assert.match(
      row(edge, 'Longest frame').baseline,
      /waited for a core 1300 ms while they streamed \(it ran 1800 ms\), 90 ms idle \(ran 420 ms\)/,
    );
    // The share of frames read over 16.7 ms (on time, read to 0.1 ms, a third of them) is shown, not judged.
    assert.match(row(edge, 'Frames that missed').baseline, /read over 16.7 ms: 30% streaming, 33% idle/);
  });

  it('says when the view did not run in its own process, and subtracts the workbench heap when the view shares it', () => {
    const shared = view();
    shared.ownProcess = false;
    shared.open.sameIsolate = true;
    shared.open.parleyHeap = s(83e6);
    shared.open.twoTurnHeap = s(82.5e6);
    const rows = goalRows(inputs(shared));
    assert.match(row(rows, 'Key press').figure, /NOT in its own process/);
    const heap = row(rows, 'View JS heap');
    assert.strictEqual(heap.parley, '3.00 MB');
    assert.strictEqual(heap.ratio, '1.20x');
  });

  it("says the view's thread's waits for a core were not read where /proc has none", () => {
    const elsewhere = view();
    (elsewhere.frames as { viewThread?: unknown }).viewThread = undefined;
    assert.match(row(goalRows(inputs(elsewhere)), 'Longest frame').baseline, /waits for a core not read \(Linux only\)/);
  });

  it('writes a Markdown table with no blank cell: a figure not taken keeps its reason', () => {
    const notTaken: GoalRow = {
      figure: 'Stop | a real llama.cpp server',
      parley: '',
      baseline: 'not taken: no server',
      ratio: '',
      goal: '≤ 100 ms',
      met: 'not taken',
    };
    const table = goalMarkdown(goalRows(inputs(view(), { stop: [notTaken] })));
    const lines = table.split('\n');
    assert.strictEqual(lines.length, 2 + 11);
    for (const line of lines.slice(2)) {
      const cells = line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim());
      assert.strictEqual(cells.length, 6, line);
      assert.ok(
        cells.every((c) => c.length > 0),
        line,
      );
    }
    assert.ok(table.includes('| Stop \\| a real llama.cpp server | — | not taken: no server | — | ≤ 100 ms | not taken |'));
  });
});
