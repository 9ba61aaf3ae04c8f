import * as vscode from 'vscode';
import * as settings from '../common/settings';
import { Disposable } from '../common/dispose';
import { Command, StatusItem } from '../common/ids';
import { errorMessage } from '../core/client/errorMessage';

/** The active profile and model in the status bar; spins while a request runs; click to switch. */
export class ProviderStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem(StatusItem.provider, vscode.StatusBarAlignment.Right, 100));
  private busy = false;

  constructor(onDidChangeBusy: vscode.Event<boolean>) {
    super();
    this.item.name = vscode.l10n.t('Parley Provider');
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('parley')) this.update();
      }),
    );
    this._register(
      onDidChangeBusy((busy) => {
        this.busy = busy;
        this.update();
      }),
    );
    this.update();
  }

  private update(): void {
    let label: string;
    let tooltip: string;
    try {
      const profile = settings.activeProfile();
      label = profile ? `${profile.name} · ${profile.model}` : vscode.l10n.t('no provider');
      tooltip = profile
        ? vscode.l10n.t('Parley: {0} at {1}. Click to choose the model.', profile.model, profile.baseUrl)
        : vscode.l10n.t('Parley: click to choose a provider.');
      this.item.command = profile ? Command.chooseModel : Command.chooseProvider;
    } catch (e) {
      label = vscode.l10n.t('settings error');
      tooltip = errorMessage(e);
      this.item.command = 'workbench.action.openSettingsJson';
    }
    this.item.text = `${this.busy ? '$(loading~spin)' : '$(comment-discussion)'} ${label}`;
    this.item.tooltip = tooltip;
    this.item.show();
  }
}
