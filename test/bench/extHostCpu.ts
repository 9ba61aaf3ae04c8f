/**
 * The CPU time of VS Code's extension host (where Parley runs) from outside it: code-server is
 * this process's child, and its extension host a process further down the tree, started with
 * `--type=extensionHost`. Its user and system time come from /proc (Linux only), so reading it
 * costs the extension host nothing.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';

/** Clock ticks per second: the unit of /proc/<pid>/stat's times. */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone since the folder was listed
  }
}

export function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Every process's id now (the numbered folders of /proc). */
export function processIds(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Every process below `root` (children, their children, …). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const pid of processIds()) {
    const fields = statFields(pid);
    if (fields) parentOf.set(pid, Number(fields[1])); // field 4, ppid
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parentOf) {
      if (parent !== pid) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** The pid of the extension host of the code-server this process started (there is one window). */
export function extensionHostPid(root = process.pid): number {
  const hosts = descendants(root).filter((pid) => cmdline(pid).includes('--type=extensionHost'));
  if (hosts.length !== 1) throw new Error(`expected one extension host under pid ${root}, found ${hosts.length}`);
  return hosts[0];
}

/** User plus system CPU time the process has used so far, all its threads, in ms (10 ms steps where CLK_TCK is 100). */
export function cpuMs(pid: number): number {
  const fields = statFields(pid);
  if (!fields) throw new Error(`process ${pid} is gone`);
  // Fields 14 and 15 of /proc/<pid>/stat (utime, stime); the slice starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * The process's CPU read every `everyMs` while it runs, so the CPU used between two moments
 * found only afterwards (when a message crossed into the page, say) can be read off it.
 */
export function cpuTrace(pid: number, everyMs = 25) {
  const now = () => performance.timeOrigin + performance.now();
  const samples: [number, number][] = [[now(), cpuMs(pid)]];
  const timer = setInterval(() => samples.push([now(), cpuMs(pid)]), everyMs);
  return {
    stop: () => clearInterval(timer),
    /** CPU ms used by epoch time `at` (this process's clock), between the two reads around it. */
    at(at: number): number {
      const i = samples.findIndex(([t]) => t >= at);
      if (i <= 0) throw new Error('no CPU reading around that time');
      const [[t0, c0], [t1, c1]] = [samples[i - 1], samples[i]];
      return c0 + ((c1 - c0) * (at - t0)) / (t1 - t0);
    },
  };
}
