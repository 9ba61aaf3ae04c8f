/**
 * How `run_command` asks the user before it runs a command that is neither allowed nor denied.
 * The chat implements it (buttons under the call in the transcript); the tool only waits.
 */

export interface CommandApprovalRequest {
  /** The command line exactly as it will run. */
  readonly command: string;
  /** The folder it runs in: a file system path. */
  readonly cwd: string;
  /** The same folder as the user reads it: `.` for the workspace folder, `src`, or `name/src` with several folders. */
  readonly where: string;
  readonly callId: string;
  /** Stop: the question goes away and the command does not run. */
  readonly signal: AbortSignal;
  /**
   * What "Always allow" adds to `parley.agent.allowedCommands` (`npm test` for `npm test -- --grep x`),
   * to show on the button; undefined when no entry could ever let this command run unasked (it writes
   * a file with `>` or uses `$…`): offer no "Always allow" then ('always' would only run it once).
   */
  readonly alwaysAllows: readonly string[] | undefined;
  /**
   * `tool`: an MCP tool call, not a command line (the question says so); its `alwaysAllows` is
   * `[server/tool]`, or `[server/tool, server]` to offer Always Allow for the whole server too.
   */
  readonly kind?: 'command' | 'tool';
}

export type CommandApprovalAnswer =
  { choice: 'run' } | { choice: 'always' } | { choice: 'alwaysServer' } | { choice: 'deny'; reason?: string };

export type CommandApproval = (request: CommandApprovalRequest) => Promise<CommandApprovalAnswer>;
