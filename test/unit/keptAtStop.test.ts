import * as assert from 'assert';
import { ChatError } from '../../src/core/client/chatError';
import { keptAtStop } from '../../src/core/conversation/keptAtStop';
import { parseFromWebview } from '../../src/shared/protocol';

/** Stop keeps what the page showed at the click, and only for an aborted reply the page measured. */
describe('A stopped reply keeps what the page showed', () => {
  const aborted = new ChatError({ kind: 'aborted', detail: 'Stopped' });
  const reply = { id: 'r1', content: 'Hello, world. And then more text that streamed after the click.', reasoning: 'Thinking it over' };

  it('cuts the text, and the reasoning, to what was on the page at the click', () => {
    assert.deepStrictEqual(keptAtStop(aborted, reply, { turnId: 'r1', content: 13, reasoning: 8 }), {
      content: 'Hello, world.',
      reasoning: 'Thinking',
    });
    // Nothing shown yet: nothing kept (the user saw an empty reply).
    assert.deepStrictEqual(keptAtStop(aborted, reply, { turnId: 'r1', content: 0, reasoning: 0 }), { content: '', reasoning: '' });
  });

  it('changes nothing for another reply, a page that said nothing, an error that is not a stop, or more than there is', () => {
    assert.deepStrictEqual(keptAtStop(aborted, reply, { turnId: 'other', content: 3, reasoning: 0 }), {});
    assert.deepStrictEqual(keptAtStop(aborted, reply, undefined), {});
    assert.deepStrictEqual(
      keptAtStop(new ChatError({ kind: 'http', detail: 'Bad gateway', status: 502 }), reply, { turnId: 'r1', content: 3, reasoning: 0 }),
      {},
    );
    assert.deepStrictEqual(keptAtStop(aborted, reply, { turnId: 'r1', content: 500, reasoning: 500 }), {});
    assert.deepStrictEqual(keptAtStop(aborted, { id: 'r1', content: 'abc' }, { turnId: 'r1', content: 1, reasoning: 4 }), { content: 'a' });
  });

  it("the page's stop message carries the shown lengths only when they are whole numbers", () => {
    const shown = { turnId: 'r1', content: 13, reasoning: 0 };
    assert.deepStrictEqual(parseFromWebview({ type: 'stop', shown }), { type: 'stop', shown });
    assert.deepStrictEqual(parseFromWebview({ type: 'stop' }), { type: 'stop' });
    for (const bad of [
      { ...shown, content: -1 },
      { ...shown, content: 1.5 },
      { ...shown, reasoning: '3' },
      { content: 1, reasoning: 0 },
      'r1',
    ])
      assert.deepStrictEqual(parseFromWebview({ type: 'stop', shown: bad }), { type: 'stop' }, JSON.stringify(bad));
  });
});
