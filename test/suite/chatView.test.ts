import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ChatServer } from '../server/chatServer';
import { parley, useServer, waitFor } from './helpers';

describe('Chat view follows the settings in the real host', () => {
  let server: ChatServer;
  beforeEach(async () => { server = await useServer(); });
  afterEach(async () => { await server.close(); });

  it('after a model change the view is told the new model at once, without a message being sent', async () => {
    const api = await parley();
    await api.view.reveal();
    await waitFor('the view to be shown', () => api.view.visible);
    const before = api.view.postMark();
    const config = vscode.workspace.getConfiguration('parley');
    const profiles = config.get<Record<string, unknown>[]>('profiles')!;
    // What Choose Model writes: the active profile's model.
    await config.update('profiles', profiles.map((p) => ({ ...p, model: 'test-model-large' })), vscode.ConfigurationTarget.Global);
    const told = await waitFor('a profile update posted to the view', () =>
      api.view.postedSince(before).find((m) => m.type === 'profile' && m.profileLabel === 'Test server · test-model-large'), 5_000);
    assert.ok(told);
    assert.strictEqual(server.requests.length, 0, 'no request was needed to refresh it');
  });

  it('a long conversation reaches the view as its latest 30 messages; earlier ones come when the view asks', async () => {
    const api = await parley();
    await api.view.reveal();
    await waitFor('the view to be shown', () => api.view.visible);
    const messages = Array.from({ length: 100 }, (_, i) => ({ id: `long${i}`, role: (i % 2 ? 'assistant' : 'user') as 'user' | 'assistant', content: `message ${i}` }));
    await api.store.save({ id: 'long-conversation', title: 'Long', messages, updatedAt: Date.now() });
    const opened = api.view.postMark();
    await api.chat.open('long-conversation');
    const state = await waitFor('the state posted', () => api.view.postedSince(opened).find((m) => m.type === 'state' && m.state.conversationId === 'long-conversation'));
    assert.ok(state.type === 'state');
    assert.deepStrictEqual(state.state.messages.map((m) => m.id), messages.slice(70).map((m) => m.id));
    assert.strictEqual(state.state.omitted, 70);
    assert.strictEqual(api.chat.current().messages.length, 100, 'the conversation itself is whole');

    /** What the extension answers the page's request for the messages before `beforeId`. */
    const askEarlier = async (beforeId: string) => {
      const asked = api.view.postMark();
      await api.view.receive({ type: 'earlier', beforeId, count: 30 });
      const answer = api.view.postedSince(asked).find((m) => m.type === 'earlier');
      assert.ok(answer?.type === 'earlier');
      return answer;
    };
    // The page asks for what comes before the earliest it holds…
    const earlier = await askEarlier('long70');
    assert.deepStrictEqual(earlier.messages.map((m) => m.id), messages.slice(40, 70).map((m) => m.id));
    assert.strictEqual(earlier.omitted, 40);
    assert.strictEqual(earlier.conversationId, 'long-conversation');
    // …up to the first message, and never past it.
    const rest = await askEarlier('long10');
    assert.deepStrictEqual(rest.messages.map((m) => m.id), messages.slice(0, 10).map((m) => m.id));
    assert.strictEqual(rest.omitted, 0);
    // Before the first message, or a message not in the open conversation (the page was on
    // another one): an empty answer, so the page may ask again.
    const stale = api.view.postMark();
    await api.view.receive({ type: 'earlier', beforeId: 'not-here', count: 30 });
    await api.view.receive({ type: 'earlier', beforeId: 'long0', count: 30 });
    const empty = api.view.postedSince(stale).filter((m) => m.type === 'earlier');
    assert.deepStrictEqual(empty.map((m) => m.type === 'earlier' && [m.beforeId, m.messages.length, m.omitted]), [['not-here', 0, 0], ['long0', 0, 0]]);

    // A page reloaded while the reader was on message 20 asks for the messages back to it, once;
    // later states carry 30 again. A message no longer there asks for nothing more.
    const reloaded = api.view.postMark();
    await api.view.receive({ type: 'ready', fromId: 'long20' });
    await api.chat.open('long-conversation');
    const states = api.view.postedSince(reloaded).filter((m) => m.type === 'state');
    assert.deepStrictEqual(states.map((m) => m.type === 'state' && m.state.messages.length), [80, 30]);
    assert.deepStrictEqual(states.map((m) => m.type === 'state' && m.state.omitted), [20, 70]);
    const gone = api.view.postMark();
    await api.view.receive({ type: 'ready', fromId: 'deleted-meanwhile' });
    const plain = api.view.postedSince(gone).find((m) => m.type === 'state');
    assert.strictEqual(plain?.type === 'state' && plain.state.messages.length, 30);
  });
});
