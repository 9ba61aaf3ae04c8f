import * as vscode from 'vscode';
import * as settings from '../common/settings';

/** The active profile and model in the status bar; spins while a request runs; click to switch. */
export class ProviderStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('parley.provider', vscode.StatusBarAlignment.Right, 100);
  private running = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.item.name = vscode.l10n.t('Parley Provider');
    this.disposables.push(
      this.item,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('parley')) this.update();
      }),
    );
    this.update();
  }

  /** Marks a request as running until the returned function is called. */
  begin(): () => void {
    this.running++;
    this.update();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.running--;
      this.update();
    };
  }

  private update(): void {
    let label: string;
    let tooltip: string;
    try {
      const profile = settings.activeProfile();
      label = profile ? `${profile.name} · ${profile.model}` : vscode.l10n.t('no provider');
      tooltip = profile ? vscode.l10n.t('Parley: {0} at {1}. Click to choose the model.', profile.model, profile.baseUrl) : vscode.l10n.t('Parley: click to choose a provider.');
      this.item.command = profile ? 'parley.chooseModel' : 'parley.chooseProvider';
    } catch (e) {
      label = vscode.l10n.t('settings error');
      tooltip = (e as Error).message;
      this.item.command = 'workbench.action.openSettingsJson';
    }
    this.item.text = `${this.running > 0 ? '$(loading~spin)' : '$(comment-discussion)'} ${label}`;
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
