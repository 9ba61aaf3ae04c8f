import * as assert from 'assert';
import { Conversation, type ConversationEvent } from '../../src/core/conversation/conversation';
import type { Turn } from '../../src/core/conversation/turn';

describe('The conversation model and its events', () => {
  const make = (turns: Turn[] = []) => {
    const conversation = new Conversation({ id: 'c1', title: '', messages: turns, updatedAt: 0 }, { busy: false, profileLabel: 'p · m' });
    const events: ConversationEvent[] = [];
    const listening = conversation.onDidChange((e) => events.push(structuredClone(e)));
    return { conversation, events, listening };
  };

  it('a question and its streamed reply: added, streaming pieces in order, ended with what is said under it', () => {
    const { conversation, events } = make();
    conversation.add({ id: 'u1', role: 'user', content: 'Why?' });
    conversation.add({ id: 'a1', role: 'assistant', content: '', streaming: true });
    conversation.stream('a1', { type: 'reasoning', text: 'Hmm. ' });
    conversation.stream('a1', { type: 'content', text: 'Because' });
    conversation.stream('a1', { type: 'content', text: '.' });
    conversation.end('a1', { note: 'cut off', usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 } });
    assert.deepStrictEqual(
      events.map((e) => e.type),
      ['turnAdded', 'turnAdded', 'turnStreaming', 'turnStreaming', 'turnStreaming', 'turnEnded'],
    );
    assert.deepStrictEqual(events[5], {
      type: 'turnEnded',
      turn: {
        id: 'a1',
        role: 'assistant',
        content: 'Because.',
        reasoning: 'Hmm. ',
        streaming: false,
        note: 'cut off',
        usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
      },
    });
    assert.strictEqual(conversation.data.messages[1].content, 'Because.', 'the turns the file stores hold the reply');
  });

  it("opened again, a conversation's header shows the note its last request had, kept by that request's reply", () => {
    const note = (n: number) => `Left out to fit the model's context: ${n} earlier messages.`;
    const opened = (turns: Turn[]) => make(turns).conversation.header.trimmedNote;
    const step: Turn = { id: 't1', role: 'tool', content: 'ok', toolCallId: 'c1', name: 'read', step: 'Read a.ts', status: 'done' };
    assert.strictEqual(
      opened([
        { id: 'a1', role: 'assistant', content: 'old', trimmed: note(1) },
        { id: 'u2', role: 'user', content: 'q' },
        { id: 'a2', role: 'assistant', content: 'new', trimmed: note(3) },
        step,
      ]),
      note(3),
      'the last reply, a tool step after it',
    );
    assert.strictEqual(
      opened([
        { id: 'a1', role: 'assistant', content: 'old', trimmed: note(1) },
        { id: 'a2', role: 'assistant', content: 'sent whole' },
      ]),
      undefined,
      'a last request sent whole shows no note, whatever one before it left out',
    );
    assert.strictEqual(opened([{ id: 'u1', role: 'user', content: 'q' }]), undefined);
    const live = new Conversation(
      { id: 'c', title: '', messages: [{ id: 'a', role: 'assistant', content: '', trimmed: note(1) }], updatedAt: 0 },
      {
        busy: false,
        trimmedNote: note(2),
      },
    );
    assert.strictEqual(live.header.trimmedNote, note(2), 'a header given outright wins');
    // A reply ends keeping its request's note.
    const { conversation } = make([{ id: 'a1', role: 'assistant', content: '', streaming: true }]);
    conversation.end('a1', { trimmed: note(4) });
    assert.strictEqual(conversation.turns[0].trimmed, note(4));
  });

  it('a reclassify moves what streamed as answer into reasoning, and says so', () => {
    const { conversation, events } = make([{ id: 'a1', role: 'assistant', content: 'thinking aloud', streaming: true }]);
    conversation.stream('a1', { type: 'reclassify' });
    assert.deepStrictEqual(events, [{ type: 'turnStreaming', turnId: 'a1', event: { type: 'reclassify' } }]);
    assert.strictEqual(conversation.turns[0].reasoning, 'thinking aloud');
    assert.strictEqual(conversation.turns[0].content, '');
  });

  it('pieces and endings for a turn that is not a reply here change nothing and tell nothing', () => {
    const { conversation, events } = make([{ id: 'u1', role: 'user', content: 'q' }]);
    conversation.stream('u1', { type: 'content', text: 'x' });
    conversation.stream('gone', { type: 'content', text: 'x' });
    conversation.end('gone', { error: 'late' });
    assert.deepStrictEqual(events, []);
    assert.strictEqual(conversation.turns[0].content, 'q');
  });

  it('removing from a turn takes it and all after it, returns them, and says from where; an unknown id removes nothing', () => {
    const { conversation, events } = make([
      { id: 'u1', role: 'user', content: 'a' },
      { id: 'a1', role: 'assistant', content: 'b' },
      { id: 'u2', role: 'user', content: 'c', images: [] },
      { id: 'a2', role: 'assistant', content: 'd' },
    ]);
    assert.deepStrictEqual(conversation.removeFrom('nope'), []);
    assert.deepStrictEqual(
      conversation.removeFrom('u2').map((t) => t.id),
      ['u2', 'a2'],
    );
    assert.deepStrictEqual(
      conversation.turns.map((t) => t.id),
      ['u1', 'a1'],
    );
    assert.deepStrictEqual(events, [{ type: 'turnsRemoved', fromId: 'u2' }]);
  });

  it('the header tells only what changed, clearing included, and nothing when nothing did', () => {
    const { conversation, events } = make();
    conversation.setHeader({ busy: false, profileLabel: 'p · m' });
    conversation.setHeader({ busy: true, usageLabel: undefined, trimmedNote: 'left out 2' });
    conversation.setHeader({ busy: true, trimmedNote: undefined });
    assert.deepStrictEqual(events, [
      { type: 'headerChanged', change: { busy: true, trimmedNote: 'left out 2' } },
      { type: 'headerChanged', change: { trimmedNote: undefined } },
    ]);
    assert.ok('trimmedNote' in (events[1] as { change: object }).change, 'a cleared field is in the change');
    assert.deepStrictEqual(conversation.header, { busy: true, profileLabel: 'p · m', trimmedNote: undefined });
  });

  it('a listener that stopped listening hears nothing more; one that throws does not keep the others from hearing', async () => {
    const { conversation, events, listening } = make();
    const second: string[] = [];
    conversation.onDidChange(() => {
      throw new Error('a broken view');
    });
    conversation.onDidChange((e) => second.push(e.type));
    // Mocha's own handler would fail the test on the rethrown error: this test catches it instead.
    const mocha = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    const thrown: unknown[] = [];
    const caught = new Promise<void>((resolve) =>
      process.on('uncaughtException', (e) => {
        thrown.push(e);
        resolve();
      }),
    );
    try {
      conversation.add({ id: 'u1', role: 'user', content: 'a' });
      listening.dispose();
      conversation.add({ id: 'u2', role: 'user', content: 'b' });
      await caught;
    } finally {
      process.removeAllListeners('uncaughtException');
      for (const l of mocha) process.on('uncaughtException', l);
    }
    assert.deepStrictEqual(
      events.map((e) => e.type),
      ['turnAdded'],
    );
    assert.deepStrictEqual(second, ['turnAdded', 'turnAdded']);
    assert.strictEqual((thrown[0] as Error).message, 'a broken view', 'the error is not swallowed');
  });
});
