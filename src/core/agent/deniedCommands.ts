/**
 * Commands Parley never runs for the model, whatever the allow list says: they destroy data, leave
 * the machine, or take it over. The rules look at what runs (`commandWords.ts`), so quotes, env
 * prefixes, wrappers and full paths do not hide them.
 */
import { CommandLine, commandLine, gitSubcommand, SHELLS } from './commandWords';
import { ShellPart } from './shellParts';

export interface DenyRule {
  /** How the rule is named to the model and the user. */
  readonly rule: string;
  readonly matches: (line: CommandLine, part: ShellPart) => boolean;
}

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c']);
const SCRIPT_RUNNERS = new Set([...SHELLS, 'eval', 'source', '.']);
const DISK = /^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk)/;
const POWER = new Set(['shutdown', 'reboot', 'halt', 'poweroff']);

const recursive = (upperOnly: boolean) => (a: string) =>
  a === '--recursive' || (upperOnly ? /^-[A-Za-z]*R[A-Za-z]*$/ : /^-[A-Za-z]*[rR][A-Za-z]*$/).test(a);

export const BUILT_IN_DENIED: readonly DenyRule[] = [
  { rule: 'rm -r (deleting folders recursively)', matches: (l) => l.program === 'rm' && l.args.some(recursive(false)) },
  { rule: 'git push', matches: (l) => gitSubcommand(l) === 'push' },
  { rule: 'git reset --hard', matches: (l) => gitSubcommand(l) === 'reset' && l.args.includes('--hard') },
  { rule: 'sudo (running as another user)', matches: (l) => ['sudo', 'doas', 'su', 'pkexec'].includes(l.program) },
  { rule: 'mkfs (formatting a disk)', matches: (l) => /^(mkfs(\..+)?|mke2fs|mkswap|wipefs)$/.test(l.program) },
  { rule: 'dd of= (raw writes)', matches: (l) => l.program === 'dd' && l.args.some((a) => a.startsWith('of=')) },
  {
    rule: 'chmod -R 777',
    matches: (l) => l.program === 'chmod' && l.args.some(recursive(true)) && l.args.some((a) => /^(0?777|(a|ugo)?\+rwx)$/.test(a)),
  },
  { rule: 'a download piped to a shell', matches: (l, p) => SCRIPT_RUNNERS.has(l.program) && readsFrom(p, isDownload) },
  {
    rule: 'shutdown or reboot',
    matches: (l) =>
      POWER.has(l.program) ||
      (l.program === 'init' && /^[06]$/.test(l.args[0] ?? '')) ||
      (l.program === 'systemctl' && l.args.some((a) => POWER.has(a) || a === 'kexec')),
  },
  { rule: 'writing to a disk device (> /dev/sd…)', matches: (_, p) => p.writes.some((w) => DISK.test(w)) },
];

/** `:(){ :|:& };:` and its renamings: a function that pipes itself into itself. */
export function isForkBomb(command: string): boolean {
  const compact = command.replace(/\s+/g, '');
  return /(^|[;&|(){}])([^;&|(){}]+)\(\)\{[^}]*\2\|&?\2/.test(compact);
}

function isDownload(part: ShellPart): boolean {
  return DOWNLOADERS.has(commandLine(part.words).program);
}

/** Whether anything feeding `part`, however far up, matches. */
function readsFrom(part: ShellPart, test: (p: ShellPart) => boolean, seen = new Set<ShellPart>()): boolean {
  return part.upstream.some((u) => {
    if (seen.has(u)) return false;
    seen.add(u);
    return test(u) || readsFrom(u, test, seen);
  });
}
