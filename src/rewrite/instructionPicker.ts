import * as vscode from 'vscode';
import { StateKey } from '../common/ids';
import { InstructionChoice } from '../core/rewrite/instructionChoice';

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
  pick.placeholder =
    kind === 'generate'
      ? vscode.l10n.t('What should Parley write at the cursor? Type an instruction.')
      : vscode.l10n.t('How should the selection change? Type an instruction or pick one.');
  pick.ignoreFocusOut = true;
  const listed: vscode.QuickPickItem[] = [
    ...(recent.length ? [{ label: vscode.l10n.t('Recent'), kind: vscode.QuickPickItemKind.Separator }] : []),
    ...recent.map((label) => ({ label, description: vscode.l10n.t('recent') })),
    { label: vscode.l10n.t('Presets'), kind: vscode.QuickPickItemKind.Separator },
    ...PRESET_INSTRUCTIONS.filter((p) => !recent.includes(p)).map((label) => ({ label })),
  ];
  const choice = new InstructionChoice();
  // The workbench names entries by their position in the list, and may name one from the list
  // it had a moment ago: so the listed instructions keep their positions, and the typed text,
  // when it is none of them, comes after them (the workbench sorts it first, as the exact match).
  const showListFor = (value: string) => {
    const typed = value.trim();
    const same = listed.find((i) => instructionOf(i) === typed);
    const own = typed && !same ? { label: typed, description: vscode.l10n.t('your instruction'), alwaysShow: true } : undefined;
    pick.items = own ? [...listed, own] : listed;
    // Highlighted by us, not left to the workbench, which highlights its first match for the
    // text it has then (often newer than `value`) and would report that as the user's move.
    const highlight = own ?? same ?? (typed ? undefined : listed.find((i) => instructionOf(i) !== undefined));
    if (highlight) pick.activeItems = [highlight];
  };
  showListFor('');
  pick.onDidChangeValue((value) => {
    choice.textChanged(value);
    showListFor(value);
  });
  pick.onDidChangeActive((items) => choice.highlighted(instructionOf(items[0])));
  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const instruction = choice.accepted(instructionOf(pick.selectedItems[0]));
      if (instruction) resolve(instruction); // nothing typed or highlighted: the box stays open
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (chosen) await state.update(StateKey.recentInstructions, [chosen, ...recent.filter((r) => r !== chosen)].slice(0, MAX_RECENT));
  return chosen;
}

/** The instruction an entry runs; none for a separator. */
function instructionOf(item: vscode.QuickPickItem | undefined): string | undefined {
  return item && item.kind !== vscode.QuickPickItemKind.Separator ? item.label : undefined;
}
