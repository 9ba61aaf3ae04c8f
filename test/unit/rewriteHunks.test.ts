import * as assert from 'assert';
import {
  applyHunks,
  computeHunks,
  diffLayout,
  layoutText,
  openHunks,
  splitLines,
  withoutRemovedLines,
  type HunkDecision,
} from '../../src/core/rewrite/rewriteHunks';

const ORIGINAL = 'a\nb\nc\nd\ne\n';
const PROPOSED = 'a\nB\nc\nd\nE1\nE2\n';

describe('rewrite hunks', () => {
  it('splitLines keeps every byte: CRLF, tabs, a last line without a newline', () => {
    for (const text of ['', 'x', 'x\n', '\tx\r\n\ty\r\n', 'a\n\nb', '\r\n']) assert.strictEqual(splitLines(text).join(''), text);
  });

  it('a reply changing two of three regions gives two hunks', () => {
    const hunks = computeHunks(ORIGINAL, PROPOSED);
    assert.deepStrictEqual(hunks, [
      { start: 1, removed: ['b\n'], added: ['B\n'] },
      { start: 4, removed: ['e\n'], added: ['E1\n', 'E2\n'] },
    ]);
  });

  it('applying all, none, or some hunks gives exactly the expected text', () => {
    const hunks = computeHunks(ORIGINAL, PROPOSED);
    assert.strictEqual(
      applyHunks(ORIGINAL, hunks, () => true),
      PROPOSED,
    );
    assert.strictEqual(
      applyHunks(ORIGINAL, hunks, () => false),
      ORIGINAL,
    );
    assert.strictEqual(
      applyHunks(ORIGINAL, hunks, (i) => i === 0),
      'a\nB\nc\nd\ne\n',
    );
    assert.strictEqual(
      applyHunks(ORIGINAL, hunks, (i) => i === 1),
      'a\nb\nc\nd\nE1\nE2\n',
    );
  });

  const cases: [string, string, string][] = [
    ['CRLF', 'if (x) {\r\n\treturn 1;\r\n}\r\nkeep();\r\n', 'if (x) {\r\n\t// one\r\n\treturn 1;\r\n}\r\nkeep();\r\n'],
    ['no trailing newline', 'one\ntwo\nthree', 'one\n2\nthree!'],
    ['tabs versus spaces', '\tx();\n\ty();\n', '    x();\n\ty();\n'],
    ['pure insertion at the start', 'b\n', 'a\nb\n'],
    ['pure deletion at the end', 'a\nb\n', 'a\n'],
    ['everything', 'a\n', 'z'],
    ['from nothing', '', 'code();\n'],
  ];
  for (const [name, original, proposed] of cases) {
    it(`byte-exact with ${name}: every subset of hunks`, () => {
      const hunks = computeHunks(original, proposed);
      assert.strictEqual(
        applyHunks(original, hunks, () => true),
        proposed,
      );
      assert.strictEqual(
        applyHunks(original, hunks, () => false),
        original,
      );
      for (let mask = 0; mask < 1 << hunks.length; mask++) {
        const text = applyHunks(original, hunks, (i) => (mask & (1 << i)) !== 0);
        // Each subset's text is made of original and proposed lines only.
        for (const line of splitLines(text)) assert.ok(splitLines(original).includes(line) || splitLines(proposed).includes(line), line);
      }
    });
  }

  it('the inline layout shows removed then added lines for each undecided hunk', () => {
    const hunks = computeHunks(ORIGINAL, PROPOSED);
    const layout = diffLayout(ORIGINAL, hunks, ['undecided', 'undecided']);
    assert.deepStrictEqual(
      layout.map((l) => `${l.kind}:${l.text.trim()}`),
      ['same:a', 'removed:b', 'added:B', 'same:c', 'same:d', 'removed:e', 'added:E1', 'added:E2'],
    );
    assert.strictEqual(layoutText(diffLayout(ORIGINAL, hunks, ['accepted', 'rejected'])), 'a\nB\nc\nd\ne\n');
    assert.strictEqual(layoutText(diffLayout(ORIGINAL, hunks, ['undecided', 'undecided'], { showRemoved: false })), PROPOSED);
  });

  it("a removed last line without a newline gets the document's line ending in the layout only", () => {
    const hunks = computeHunks('x\r\ny', 'x\r\nz');
    assert.strictEqual(layoutText(diffLayout('x\r\ny', hunks, ['undecided'], { eol: '\r\n' })), 'x\r\ny\r\nz');
    assert.strictEqual(
      applyHunks('x\r\ny', hunks, () => true),
      'x\r\nz',
    );
  });

  it('while streaming, original lines the reply has not reached are pending, not removed', () => {
    const partial = 'a\nB\n';
    const layout = diffLayout(ORIGINAL, computeHunks(ORIGINAL, partial), ['undecided'], { streaming: true });
    assert.deepStrictEqual(
      layout.map((l) => `${l.kind}:${l.text.trim()}`),
      ['same:a', 'added:B', 'pending:b', 'pending:c', 'pending:d', 'pending:e'],
    );
  });

  it('the changes still open are found by document line, decided ones and pending lines left out', () => {
    const hunks = computeHunks(ORIGINAL, PROPOSED);
    // a, [b → B], c, d, [e → E1 E2] starting at line 10 of the document.
    assert.deepStrictEqual(openHunks(diffLayout(ORIGINAL, hunks, ['undecided', 'undecided']), 10), [
      { index: 0, first: 11, last: 12 },
      { index: 1, first: 15, last: 17 },
    ]);
    assert.deepStrictEqual(openHunks(diffLayout(ORIGINAL, hunks, ['accepted', 'undecided']), 0), [{ index: 1, first: 4, last: 6 }]);
    assert.deepStrictEqual(openHunks(diffLayout(ORIGINAL, hunks, ['undecided', 'undecided'], { showRemoved: false }), 0), [
      { index: 0, first: 1, last: 1 },
      { index: 1, first: 4, last: 5 },
    ]);
    const streaming = diffLayout(ORIGINAL, computeHunks(ORIGINAL, 'a\nB\n'), ['undecided'], { streaming: true });
    assert.deepStrictEqual(openHunks(streaming, 0), [{ index: 0, first: 1, last: 1 }]);
    assert.deepStrictEqual(openHunks([], 3), []);
    // A pending line is the original not reached yet, whatever it is tagged with.
    assert.deepStrictEqual(
      openHunks(
        [
          { text: 'B\n', kind: 'added', hunk: 0 },
          { text: 'b\n', kind: 'pending', hunk: 0 },
        ],
        0,
      ),
      [{ index: 0, first: 0, last: 0 }],
    );
  });

  it('after a user edit, only the removed lines they left alone are taken out', () => {
    const hunks = computeHunks(ORIGINAL, PROPOSED);
    const decisions: HunkDecision[] = ['undecided', 'undecided'];
    const layout = diffLayout(ORIGINAL, hunks, decisions);
    const edited = layoutText(layout).replace('B\n', 'B // mine\n').replace(/^e\n/m, 'e edited\n');
    assert.strictEqual(withoutRemovedLines(layout, edited), 'a\nB // mine\nc\nd\ne edited\nE1\nE2\n');
  });
});
