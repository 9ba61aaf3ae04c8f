/**
 * What a long frame of the view was made of, from the traces the frames bench keeps
 * (`PARLEY_BENCH_TRACE=<dir>`): for each frame the view marked `bench:long-frame`, how long it
 * took, how long the view's thread ran in it (the trace's thread clock), and its longest task.
 * A frame of 50 ms in which the thread ran 11 was one the machine's other processes held the
 * core through, not one the view filled. `node out/test/bench/longFrames.js <dir>`.
 */
import * as fs from 'fs';
import * as path from 'path';

interface Event {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
}

export interface LongFrame {
  ms: number;
  /** The view thread's running time within the frame, from the tasks that ran in it. */
  threadMs: number;
  longestTaskMs: number;
}

/** The long frames in one trace; the view's thread is the one whose frame marks are there. */
export function longFrames(events: Event[]): LongFrame[] {
  const marks = events.filter((e) => e.name === 'bench:long-frame');
  const begins = marks.filter((e) => e.ph === 'b');
  const ends = marks.filter((e) => e.ph === 'e');
  return begins.map((b, i) => {
    const end = ends[i]?.ts ?? b.ts;
    const tasks = events.filter(
      (e) =>
        e.pid === b.pid &&
        e.tid === b.tid &&
        e.ph === 'X' &&
        e.name === 'ThreadControllerImpl::RunTask' &&
        e.ts < end &&
        e.ts + (e.dur ?? 0) > b.ts,
    );
    return {
      ms: (end - b.ts) / 1000,
      threadMs: tasks.reduce((sum, t) => sum + (t.tdur ?? 0), 0) / 1000,
      longestTaskMs: Math.max(0, ...tasks.map((t) => (t.tdur ?? 0) / 1000)),
    };
  });
}

if (require.main === module) {
  const dir = process.argv[2];
  for (const file of fs.readdirSync(dir).filter((f) => f.startsWith('frames-'))) {
    const trace = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { traceEvents: Event[] };
    const frames = longFrames(trace.traceEvents);
    console.log(`${file}: ${frames.length} long frames`);
    for (const f of frames)
      console.log(
        `  ${f.ms.toFixed(0)} ms, the view's thread ran ${f.threadMs.toFixed(1)} ms (longest task ${f.longestTaskMs.toFixed(1)})`,
      );
  }
}
