/**
 * "Parley: Manage Extensions' Access to Your Models": the answers the user gave other
 * extensions, in a pick; those picked are forgotten, and the extension is asked again.
 */
import * as vscode from 'vscode';
import type { AccessDecision } from '../core/lm/modelAccess';
import { registerCommand } from '../common/commands';
import { Command } from '../common/ids';
import type { LogGetter } from '../common/log';
import type { UserPrompts } from '../common/userPrompts';
import { extensionLabel, type ModelAccess } from './modelAccess';

interface DecisionItem extends vscode.QuickPickItem {
  decision: AccessDecision;
}

export function registerModelAccessCommand(access: ModelAccess, prompts: UserPrompts, log: LogGetter): vscode.Disposable {
  return registerCommand(Command.manageModelAccess, () => manageModelAccess(access, prompts), log);
}

/** How many answers were forgotten (the command's result). */
async function manageModelAccess(access: ModelAccess, prompts: UserPrompts): Promise<number> {
  const decisions = access.decisions();
  if (decisions.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Parley: no extension has asked to use your models with your API key yet, so there is no answer to take back.'),
    );
    return 0;
  }
  const picked = await prompts.pickMany(decisions.map(toItem), {
    title: vscode.l10n.t("Extensions' access to your models"),
    placeHolder: vscode.l10n.t('Pick the answers to forget: that extension is asked again on its next request'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked || picked.length === 0) return 0;
  await access.forget(picked.map((item) => item.decision));
  void vscode.window.showInformationMessage(
    picked.length === 1
      ? vscode.l10n.t(
          'Parley: forgot your answer for {0}; it is asked again on its next request.',
          extensionLabel(picked[0].decision.extension),
        )
      : vscode.l10n.t('Parley: forgot {0} answers; those extensions are asked again on their next request.', picked.length),
  );
  return picked.length;
}

function toItem(decision: AccessDecision): DecisionItem {
  return {
    label: `${decision.allowed ? '$(check)' : '$(circle-slash)'} ${extensionLabel(decision.extension)}`,
    description: decision.allowed
      ? vscode.l10n.t('allowed to use your key for {0}', decision.origin)
      : vscode.l10n.t('not allowed to use your key for {0}', decision.origin),
    detail: decision.profile ? vscode.l10n.t('Asked for the profile "{0}"', decision.profile) : undefined,
    decision,
  };
}
