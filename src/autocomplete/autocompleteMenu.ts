import * as vscode from 'vscode';
import { Command } from '../common/ids';
import { registerCommand } from '../common/commands';
import type { LogGetter } from '../common/log';
import { enabledForLanguage, setEnabled } from './autocompleteSettings';
import { ALL, SNOOZE_MS, type AutocompleteGates } from './autocompleteGates';

export interface MenuDeps {
  gates: AutocompleteGates;
  /** After any change: forget failures and refresh the status bar. */
  changed(): void;
  log: LogGetter;
}

/** The status bar item's menu and the commands behind it: on and off, per language, snooze. */
export function registerAutocompleteMenu({ gates, changed, log }: MenuDeps): vscode.Disposable[] {
  const toggle = async () => {
    await setEnabled(!enabledForLanguage(ALL));
    await gates.snooze(undefined);
    changed();
  };
  const snooze = async () => {
    await gates.snooze(gates.snoozedUntil() ? undefined : Date.now() + SNOOZE_MS);
    changed();
  };
  return [
    registerCommand(Command.autocompleteToggle, toggle, log),
    registerCommand(Command.autocompleteSnooze, snooze, log),
    registerCommand(Command.autocompleteMenu, () => showMenu({ gates, changed, log }, toggle, snooze), log),
  ];
}

async function showMenu({ gates, changed, log }: MenuDeps, toggle: () => Promise<void>, snooze: () => Promise<void>) {
  const allOn = enabledForLanguage(ALL);
  const language = vscode.window.activeTextEditor?.document.languageId;
  type Item = vscode.QuickPickItem & { run?: () => unknown };
  const items: Item[] = [{ label: allOn ? vscode.l10n.t('$(circle-slash) Turn Off') : vscode.l10n.t('$(sparkle) Turn On'), run: toggle }];
  if (language) {
    const on = enabledForLanguage(language);
    items.push({
      label: on ? vscode.l10n.t('$(filter) Turn Off for {0}', language) : vscode.l10n.t('$(filter) Turn On for {0}', language),
      run: async () => {
        await setEnabled(!on, language);
        changed();
      },
    });
  }
  items.push(
    {
      label: gates.snoozedUntil() ? vscode.l10n.t('$(clock) End Snooze') : vscode.l10n.t('$(clock) Snooze for 30 Minutes'),
      run: snooze,
    },
    {
      label: vscode.l10n.t('$(settings-gear) Choose Autocomplete Model…'),
      run: () => vscode.commands.executeCommand(Command.autocompleteChooseModel),
    },
    { label: vscode.l10n.t('$(output) Show Log'), run: () => log().show() },
  );
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Parley Autocomplete') });
  await picked?.run?.();
}
