/**
 * How long the chat view's main thread waited for a core (#33). Traces of the frames the view
 * missed while a reply streamed show its script, style and layout taking 3-5 ms of thread time
 * in frames 15-20 ms long: the thread was ready and not given a core. Linux keeps, for each
 * thread, the time it ran and the time it waited on a run queue (/proc/<pid>/task/<tid>/schedstat,
 * in ns), and a renderer's main thread has its process's id. Linux only.
 */
import * as fs from 'fs';
import type { Frame } from 'playwright-core';
import { allCpu } from './busyProcesses';
import { cmdline } from './extHostCpu';

export interface ThreadTime {
  ranMs: number;
  waitedMs: number;
}

/** The renderer process `frame` runs in: the one a 300 ms busy loop in it made busy. Undefined off Linux. */
export async function rendererOf(frame: Frame): Promise<number | undefined> {
  if (process.platform !== 'linux') return undefined;
  const before = allCpu();
  await frame.evaluate(() => {
    const start = performance.now();
    while (performance.now() - start < 300);
  });
  let busiest: number | undefined;
  let most = 0;
  for (const [pid, ms] of allCpu()) {
    const used = ms - (before.get(pid) ?? ms);
    if (used > most && cmdline(pid).includes('--type=renderer')) [busiest, most] = [pid, used];
  }
  // The loop's 300 ms, read in 10 ms ticks: a renderer that ran most of it is the frame's.
  return most >= 200 ? busiest : undefined;
}

/** The time the process's main thread has run and waited for a core so far. */
export function mainThreadTime(pid: number): ThreadTime {
  const [ran, waited] = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  return { ranMs: ran / 1e6, waitedMs: waited / 1e6 };
}

/** The time spent from `before` to `after`, added to `sum`. */
export function addThreadTime(sum: ThreadTime, before: ThreadTime, after: ThreadTime): void {
  sum.ranMs += after.ranMs - before.ranMs;
  sum.waitedMs += after.waitedMs - before.waitedMs;
}
