import * as assert from 'assert';
import { longFrames } from '../bench/longFrames';

const task = (ts: number, dur: number, tdur: number, tid = 1) => ({
  name: 'ThreadControllerImpl::RunTask',
  ph: 'X',
  ts,
  dur,
  tdur,
  pid: 7,
  tid,
});
const mark = (ph: 'b' | 'e', ts: number) => ({ name: 'bench:long-frame', ph, ts, pid: 7, tid: 1 });

describe('longFrames (the frames bench, from a kept trace)', () => {
  it("says how long the view's thread ran in each long frame: its own tasks in it, not another thread's or those outside it", () => {
    const events = [
      mark('b', 1_000),
      task(2_000, 30_000, 8_000),
      task(33_000, 17_000, 3_000),
      task(10_000, 20_000, 20_000, 2), // another thread of the process
      task(60_000, 5_000, 5_000), // after the frame
      mark('e', 51_000),
    ];
    assert.deepStrictEqual(longFrames(events), [{ ms: 50, threadMs: 11, longestTaskMs: 8 }]);
  });

  it('a trace with no long frame has none', () => {
    assert.deepStrictEqual(longFrames([task(0, 10_000, 9_000)]), []);
  });
});
