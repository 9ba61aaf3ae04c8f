import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import { Command, StatusItem } from '../common/ids';
import type { Gate } from '../core/autocomplete/autocompleteGate';
import type { RequestKind } from '../core/autocomplete/requestPlan';

/** What the item shows: why autocomplete does not run, or that it runs and with what. */
export type StatusState =
  | { state: 'on'; model: string; host: string; kind?: RequestKind }
  | { state: 'busy'; model: string; host: string }
  | { state: 'failed'; reason: string; pausedUntil?: number }
  | { state: Extract<Gate, { run: false }>['why']; languageId?: string; until?: number; detail?: string };

/**
 * Autocomplete in the status bar: on, off, snoozed, asking, or failing, with the reason in the
 * tooltip. No toast while the user types: a failure shows here (warning colour, Show Log in the
 * menu). Clicking opens the menu (turn off or on, snooze, the model).
 */
export class AutocompleteStatus extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem(StatusItem.autocomplete, vscode.StatusBarAlignment.Right, 99));
  private last?: StatusState;

  constructor() {
    super();
    this.item.name = vscode.l10n.t('Parley Autocomplete');
    this.item.command = Command.autocompleteMenu;
  }

  get shown(): StatusState | undefined {
    return this.last;
  }

  show(next: StatusState): void {
    if (JSON.stringify(next) === JSON.stringify(this.last)) return;
    this.last = next;
    const { icon, tooltip, warn } = describe(next);
    this.item.text = `$(${icon})`;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: tooltip, role: 'button' };
    this.item.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }
}

function time(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function describe(s: StatusState): { icon: string; tooltip: string; warn?: boolean } {
  switch (s.state) {
    case 'on':
      return {
        icon: 'sparkle',
        tooltip:
          s.kind === 'chat'
            ? vscode.l10n.t(
                'Parley autocomplete: on, {0} at {1}. This server has no completions route, so suggestions come through chat: slower. A fill-in-the-middle model on a server with /completions is faster.',
                s.model,
                s.host,
              )
            : vscode.l10n.t('Parley autocomplete: on, {0} at {1}.', s.model, s.host),
      };
    case 'busy':
      return { icon: 'loading~spin', tooltip: vscode.l10n.t('Parley autocomplete: asking {0} at {1}…', s.model, s.host) };
    case 'failed':
      return {
        icon: 'warning',
        warn: true,
        tooltip: s.pausedUntil
          ? vscode.l10n.t('Parley autocomplete: paused until {0} after three failures in a row. Last: {1}', time(s.pausedUntil), s.reason)
          : vscode.l10n.t('Parley autocomplete failed: {0}', s.reason),
      };
    case 'off':
      return {
        icon: 'circle-slash',
        tooltip: s.languageId
          ? vscode.l10n.t('Parley autocomplete: off for {0}.', s.languageId)
          : vscode.l10n.t('Parley autocomplete: off.'),
      };
    case 'snoozed':
      return { icon: 'clock', tooltip: vscode.l10n.t('Parley autocomplete: snoozed until {0}.', time(s.until)) };
    case 'paused':
      return {
        icon: 'debug-pause',
        warn: true,
        tooltip: vscode.l10n.t('Parley autocomplete: paused until {0} after three failures in a row.', time(s.until)),
      };
    case 'noProfile':
      return {
        icon: 'circle-slash',
        tooltip: s.detail ?? vscode.l10n.t('Parley autocomplete: no provider is set up. Click to choose a model.'),
      };
    case 'notChosen':
      return {
        icon: 'circle-slash',
        tooltip: vscode.l10n.t(
          'Parley autocomplete: the active provider is not on this machine, so it is not asked per keystroke. Click to choose a model for autocomplete.',
        ),
      };
    case 'restricted':
      return {
        icon: 'shield',
        tooltip: vscode.l10n.t('Parley autocomplete: off in Restricted Mode, except with a server on this machine.'),
      };
    case 'excluded':
      return { icon: 'circle-slash', tooltip: vscode.l10n.t('Parley autocomplete: not in this file ({0}).', s.detail ?? '') };
  }
}
