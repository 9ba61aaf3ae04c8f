import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

/**
 * The files the reading tools' tests read, made in `agent-read/` inside the test workspace and
 * removed after: what a model meets in a real project (tabs, CRLF, a binary, a 5 MB log, a
 * secret, node_modules, a git repository with ignored and changed files) and what it must not
 * reach (a link out of the workspace).
 */
export interface ReadFixture {
  workspace: string;
  dir: string;
  outside: string;
  bigLines: number;
  bigLine(n: number): string;
  remove(): void;
}

export const BIG_LINES = 100_000;
const bigLine = (n: number) => `entry ${n}: ${'x'.repeat(40)}`;

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

export function makeReadFixture(): ReadFixture {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  const workspace = folder.uri.fsPath;
  const dir = path.join(workspace, 'agent-read');
  fs.rmSync(dir, { recursive: true, force: true });
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-outside-'));
  const write = (rel: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  write('tabs.go', 'package main\n\nfunc main() {\n\tif true {\n\t\tprintln("hi")\n\t}\n}\n');
  write('windows.txt', 'first line\r\nsecond line\r\n');
  write('notes.md', 'the needle is here\n');
  write('logo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.from('needle')]));
  write('.env', 'SECRET_TOKEN=needle-secret\n');
  write('node_modules/pkg/index.js', 'module.exports = "needle";\n');
  write('big/big.log', `${Array.from({ length: BIG_LINES }, (_, i) => bigLine(i + 1)).join('\n')}\n`);
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'needle outside the workspace\n');
  fs.symlinkSync(outside, path.join(dir, 'out-link'));
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'out-file.txt'));
  makeRepo(path.join(dir, 'repo'));
  return {
    workspace,
    dir,
    outside,
    bigLines: BIG_LINES,
    bigLine,
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    },
  };
}

/** A repository with a changed file, a staged new one, an untracked one, a changed secret and an ignored folder. */
function makeRepo(root: string): void {
  fs.mkdirSync(path.join(root, 'build'), { recursive: true });
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.email', 'test@example.com');
  git(root, 'config', 'user.name', 'Parley Test');
  git(root, 'config', 'commit.gpgsign', 'false');
  fs.writeFileSync(path.join(root, 'a.ts'), 'export const a = 1;\nexport const haystack = true;\n');
  fs.writeFileSync(path.join(root, '.env'), 'TOKEN=old\n');
  fs.writeFileSync(path.join(root, '.gitignore'), 'build/\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'first');
  fs.writeFileSync(path.join(root, 'a.ts'), 'export const a = 2;\nexport const haystack = true;\n');
  fs.writeFileSync(path.join(root, '.env'), 'TOKEN=new-secret\n');
  fs.writeFileSync(path.join(root, 'b.ts'), 'export const b = 1;\n');
  git(root, 'add', 'b.ts');
  fs.writeFileSync(path.join(root, 'c.ts'), 'export const c = 1;\n');
  fs.writeFileSync(path.join(root, 'build', 'gen.js'), 'haystack in a git-ignored folder\n');
}

/** Pids of running processes whose command line passes `match` (Linux: read from /proc). */
export function processes(match: (argv: string[]) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (match(fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0'))) pids.push(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return pids;
}

/** Bytes this process (the extension host) has read so far, files included (Linux). */
export function bytesRead(): number {
  const io = fs.readFileSync('/proc/self/io', 'utf8');
  return Number(/^rchar:\s*(\d+)/m.exec(io)?.[1] ?? 0);
}
