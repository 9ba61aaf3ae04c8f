import * as assert from 'assert';
import { InstructionChoice } from '../../src/core/rewrite/instructionChoice';

/**
 * The events of one instruction box, in the order the workbench sends them: `text` (the box's
 * text changed), `highlight` (the highlight moved; undefined for none), then Enter with what
 * was highlighted. For each keystroke the workbench moves its highlight before it reports the text.
 */
type Step = { text: string } | { highlight: string | undefined };

function enter(steps: Step[], selected: string | undefined): string | undefined {
  const choice = new InstructionChoice();
  for (const step of steps) {
    if ('text' in step) choice.textChanged(step.text);
    else choice.highlighted(step.highlight);
  }
  return choice.accepted(selected);
}

/** Typing `text` a key at a time, the workbench highlighting `firstMatch(prefix)` for each. */
function typing(text: string, firstMatch: (prefix: string) => string | undefined): Step[] {
  return [...text].flatMap((_, i) => [{ highlight: firstMatch(text.slice(0, i + 1)) }, { text: text.slice(0, i + 1) }]);
}

describe('what Enter in the instruction box runs', () => {
  const presets = ['Fix the bug', 'Simplify without changing behaviour'];
  const firstPreset = (prefix: string) => presets.find((p) => p.startsWith(prefix));

  it('the typed text, whatever the workbench highlighted as it filtered', () => {
    assert.strictEqual(enter(typing('Fix the', firstPreset), 'Fix the bug'), 'Fix the');
    assert.strictEqual(enter(typing('Fix the bug', firstPreset), 'Simplify without changing behaviour'), 'Fix the bug');
  });

  it('the typed text when the highlight that came after it names the text itself, or nothing', () => {
    assert.strictEqual(enter([...typing('Fix the', firstPreset), { highlight: 'Fix the' }], 'Fix the'), 'Fix the');
    assert.strictEqual(enter([...typing('Fix the', firstPreset), { highlight: undefined }], undefined), 'Fix the');
  });

  it('the typed text trimmed; spaces alone are nothing typed', () => {
    assert.strictEqual(enter([{ text: '  Fix the bug ' }], 'Fix the bug'), 'Fix the bug');
    assert.strictEqual(enter([{ highlight: 'Fix the bug' }, { text: '   ' }, { highlight: 'Fix the bug' }], 'Fix the bug'), 'Fix the bug');
    assert.strictEqual(enter([{ text: '   ' }], undefined), undefined);
  });

  it('the highlighted instruction when the user moved the highlight after typing (ArrowDown, a click)', () => {
    const steps = [...typing('Fix', firstPreset), { highlight: 'Fix' }, { highlight: 'Fix the bug' }];
    assert.strictEqual(enter(steps, 'Fix the bug'), 'Fix the bug');
  });

  it('the typed text again once the user types after moving the highlight, or moves it back', () => {
    const moved = [...typing('Fix', firstPreset), { highlight: 'Fix the bug' }];
    assert.strictEqual(enter([...moved, { highlight: 'Fix the bug' }, { text: 'Fix it' }], 'Fix the bug'), 'Fix it');
    assert.strictEqual(enter([...moved, { highlight: 'Fix' }], 'Fix'), 'Fix');
  });

  it('with nothing typed: the highlighted instruction, or nothing (the box stays open)', () => {
    assert.strictEqual(enter([{ highlight: 'Add types' }], 'Add types'), 'Add types');
    assert.strictEqual(enter([{ highlight: 'Add types' }, { highlight: 'Fix the bug' }], 'Fix the bug'), 'Fix the bug');
    assert.strictEqual(enter([{ highlight: 'x' }, { text: 'x' }, { highlight: undefined }, { text: '' }], undefined), undefined);
    assert.strictEqual(enter([], undefined), undefined);
  });
});
