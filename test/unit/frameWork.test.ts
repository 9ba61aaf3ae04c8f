import * as assert from 'assert';
import { frameWork } from '../bench/frameWork';

/** The bench's per-frame figures from a trace: what the view's frames did, each moment counted once. */
describe('Page work read from a trace (bench)', () => {
  const view = new Set(['VIEW']);
  // The thread ran half of each event's time (its clock at half the wall clock's).
  const x = (name: string, ts: number, dur: number, frame: string) => ({
    name,
    ph: 'X',
    ts,
    dur,
    tts: ts / 2,
    tdur: dur / 2,
    pid: 1,
    tid: 1,
    args: { data: { frame } },
  });
  const begin = (name: string, ts: number, frame: string) => ({
    name,
    ph: 'B',
    ts,
    tts: ts / 2,
    pid: 1,
    tid: 1,
    args: { beginData: { frame } },
  });
  const end = (name: string, ts: number) => ({ name, ph: 'E', ts, tts: ts / 2, pid: 1, tid: 1 });

  it('counts only the given frames, and a layout forced inside a script call once, as layout', () => {
    const work = frameWork(
      {
        traceEvents: [
          x('FunctionCall', 0, 10_000, 'VIEW'),
          begin('Layout', 2_000, 'VIEW'),
          end('Layout', 5_000), // forced by the script: 3 ms of its 10
          x('TimerFire', 20_000, 4_000, 'VIEW'),
          x('FunctionCall', 21_000, 2_000, 'VIEW'), // nested: 4 ms in all
          begin('UpdateLayoutTree', 30_000, 'VIEW'),
          end('UpdateLayoutTree', 31_000),
          x('FunctionCall', 40_000, 50_000, 'WORKBENCH'),
          begin('Layout', 100_000, 'WORKBENCH'),
          end('Layout', 120_000),
          x('Paint', 130_000, 5_000, 'VIEW'), // neither script nor layout
        ],
      },
      view,
    );
    assert.deepStrictEqual(work, { scriptMs: 11, styleMs: 1, layoutMs: 3, totalMs: 15, threadMs: 7.5 });
  });

  it('takes thread time per thread, a wait for a core left out, and none at all without a thread clock', () => {
    const on = (tid: number, ts: number, dur: number, tts: number, tdur: number) => ({
      ...x('FunctionCall', ts, dur, 'VIEW'),
      tid,
      tts,
      tdur,
    });
    const work = frameWork(
      [
        on(1, 0, 10_000, 100, 4_000), // ran 4 ms of its 10: waited 6 for a core
        on(1, 20_000, 2_000, 4_100, 2_000),
        on(2, 0, 3_000, 100, 3_000), // another thread, its clock from the same origin by chance: not merged with the first
      ],
      view,
    );
    assert.strictEqual(work.totalMs, 12);
    assert.strictEqual(work.threadMs, 9);
    const unclocked = frameWork([{ ...x('FunctionCall', 0, 1_000, 'VIEW'), tts: undefined, tdur: undefined }], view);
    assert.ok(Number.isNaN(unclocked.threadMs), 'no thread clock: no thread time, not zero');
  });

  it('is nothing when the frames did nothing', () => {
    assert.deepStrictEqual(frameWork([x('FunctionCall', 0, 1_000, 'OTHER')], view), {
      scriptMs: 0,
      styleMs: 0,
      layoutMs: 0,
      totalMs: 0,
      threadMs: 0,
    });
  });
});
