/**
 * What else holds the machine's cores before a part of the bench starts: each process that used
 * more than a little CPU over a short window, read from /proc (Linux only). A part measured on a
 * machine of two cores while something left over from an earlier part still runs reads slower
 * than it is; this says so beside its figures.
 */
import * as fs from 'fs';
import { cmdline, cpuMs, processIds } from './extHostCpu';

/** Each process's CPU so far, ms. */
export function allCpu(): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of processIds()) {
    try {
      used.set(pid, cpuMs(pid));
    } catch {
      // gone since the folder was listed
    }
  }
  return used;
}

/** Processes that used more than `minShare` of a core over `windowMs`, busiest first: "pid name share%". */
export async function busyProcesses(windowMs = 1000, minShare = 0.03): Promise<string[]> {
  const before = allCpu();
  await new Promise((r) => setTimeout(r, windowMs));
  const busy: [number, number][] = [];
  for (const [pid, ms] of allCpu()) {
    const share = (ms - (before.get(pid) ?? ms)) / windowMs;
    if (share > minShare) busy.push([pid, share]);
  }
  busy.sort((a, b) => b[1] - a[1]);
  const comm = (pid: number) => {
    try {
      return fs.readFileSync(`/proc/${pid}/comm`, 'utf8');
    } catch {
      return '?';
    }
  };
  const name = (pid: number) => (cmdline(pid).slice(0, 80) || comm(pid)).trim();
  return busy.map(([pid, share]) => `${pid} ${name(pid)} ${(share * 100).toFixed(0)}%`);
}
