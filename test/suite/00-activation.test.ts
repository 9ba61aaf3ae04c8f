import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, parley, waitFor } from './helpers';

describe('Activation in a real VS Code host', () => {
  it('is not active after the workbench loads (no start-up cost)', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension present');
    assert.strictEqual(ext.isActive, false);
    const events: string[] = ext.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
  });

  it('activates on its command and registers every contributed command', async () => {
    await vscode.commands.executeCommand('parley.openChat');
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor('activation', () => ext.isActive);
    const contributed: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, []);
  });

  it('opens the chat view and gives it the page with a nonce CSP', async () => {
    const api = await parley();
    await vscode.commands.executeCommand('parley.openChat');
    await waitFor('chat view visible', () => api.view.visible);
    // The webview asks for its state once its script ran: proof the page loaded under the CSP.
    await waitFor('webview script ready', () => api.view.posted.some((m) => m.type === 'state'));
  });
});
