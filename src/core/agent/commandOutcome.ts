/**
 * What the model reads after `run_command`: how the command ended (exit code, signal, Stop, the
 * terminal closed) and its output; or why it did not run (Restricted Mode, the deny list, the user
 * said no). Said plainly, so the model neither retries a refusal nor mistakes a stop for a failure.
 */
import type { ToolOutcome } from './agentTool';
import { deniedSentence } from './commandPolicy';

/** How a command that started came to an end. */
export type CommandEnd =
  { how: 'exited'; exitCode: number | undefined } | { how: 'signal'; signal: string } | { how: 'stopped' } | { how: 'terminalClosed' };

export interface CommandRun {
  readonly end: CommandEnd;
  /** The output as the model should read it (plain, capped). */
  readonly output: string;
  /** Lines the command wrote in all. */
  readonly lines: number;
}

export function commandRanOutcome(run: CommandRun): ToolOutcome {
  const output = run.output.trim() === '' ? '(no output)' : run.output.replace(/\n$/, '');
  const lines = `${run.lines.toLocaleString('en-US')} line${run.lines === 1 ? '' : 's'}`;
  const { end } = run;
  switch (end.how) {
    case 'exited':
      if (end.exitCode === undefined) {
        return { text: `The command ended; its exit code is not known.\nOutput:\n${output}`, summary: lines };
      }
      return { text: `Exit code ${end.exitCode}.\nOutput:\n${output}`, summary: `exit code ${end.exitCode}, ${lines}` };
    case 'signal':
      return { text: `The command was ended by ${end.signal}.\nOutput:\n${output}`, summary: `ended by ${end.signal}, ${lines}` };
    case 'stopped':
      return {
        text: `The user stopped the command before it finished.\nOutput so far:\n${output}`,
        isError: true,
        summary: `stopped, ${lines}`,
      };
    case 'terminalClosed':
      return {
        text: `The terminal was closed before the command finished.\nOutput so far:\n${output}`,
        isError: true,
        summary: 'terminal closed',
      };
  }
}

export const RESTRICTED_MODE_OUTCOME: ToolOutcome = {
  text: 'The command was not run: this workspace is in Restricted Mode (not trusted), which allows no commands. Tell the user what you wanted to run; they can trust the workspace and ask again.',
  isError: true,
};

/** The user declined in the approval. */
export function userDeclinedOutcome(reason: string | undefined): ToolOutcome {
  const said = reason?.trim();
  return {
    text: said
      ? `The user declined to run the command and said: ${JSON.stringify(said)}. Do not run it; take their answer into account.`
      : 'The user declined to run the command. Do not run it again; ask what they would like instead, or go on without it.',
    denied: true,
    summary: 'declined',
  };
}

/** Stop was pressed while the user was being asked. */
export const NOT_RUN_STOPPED_OUTCOME: ToolOutcome = {
  text: 'The command was not run: the user stopped the agent before approving it.',
  isError: true,
};

/** The command is on the deny list: never asked about, never run. */
export function policyDeniedOutcome(judgement: { rule: string; part: string }): ToolOutcome {
  return { text: deniedSentence(judgement), denied: true, summary: 'on the deny list' };
}
