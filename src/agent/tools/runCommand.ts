import * as vscode from 'vscode';
import type { AgentTool, ToolContext, ToolOutcome } from '../../core/agent/agentTool';
import { alwaysAllowEntries } from '../../core/agent/allowEntries';
import {
  commandRanOutcome,
  NOT_RUN_STOPPED_OUTCOME,
  policyDeniedOutcome,
  RESTRICTED_MODE_OUTCOME,
  userDeclinedOutcome,
} from '../../core/agent/commandOutcome';
import { judgeCommand, restrictedModeAllows } from '../../core/agent/commandPolicy';
import { CappedOutput } from '../../core/agent/outputCap';
import { describeRunCommand, readRunCommandArgs, runCommandTool } from '../../core/agent/runCommandTool';
import { TerminalTextReader } from '../../core/agent/terminalText';
import type { LogGetter } from '../../common/log';
import * as settings from '../../common/settings';
import type { CommandApproval, CommandApprovalAnswer } from './commandApproval';
import { resolveCommandFolder } from './commandFolder';
import { ParleyTerminal } from './parleyTerminal';

export interface RunCommandDeps {
  /** Asks the user about a command that is neither allowed nor denied. */
  approve: CommandApproval;
  log: LogGetter;
}

export type RunCommandTool = AgentTool & vscode.Disposable;

/**
 * The agent's `run_command`: Restricted Mode refuses it; the deny list refuses without asking;
 * the allow list runs without asking; anything else runs once the user approved it. It runs in
 * the "Parley" terminal and waits until the command ends or Stop is pressed: there is no time
 * limit, since a long build or test run is normal and the user sees it running.
 */
export function createRunCommandTool(deps: RunCommandDeps): RunCommandTool {
  let terminal: ParleyTerminal | undefined;
  return {
    definition: runCommandTool,
    kind: 'run',
    describe: describeRunCommand,
    run: async (args, context) => {
      try {
        return await runCommand(args, context, { ...deps, terminal: () => (terminal ??= new ParleyTerminal()) });
      } catch (e) {
        deps.log().error(`run_command failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return { text: `The command could not be run: ${e instanceof Error ? e.message : String(e)}`, isError: true };
      }
    },
    dispose: () => terminal?.dispose(),
  };
}

interface RunParts extends RunCommandDeps {
  terminal: () => ParleyTerminal;
}

async function runCommand(args: unknown, context: ToolContext, deps: RunParts): Promise<ToolOutcome> {
  const { signal, callId } = context;
  const read = readRunCommandArgs(args);
  if (!read.ok) return { text: read.error, isError: true };
  if (signal.aborted) return NOT_RUN_STOPPED_OUTCOME;
  // VS Code's own answer (no stand-in): test/ui/restrictedMode.test.ts opens an untrusted window.
  if (!restrictedModeAllows('run', vscode.workspace.isTrusted)) return RESTRICTED_MODE_OUTCOME;
  const { command } = read.value;
  const folder = await resolveCommandFolder(read.value.cwd);
  if (!folder.ok) return { text: folder.error, isError: true };
  const judgement = judgeCommand(command, settings.agentCommandLists());
  if (judgement.decision === 'deny') {
    deps.log().info(`run_command: denied by the deny list (${judgement.rule}): ${command}`);
    return policyDeniedOutcome(judgement);
  }
  if (judgement.decision === 'ask') {
    const alwaysAllows = alwaysAllowEntries(command);
    const answer = await untilStopped(
      deps.approve({ command, cwd: folder.path, where: folder.where, callId, signal, alwaysAllows }),
      signal,
    );
    if (!answer) return NOT_RUN_STOPPED_OUTCOME;
    // Only a clear yes runs it.
    if (answer.choice !== 'run' && answer.choice !== 'always')
      return userDeclinedOutcome(answer.choice === 'deny' ? answer.reason : undefined);
    if (answer.choice === 'always' && alwaysAllows) await remember(alwaysAllows, deps.log);
  }
  return run(command, folder.path, context, deps);
}

async function run(command: string, cwd: string, { signal, watchChanges }: ToolContext, deps: RunParts): Promise<ToolOutcome> {
  const reader = new TerminalTextReader();
  const output = new CappedOutput();
  // The files as they are now, so Restore to here can put back what the command changes.
  const watching = Date.now();
  const recorded = await watchChanges?.();
  if (recorded) deps.log().info(`run_command: the workspace's files taken in ${Date.now() - watching} ms`);
  if (signal.aborted) return NOT_RUN_STOPPED_OUTCOME;
  const started = Date.now();
  deps.log().info(`run_command: running in ${cwd}: ${command}`);
  const end = await deps
    .terminal()
    .run(command, cwd, signal, (data) => output.push(reader.push(data)))
    .finally(() => recorded?.());
  output.push(reader.end());
  deps.log().info(`run_command: ${JSON.stringify(end)} after ${Date.now() - started} ms, ${output.lines} lines`);
  return commandRanOutcome({ end, output: output.text(), lines: output.lines });
}

/** The user's answer, or undefined once Stop is pressed (the question is then moot). */
function untilStopped(answer: Promise<CommandApprovalAnswer>, signal: AbortSignal): Promise<CommandApprovalAnswer | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    answer.then(
      (a) => (signal.removeEventListener('abort', onAbort), resolve(signal.aborted ? undefined : a)),
      (e) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

/** "Always allow": written to the user's settings; a failure to write still runs the command the user approved. */
async function remember(entries: readonly string[], log: LogGetter): Promise<void> {
  try {
    await settings.allowAgentCommands(entries);
    log().info(`run_command: always allowed from now on: ${entries.join(', ')}`);
  } catch (e) {
    log().warn(`run_command: could not add ${entries.join(', ')} to parley.agent.allowedCommands: ${String(e)}`);
  }
}
