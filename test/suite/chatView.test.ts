import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ToWebview } from '../../src/shared/protocol';
import { textReply, type ChatServer } from '../server/chatServer';
import { chromeTold, parley, useServer, waitFor } from './helpers';
import { recordPosts, type Recorder } from './recorders';

describe('Chat view follows the settings in the real host', () => {
  let server: ChatServer;
  /** What the view is told during each test. */
  let posts: Recorder<ToWebview>;
  beforeEach(async () => {
    server = await useServer();
    posts = recordPosts(await parley());
  });
  afterEach(async () => {
    posts.dispose();
    await server.close();
  });

  it('after a model change the view is told the new model at once, without a message being sent', async () => {
    const api = await parley();
    await api.view.reveal();
    await waitFor('the view to be shown', () => api.view.visible);
    const before = posts.mark();
    const config = vscode.workspace.getConfiguration('parley');
    const profiles = config.get<Record<string, unknown>[]>('profiles')!;
    // What Choose Model writes: the active profile's model.
    await config.update(
      'profiles',
      profiles.map((p) => ({ ...p, model: 'test-model-large' })),
      vscode.ConfigurationTarget.Global,
    );
    const told = await waitFor(
      'a profile update posted to the view',
      () => posts.since(before).find((m) => m.type === 'chrome' && m.chrome.profileLabel === 'Test server · test-model-large'),
      5_000,
    );
    assert.ok(told);
    assert.strictEqual(server.requests.length, 0, 'no request was needed to refresh it');
  });

  it('a long conversation reaches the view as its latest 30 messages; earlier ones come when the view asks', async () => {
    const api = await parley();
    await api.view.reveal();
    await waitFor('the page to have its state', () => api.view.pageShown);
    const messages = Array.from({ length: 100 }, (_, i) => ({
      id: `long${i}`,
      role: (i % 2 ? 'assistant' : 'user') as 'user' | 'assistant',
      content: `message ${i}`,
    }));
    await api.store.save({ id: 'long-conversation', title: 'Long', messages, updatedAt: Date.now() });
    const opened = posts.mark();
    await api.chat.open('long-conversation');
    const state = await waitFor('the state posted', () =>
      posts.since(opened).find((m) => m.type === 'state' && m.state.conversationId === 'long-conversation'),
    );
    assert.ok(state.type === 'state');
    assert.deepStrictEqual(
      state.state.messages.map((m) => m.id),
      messages.slice(70).map((m) => m.id),
    );
    assert.strictEqual(state.state.omitted, 70);
    assert.strictEqual(api.chat.current().messages.length, 100, 'the conversation itself is whole');

    /** What the extension answers the page's request for the messages before `beforeId`. */
    const askEarlier = async (beforeId: string) => {
      const asked = posts.mark();
      await api.view.receive({ type: 'earlier', beforeId, count: 30 });
      const answer = posts.since(asked).find((m) => m.type === 'earlier');
      assert.ok(answer?.type === 'earlier');
      return answer;
    };
    // The page asks for what comes before the earliest it holds…
    const earlier = await askEarlier('long70');
    assert.deepStrictEqual(
      earlier.messages.map((m) => m.id),
      messages.slice(40, 70).map((m) => m.id),
    );
    assert.strictEqual(earlier.omitted, 40);
    assert.strictEqual(earlier.conversationId, 'long-conversation');
    // …up to the first message, and never past it.
    const rest = await askEarlier('long10');
    assert.deepStrictEqual(
      rest.messages.map((m) => m.id),
      messages.slice(0, 10).map((m) => m.id),
    );
    assert.strictEqual(rest.omitted, 0);
    // Before the first message, or a message not in the open conversation (the page was on
    // another one): an empty answer, so the page may ask again.
    const stale = posts.mark();
    await api.view.receive({ type: 'earlier', beforeId: 'not-here', count: 30 });
    await api.view.receive({ type: 'earlier', beforeId: 'long0', count: 30 });
    const empty = posts.since(stale).filter((m) => m.type === 'earlier');
    assert.deepStrictEqual(
      empty.map((m) => m.type === 'earlier' && [m.beforeId, m.messages.length, m.omitted]),
      [
        ['not-here', 0, 0],
        ['long0', 0, 0],
      ],
    );

    // A page reloaded while the reader was on message 20 asks for the messages back to it, once;
    // a page loaded at the end gets 30. A message no longer there asks for nothing more.
    const reloaded = posts.mark();
    await api.view.receive({ type: 'ready', fromId: 'long20' });
    await api.view.receive({ type: 'ready' });
    const states = posts.since(reloaded).filter((m) => m.type === 'state');
    assert.deepStrictEqual(
      states.map((m) => m.type === 'state' && m.state.messages.length),
      [80, 30],
    );
    assert.deepStrictEqual(
      states.map((m) => m.type === 'state' && m.state.omitted),
      [20, 70],
    );
    const gone = posts.mark();
    await api.view.receive({ type: 'ready', fromId: 'deleted-meanwhile' });
    const plain = posts.since(gone).find((m) => m.type === 'state');
    assert.strictEqual(plain?.type === 'state' && plain.state.messages.length, 30);
    // A page that says it drew a snapshot this view did not write (an old page, a stale id) is
    // sent the state, though the view's own snapshot (made as it was hidden) holds the same.
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the view hidden', () => !api.view.visible);
    const foreign = posts.mark();
    await api.view.receive({ type: 'ready', snapshot: 987_654 });
    const sent = posts.since(foreign).find((m) => m.type === 'state');
    assert.strictEqual(sent?.type === 'state' && sent.state.conversationId, 'long-conversation');
  });
});

