/** The agent bench's rows in `npm run bench`'s table (name, figure, detail, verdict). */
import type { AgentFigures } from './agentBench';
import type { Stats } from './clientBench';

/** #30's goal: Parley's own work per agent step, p95, for reading tools. */
const GOAL_P95_MS = 20;

const f = (n: number, digits = 1) => n.toFixed(digits);
const spread = (s: Stats) => `median ${f(s.p50)}, p95 ${f(s.p95)}, max ${f(s.max)}`;

export function agentRows(a: AgentFigures): [string, string, string, string][] {
  const tool = a.tool === 'ask_user' ? 'ask_user answered at once (no reading tool in this build)' : `${a.tool} ${JSON.stringify(a.args)}`;
  const met = a.overheadMs.p95 < GOAL_P95_MS;
  const phases = (p: AgentFigures['phases']) =>
    `reply read → step shown ${f(p.replyToStepMs.p50)}, step over → next reply started ${f(p.stepToReplyMs.p50)}, the rest (the reply's end read, the request built and sent) ${f(p.restMs.p50)}`;
  return [
    [
      "Agent step: Parley's work, model's last byte → next request, tool excluded, p95 ms",
      `${f(a.overheadMs.p95)} (median ${f(a.overheadMs.p50)}, max ${f(a.overheadMs.max)})`,
      `${a.steps} steps in ${a.runs} runs; tool ${tool}: ${spread(a.toolMs)}; server per reply ${spread(a.serverMs)}; a bare Node client's floor on this machine ${spread(a.rawMs)}`,
      `${met ? 'met' : 'MISSED'} (<${GOAL_P95_MS})${a.tool === 'ask_user' ? ', not a reading tool' : ''}`,
    ],
    [
      `Agent step after ${a.long.after} earlier steps, p95 ms`,
      `${f(a.long.overheadMs.p95)} (median ${f(a.long.overheadMs.p50)}, max ${f(a.long.overheadMs.max)})`,
      `${a.long.steps} steps; tool ${spread(a.long.toolMs)}; server per reply ${spread(a.long.serverMs)}; median by ${a.long.bucket} steps: ${a.long.bucketMedians.map((m) => f(m)).join(', ')}`,
      '',
    ],
    ["Agent step, where Parley's work goes, median ms", phases(a.phases), `after ${a.long.after} steps: ${phases(a.long.phases)}`, ''],
  ];
}
