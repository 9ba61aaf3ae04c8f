import * as assert from 'assert';
import { applyEditBlocks } from '../../src/core/agent/editBlocks';
import { createOutcome, editOutcome, type EditReport } from '../../src/core/agent/editOutcome';
import { changedLines } from '../../src/core/agent/editRegion';
import { applyHunks, computeHunks, type HunkDecision } from '../../src/core/rewrite/rewriteHunks';

const FILE = [
  '// header',
  'function calc(x) {',
  '  const a = x + 1;',
  '  const b = a * 2;',
  '  const c = b - 3;',
  '  return c;',
  '}',
  '',
].join('\n');
const BLOCKS = [
  { search: 'const a = x + 1;', replace: 'const a: number = x + 1;' },
  { search: '  const c = b - 3;\n', replace: "  const c: number = b - 3;\n  log('c', c);\n" },
];

/** The report the tool would make after the user decided `decisions` on the review of BLOCKS. */
function reviewed(decisions: HunkDecision[], saved = true, end: EditReport['end'] = 'decided'): EditReport {
  const result = applyEditBlocks(FILE, BLOCKS);
  assert.ok(result.ok);
  const region = changedLines(FILE, result.text)!;
  const original = FILE.slice(region.start, region.end);
  const hunks = computeHunks(original, region.text);
  assert.strictEqual(hunks.length, decisions.length, 'one decision per change');
  const text = applyHunks(original, hunks, (i) => decisions[i] === 'accepted');
  const firstLine = FILE.slice(0, region.start).split('\n').length - 1;
  return {
    path: 'src/calc.ts',
    end,
    hunks: hunks.map((hunk, i) => ({ hunk, decision: decisions[i] })),
    firstLine,
    text,
    changes: result.changes,
    saved,
  };
}

describe('edit_file: what the model reads after the review', () => {
  it('all accepted: said in one line, nothing denied', () => {
    const outcome = editOutcome(reviewed(['accepted', 'accepted']));
    assert.strictEqual(outcome.text, 'The user accepted all 2 changes to src/calc.ts.');
    assert.ok(!outcome.denied && !outcome.isError);
    assert.strictEqual(outcome.summary, 'Accepted');
  });

  it('all rejected: denied, and the model is told not to send it again', () => {
    const outcome = editOutcome(reviewed(['rejected', 'rejected']));
    assert.strictEqual(outcome.denied, true);
    assert.match(outcome.text, /rejected the edit of src\/calc\.ts: the file is as it was/);
    assert.match(outcome.text, /Do not send the same edit again/);
  });

  it('one of two: which change, from which block, where it is now, and the lines as the file holds them', () => {
    const outcome = editOutcome(reviewed(['rejected', 'accepted']));
    assert.ok(!outcome.denied);
    assert.strictEqual(outcome.summary, '1 of 2 changes accepted');
    const [head, first, second, where, ...rest] = outcome.text.split('\n');
    assert.strictEqual(head, 'The user accepted 1 of 2 changes to src/calc.ts and rejected the others.');
    assert.strictEqual(first, '- change 1 (block 1), line 3: rejected, the original text is there');
    assert.strictEqual(second, '- change 2 (block 2), lines 5–6: accepted');
    assert.strictEqual(where, 'Lines 3–6 of src/calc.ts now read:');
    assert.deepStrictEqual(rest, [
      '```',
      '  const a = x + 1;',
      '  const b = a * 2;',
      '  const c: number = b - 3;',
      "  log('c', c);",
      '```',
    ]);
  });

  it('the first accepted moves the lines of the ones after it', () => {
    const outcome = editOutcome(reviewed(['accepted', 'rejected']));
    assert.match(outcome.text, /- change 1 \(block 1\), line 3: accepted\n- change 2 \(block 2\), line 5: rejected/);
  });

  it('a file with unsaved changes of the user: the model learns the edit is not on disk yet', () => {
    assert.match(
      editOutcome(reviewed(['accepted', 'accepted'], false)).text,
      /not saved yet: commands that read it from disk do not see these changes/,
    );
  });

  it('stopped while pending: the review stays, and the model is not told it was applied or refused', () => {
    const outcome = editOutcome(reviewed(['undecided', 'undecided'], true, 'stopped'));
    assert.match(outcome.text, /still reviewing the edit of src\/calc\.ts: the review stays open in the editor/);
    assert.ok(!outcome.denied && !outcome.isError);
  });

  it('the user edited inside it: the model is sent to read the file (the review is still tidying the lines)', () => {
    const outcome = editOutcome(reviewed(['undecided', 'undecided'], false, 'conflict'));
    assert.match(
      outcome.text,
      /edited inside the change during the review[\s\S]*not saved yet[\s\S]*Read src\/calc\.ts before changing it again\.$/,
    );
    assert.ok(!outcome.denied);
  });

  it('quoted lines keep a fence longer than any backtick run in them, and a huge region is cut with a pointer to the file', () => {
    const fenced = editOutcome({ ...reviewed(['rejected', 'accepted']), text: 'const s = `a ```` b`;\n' }).text;
    assert.match(fenced, /\n`````\nconst s = `a ```` b`;\n`````$/);
    const huge = editOutcome({ ...reviewed(['rejected', 'accepted']), text: 'x\n'.repeat(5000) }).text;
    assert.match(huge, /Lines 3–5002 of src\/calc\.ts now read/);
    assert.ok(huge.split('\n').length < 220, 'at most 200 lines are quoted');
    assert.match(huge, /read the file for the rest\)$/);
  });
});

describe('create_file: what the model reads after the review', () => {
  const report = (decision: HunkDecision, end: EditReport['end'] = 'decided'): EditReport => ({
    path: 'src/new.ts',
    end,
    hunks: [{ hunk: { start: 0, removed: [], added: ['a\n', 'b\n'] }, decision }],
    firstLine: 0,
    text: decision === 'accepted' ? 'a\nb\n' : '',
    saved: true,
  });

  it('accepted: created, with its size; rejected or closed: not created, denied', () => {
    assert.deepStrictEqual(createOutcome(report('accepted')), { text: 'Created src/new.ts (2 lines).', summary: 'Created' });
    for (const outcome of [createOutcome(report('rejected')), createOutcome(report('undecided', 'closed'))]) {
      assert.strictEqual(outcome.denied, true);
      assert.match(outcome.text, /src\/new\.ts was not created\.$/);
    }
  });

  it('stopped while pending says the review stays and what rejecting it will do', () => {
    assert.match(
      createOutcome(report('undecided', 'stopped')).text,
      /stays open in the editor\. If the user rejects it there, the file is removed\./,
    );
  });
});
