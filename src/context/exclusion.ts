import * as vscode from 'vscode';
import { enabledGlobs, matchesAnyGlob } from '../core/context/contextPrivacy';
import * as settings from '../common/settings';
import { isGitIgnored } from './gitApi';

/**
 * Why a file must not go implicitly and must be confirmed before it goes explicitly:
 * `parley.context.exclude`, `files.exclude`, or git ignoring it. Undefined when none applies.
 */
export async function exclusionReason(uri: vscode.Uri): Promise<string | undefined> {
  const path = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
  if (matchesAnyGlob(path, settings.contextExclude())) return vscode.l10n.t('it matches parley.context.exclude');
  const filesExclude = vscode.workspace.getConfiguration('files', uri).get<Record<string, unknown>>('exclude');
  if (matchesAnyGlob(path, enabledGlobs(filesExclude))) return vscode.l10n.t('it matches files.exclude');
  if (await isGitIgnored(uri)) return vscode.l10n.t('git ignores it');
  return undefined;
}
