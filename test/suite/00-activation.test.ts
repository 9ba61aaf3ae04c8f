import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ParleyApi } from '../../src/extension';
import type { ViewState } from '../../src/shared/protocol';
import { EXTENSION_ID, parley, waitFor } from './helpers';
import { recordStates, type Recorder } from './recorders';

describe('Activation in a real VS Code host', () => {
  /** The states the view's page had from the moment Parley was active: its first page's included. */
  let firstStates: Recorder<ViewState> | undefined;
  after(() => firstStates?.dispose());

  it('is not active after the workbench loads (no start-up cost)', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension present');
    assert.strictEqual(ext.isActive, false);
    const events: string[] = ext.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
  });

  it('activates on its command and registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension<ParleyApi>(EXTENSION_ID)!;
    const opening = vscode.commands.executeCommand('parley.openChat');
    // Listening as soon as Parley is active, before its page loads and asks for its state (the
    // next test checks it did); polled often, as the page may load quickly once the view opens.
    await waitFor('activation', () => ext.isActive, 20_000, 5);
    firstStates = recordStates(ext.exports);
    await opening;
    const contributed: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, []);
  });

  it('opens the chat view and gives it the page with a nonce CSP', async () => {
    const api = await parley();
    firstStates ??= recordStates(api); // this test on its own: parley() activated it just now, before the view opens
    await vscode.commands.executeCommand('parley.openChat');
    await waitFor('chat view visible', () => api.view.visible);
    // The page says `ready` once its first script ran, and has its state: proof it loaded under the CSP.
    await waitFor('webview script ready', () => firstStates!.all.length > 0);
  });
});
