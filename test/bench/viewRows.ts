/** The chat view's detail rows for the bench's main table (its goals are in goalRows.ts). */
import type { webviewBench } from './webviewBench';

type ViewFigures = Awaited<ReturnType<typeof webviewBench>>;
const f = (n: number | undefined, digits = 1) => (n === undefined ? 'n/a' : n.toFixed(digits));

export function viewDetailRows(own: ViewFigures, shared: ViewFigures): [string, string, string, string][] {
  const w = own.frames;
  const t = own.typing;
  return [
    [
      'Chat view in its own renderer process',
      String(own.ownProcess),
      'webviews served from {{uuid}}.localhost (as the desktop serves them from their own origin)',
      '',
    ],
    [
      'Open chat: 1,000 turns / 2 turns / empty view, median ms',
      `${f(own.open.parleyMs.p50, 0)} / ${f(own.open.twoTurnMs.p50, 0)} / ${f(own.open.emptyMs.p50, 0)}`,
      `shared thread: ${f(shared.open.parleyMs.p50, 0)} / ${f(shared.open.twoTurnMs.p50, 0)} / ${f(shared.open.emptyMs.p50, 0)}; ${own.open.rendered} of 1,000 drawn`,
      '',
    ],
    [
      'Webview longest task ms (500 tok/s, 12 blocks, 6 languages)',
      f(w.longestTaskMs),
      `${w.longTasks} long tasks, ${f(w.longTaskTotalMs)} ms in all; ${w.highlightedBlocks}/${w.codeBlocks} blocks highlighted, ${w.languages} languages`,
      '',
    ],
    [
      'Webview streaming re-render ms (median / longest)',
      `${f(w.medianRenderMs, 1)} / ${f(w.longestRenderMs, 1)}`,
      `${w.streamingRenders} re-renders; long tasks ${w.longTasksWhen.join(', ') || 'none'}`,
      '',
    ],
    [
      'Key press → paint ms while 20,000 tokens stream, p50 / max',
      `${f(t.keyMs.p50)} / ${f(t.keyMs.max)} (${t.keyPresses} presses)`,
      `nothing streaming p50 ${f(t.idleKeyMs.p50)}; shared thread p95 ${f(shared.typing.keyMs.p95)} (idle ${f(shared.typing.idleKeyMs.p95)})`,
      '',
    ],
    [
      '20,000-token reply at full speed, Enter → painted, median ms (Parley / raw)',
      `${f(t.replyMs.p50, 0)} / ${f(t.rawMs.p50, 0)}`,
      `ratio ${f(t.replyMs.p50 / t.rawMs.p50, 2)} (${t.runs} runs, typing throughout); shared thread ${f(shared.typing.replyMs.p50, 0)}`,
      '',
    ],
  ];
}
