import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { textReply, type ChatServer } from '../server/chatServer';
import { assertAllValid, parley, useServer, waitFor } from './helpers';

describe('#18 Explain with Parley in the terminal (real terminal)', () => {
  let server: ChatServer;
  let terminal: vscode.Terminal | undefined;
  beforeEach(async () => {
    server = await useServer();
  });
  afterEach(async () => {
    terminal?.dispose();
    assertAllValid(server);
    await server.close();
  });

  it('sends the selected terminal text to the chat with the shell and the working folder, and puts the clipboard back', async () => {
    const api = await parley();
    await api.chat.newChat();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const cwd = path.join(folder, 'src');
    terminal = vscode.window.createTerminal({ name: 'Parley test', shellPath: '/bin/bash', cwd });
    terminal.show();
    // Printed by the shell, not typed: the marker is assembled by printf, so it shows only as output.
    terminal.sendText('printf "TypeError: %s is not a function\\n    at main (app.js:3:5)\\n" PARLEY_MARKER');
    // Select all until the output is there (the terminal renders asynchronously).
    await waitFor(
      'the output in the terminal',
      async () => {
        await vscode.commands.executeCommand('workbench.action.terminal.focus');
        await vscode.commands.executeCommand('workbench.action.terminal.selectAll');
        await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
        return (await vscode.env.clipboard.readText()).includes('TypeError: PARLEY_MARKER is not a function');
      },
      30_000,
    );
    await vscode.env.clipboard.writeText('what the user had copied');
    server.enqueue(textReply('`PARLEY_MARKER` is not callable: check what `main` calls on line 3.'));

    const sent = await vscode.commands.executeCommand<boolean>('parley.explainTerminalSelection');
    assert.strictEqual(sent, true);
    await api.chat.idle();
    const content = (server.requests.at(-1)!.body.messages as { content: string }[]).at(-1)!.content;
    assert.match(content, /TypeError: PARLEY_MARKER is not a function\n {4}at main \(app\.js:3:5\)/);
    assert.match(content, /shell: bash/);
    assert.ok(content.includes(`working folder: ${cwd}`), `the working folder ${cwd} is named`);
    assert.match(api.chat.messages[0].display ?? '', /^\*\*Explain terminal output\*\*/);
    assert.match(api.chat.messages[1].content, /is not callable/);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'what the user had copied', 'the clipboard is as it was');
  });

  it('with nothing selected, says so and sends nothing', async () => {
    terminal = vscode.window.createTerminal({ name: 'Parley empty', shellPath: '/bin/bash' });
    terminal.show();
    await waitFor('the terminal to be active', () => vscode.window.activeTerminal === terminal);
    await vscode.commands.executeCommand('workbench.action.terminal.clearSelection');
    const sent = await vscode.commands.executeCommand<boolean>('parley.explainTerminalSelection');
    assert.strictEqual(sent, false);
    assert.strictEqual(server.requests.length, 0);
  });
});