describe('The usage line in the real host (issue 26)', () => {
  let server: ChatServer;
  /** What the view is told during each test. */
  let posts: Recorder<ToWebview>;
  beforeEach(async () => {
    server = await useServer();
    posts = recordPosts(await parley());
  });
  afterEach(async () => {
    posts.dispose();
    await server.close();
  });

  const USAGE = /^\d+ prompt \+ \d+ reply tokens$/;
  /** What the view was told to show as usage after `mark`: every state's, and every change of it, in order. */
  const usageShown = (mark: number) => chromeTold(posts.since(mark), 'usageLabel').map((c) => c.usageLabel);

  it("shows the open conversation's last finished reply, or nothing: not after New Chat, a Stop or an error; again when the conversation is opened", async () => {
    const api = await parley();
    await api.view.reveal();
    await waitFor('the page to have its state', () => api.view.pageShown);
    await api.chat.newChat();
    let mark = posts.mark();
    await api.chat.send('How many tokens is this?');
    const first = usageShown(mark).at(-1);
    assert.match(first ?? '', USAGE, 'a finished reply shows its usage');
    assert.strictEqual(api.chat.conversation.header.usageLabel, first);
    const answered = api.chat.current().id;

    mark = posts.mark();
    await api.chat.newChat();
    assert.deepStrictEqual(usageShown(mark), [undefined], 'New Chat: the empty conversation shows no usage');
    assert.strictEqual(api.chat.conversation.header.usageLabel, undefined);

    // A stopped reply has no usage: nothing, not the figure from before.
    await api.chat.send('First in this one');
    assert.match(api.chat.conversation.header.usageLabel ?? '', USAGE);
    server.enqueue(textReply(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '), { delayMs: 50 }));
    mark = posts.mark();
    const sending = api.chat.send('Long one, please');
    await waitFor('the reply streaming', () => api.chat.messages.at(-1)?.streaming && api.chat.messages.at(-1)!.content.length > 0);
    api.chat.stop();
    await sending;
    assert.match(api.chat.messages.at(-1)?.note ?? '', /Stopped/);
    assert.deepStrictEqual(usageShown(mark).slice(-1), [undefined], 'after Stop the view shows no usage');
    assert.strictEqual(api.chat.conversation.header.usageLabel, undefined);

    // A reply that ends in an error has none either.
    await api.chat.send('Again');
    assert.match(api.chat.conversation.header.usageLabel ?? '', USAGE);
    server.enqueue({ steps: [{ content: 'Partial. ' }, { error: { message: 'Provider returned error', code: 502 } }] });
    mark = posts.mark();
    await api.chat.send('And fail');
    assert.ok(api.chat.messages.at(-1)?.error, 'the reply failed');
    assert.deepStrictEqual(usageShown(mark).slice(-1), [undefined], 'after an error the view shows no usage');
    const failed = api.chat.current().id;

    // Opening a conversation from the history shows its own last reply's usage, kept in its file
    // (as a reload reads it); opening one whose last reply failed shows none.
    const file = vscode.Uri.joinPath(api.store.folder, 'conversations', `${answered}.json`);
    const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
    assert.ok(saved.messages.at(-1).usage?.promptTokens > 0, "the file keeps the reply's usage");
    mark = posts.mark();
    await api.chat.open(answered);
    assert.deepStrictEqual(usageShown(mark), [first], 'the opened conversation shows its own figure');
    mark = posts.mark();
    await api.chat.open(failed);
    assert.deepStrictEqual(usageShown(mark), [undefined]);
  });
});
