import * as assert from 'assert';
import { CheckpointThrottle, checkpointDelay } from '../../src/core/conversation/checkpoint';
import {
  CONVERSATION_FILE_VERSION,
  corruptName,
  decodeConversation,
  encodeConversation,
  markInterrupted,
  type StoredConversation,
} from '../../src/core/conversation/conversationFile';
import { MAX_TOMBSTONES, mergeIndex, parseIndex, withDeletion, withEntry } from '../../src/core/conversation/conversationIndex';

const conv = (): StoredConversation => ({
  id: 'c1',
  title: 'T',
  updatedAt: 5,
  messages: [
    { id: 'm1', role: 'user', content: 'hi' },
    { id: 'm2', role: 'assistant', content: 'part', streaming: true },
  ],
});

describe('conversation files: format and version', () => {
  it('round-trips; a conversation without tool steps is still written as version 1, so an older Parley reads it', () => {
    const text = encodeConversation(conv());
    assert.strictEqual(JSON.parse(text).version, 1);
    const d = decodeConversation(text);
    assert.strictEqual(d.kind, 'ok');
    assert.deepStrictEqual(d.kind === 'ok' && d.conversation, conv());
  });

  it('a user message keeps what it carried; a file without attachments still loads; a damaged attachment drops alone', () => {
    const c = conv();
    c.messages[0].context = [{ kind: 'file', label: 'a.ts', path: 'a.ts', language: 'typescript', text: 'x' }];
    c.messages[0].images = [{ name: 'p.png', mimeType: 'image/png', dataUrl: 'data:image/png;base64,AAAA' }];
    const d = decodeConversation(encodeConversation(c));
    assert.ok(d.kind === 'ok');
    assert.deepStrictEqual(d.conversation.messages[0], c.messages[0]);
    const old = decodeConversation(JSON.stringify({ version: 1, ...conv() }));
    assert.ok(old.kind === 'ok' && !('context' in old.conversation.messages[0]));
    const damaged = JSON.parse(encodeConversation(c));
    damaged.messages[0].context.push({ kind: 'nonsense' }, 7);
    damaged.messages[0].images = 'not a list';
    const read = decodeConversation(JSON.stringify(damaged));
    assert.ok(read.kind === 'ok');
    assert.deepStrictEqual(read.conversation.messages[0].context, c.messages[0].context);
    assert.ok(!('images' in read.conversation.messages[0]));
  });

  it('a reply keeps its usage; usage that is not counts drops alone, the reply kept', () => {
    const c = conv();
    c.messages[1] = {
      id: 'm2',
      role: 'assistant',
      content: 'done',
      usage: { promptTokens: 2610, completionTokens: 23, totalTokens: 2633 },
    };
    const d = decodeConversation(encodeConversation(c));
    assert.ok(d.kind === 'ok');
    assert.deepStrictEqual(d.conversation.messages[1], c.messages[1]);
    for (const usage of [
      'lots',
      null,
      { promptTokens: '2610', completionTokens: 23 },
      { promptTokens: 1 },
      { promptTokens: -1, completionTokens: 2 },
    ]) {
      const damaged = JSON.parse(encodeConversation(c));
      damaged.messages[1].usage = usage;
      const read = decodeConversation(JSON.stringify(damaged));
      assert.ok(read.kind === 'ok', JSON.stringify(usage));
      assert.deepStrictEqual(read.conversation.messages[1], { id: 'm2', role: 'assistant', content: 'done' }, JSON.stringify(usage));
    }
  });

  it('a reply keeps the note on what its request left out; a note that is not text drops alone', () => {
    const c = conv();
    const note = "Left out to fit the model's context (2,662 tokens for the prompt): 2 earlier messages.";
    c.messages[1] = { id: 'm2', role: 'assistant', content: 'done', trimmed: note };
    const d = decodeConversation(encodeConversation(c));
    assert.ok(d.kind === 'ok');
    assert.strictEqual(d.conversation.messages[1].trimmed, note);
    for (const trimmed of [7, null, { text: note }, ['a']]) {
      const damaged = JSON.parse(encodeConversation(c));
      damaged.messages[1].trimmed = trimmed;
      const read = decodeConversation(JSON.stringify(damaged));
      assert.ok(read.kind === 'ok', JSON.stringify(trimmed));
      assert.deepStrictEqual(read.conversation.messages[1], { id: 'm2', role: 'assistant', content: 'done' }, JSON.stringify(trimmed));
    }
  });

  it('a file from before versions existed reads as version 1', () => {
    const d = decodeConversation(JSON.stringify(conv()));
    assert.ok(d.kind === 'ok' && d.version === 1);
  });

  it('truncated JSON, garbage, a bad shape and a bad version are corrupt, with the reason', () => {
    const text = encodeConversation(conv());
    for (const [bad, reason] of [
      [text.slice(0, text.length / 2), /not valid JSON/],
      ['\u0000\u0001garbage\uFFFD', /not valid JSON/],
      ['[1,2]', /not a JSON object/],
      [JSON.stringify({ ...conv(), messages: 'x' }), /no messages/],
      [JSON.stringify({ ...conv(), messages: [{ id: 'm', role: 'system', content: '' }] }), /message 0/],
      [JSON.stringify({ ...conv(), version: 'two' }), /bad version/],
    ] as const) {
      const d = decodeConversation(bad);
      assert.strictEqual(d.kind, 'corrupt', bad);
      assert.match(d.kind === 'corrupt' ? d.reason : '', reason);
    }
  });

  it('a newer file is read when its shape is known, refused when it is not; never corrupt', () => {
    const newer = decodeConversation(JSON.stringify({ ...conv(), version: CONVERSATION_FILE_VERSION + 1, extra: { x: 1 } }));
    assert.ok(newer.kind === 'newer' && newer.version === CONVERSATION_FILE_VERSION + 1 && newer.conversation.messages.length === 2);
    const unreadable = decodeConversation(JSON.stringify({ version: 7, turns: [] }));
    assert.ok(unreadable.kind === 'unreadable' && unreadable.version === 7);
  });

  it('a reply still streaming in the file is kept, marked interrupted', () => {
    const c = conv();
    assert.strictEqual(markInterrupted(c, 'Interrupted'), 1);
    assert.deepStrictEqual(c.messages[1], { id: 'm2', role: 'assistant', content: 'part', streaming: false, note: 'Interrupted' });
    assert.strictEqual(c.messages[0].note, undefined);
    assert.strictEqual(markInterrupted(c, 'Interrupted'), 0);
  });

  it('the moved-aside name keeps the id and the time, with no characters a file system refuses', () => {
    assert.strictEqual(corruptName('c1', new Date('2026-01-02T03:04:05.678Z')), 'c1.corrupt-2026-01-02T03-04-05-678Z.json');
  });
});

