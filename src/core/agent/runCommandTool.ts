/**
 * The `run_command` tool as the model sees it, and its arguments read back: whatever JSON the
 * model wrote is checked, and a bad shape becomes an error text saying what to send instead.
 */
import type { ToolDefinition } from '../types';

export const RUN_COMMAND = 'run_command';

/** Longer command lines are refused: no one reviews 10,000 characters in an approval. */
export const MAX_COMMAND_LENGTH = 8_000;

export const runCommandTool: ToolDefinition = {
  name: RUN_COMMAND,
  description:
    "Run a shell command in the user's terminal, in the workspace folder or `cwd`, and read its exit code and output. " +
    'The user approves each command first (unless they allowed it) and may decline with a reason. Commands on the deny list ' +
    '(git push, rm -r, sudo, downloads piped to a shell, …) are refused. It waits until the command exits: no interactive ' +
    'commands (no prompts, editors, pagers: use --yes, --no-pager, CI=1) and no servers or watchers that never end. ' +
    'Long output is cut to its first and last lines. Use read_file and search_text to read code, not cat or grep.',
  parameters: {
    type: 'object',
    properties: {
      command: { type: 'string', description: 'The command line, as typed in the shell, e.g. "npm test -- --grep parser".' },
      cwd: { type: 'string', description: 'The folder to run it in, relative to the workspace folder. Default: the workspace folder.' },
    },
    required: ['command'],
    additionalProperties: false,
  },
};

export interface RunCommandArgs {
  command: string;
  /** As the model wrote it; undefined for the workspace folder. */
  cwd?: string;
}

export type CheckedRunArgs = { ok: true; value: RunCommandArgs } | { ok: false; error: string };

export function readRunCommandArgs(args: unknown): CheckedRunArgs {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return { ok: false, error: `${RUN_COMMAND} takes a JSON object {command, cwd?}, got ${kind(args)}.` };
  }
  const { command, cwd } = args as Record<string, unknown>;
  const problems: string[] = [];
  if (command === undefined) problems.push('command is missing: give the command line as a string.');
  else if (typeof command !== 'string') problems.push(`command must be a string (one command line), got ${kind(command)}.`);
  else if (command.trim() === '') problems.push('command is empty.');
  else if (command.length > MAX_COMMAND_LENGTH) {
    problems.push(
      `command is ${command.length} characters long; keep it under ${MAX_COMMAND_LENGTH} (write a script with create_file and run that).`,
    );
  } else if (command.includes('\0')) problems.push('command contains a NUL character.');
  if (cwd !== undefined && cwd !== null && typeof cwd !== 'string') {
    problems.push(`cwd must be a folder path relative to the workspace folder (a string), got ${kind(cwd)}.`);
  }
  if (problems.length) return { ok: false, error: `${RUN_COMMAND} was not run; its arguments need fixing:\n- ${problems.join('\n- ')}` };
  const folder = typeof cwd === 'string' && cwd.trim() !== '' && cwd.trim() !== '.' ? cwd : undefined;
  return { ok: true, value: { command: command as string, cwd: folder } };
}

/** The call in words for the transcript, from any arguments. */
export function describeRunCommand(args: unknown): string {
  const read = readRunCommandArgs(args);
  if (!read.ok) return 'Run a command (invalid arguments)';
  const { command, cwd } = read.value;
  const shown = command.length > 200 ? `${command.slice(0, 200)}…` : command;
  return cwd ? `Run \`${shown}\` in ${cwd}` : `Run \`${shown}\``;
}

/** What a value is, said the way the model can recognise what it sent. */
function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
