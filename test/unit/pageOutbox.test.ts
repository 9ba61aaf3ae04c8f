import * as assert from 'assert';
import { PageOutbox } from '../../src/chat/pageOutbox';
import type { ToWebview } from '../../src/shared/protocol';

const note = (n: string): ToWebview => ({ type: 'chrome', chrome: { trimmedNote: n } });

describe('PageOutbox', () => {
  it('sends what one task posted together once the task is over, in order, awaits within the task included', async () => {
    const sent: ToWebview[] = [];
    const outbox = new PageOutbox((m) => sent.push(m));
    outbox.push(note('question'));
    await Promise.resolve(); // a resolved await (a cached budget, a profile with no key): the same task
    outbox.push(note('the request left out 6 messages'));
    assert.deepStrictEqual(sent, [], 'nothing goes out while the task runs');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepStrictEqual(sent, [note('question'), note('the request left out 6 messages')]);
    outbox.push(note('later'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepStrictEqual(sent.slice(2), [note('later')], 'a later task is sent on its own, once');
  });

  it('flush sends what is queued at once, and nothing twice', async () => {
    const sent: ToWebview[] = [];
    const outbox = new PageOutbox((m) => sent.push(m));
    outbox.push(note('a'));
    outbox.push(note('b'));
    outbox.flush();
    assert.deepStrictEqual(sent, [note('a'), note('b')]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(sent.length, 2);
  });
});
