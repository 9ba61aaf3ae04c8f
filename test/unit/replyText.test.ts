import * as assert from 'assert';
import { applyStreamEvent, type ReplyParts } from '../../src/core/client/replyText';
import type { StreamEvent } from '../../src/core/types';

describe('a reply built from stream events', () => {
  const build = (events: StreamEvent[]): ReplyParts => {
    const reply: ReplyParts = { content: '' };
    for (const e of events) applyStreamEvent(reply, e);
    return reply;
  };

  it('keeps the answer and the reasoning apart', () => {
    assert.deepStrictEqual(
      build([
        { type: 'reasoning', text: 'Hm. ' },
        { type: 'content', text: 'An' },
        { type: 'reasoning', text: 'Ok.' },
        { type: 'content', text: 'swer' },
      ]),
      { content: 'Answer', reasoning: 'Hm. Ok.' },
    );
  });

  it('reclassify moves everything answered so far into the reasoning, after what was there', () => {
    assert.deepStrictEqual(
      build([
        { type: 'reasoning', text: 'A. ' },
        { type: 'content', text: 'thinking aloud' },
        { type: 'reclassify' },
        { type: 'content', text: 'final' },
      ]),
      { content: 'final', reasoning: 'A. thinking aloud' },
    );
  });

  it('an answer with no reasoning has none', () => {
    assert.deepStrictEqual(build([{ type: 'content', text: 'just this' }]), { content: 'just this' });
  });
});
