import { spawn } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';
import { parseRipgrepMatch } from '../../core/agent/textSearch';

/** VS Code ships ripgrep for its own search; the agent's search_text uses the same binary. */

type RipgrepMatch = NonNullable<ReturnType<typeof parseRipgrepMatch>>;

/**
 * ripgrep inside a VS Code install (`vscode.env.appRoot`): `@vscode/ripgrep` on the desktop (unpacked
 * beside the asar archive when packed), `@vscode/ripgrep-universal` (one folder per platform) in newer
 * builds and code-server. Undefined when none is there.
 */
export function findRipgrep(appRoot: string, platform = process.platform, arch = process.arch): string | undefined {
  const exe = platform === 'win32' ? 'rg.exe' : 'rg';
  const candidates = ['node_modules', 'node_modules.asar.unpacked'].flatMap((modules) => [
    path.join(appRoot, modules, '@vscode', 'ripgrep', 'bin', exe),
    path.join(appRoot, modules, '@vscode', 'ripgrep-universal', 'bin', `${platform}-${arch}`, exe),
  ]);
  return candidates.find((c) => existsSync(c));
}

export type RipgrepRun = { ok: true } | { ok: false; error: string };

/**
 * Runs ripgrep in `cwd`, handing each match to `onMatch` until it returns false; then, or when the
 * signal aborts, ripgrep is killed at once. Rejects with the signal's reason when stopped, or when
 * ripgrep cannot start. `{ ok: false }` carries ripgrep's own complaint (an invalid regular expression).
 */
export function runRipgrep(
  rg: string,
  cwd: string,
  args: readonly string[],
  onMatch: (m: RipgrepMatch) => boolean,
  signal: AbortSignal,
): Promise<RipgrepRun> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const child = spawn(rg, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let pending = '';
    let stderr = '';
    let enough = false;
    let matched = 0;
    const stop = () => {
      child.kill();
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (enough) return;
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const match = parseRipgrepMatch(line);
        if (!match) continue;
        matched++;
        if (!onMatch(match)) {
          enough = true;
          child.kill();
          return;
        }
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
      // 1: nothing matched. 2 after matches: some file could not be searched, the rest was.
      if (enough || code === 0 || code === 1 || matched > 0 || stderr.trim() === '') resolve({ ok: true });
      else resolve({ ok: false, error: stderr.trim().replace(/^rg: /gm, '') || `ripgrep ended with code ${code}` });
    });
  });
}
