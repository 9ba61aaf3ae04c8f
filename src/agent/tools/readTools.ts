import * as vscode from 'vscode';
import type { AgentTool } from '../../core/agent/agentTool';
import type { ExcludedCheck } from '../../core/agent/workspacePath';
import { gitApi } from '../../context/gitApi';
import { settingsExcludedCheck } from './agentExclusion';
import { createFindFilesTool } from './findFiles';
import { createGetChangesTool } from './getChanges';
import { createGetProblemsTool } from './getProblems';
import { createListDirectoryTool } from './listDirectory';
import { createReadFileTool } from './readFile';
import { findRipgrep } from './ripgrep';
import { createSearchTextTool } from './searchText';

/** What the reading tools need from the window; `defaultReadToolDeps()` gives VS Code's own. */
export interface ReadToolDeps {
  /** The workspace folders paths resolve in, asked at each call. */
  folders(): readonly vscode.WorkspaceFolder[];
  /** True for a folder-relative path kept from the model. */
  readonly excluded: ExcludedCheck;
  /** ripgrep's path, or undefined to search by reading the files (slower; .gitignore not read). */
  ripgrep(): string | undefined;
  /** The git executable for get_changes. */
  git(): Promise<string>;
}

/** read_file, list_directory, find_files, search_text, get_problems and get_changes: all `read`, all run unasked. */
export function createReadTools(deps: ReadToolDeps): AgentTool[] {
  const access = { folders: () => deps.folders(), excluded: deps.excluded };
  return [
    createReadFileTool(access),
    createListDirectoryTool(access),
    createFindFilesTool(access),
    createSearchTextTool(access, () => deps.ripgrep()),
    createGetProblemsTool(access),
    createGetChangesTool(access, () => deps.git()),
  ];
}

/**
 * The window's folders; `parley.context.exclude` and `files.exclude` (the caller may pass a stricter
 * check, git ignores included); VS Code's ripgrep, looked for once; the git extension's git, else `git`.
 */
export function defaultReadToolDeps(overrides: Partial<ReadToolDeps> = {}): ReadToolDeps {
  const folders = () => vscode.workspace.workspaceFolders ?? [];
  let rg: { path: string | undefined } | undefined;
  return {
    folders,
    excluded: settingsExcludedCheck(folders),
    ripgrep: () => (rg ??= { path: findRipgrep(vscode.env.appRoot) }).path,
    git: async () => (await gitApi())?.git?.path ?? 'git',
    ...overrides,
  };
}
