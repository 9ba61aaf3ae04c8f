import * as assert from 'assert';
import { DeltaBatcher, DELTA_EVERY_MS, LONG_DELTA_EVERY_MS } from '../../src/chat/deltaBatcher';
import { LONG_REPLY_CHARS } from '../../src/core/view/redrawPacing';
import type { ToWebview } from '../../src/shared/protocol';

/** A batcher whose deliveries and asked-for waits are recorded; its timers fire at the next turn. */
function recorded() {
  const out: ToWebview[] = [];
  const waits: number[] = [];
  const batcher = new DeltaBatcher(
    't1',
    (m) => out.push(m),
    (flush, ms) => {
      waits.push(ms);
      return setTimeout(flush, 0);
    },
  );
  const delivered = (n: number) =>
    new Promise<void>((resolve) => {
      const poll = () => (out.length >= n ? resolve() : setTimeout(poll, 1));
      poll();
    });
  return { out, waits, batcher, delivered };
}

describe('DeltaBatcher', () => {
  it('coalesces the events of a frame into one delta, answer and thinking apart', async () => {
    const { out, waits, batcher, delivered } = recorded();
    batcher.push({ type: 'reasoning', text: 'Think' });
    batcher.push({ type: 'content', text: 'Hel' });
    batcher.push({ type: 'content', text: 'lo' });
    await delivered(1);
    assert.deepStrictEqual(out, [{ type: 'delta', turnId: 't1', content: 'Hello', reasoning: 'Think' }]);
    assert.deepStrictEqual(waits, [DELTA_EVERY_MS], 'one wait of a frame for the three');
  });

  it('a reclassify goes out at once, after what was waiting', () => {
    const { out, batcher } = recorded();
    batcher.push({ type: 'content', text: 'a' });
    batcher.push({ type: 'reclassify' });
    assert.deepStrictEqual(out, [
      { type: 'delta', turnId: 't1', content: 'a' },
      { type: 'delta', turnId: 't1', reclassify: true },
    ]);
  });

  it(`past ${LONG_REPLY_CHARS} characters of answer, deltas wait ${LONG_DELTA_EVERY_MS} ms instead of ${DELTA_EVERY_MS}; thinking does not count`, async () => {
    const { out, waits, batcher, delivered } = recorded();
    batcher.push({ type: 'reasoning', text: 'r'.repeat(2 * LONG_REPLY_CHARS) });
    await delivered(1);
    batcher.push({ type: 'content', text: 'x'.repeat(LONG_REPLY_CHARS) });
    await delivered(2);
    batcher.push({ type: 'content', text: 'y' });
    await delivered(3);
    batcher.push({ type: 'content', text: 'z' });
    await delivered(4);
    assert.deepStrictEqual(waits, [DELTA_EVERY_MS, DELTA_EVERY_MS, DELTA_EVERY_MS, LONG_DELTA_EVERY_MS]);
    const content = out.map((m) => (m.type === 'delta' ? (m.content ?? '') : '')).join('');
    assert.strictEqual(content, `${'x'.repeat(LONG_REPLY_CHARS)}yz`, 'nothing lost or doubled');
  });

  it('flush sends what waits at once (the reply ended), and nothing when nothing waits', () => {
    const { out, batcher } = recorded();
    batcher.flush();
    assert.strictEqual(out.length, 0);
    batcher.push({ type: 'content', text: 'end' });
    batcher.flush();
    assert.deepStrictEqual(out, [{ type: 'delta', turnId: 't1', content: 'end' }]);
  });
});
