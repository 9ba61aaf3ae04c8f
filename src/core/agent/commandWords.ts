/**
 * What a simple command really runs, for the deny list: `FOO=1 env nohup /usr/bin/git push` runs
 * `git push`. Also the commands a command runs in turn (`bash -c '…'`, `eval`, `find -exec`).
 */

export interface CommandLine {
  /** The program's name without its folder (`/usr/bin/git` → `git`). */
  readonly program: string;
  readonly args: readonly string[];
}

/** A wrapper runs the rest of its words as a command, after its options (these take a value). */
interface Wrapper {
  readonly withValue: readonly string[];
  /** Words before the command that are not options (`timeout 5 git push`). */
  readonly positional?: number;
}

const WRAPPERS: Record<string, Wrapper> = {
  command: { withValue: [] },
  builtin: { withValue: [] },
  env: { withValue: ['-u', '--unset', '-C', '--chdir'] },
  nohup: { withValue: [] },
  exec: { withValue: ['-a'] },
  time: { withValue: ['-f', '-o', '--format', '--output'] },
  nice: { withValue: ['-n', '--adjustment'] },
  timeout: { withValue: ['-s', '--signal', '-k', '--kill-after'], positional: 1 },
  stdbuf: { withValue: ['-i', '-o', '-e'] },
  setsid: { withValue: [] },
  ionice: { withValue: ['-c', '-n', '-p'] },
  xargs: { withValue: ['-I', '-n', '-P', '-L', '-s', '-d', '-E', '-a', '--max-args', '--max-procs', '--delimiter', '--arg-file'] },
};

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'busybox']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

export function programName(word: string): string {
  return word.replace(/^.*[/\\]/, '').replace(/\.exe$/i, '');
}

/** The command under its environment assignments and wrappers. */
export function commandLine(words: readonly string[]): CommandLine {
  const w = [...words];
  let i = 0;
  for (;;) {
    while (i < w.length && ASSIGNMENT.test(w[i])) i++;
    const name = programName(w[i] ?? '');
    const wrapper = Object.hasOwn(WRAPPERS, name) ? WRAPPERS[name] : undefined;
    // `command -v git` only looks git up.
    if (!wrapper || (name === 'command' && w.slice(i + 1).some((a) => a === '-v' || a === '-V'))) break;
    i = skipOptions(w, i + 1, wrapper);
  }
  return { program: programName(w[i] ?? ''), args: w.slice(i + 1) };
}

function skipOptions(w: string[], from: number, wrapper: Wrapper): number {
  let i = from;
  while (i < w.length && w[i].startsWith('-')) {
    if (w[i] === '--') return i + 1;
    // `env -S 'git push'` splits its value into words.
    if (w[i] === '-S' || w[i] === '--split-string') {
      w.splice(i, 2, ...(w[i + 1] ?? '').split(/\s+/).filter(Boolean));
      continue;
    }
    i += wrapper.withValue.includes(w[i]) ? 2 : 1;
  }
  return i + (wrapper.positional ?? 0);
}

/** What a command runs in turn: a script to read again, or the words of a command. */
export type NestedCommand = { script: string } | { words: string[] };

export function nestedCommands(line: CommandLine): NestedCommand[] {
  const { program, args } = line;
  if (SHELLS.has(program)) {
    const flag = args.findIndex((a) => /^-[A-Za-z]*c[A-Za-z]*$/.test(a));
    const script = flag === -1 ? undefined : args.slice(flag + 1).find((a) => !a.startsWith('-'));
    return script === undefined ? [] : [{ script }];
  }
  if (program === 'eval') return [{ script: args.join(' ') }];
  if (program === 'watch') return [{ script: args.filter((a, i) => !a.startsWith('-') && !/^-n$/.test(args[i - 1] ?? '')).join(' ') }];
  if (program === 'find') return findExecs(args);
  return [];
}

/** `find . -exec rm -rf {} ;` runs `rm -rf {}`. */
function findExecs(args: readonly string[]): NestedCommand[] {
  const out: NestedCommand[] = [];
  args.forEach((a, i) => {
    if (!/^-(exec|execdir|ok|okdir)$/.test(a)) return;
    const end = args.findIndex((b, j) => j > i && (b === ';' || b === '+'));
    out.push({ words: args.slice(i + 1, end === -1 ? undefined : end) });
  });
  return out;
}

/** The git subcommand after git's own options (`git -C dir -c k=v push`). */
export function gitSubcommand(line: CommandLine): string | undefined {
  if (line.program !== 'git') return undefined;
  const withValue = ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix'];
  let i = 0;
  while (i < line.args.length && line.args[i].startsWith('-')) i += withValue.includes(line.args[i]) ? 2 : 1;
  return line.args[i];
}
