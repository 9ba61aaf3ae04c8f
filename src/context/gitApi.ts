import * as vscode from 'vscode';

/**
 * The few parts of the built-in git extension's API (`vscode.git`, `getAPI(1)`) Parley uses,
 * declared here rather than copying its whole git.d.ts. Names and shapes are the extension's.
 */
export interface GitApi {
  /** The git executable the extension found (`git.path`, or on the PATH). */
  readonly git?: { readonly path: string };
  readonly repositories: GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly inputBox: { value: string };
  readonly state: {
    readonly indexChanges: readonly GitChange[];
    readonly workingTreeChanges: readonly GitChange[];
    /** Only when `git.untrackedChanges` is `separate`; otherwise untracked files are working-tree changes. */
    readonly untrackedChanges?: readonly GitChange[];
  };
  /** `git diff` (`cached`: of the index against HEAD). */
  diff(cached?: boolean): Promise<string>;
  log(options?: { maxEntries?: number }): Promise<{ message: string }[]>;
  status(): Promise<void>;
  checkIgnore(paths: string[]): Promise<Set<string>>;
}

export interface GitChange {
  readonly uri: vscode.Uri;
  readonly status: number;
}

/** The git extension's status for a file git does not track (`Status.UNTRACKED`). */
export const UNTRACKED = 7;

/** The git extension's API, activating it if needed; undefined when git is disabled or missing. */
export async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi; enabled?: boolean }>('vscode.git');
  if (!ext) return undefined;
  try {
    const exports = ext.isActive ? ext.exports : await ext.activate();
    return exports.enabled === false ? undefined : exports.getAPI(1);
  } catch {
    return undefined;
  }
}

/** The repository holding `uri`, opening it with git when the extension has not seen it yet. */
async function repositoryFor(api: GitApi, uri: vscode.Uri): Promise<GitRepository | undefined> {
  const known = api.getRepository(uri);
  if (known) return known;
  if (uri.scheme !== 'file' || !api.openRepository) return undefined;
  const folder = vscode.Uri.joinPath(uri, '..');
  return (await api.openRepository(folder).catch(() => null)) ?? undefined;
}

export interface RepoDiff {
  root: vscode.Uri;
  staged: string;
  unstaged: string;
}

/**
 * The staged and working-tree diffs of the repositories Parley can see: the one holding each
 * `near` file (opened if git has not seen it yet), then every repository the git extension has open. Undefined when git is unavailable.
 */
export async function workspaceDiffs(near: vscode.Uri[]): Promise<RepoDiff[] | undefined> {
  const api = await gitApi();
  if (!api) return undefined;
  const repos = new Map<string, GitRepository>();
  for (const uri of near) {
    const repo = await repositoryFor(api, uri);
    if (repo) repos.set(repo.rootUri.toString(), repo);
  }
  for (const repo of api.repositories) repos.set(repo.rootUri.toString(), repo);
  const diffs: RepoDiff[] = [];
  for (const repo of repos.values()) {
    // A repository git cannot read (its folder deleted while the git extension kept it open) is left out, not the rest.
    const both = await Promise.all([repo.diff(true), repo.diff(false)]).catch(() => undefined);
    if (both) diffs.push({ root: repo.rootUri, staged: both[0], unstaged: both[1] });
  }
  return diffs;
}

/** True when git ignores the file (false when git is unavailable or the file is in no repository). */
export async function isGitIgnored(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme !== 'file') return false;
  const api = await gitApi();
  const repo = api?.getRepository(uri);
  if (!repo) return false;
  const ignored = await repo.checkIgnore([uri.fsPath]).catch(() => new Set<string>());
  return ignored.size > 0;
}
