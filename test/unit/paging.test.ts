import * as assert from 'assert';
import * as paging from '../../src/core/conversation/paging';

/** The page's paging of a long conversation: what it draws and what it asks for, step by step. */
describe('Paging a long conversation on the page', () => {
  const PAGE = 30;

  it('a state of the latest 30 of 100 draws the latest 8 first, then the rest of the 30 above them', () => {
    const p = paging.opened(undefined, 30, 70, 8);
    assert.deepStrictEqual(p, { omitted: 70, shownFrom: 22, drawWhenArrived: 0, drawing: 1 });
    assert.strictEqual(paging.notShown(p), 92);
    assert.strictEqual(paging.restOfLatest(p, 30, PAGE), 22);
    const step = paging.showEarlier(p, 22, 'm70', PAGE, false);
    assert.deepStrictEqual(step.draw, { from: 0, to: 22 });
    assert.strictEqual(step.ask, undefined, 'not ahead: nothing asked');
    assert.strictEqual(paging.restOfLatest(step.paging, 30, PAGE), 0);
  });

  it('going up asks for the next screenful before the reader gets there, once, then holds and draws it on arrival', () => {
    let p = paging.opened(undefined, 30, 70, 8);
    let step = paging.showEarlier(p, 30, 'm70', PAGE);
    assert.deepStrictEqual(step.draw, { from: 0, to: 22 });
    assert.strictEqual(step.ask, 'm70', 'fewer than a page left above: the next ones are asked for');
    p = step.paging;
    // The reader reaches the top before they come: nothing to draw, no second request, drawn when they come.
    step = paging.showEarlier(p, 30, 'm70', PAGE);
    assert.strictEqual(step.draw, undefined);
    assert.strictEqual(step.ask, undefined);
    p = step.paging;
    assert.strictEqual(p.drawWhenArrived, 30);
    const { paging: held, drawNow } = paging.arrived(p, 30, 40);
    assert.deepStrictEqual(held, { omitted: 40, shownFrom: 30, asked: undefined, drawWhenArrived: 0, drawing: 1 });
    assert.strictEqual(drawNow, 30);
    step = paging.showEarlier(held, drawNow, 'm40', PAGE);
    assert.deepStrictEqual(step.draw, { from: 0, to: 30 });
    assert.strictEqual(step.ask, 'm40');
  });

  it('at the first turn nothing is asked and nothing waits', () => {
    const p = paging.opened(undefined, 10, 0, 8);
    const step = paging.showEarlier(paging.showEarlier(p, 30, 'm0', PAGE).paging, 30, 'm0', PAGE);
    assert.deepStrictEqual(step, { paging: { omitted: 0, shownFrom: 0, drawWhenArrived: 0, drawing: 1 } });
    assert.strictEqual(paging.notShown(step.paging), 0);
  });

  it('an answer for another conversation, or too late, ends the request so it can be asked again', () => {
    const asked = paging.showEarlier(paging.opened(undefined, 5, 20, 8), 30, 'x5', PAGE).paging;
    assert.strictEqual(asked.asked, 'x5');
    assert.strictEqual(paging.answered(asked, 'other').asked, 'x5');
    const over = paging.answered(asked, 'x5');
    assert.strictEqual(over.asked, undefined);
    assert.strictEqual(paging.showEarlier(over, 30, 'x5', PAGE).ask, 'x5');
  });

  it('a new state starts over and outdates a draw still to come; turns cut from the end leave what is shown above them', () => {
    const first = paging.opened(undefined, 30, 70, 8);
    const second = paging.opened({ ...first, asked: 'm70', drawWhenArrived: 30 }, 2, 0, 8);
    assert.deepStrictEqual(second, { omitted: 0, shownFrom: 0, drawWhenArrived: 0, drawing: 2 });
    assert.deepStrictEqual(paging.truncated(first, 25), first);
    assert.strictEqual(paging.truncated(first, 20).shownFrom, 20);
  });
});
