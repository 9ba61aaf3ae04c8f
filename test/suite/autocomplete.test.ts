import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ChatServer } from '../server/chatServer';
import { assertAllValid, parley, useServer } from './helpers';
import { acceptSuggestion, editorAt, turnAutocompleteOff, turnAutocompleteOn, typeKeys } from './autocompleteHelpers';

describe('Tab autocomplete in the real host', () => {
  let server: ChatServer;
  beforeEach(() => turnAutocompleteOn());
  afterEach(async () => {
    await turnAutocompleteOff();
    assertAllValid(server);
    await server.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a server with no completions route is asked through chat, and Tab inserts exactly the suggestion', async () => {
    server = await useServer();
    server.setDefault({ steps: [{ content: 'a + b;' }, { finish_reason: 'stop' }] });
    const editor = await editorAt('function add(a: number, b: number) {\n  return|\n}\n');
    await typeKeys(' ');
    const text = await acceptSuggestion(editor.document);
    assert.strictEqual(text, 'function add(a: number, b: number) {\n  return a + b;\n}\n');
    const chat = server.requests.find((r) => r.path.endsWith('/chat/completions'));
    assert.ok(chat, 'asked through chat');
    assert.strictEqual(chat.body.stream, false);
    assert.match(chat.body.messages[1].content, /return <CURSOR>\n\}/);
    const api = await parley();
    assert.strictEqual(api.autocomplete.status()?.state, 'on');
    assert.match(JSON.stringify(api.autocomplete.status()), /"kind":"chat"/);
  });
});
