import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ToWebview } from '../../src/shared/protocol';
import { textReply, type ChatServer } from '../server/chatServer';
import { assertAllValid, openFixture, parley, useServer, waitFor } from './helpers';
import { recordPosts, recordStates, type Recorder } from './recorders';

describe('Chat and Explain Selection in the real host', () => {
  let server: ChatServer;
  /** What the view is told during each test. */
  let posts: Recorder<ToWebview>;
  beforeEach(async () => {
    server = await useServer();
    posts = recordPosts(await parley());
  });
  afterEach(async () => {
    posts.dispose();
    assertAllValid(server);
    await server.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Once idle: a conversation other than `old` is open, holding the question and its reply. */
  const assertNewChatHasTheQuestion = async (old: string) => {
    const api = await parley();
    await api.chat.idle();
    const now = api.chat.current();
    assert.notStrictEqual(now.id, old, 'a new conversation is open');
    assert.deepStrictEqual(
      now.messages.map((m) => [m.role, m.content]),
      [
        ['user', 'A question for the new chat'],
        ['assistant', 'Fresh.'],
      ],
    );
  };

  const lastUserContent = () => {
    const messages = server.requests[server.requests.length - 1].body.messages as { role: string; content: string }[];
    return messages[messages.length - 1].content;
  };

  it('Explain sends the selection with its language and path, and the reply reaches the view', async () => {
    const api = await parley();
    await api.chat.newChat();
    const editor = await openFixture('src/math.ts');
    editor.selection = new vscode.Selection(5, 0, 9, 0); // whole lines 6-9, ending at the start of line 10
    server.enqueue(textReply('It computes Fibonacci numbers.'));
    const before = posts.mark();
    await vscode.commands.executeCommand('parley.explainSelection');
    await api.chat.idle();
    const sent = lastUserContent();
    assert.match(sent, /typescript code from `src\/math\.ts`/);
    assert.match(
      sent,
      /export function fib\(n: number\): number \{\n {2}if \(n < 2\) return n;\n {2}return fib\(n - 1\) \+ fib\(n - 2\);\n\}/,
    );
    assert.match(sent, /export function add/, 'surrounding lines are included as context');
    const [question, answer] = api.chat.messages;
    assert.match(question.display ?? '', /\*\*Explain\*\* `src\/math\.ts` \(lines 6–9\)/);
    assert.strictEqual(answer.content, 'It computes Fibonacci numbers.');
    assert.ok(posts.since(before).some((m) => m.type === 'done' && m.turn.content === 'It computes Fibonacci numbers.'));
  });

  it('a question sent right after New Chat, as the page sends them, goes into the new conversation', async () => {
    const api = await parley();
    await api.chat.newChat();
    server.enqueue(textReply('First.'));
    await api.chat.send('An earlier question');
    const old = api.chat.current().id;
    server.enqueue(textReply('Fresh.'));
    // Two messages from the page, each in its own task: New Chat clicked, then a question typed and sent.
    const newChat = api.view.receive({ type: 'newChat' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await Promise.all([newChat, api.view.receive({ type: 'send', text: 'A question for the new chat' })]);
    await assertNewChatHasTheQuestion(old);
  });

  it('a question sent while New Chat from the Command Palette brings the view up goes into the new conversation', async () => {
    const api = await parley();
    await api.chat.newChat();
    server.enqueue(textReply('First.'));
    await api.chat.send('An earlier question');
    const old = api.chat.current().id;
    server.enqueue(textReply('Fresh.'));
    // The palette's command, and the page's Send arriving while the command reveals the view.
    const command = vscode.commands.executeCommand('parley.newChat');
    await Promise.all([command, api.view.receive({ type: 'send', text: 'A question for the new chat' })]);
    await assertNewChatHasTheQuestion(old);
    const earlier = await api.store.get(old);
    assert.deepStrictEqual(
      earlier?.messages.map((m) => m.content),
      ['An earlier question', 'First.'],
      'the earlier conversation is as it was',
    );
  });

  it('a follow-up question carries the history', async () => {
    const api = await parley();
    await api.chat.newChat();
    await api.chat.send('What is a monad?');
    server.enqueue(textReply('Think of it as a pipeline.'));
    await api.chat.send('Simpler, please');
    const messages = server.requests[1].body.messages as { role: string; content: string }[];
    assert.deepStrictEqual(
      messages.map((m) => m.role),
      ['user', 'assistant', 'user'],
    );
    assert.strictEqual(messages[0].content, 'What is a monad?');
    assert.strictEqual(messages[1].content, 'Hello from the test server.');
  });

  it('with no selection, Explain takes the enclosing block and says so', async () => {
    const api = await parley();
    await api.chat.newChat();
    const editor = await openFixture('src/math.ts');
    editor.selection = new vscode.Selection(6, 4, 6, 4);
    await waitFor(
      'folding ranges',
      async () =>
        ((await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', editor.document.uri)) ?? [])
          .length > 0,
    );
    await vscode.commands.executeCommand('parley.explainSelection');
    await api.chat.idle();
    assert.match(lastUserContent(), /Code to explain:\n```typescript\nexport function fib\(n: number\): number \{[\s\S]*\}\n```/);
    assert.match(api.chat.messages[0].display ?? '', /No selection: took the enclosing block, lines 6-9/);
  });

  it('masks secrets before sending and says how many', async () => {
    const api = await parley();
    await api.chat.newChat();
    const editor = await openFixture('src/config.py');
    editor.selection = new vscode.Selection(0, 0, editor.document.lineCount, 0);
    await vscode.commands.executeCommand('parley.explainSelection');
    await api.chat.idle();
    const sent = lastUserContent();
    assert.ok(!sent.includes('ghp_abcdefghijklmnopqrstuvwxyz0123456789AB'), 'the token is not sent');
    assert.match(sent, /API_TOKEN = "⟦secret 1⟧"/);
    assert.match(api.chat.messages[0].display ?? '', /1 strings that look like secrets were masked/);
  });

  it('the conversation survives hiding and showing the view', async () => {
    const api = await parley();
    await api.chat.newChat();
    await api.chat.send('Remember me');
    const id = api.chat.current().id;
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('view hidden', () => !api.view.visible);
    const states = recordStates(api);
    await vscode.commands.executeCommand('parley.openChat');
    const state = await waitFor('the page to have its state', () => states.all[0]);
    states.dispose();
    assert.strictEqual(state.conversationId, id);
    assert.deepStrictEqual(
      state.messages.map((m) => m.content),
      ['Remember me', 'Hello from the test server.'],
    );
  });

  it('a reply that streams while the view is hidden is complete when it comes back', async () => {
    const api = await parley();
    await api.chat.newChat();
    server.enqueue(textReply('one two three four five six seven eight', { delayMs: 60 }));
    const sending = api.chat.send('Count slowly');
    await waitFor('streaming', () => (api.chat.messages[1]?.content.length ?? 0) > 0);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await sending;
    const states = recordStates(api);
    await vscode.commands.executeCommand('parley.openChat');
    const state = await waitFor('the page to have its state', () => states.all[0]);
    states.dispose();
    assert.strictEqual(state.messages[1].content, 'one two three four five six seven eight');
  });

  it("a Send patches the view: the question and the reply appended, the reply's pieces, its end; never the whole state", async () => {
    const api = await parley();
    await api.chat.newChat();
    await api.chat.send('Something to keep');
    server.enqueue(textReply('one two three four five six', { delayMs: 20 }));
    const mark = posts.mark();
    await api.view.receive({ type: 'send', text: 'And now?' });
    const told = posts.since(mark);
    const [question, reply] = api.chat.messages.slice(-2);
    assert.deepStrictEqual(
      told.filter((m) => m.type === 'state'),
      [],
      'no whole state',
    );
    const turns = told.filter((m) => m.type !== 'chrome' && m.type !== 'attachments');
    assert.deepStrictEqual(turns.slice(0, 2), [
      { type: 'append', turn: { id: question.id, role: 'user', content: 'And now?', display: undefined } },
      { type: 'append', turn: { id: reply.id, role: 'assistant', content: '', streaming: true } },
    ]);
    const deltas = turns.slice(2, -1);
    assert.ok(
      deltas.length >= 2 && deltas.every((m) => m.type === 'delta' && m.turnId === reply.id),
      `deltas of the reply: ${JSON.stringify(deltas)}`,
    );
    assert.strictEqual(deltas.map((m) => (m.type === 'delta' ? m.content : '')).join(''), 'one two three four five six');
    assert.deepStrictEqual(turns.at(-1), { type: 'done', turn: { ...reply } });
    assert.strictEqual(reply.streaming, false);
    assert.deepStrictEqual(
      told
        .filter((m) => m.type === 'chrome')
        .map((m) => m.type === 'chrome' && m.chrome.busy)
        .filter((b) => b !== undefined),
      [true, false],
      'busy while it ran',
    );
  });

  it('Stop keeps the reply as the page showed it at the click: what streamed in after it is kept neither in the view nor in the file', async () => {
    const api = await parley();
    await api.view.reveal();
    await waitFor('the page to have its state', () => api.view.pageShown);
    await api.chat.newChat();
    server.enqueue(textReply(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '), { delayMs: 20 }));
    const mark = posts.mark();
    const sending = api.chat.send('Tell me a long one');
    await waitFor('the reply streaming', () => (api.chat.messages.at(-1)?.content.length ?? 0) > 60);
    const streaming = api.chat.messages.at(-1)!;
    const shown = streaming.content.slice(0, 40);
    // What the page says when Stop is clicked (the UI test clicks it): 40 characters were on screen.
    await api.view.receive({ type: 'stop', shown: { turnId: streaming.id, content: 40, reasoning: 0 } });
    await sending;
    const kept = api.chat.messages.at(-1)!;
    assert.strictEqual(kept.content, shown);
    assert.match(kept.note ?? '', /Stopped/);
    const done = posts.since(mark).filter((m): m is Extract<ToWebview, { type: 'done' }> => m.type === 'done');
    assert.strictEqual(done.at(-1)?.turn.content, shown, 'the view is told the reply as kept');
    const file = vscode.Uri.joinPath(api.store.folder, 'conversations', `${api.chat.current().id}.json`);
    await waitFor('the file to keep the stopped reply', async () => {
      const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
      return saved.messages.at(-1)?.content === shown && !saved.messages.at(-1)?.streaming;
    });
  });
});
