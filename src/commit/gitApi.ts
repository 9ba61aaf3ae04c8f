import * as vscode from 'vscode';

/**
 * The few parts of the built-in git extension's API (`vscode.git`, `getAPI(1)`) Parley uses,
 * declared here rather than copying its whole git.d.ts. Names and shapes are the extension's.
 */
export interface GitApi {
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
}

export interface GitChange {
  readonly uri: vscode.Uri;
  readonly status: number;
}

/** The git extension's status for a file git does not track (`Status.UNTRACKED`). */
export const UNTRACKED = 7;

/** The git API, activating the git extension if needed; undefined when git is disabled or missing. */
export async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<{ enabled: boolean; getAPI(version: 1): GitApi }>('vscode.git');
  if (!ext) return undefined;
  const exports = ext.isActive ? ext.exports : await ext.activate();
  return exports?.enabled ? exports.getAPI(1) : undefined;
}
