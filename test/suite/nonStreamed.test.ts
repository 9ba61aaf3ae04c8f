import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ChatServer, ScriptedReply } from '../server/chatServer';
import { cleanUpEditing, openFixture, parley, useServer, waitFor } from './helpers';

/** A gateway that ignores `stream: true` and answers with one whole JSON completion. */
const wholeJson = (text: string): ScriptedReply => ({ json: true, steps: [{ content: text }, { finish_reason: 'stop' }] });

describe('Replies that arrive whole (JSON) instead of streamed, in the real host', () => {
  let server: ChatServer;
  afterEach(() => cleanUpEditing(server));

  it('chat shows a JSON answer to a streamed request instead of "empty reply"', async () => {
    server = await useServer();
    const api = await parley();
    await api.chat.newChat();
    server.enqueue(wholeJson('A whole answer, not streamed.'));
    await api.chat.send('Hello?');
    assert.strictEqual(server.requests[0].body.stream, true);
    assert.strictEqual(api.chat.messages[1].content, 'A whole answer, not streamed.');
  });

  it('Explain shows a JSON answer to a streamed request', async () => {
    server = await useServer();
    const api = await parley();
    await api.chat.newChat();
    const editor = await openFixture('src/math.ts');
    editor.selection = new vscode.Selection(5, 0, 9, 0);
    server.enqueue(wholeJson('It computes Fibonacci numbers.'));
    await vscode.commands.executeCommand('parley.explainSelection');
    await api.chat.idle();
    assert.strictEqual(api.chat.messages[1].content, 'It computes Fibonacci numbers.');
  });

  it('Rewrite applies a JSON answer to a streamed request', async () => {
    server = await useServer();
    const api = await parley();
    const doc = await vscode.workspace.openTextDocument({ content: 'let a = 1;\nlet b = 2;\n', language: 'typescript' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 1, 0);
    server.enqueue(wholeJson('```ts\nconst a = 1;\n```'));
    await api.rewrite.start('Use const');
    const session = await waitFor('session', () => api.rewrite.session(doc));
    assert.strictEqual(session.status, 'pending');
    assert.strictEqual(doc.getText(), 'let a = 1;\nconst a = 1;\nlet b = 2;\n', 'shown as a diff: the removed line, then the new one');
    await session.accept();
    assert.strictEqual(doc.getText(), 'const a = 1;\nlet b = 2;\n');
  });

  it('a profile with "stream": false asks for a whole reply and shows it', async () => {
    server = await useServer({ extra: { stream: false } });
    const api = await parley();
    await api.chat.newChat();
    server.enqueue({ steps: [{ content: 'Sent whole on purpose.' }] });
    await api.chat.send('Hi');
    assert.strictEqual(server.requests[0].body.stream, false);
    assert.strictEqual(server.requests[0].body.stream_options, undefined);
    assert.strictEqual(api.chat.messages[1].content, 'Sent whole on purpose.');
  });
});
