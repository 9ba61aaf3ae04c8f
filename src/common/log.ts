import * as vscode from 'vscode';

export type LogGetter = () => vscode.LogOutputChannel;

/** The Parley log channel, created the first time something is logged (not at activation). */
export function lazyLog(context: vscode.ExtensionContext): LogGetter {
  let log: vscode.LogOutputChannel | undefined;
  return () => {
    if (!log) {
      log = vscode.window.createOutputChannel('Parley', { log: true });
      context.subscriptions.push(log);
    }
    return log;
  };
}
