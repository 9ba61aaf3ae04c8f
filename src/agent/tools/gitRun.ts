import { spawn } from 'child_process';

export interface GitResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The output went past `maxChars`, and git was stopped there. */
  truncated: boolean;
}

/**
 * Runs git in `cwd`, its output kept to `maxChars` (git is stopped beyond: a tool shows far less).
 * `GIT_OPTIONAL_LOCKS=0` so reading never takes the index lock a commit in progress needs, as
 * VS Code's git extension does. Rejects when git cannot start or the signal aborts (git killed).
 */
export function runGit(git: string, cwd: string, args: readonly string[], signal: AbortSignal, maxChars = 1_000_000): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const child = spawn(git, ['-c', 'core.quotepath=false', ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let truncated = false;
    const stop = () => {
      child.kill();
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (truncated) return;
      stdout += chunk;
      if (stdout.length > maxChars) {
        truncated = true;
        child.kill();
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 4000) stderr += chunk;
    });
    child.on('error', (e) => {
      signal.removeEventListener('abort', stop);
      reject(e);
    });
    child.on('close', (code) => {
      signal.removeEventListener('abort', stop);
      resolve({ code, stdout, stderr, truncated });
    });
  });
}

/** `-z` output as a list. */
export function nulSeparated(text: string): string[] {
  return text.split('\0').filter(Boolean);
}
