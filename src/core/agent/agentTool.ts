/**
 * What a tool of Parley's agent is, for the loop that calls it. Tools live in the VS Code
 * adapters (`src/agent/tools/`); the loop, the transcript and the approvals only see this.
 */
import type { ImageAttachment, ToolDefinition } from '../types';

/**
 * What a tool may do, which decides what it needs before it runs: `read` runs unasked, `edit`
 * changes files (reviewed in the editor; refused in Restricted Mode), `run` runs a command
 * (asked first; refused in Restricted Mode), `ask` asks the user.
 */
export type ToolKind = 'read' | 'edit' | 'run' | 'ask';

/** What a tool call gave back: `text` is what the model reads next. */
export interface ToolOutcome {
  text: string;
  /** The call failed or was refused: the text says why, and the model may try again. */
  isError?: boolean;
  /** The user said no (a denied command, a rejected edit): shown as such in the transcript. */
  denied?: boolean;
  /** A short line for the transcript when `text` is long ("41 lines", "3 matches in 2 files"). */
  summary?: string;
  /**
   * Images the call returned, already capped by the tool (each also named in `text`): shown in
   * the step, and sent after the results to a model that takes images.
   */
  images?: ImageAttachment[];
}

/** What a running call may use besides its arguments. */
export interface ToolContext {
  /** Stop pressed, the view closed, or the window closing: end at once. */
  readonly signal: AbortSignal;
  /** The id of the call (the transcript's step shows progress under it). */
  readonly callId: string;
  /** The call now waits for the user (an edit to review): the step says so, with `summary`. */
  waiting?(summary: string): void;
  /**
   * The call is about to change files it cannot name (a command, once approved): what it changes
   * is recorded for Restore to here. Call the function returned once it ended, however it ended.
   * Neither rejects.
   */
  watchChanges?(): Promise<() => Promise<void>>;
}

export interface AgentTool {
  readonly definition: ToolDefinition;
  readonly kind: ToolKind;
  /**
   * The call in words for the transcript, from arguments that may be anything the model wrote:
   * "Read src/app.ts, lines 1–40", "Run `npm test`". Never throws.
   */
  describe(args: unknown): string;
  /**
   * The files this call may change (paths as the model wrote them), recorded before it runs so
   * Restore to here can put them back. Edit tools say; a command cannot know (it uses `watchChanges`).
   */
  changes?(args: unknown): string[];
  /** Runs the call. Bad arguments and failures are outcomes with `isError`, never thrown. */
  run(args: unknown, context: ToolContext): Promise<ToolOutcome>;
}
