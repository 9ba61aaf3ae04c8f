/**
 * Whether a command the model wants to run is denied, allowed without asking, or asked about.
 *
 * This is a guard for approval, not a sandbox: it cannot know what a script, an npm script or a git
 * alias will do. Its promises are narrow: a command on the deny list (built in, or the user's) is
 * never run, whatever the allow list says, however it is quoted, prefixed or nested; and a command
 * runs unasked only when every part of it is plainly on the allow list. Everything else asks.
 */
import { commandLine, nestedCommands, programName } from './commandWords';
import { BUILT_IN_DENIED, isForkBomb } from './deniedCommands';
import { ShellPart, splitShellCommand } from './shellParts';

export interface CommandLists {
  /** `parley.agent.allowedCommands`: command prefixes, by words (`npm test`). */
  readonly allowed: readonly string[];
  /** The user's own deny list, on top of the built-in one. */
  readonly denied: readonly string[];
}

export type CommandJudgement = { decision: 'deny'; rule: string; part: string } | { decision: 'allow' } | { decision: 'ask' };

/** Scripts inside scripts (`bash -c "eval '…'"`) read again at most this deep. */
const MAX_NESTING = 8;

export function judgeCommand(command: string, lists: CommandLists): CommandJudgement {
  if (isForkBomb(command)) return { decision: 'deny', rule: 'a fork bomb', part: command.trim() };
  let parts: ShellPart[];
  try {
    parts = commandParts(command);
  } catch {
    return { decision: 'deny', rule: 'too deeply nested to check', part: command.trim().slice(0, 200) };
  }
  const userDenied = lists.denied.map(entryWords).filter((w): w is string[] => !!w);
  for (const part of parts) {
    const rule = deniedBy(part, userDenied);
    if (rule) return { decision: 'deny', rule, part: part.words.join(' ') };
  }
  const allowed = lists.allowed.map(entryWords).filter((w): w is string[] => !!w);
  if (parts.length > 0 && parts.every((p) => plainlyAllowed(p, allowed))) return { decision: 'allow' };
  return { decision: 'ask' };
}

/** What the model reads when a command was denied. */
export function deniedSentence(judgement: { rule: string; part: string }): string {
  return `The command was not run: "${judgement.part}" is on Parley's deny list (${judgement.rule}), which no setting overrides. Do not try another way to do it; tell the user what you wanted to run and why.`;
}

/** Restricted Mode (an untrusted workspace): the agent may read, but neither edit nor run. */
export function restrictedModeAllows(tool: 'read' | 'edit' | 'run', trusted: boolean): boolean {
  return trusted || tool === 'read';
}

/** Every simple command `command` runs, nested ones (`sh -c`, `eval`, `find -exec`) after the part that runs them; throws when nested too deeply. */
export function commandParts(command: string): ShellPart[] {
  return expand(splitShellCommand(command), 0);
}

/** The parts and, after each, what it runs in turn (`sh -c`, `eval`, `find -exec`). */
function expand(parts: readonly ShellPart[], depth: number): ShellPart[] {
  if (depth > MAX_NESTING) throw new Error('nested too deeply');
  return parts.flatMap((part) => {
    const nested = nestedCommands(commandLine(part.words)).flatMap((n) =>
      'script' in n ? splitShellCommand(n.script) : [{ words: n.words, dynamic: part.dynamic, writes: [], upstream: part.upstream }],
    );
    return [part, ...expand(nested, depth + 1)];
  });
}

function deniedBy(part: ShellPart, userDenied: readonly string[][]): string | undefined {
  const line = commandLine(part.words);
  const builtIn = BUILT_IN_DENIED.find((r) => r.matches(line, part));
  if (builtIn) return builtIn.rule;
  // The user's entries match what runs, by words: `npm publish` catches `FOO=1 /usr/bin/npm publish --tag x`.
  const runs = [line.program, ...line.args];
  const entry = userDenied.find((e) => startsWithWords(runs, [programName(e[0]), ...e.slice(1)]));
  return entry && entry.join(' ');
}

/**
 * Allowed as written: the entry's words start the command's own (the program as spelled, so
 * `./npm test` is not `npm test`), nothing in it is known only at run time, no env prefix or
 * wrapper (`NODE_OPTIONS=… npm test`), and it writes no file by redirection.
 */
function plainlyAllowed(part: ShellPart, allowed: readonly string[][]): boolean {
  if (part.dynamic || part.writes.length > 0) return false;
  return allowed.some((entry) => startsWithWords(part.words, entry));
}

function startsWithWords(words: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length > 0 && prefix.length <= words.length && prefix.every((w, i) => words[i] === w);
}

/** A list entry as words; an empty one, or one that is several commands, counts for nothing. */
function entryWords(entry: string): string[] | undefined {
  if (typeof entry !== 'string') return undefined;
  try {
    const parts = splitShellCommand(entry);
    return parts.length === 1 && parts[0].words.length > 0 && !parts[0].dynamic ? parts[0].words : undefined;
  } catch {
    return undefined;
  }
}
