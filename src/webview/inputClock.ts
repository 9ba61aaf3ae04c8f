import type { InputClock } from '../core/view/redrawPacing';

/**
 * When the user last pressed a key or a pointer in the page: what streaming redraws and code
 * colouring make way for (core/view/redrawPacing.ts). Each paced job has a clock of its own
 * that reads this time and keeps its own last run.
 */
let lastInput = -Infinity;
for (const type of ['keydown', 'pointerdown'])
  window.addEventListener(type, () => (lastInput = performance.now()), { capture: true, passive: true });

/** A clock for one paced job. */
export function pacedClock(): InputClock {
  return {
    get lastInput() {
      return lastInput;
    },
    set lastInput(at: number) {
      lastInput = at;
    },
    lastRender: -Infinity,
  };
}
