import * as assert from 'assert';
import { DisposableStore } from '../../src/common/dispose';

/** A disposable that records, in order, when it was disposed. */
function recorded(log: string[], name: string) {
  return { dispose: () => log.push(name) };
}

describe('DisposableStore', () => {
  it('clear() disposes newest first and the store takes more afterwards', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(recorded(log, 'a'));
    store.add(recorded(log, 'b'));
    store.clear();
    assert.deepStrictEqual(log, ['b', 'a']);
    store.add(recorded(log, 'c'));
    assert.strictEqual(store.size, 1);
    store.dispose();
    assert.deepStrictEqual(log, ['b', 'a', 'c']);
  });

  it('disposes at once what is added after dispose(), and one failing item does not keep the rest', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(recorded(log, 'a'));
    store.add({
      dispose: () => {
        throw new Error('boom');
      },
    });
    store.dispose();
    store.add(recorded(log, 'late'));
    assert.deepStrictEqual(log, ['a', 'late']);
  });

  it('delete() disposes one item now and only once', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    const one = store.add(recorded(log, 'one'));
    store.add(recorded(log, 'two'));
    store.delete(one);
    store.delete(one);
    store.dispose();
    assert.deepStrictEqual(log, ['one', 'two']);
  });
});
