/** Sentences the edit tools share: the path in a call's description, and a failure the model reads. */
import type { ToolOutcome } from '../../core/agent/agentTool';

/** The path the model asked for, as the transcript shows the call (whatever the arguments are). */
export function named(args: unknown): string {
  const path = (args as { path?: unknown } | null)?.path;
  if (typeof path !== 'string' || !path.trim()) return 'a file';
  const chars = Array.from(path.trim());
  return chars.length > 120 ? `${chars.slice(0, 120).join('')}…` : chars.join('');
}

/** Something VS Code threw (a file system error, the editor refusing an edit). */
export function failed(tool: string, shown: string, e: unknown): ToolOutcome {
  const why = (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');
  return { text: `${tool} on ${shown} failed: ${why}. Read the file to see what it holds before trying again.`, isError: true };
}

/** The file a call may change, as the model wrote its path (taken before it runs, for Restore to here). */
export function pathArgument(args: unknown): string[] {
  const path = (args as { path?: unknown } | null)?.path;
  return typeof path === 'string' && path.trim() ? [path] : [];
}
