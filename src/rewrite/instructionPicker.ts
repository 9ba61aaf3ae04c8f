import * as vscode from 'vscode';
import { StateKey } from '../common/ids';

const MAX_RECENT = 10;

export const PRESET_INSTRUCTIONS = [
  'Add comments explaining the non-obvious parts',
  'Fix the bug',
  'Simplify without changing behaviour',
  'Add type annotations',
  'Add error handling',
  'Convert to async/await',
];

/** Asks what the rewrite should do: type anything, or pick a recent or preset instruction. */
export async function pickInstruction(state: vscode.Memento, kind: 'rewrite' | 'generate' = 'rewrite'): Promise<string | undefined> {
  const recent = state.get<string[]>(StateKey.recentInstructions, []);
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  pick.title = kind === 'generate' ? vscode.l10n.t('Parley: Generate Here') : vscode.l10n.t('Parley: Rewrite Selection');
  pick.placeholder = kind === 'generate' ? vscode.l10n.t('What should Parley write at the cursor? Type an instruction.') : vscode.l10n.t('How should the selection change? Type an instruction or pick one.');
  pick.ignoreFocusOut = true;
  const fixed: vscode.QuickPickItem[] = [
    ...(recent.length ? [{ label: vscode.l10n.t('Recent'), kind: vscode.QuickPickItemKind.Separator }] : []),
    ...recent.map((label) => ({ label, description: vscode.l10n.t('recent') })),
    { label: vscode.l10n.t('Presets'), kind: vscode.QuickPickItemKind.Separator },
    ...PRESET_INSTRUCTIONS.filter((p) => !recent.includes(p)).map((label) => ({ label })),
  ];
  pick.items = fixed;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    const exact = fixed.some((i) => i.label === typed);
    pick.items = typed && !exact ? [{ label: typed, description: vscode.l10n.t('your instruction'), alwaysShow: true }, ...fixed] : fixed;
  });
  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]?.label ?? (pick.value.trim() || undefined)));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (chosen) await state.update(StateKey.recentInstructions, [chosen, ...recent.filter((r) => r !== chosen)].slice(0, MAX_RECENT));
  return chosen;
}
