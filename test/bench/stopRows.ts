/** The Stop bench's rows in `npm run bench`'s table (name, figure, detail, verdict). */
import type { Stats } from './clientBench';
import type { GoalRow } from './goalRows';
import type { StopFigures, StopServerFigures } from './stopBench';

/** The goal: the request aborted within this many ms of the click, and nothing drawn after it. */
const GOAL_MS = 100;

const f = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
const medMax = (s: Stats | undefined) => (s ? `${f(s.p50)} (max ${f(s.max)})` : 'n/a');

function serverRows(s: StopServerFigures): [string, string, string, string][] {
  const n = s.rounds.length;
  // The median against the goal, the max beside it: on these shared cores one round in five can be slow.
  const closedMet = s.notClosed === 0 && s.toClosedMs.p50 <= GOAL_MS;
  const drawnAfter = s.rounds.filter((r) => r.charsDrawnAfter > 0).length;
  return [
    [
      `Stop while streaming → request closed, ${s.server}, median ms`,
      s.notClosed === n ? `never closed (${n} rounds)` : medMax(s.toClosedMs),
      `${n} rounds, ${f(s.tokensPerSecond)} tokens/s through the proxy before the click; ${s.notClosed} not closed; the stop message left the page after ${medMax(s.toStopSentMs)}; view in ${s.ownProcess ? 'its own process' : "the workbench's process"}; last bench 1,700`,
      `${closedMet ? 'met' : 'MISSED'} (median ≤${GOAL_MS})`,
    ],
    [
      `Stop while streaming → reply text last drawn, ${s.server}, median ms`,
      medMax(s.toLastTextMs),
      `characters drawn after the click ${medMax(s.charsDrawnAfter)}, in ${drawnAfter} of ${n} rounds; the deltas brought ${medMax(s.deltaCharsAfter)} after it; last bench 6,700 characters`,
      drawnAfter === 0 ? 'met (nothing drawn after)' : 'MISSED (nothing drawn after)',
    ],
    [
      `Stop's click reaching the view, ${s.server}, median ms`,
      medMax(s.clickDeliveredMs),
      `from Playwright's locator.click() (its actionability checks included) to the event's timeStamp; the event then waited ${medMax(s.clickWaitedMs)} for the view's thread`,
      '',
    ],
  ];
}

export function stopRows(s: StopFigures): [string, string, string, string][] {
  const llama: [string, string, string, string][] =
    'notTaken' in s.llama
      ? [['Stop while streaming, a real llama-server', 'not taken', s.llama.notTaken, 'not taken']]
      : serverRows(s.llama);
  return [...serverRows(s.test), ...llama];
}

/** The goals table's rows (#33): per server, click → request closed, and nothing drawn after the click. */
export function stopGoalRows(s: StopFigures): GoalRow[] {
  const rows = (x: StopServerFigures): GoalRow[] => {
    const drawnAfter = x.rounds.filter((r) => r.charsDrawnAfter > 0).length;
    return [
      {
        figure: `Stop clicked while a reply streams at ${f(x.tokensPerSecond)} tokens/s (${x.server}) → request aborted, median of ${x.rounds.length}`,
        parley: x.notClosed === x.rounds.length ? 'never closed' : `${f(x.toClosedMs.p50)} ms`,
        baseline: `max ${f(x.toClosedMs.max)} ms; ${x.notClosed} not closed; the last bench 1,700 ms`,
        ratio: '',
        goal: `≤ ${GOAL_MS} ms`,
        met: x.notClosed === 0 && x.toClosedMs.p50 <= GOAL_MS ? 'met' : 'MISSED',
      },
      {
        figure: `… and the view still after the click (${x.server})`,
        parley: `${f(x.charsDrawnAfter.p50)} characters drawn after it (max ${f(x.charsDrawnAfter.max)}), in ${drawnAfter} of ${x.rounds.length} rounds`,
        baseline: `the deltas brought ${f(x.deltaCharsAfter.p50)} after it; the last bench 6,700`,
        ratio: '',
        goal: 'nothing drawn',
        met: drawnAfter === 0 ? 'met' : 'MISSED',
      },
    ];
  };
  const llama: GoalRow[] =
    'notTaken' in s.llama
      ? [
          {
            figure: 'Stop clicked while a real llama-server streams',
            parley: 'not taken',
            baseline: s.llama.notTaken,
            ratio: '',
            goal: `≤ ${GOAL_MS} ms, nothing drawn after`,
            met: 'not taken',
          },
        ]
      : rows(s.llama);
  return [...rows(s.test), ...llama];
}
