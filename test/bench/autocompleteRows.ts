/** The autocomplete bench's rows in `npm run bench`'s table (name, figure, detail, verdict). */
import type { AutocompleteFigures, TypingFigures } from './autocompleteBench';
import type { Stats } from './clientBench';

/** #32's goals: Parley's own time per suggestion; requests per keystroke; last byte → suggestion. */
const OWN_P95_MS = 10;
const KEYS_PER_REQUEST = 3;
const FRAME_MS = 16.7;

const f = (n: number | undefined, digits = 1) => (n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));
const spread = (s: Stats | undefined) => (s ? `p50 ${f(s.p50)}, p95 ${f(s.p95)}, max ${f(s.max)}` : 'n/a');
const verdict = (met: boolean | undefined, goal: string) => (met === undefined ? `n/a (${goal})` : `${met ? 'met' : 'MISSED'} (${goal})`);

function typingRow(t: TypingFigures): [string, string, string, string] {
  return [
    `Autocomplete typing 300 chars at 8/s, server ${t.delayMs} ms: keystrokes per request`,
    `${f(t.keysPerRequest)} (${t.requests} requests)`,
    `key → its request at the server ${spread(t.keyToRequestMs)} (VS Code waits 50 ms, then Parley's debounce); aborted ${t.aborted} (server saw ${t.closedEarly} of ${t.serverRequests} closed early), shown ${t.shown}, cache hits ${t.cacheHits}, failures ${t.failures}; typed in ${f(t.typedMs / 1000)} s${t.typedOk ? '' : ', TEXT DIFFERS from what was typed'}`,
    verdict(t.keysPerRequest >= KEYS_PER_REQUEST, `≥${KEYS_PER_REQUEST} keys a request`),
  ];
}

export function autocompleteRows(a: AutocompleteFigures): [string, string, string, string][] {
  const fast = a.typing.find((t) => t.delayMs === 20);
  const item = fast?.lastByteToItemMs;
  return [
    [
      "Autocomplete: Parley's own time per suggestion, p95 ms",
      `${f(a.own.ownMs.p95, 2)} (p50 ${f(a.own.ownMs.p50, 2)}, max ${f(a.own.ownMs.max, 2)})`,
      `goal <${OWN_P95_MS}; ${a.own.shown} suggestions (${a.own.requests} requests, ${a.own.tried} places tried) in a 2,000-line .ts file, 10 more open (300-2,000 lines); call → request sent, plus reply → item`,
      verdict(a.own.ownMs.p95 < OWN_P95_MS, `<${OWN_P95_MS}`),
    ],
    [
      "Autocomplete: Parley's own time per suggestion, keyed profile, p95 ms",
      `${f(a.keyed.ownMs.p95, 2)} (p50 ${f(a.keyed.ownMs.p50, 2)}, max ${f(a.keyed.ownMs.max, 2)})`,
      `goal <${OWN_P95_MS}; ${a.keyed.shown} suggestions; the key read from SecretStorage once per endpoint`,
      verdict(a.keyed.ownMs.p95 < OWN_P95_MS, `<${OWN_P95_MS}`),
    ],
    [
      'Autocomplete, server 0 ms, asked explicitly: its last byte → item / ghost text in the DOM / next frame, p50 ms',
      `${f(a.own.lastByteToItemMs?.p50)} / ${f(a.own.lastByteToGhostMs?.p50)} / ${f(a.own.lastByteToFrameMs?.p50)}`,
      `p95 ${f(a.own.lastByteToItemMs?.p95)} / ${f(a.own.lastByteToGhostMs?.p95)} / ${f(a.own.lastByteToFrameMs?.p95)}; ${a.own.ghostPaired} of ${a.own.shown} seen painted; the same suggestions as the row above`,
      '',
    ],
    ...a.typing.map(typingRow),
    [
      'Autocomplete, server 20 ms: its last byte → provider returned the item, p95 ms',
      `${f(item?.p95)} (p50 ${f(item?.p50)}, max ${f(item?.max)})`,
      `goal within a frame (${FRAME_MS}); ${fast?.paired ?? 0} suggestions; epoch clocks of two processes (skew vs Date.now(): host ${f(a.clockSkewMs.host, 2)}, bench ${f(a.clockSkewMs.bench, 2)}); Parley's own time while typing ${spread(fast?.ownMs)}`,
      verdict(item && item.p95 < FRAME_MS, `<${FRAME_MS}`),
    ],
    [
      'Autocomplete, server 20 ms: its last byte → ghost text in the DOM / next frame, p95 ms',
      `${f(fast?.lastByteToGhostMs?.p95)} / ${f(fast?.lastByteToFrameMs?.p95)}`,
      `p50 ${f(fast?.lastByteToGhostMs?.p50)} / ${f(fast?.lastByteToFrameMs?.p50)}; ${fast?.ghostPaired ?? 0} of ${fast?.paired ?? 0} suggestions seen painted (a MutationObserver on .ghost-text-decoration in the headless workbench; the frame is its next requestAnimationFrame); the key that asked → item ${spread(fast?.keyToItemMs)}, → ghost text ${spread(fast?.keyToGhostMs)}`,
      '',
    ],
  ];
}
