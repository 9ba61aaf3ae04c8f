import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AgentTool, ToolOutcome } from '../../core/agent/agentTool';
import { capDiff } from '../../core/agent/diffCap';
import { plural } from '../../core/agent/linePage';
import { CHANGES_MAX_CHARS, GET_CHANGES, getChangesTool as definition } from '../../core/agent/readTools';
import { readScopeArgs } from '../../core/agent/readToolArgs';
import { nulSeparated, runGit } from './gitRun';
import { argWords, failed, field, fileError, isAbort, STOPPED } from './toolText';
import { diskFolders, placeIn, placePath, rootOf, type Place, type WorkspaceAccess } from './workspaceAccess';

/** Untracked files named at most. */
const UNTRACKED_MAX = 100;
/** The tree of an empty repository: what a repository without commits is compared with. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Where git runs and what it is asked about: a folder (`spec` empty) or one name in it. */
interface Target {
  dir: Place;
  spec: string[];
}

interface Changes {
  repository: boolean;
  diff: string;
  untracked: string[];
  excluded: number;
  noCommits: boolean;
}

/** get_changes: `git diff HEAD` (staged and not) of a file, a folder or the workspace, excluded files left out. */
export function createGetChangesTool(access: WorkspaceAccess, git: () => Promise<string>): AgentTool {
  return {
    definition,
    kind: 'read',
    describe(args) {
      const path = argWords(field(args, 'path'));
      return path && path !== '.' ? vscode.l10n.t('Get the changes in {0}', path) : vscode.l10n.t('Get the changes in the workspace');
    },
    async run(args, { signal }) {
      const checked = readScopeArgs(GET_CHANGES, args);
      if (!checked.ok) return failed(checked.error);
      const folders = diskFolders(access);
      if (folders.length === 0) return failed('No workspace folder is open, so there are no changes.');
      let targets: Target[];
      let where = 'the workspace';
      if (checked.value.path === undefined) targets = folders.map((f) => ({ dir: placeIn(f, '', folders.length), spec: [] }));
      else {
        const placed = await placePath(access, checked.value.path);
        if (!placed.ok) return failed(placed.error);
        const target = await targetOf(placed.place, folders.length);
        if (!target) return fileError(placed.place.shown, Object.assign(new Error(), { code: 'ENOENT' }));
        targets = [target];
        if (placed.place.shown !== '.') where = placed.place.shown;
      }
      try {
        const gitPath = await git();
        const found: Changes[] = [];
        for (const target of targets) found.push(await changesIn(gitPath, access, target, signal));
        return changesOutcome(found, where);
      } catch (e) {
        if (isAbort(e, signal)) return STOPPED;
        if ((e as NodeJS.ErrnoException).code === 'ENOENT')
          return failed('git is not installed (or not on the PATH), so the changes cannot be read.');
        return failed(`git failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}

/** A folder is asked about as itself; a file (or a deleted one) by its name in its folder. */
async function targetOf(place: Place, folderCount: number): Promise<Target | undefined> {
  const stat = await fs.stat(place.fsPath).catch(() => undefined);
  if (stat?.isDirectory()) return { dir: place, spec: [] };
  const parent = path.posix.dirname(place.relative);
  const dir = placeIn(place.folder, parent === '.' ? '' : parent, folderCount);
  if (!(await fs.stat(dir.fsPath).catch(() => undefined))?.isDirectory()) return undefined;
  return { dir, spec: [`:(literal)${path.posix.basename(place.relative)}`] };
}

async function changesIn(gitPath: string, access: WorkspaceAccess, { dir, spec }: Target, signal: AbortSignal): Promise<Changes> {
  const run = (args: string[], max?: number) => runGit(gitPath, dir.fsPath, args, signal, max);
  const inside = await run(['rev-parse', '--is-inside-work-tree']);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true')
    return { repository: false, diff: '', untracked: [], excluded: 0, noCommits: false };
  const noCommits = (await run(['rev-parse', '--verify', '--quiet', 'HEAD'])).code !== 0;
  const base = noCommits ? EMPTY_TREE : 'HEAD';
  // Paths from git are relative to `dir` (--relative, ls-files); the model is shown them from the workspace.
  const root = rootOf(dir.folder);
  const fromWorkspace = (name: string) => (dir.relative === '' ? name : `${dir.relative}/${name}`);
  const excludedName = (name: string) => access.excluded(fromWorkspace(name), root);
  const names = nulSeparated((await run(['diff', base, '--relative', '--no-renames', '--name-only', '-z', '--', ...spec])).stdout);
  const excluded = names.filter(excludedName);
  let diff = '';
  if (names.length > excluded.length) {
    const prefix = dir.shown === '.' ? '' : `${dir.shown}/`;
    const args = [
      'diff',
      base,
      '--relative',
      '--no-renames',
      '--no-color',
      '--no-ext-diff',
      `--src-prefix=a/${prefix}`,
      `--dst-prefix=b/${prefix}`,
    ];
    const paths = [...(spec.length ? spec : ['.']), ...excluded.map((n) => `:(exclude,literal)${n}`)];
    // Read whole (up to a bound far past what is shown) so every file left out can be named.
    diff = (await run([...args, '--', ...paths], 20_000_000)).stdout;
  }
  const others = nulSeparated((await run(['ls-files', '--others', '--exclude-standard', '-z', '--', ...spec])).stdout);
  const untracked = others.filter((n) => !excludedName(n)).map((n) => (dir.shown === '.' ? n : `${dir.shown}/${n}`));
  return { repository: true, diff, untracked, excluded: excluded.length + others.length - untracked.length, noCommits };
}

function changesOutcome(found: readonly Changes[], where: string): ToolOutcome {
  const repos = found.filter((c) => c.repository);
  if (repos.length === 0)
    return { text: `${where === 'the workspace' ? 'The workspace' : where} is not in a git repository.`, summary: 'not a git repository' };
  const diff = repos.map((c) => c.diff).join('');
  const untracked = repos.flatMap((c) => c.untracked);
  const excluded = repos.reduce((n, c) => n + c.excluded, 0);
  const against = repos.some((c) => c.noCommits) ? 'against an empty repository (no commits yet)' : 'against HEAD';
  const notes: string[] = [];
  if (excluded) notes.push(`[${plural(excluded, 'changed file is', 'changed files are')} excluded and not shown.]`);
  if (repos.length < found.length)
    notes.push(`[${plural(found.length - repos.length, 'folder is', 'folders are')} not in a git repository.]`);
  if (!diff && untracked.length === 0) return { text: [`No changes ${against} in ${where}.`, ...notes].join('\n'), summary: 'no changes' };
  const capped = capDiff(diff, CHANGES_MAX_CHARS);
  const files = (diff.match(/^diff --git /gm) ?? []).length;
  const text = [
    files ? `Changes ${against} in ${where} (${plural(files, 'file')}):` : `No changes to tracked files ${against} in ${where}.`,
  ];
  if (capped.text) text.push(capped.text.replace(/\n$/, ''));
  if (capped.cut) notes.push(`[The diff of ${capped.cut} is cut at about ${CHANGES_MAX_CHARS / 1000} KB.]`);
  if (capped.left.length)
    notes.push(`[Not shown, to keep this short: ${capped.left.join(', ')}. Call get_changes with one of these paths to see it.]`);
  if (untracked.length) {
    text.push(`Untracked files (new, not in the diff; read them with read_file):`, ...untracked.slice(0, UNTRACKED_MAX));
    if (untracked.length > UNTRACKED_MAX) text.push(`[and ${untracked.length - UNTRACKED_MAX} more]`);
  }
  return {
    text: [...text, ...notes].join('\n'),
    summary: `${plural(files, 'file')} changed${untracked.length ? `, ${untracked.length} untracked` : ''}`,
  };
}