describe('conversation index merge (two windows)', () => {
  const e = (id: string, updatedAt: number, title = id) => ({ id, title, updatedAt });

  it("keeps both windows' conversations; the newer copy of one wins", () => {
    const a = { entries: [e('a', 1), e('both', 5, 'from a')], deleted: [] };
    const b = { entries: [e('b', 2), e('both', 9, 'from b')], deleted: [] };
    const m = mergeIndex(a, b);
    assert.deepStrictEqual(
      m.entries.map((x) => [x.id, x.title]),
      [
        ['both', 'from b'],
        ['b', 'b'],
        ['a', 'a'],
      ],
    );
    assert.deepStrictEqual(mergeIndex(b, a), m, 'order does not matter');
  });

  it('a deletion is not brought back by a window that still lists the conversation', () => {
    const mine = withDeletion({ entries: [e('a', 1), e('b', 2)], deleted: [] }, 'a', 10);
    const theirs = { entries: [e('a', 1), e('b', 2), e('c', 3)], deleted: [] };
    const m = mergeIndex(mine, theirs);
    assert.deepStrictEqual(
      m.entries.map((x) => x.id),
      ['c', 'b'],
    );
    assert.deepStrictEqual(m.deleted, [{ id: 'a', deletedAt: 10 }]);
  });

  it('a save after the deletion wins over it', () => {
    const m = mergeIndex(withDeletion({ entries: [], deleted: [] }, 'a', 10), { entries: [e('a', 11)], deleted: [] });
    assert.deepStrictEqual(
      m.entries.map((x) => x.id),
      ['a'],
    );
    assert.deepStrictEqual(m.deleted, []);
    assert.deepStrictEqual(
      withEntry(withDeletion(m, 'a', 12), e('a', 13)).entries.map((x) => x.id),
      ['a'],
    );
  });

  it('tombstones are capped, newest kept', () => {
    let i = { entries: [], deleted: [] } as ReturnType<typeof mergeIndex>;
    for (let n = 0; n < MAX_TOMBSTONES + 20; n++) i = withDeletion(i, `x${n}`, n);
    assert.strictEqual(i.deleted.length, MAX_TOMBSTONES);
    assert.strictEqual(i.deleted[0].id, `x${MAX_TOMBSTONES + 19}`);
  });

  it('whatever malformed state or file holds is left out, not thrown', () => {
    assert.deepStrictEqual(parseIndex(undefined), { entries: [], deleted: [] });
    assert.deepStrictEqual(parseIndex({ entries: [null, { id: 1 }, e('ok', 1)], deleted: 'x' }), { entries: [e('ok', 1)], deleted: [] });
  });
});

describe('checkpoint throttling', () => {
  it('the delay is what is left of the interval, never negative', () => {
    assert.strictEqual(checkpointDelay(1000, 1500, 2000), 1500);
    assert.strictEqual(checkpointDelay(1000, 3000, 2000), 0);
    assert.strictEqual(checkpointDelay(1000, 9000, 2000), 0);
  });

  it('many chunks make one save per interval, not one per chunk, and none after stop', async () => {
    let saves = 0;
    const t = new CheckpointThrottle(100, async () => {
      saves++;
    });
    const started = Date.now();
    let chunks = 0;
    while (Date.now() - started < 450) {
      t.poke();
      chunks++;
      await new Promise((r) => setTimeout(r, 5));
    }
    await t.stop();
    const after = saves;
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(chunks > 40, `${chunks} chunks`);
    assert.ok(saves >= 3 && saves <= 5, `${saves} saves for ${chunks} chunks in ~450 ms at one per 100 ms`);
    assert.strictEqual(saves, after, 'no save after stop');
    assert.strictEqual(t.count, saves);
  });

  it('no chunk, no save', async () => {
    let saves = 0;
    const t = new CheckpointThrottle(20, async () => {
      saves++;
    });
    await new Promise((r) => setTimeout(r, 60));
    await t.stop();
    assert.strictEqual(saves, 0);
  });
});
