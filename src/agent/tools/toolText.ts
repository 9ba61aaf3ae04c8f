import type { ToolOutcome } from '../../core/agent/agentTool';

/** Outcomes and words the reading tools share. What an outcome says is for the model; `describe` is for the user. */

export function failed(text: string): ToolOutcome {
  return { text, isError: true };
}

/** Stop pressed (or the view closed) while the tool ran. */
export const STOPPED: ToolOutcome = { text: 'Stopped by the user before it finished.', isError: true };

/** A file system error as the model can act on it. */
export function fileError(shown: string, error: unknown): ToolOutcome {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return failed(`${shown} does not exist. Look for it with find_files or list_directory.`);
  if (code === 'EACCES' || code === 'EPERM') return failed(`${shown} cannot be read: permission denied.`);
  return failed(`${shown} cannot be read (${code ?? (error instanceof Error ? error.message : String(error))}).`);
}

/** A string argument shown in the transcript: one line, not too long; undefined when it is not a usable string. */
export function argWords(value: unknown, max = 80): string | undefined {
  if (typeof value !== 'string') return undefined;
  const line = value.replace(/\s+/g, ' ').trim();
  if (!line) return undefined;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A field of arguments that may be anything. */
export function field(args: unknown, name: string): unknown {
  return typeof args === 'object' && args !== null ? (args as Record<string, unknown>)[name] : undefined;
}

export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && error.name === 'AbortError');
}
