import * as path from 'path';
import * as vscode from 'vscode';
import { splitDiff, untrackedFileDiff, type FileDiff } from '../core/prompts/node/diffSummary';
import { matchesAnyGlob } from '../core/context/contextPrivacy';
import { UNTRACKED, type GitRepository } from '../context/gitApi';

/** An untracked file larger than this is named, not sent. */
const MAX_UNTRACKED_BYTES = 100_000;

export interface CommitChanges {
  /** True: what is staged. False: nothing is staged, so every change. */
  staged: boolean;
  files: FileDiff[];
  /** Changed files left out because they match the exclusion globs (never named to the model). */
  excluded: number;
}

/**
 * What a commit message is written from, read through the git extension: the staged diff, or
 * with nothing staged the working tree's diff and the untracked files. Git-ignored files are
 * in neither (git leaves them out of both); files matching `globs` are dropped here.
 * Undefined when nothing changed.
 */
export async function readCommitChanges(repo: GitRepository, globs: readonly string[]): Promise<CommitChanges | undefined> {
  // The state may trail a change made outside VS Code (a terminal, another tool): refresh first.
  await repo.status();
  const staged = repo.state.indexChanges.length > 0;
  let files = splitDiff(await repo.diff(staged));
  if (!staged) {
    const untracked = [...(repo.state.untrackedChanges ?? []), ...repo.state.workingTreeChanges.filter((c) => c.status === UNTRACKED)];
    for (const change of untracked) files.push(await untrackedDiff(repo.rootUri, change.uri, globs));
  }
  if (files.length === 0) return undefined;
  const before = files.length;
  files = files.filter((f) => !matchesAnyGlob(f.path, globs));
  return { staged, files, excluded: before - files.length };
}

async function untrackedDiff(root: vscode.Uri, uri: vscode.Uri, globs: readonly string[]): Promise<FileDiff> {
  const relative = path.posix.relative(root.path, uri.path);
  // An excluded file is never even read.
  if (matchesAnyGlob(relative, globs)) return untrackedFileDiff(relative, '');
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type !== vscode.FileType.File || stat.size > MAX_UNTRACKED_BYTES) {
    return {
      ...untrackedFileDiff(relative, ''),
      text: `diff --git a/${relative} b/${relative}\nnew file (untracked, ${stat.size} bytes, contents not shown)\n`,
    };
  }
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.includes(0)) {
    return { ...untrackedFileDiff(relative, ''), text: `diff --git a/${relative} b/${relative}\nnew binary file (untracked)\n` };
  }
  return untrackedFileDiff(relative, new TextDecoder().decode(bytes));
}
