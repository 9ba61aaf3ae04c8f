/**
 * What "Always allow" adds to `parley.agent.allowedCommands` for a command the user approved: for
 * each part it runs, the program and the words before its first option, as the allow list matches
 * them (`npm test -- --grep x` → `npm test`, `git log --oneline` → `git log`). A program that runs
 * code given in its words (a shell, an interpreter, a wrapper) is remembered with all its words,
 * so allowing `python -c 'print(1)'` never allows every `python -c`.
 */
import { commandLine, programName, SHELLS } from './commandWords';
import { commandParts } from './commandPolicy';

const RUNS_ITS_WORDS = new Set([
  ...SHELLS,
  ...['python', 'python2', 'python3', 'py', 'pypy', 'pypy3', 'node', 'nodejs', 'deno', 'bun', 'perl', 'ruby', 'php', 'lua'],
  ...['Rscript', 'julia', 'pwsh', 'powershell', 'osascript', 'awk', 'gawk', 'mawk', 'sed', 'eval', 'exec', 'source', '.'],
  ...['env', 'command', 'builtin', 'nohup', 'time', 'nice', 'timeout', 'stdbuf', 'setsid', 'ionice', 'xargs', 'watch'],
  ...['sudo', 'doas', 'su', 'ssh', 'docker', 'kubectl'],
]);

/**
 * The entries, in the order the command runs them, without duplicates; undefined when no entry
 * could ever let this command run unasked (a part writes a file by redirection, or uses `$…`).
 */
export function alwaysAllowEntries(command: string): string[] | undefined {
  let parts;
  try {
    parts = commandParts(command);
  } catch {
    return undefined;
  }
  if (parts.length === 0 || parts.some((p) => p.dynamic || p.writes.length > 0 || p.words.length === 0)) return undefined;
  const entries = parts.map((p) => {
    const line = commandLine(p.words);
    // An env prefix (`FOO=1 npm test`) is kept: the allow list matches words as written.
    const keepAll = RUNS_ITS_WORDS.has(line.program) || RUNS_ITS_WORDS.has(programName(p.words[0]));
    const firstOption = p.words.findIndex((w, i) => i > 0 && w.startsWith('-'));
    const words = keepAll || firstOption === -1 ? p.words : p.words.slice(0, firstOption);
    return words.map(shellWord).join(' ');
  });
  return [...new Set(entries)];
}

/** A word written so the shell (and the allow list's reader) reads it back as it is. */
export function shellWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
