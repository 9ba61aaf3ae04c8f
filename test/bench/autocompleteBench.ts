/**
 * Tab autocomplete (#32): Parley's own time per suggestion, requests per keystroke while typing,
 * and the time from the server's last byte to the suggestion returned and to the ghost text in
 * the workbench's DOM.
 *
 * The test server runs here, apart from the extension host and the workbench's page: each of the
 * three processes has its own clock, so times compared across them are epoch ms
 * (performance.timeOrigin + performance.now()). The server answers as a good model would: the
 * next characters of the text being typed (autocompleteCode.ts), after the delay the model's
 * name asks for. The page reports each ghost text it inserts (a MutationObserver), and the next
 * animation frame after it, through a function exposed to it.
 */
import * as path from 'path';
import type { Page } from 'playwright-core';
import { REPO } from '../host/codeServer';
import { runInHost } from '../host/runInHost';
import { startChatServer, type RecordedRequest } from '../server/chatServer';
import { stats, type Stats } from './clientBench';
import { plausibleLine, typedAhead, typedCount } from './autocompleteCode';
import type { AutocompleteHostResult } from './autocompleteHostBench';

type HostRun = AutocompleteHostResult['runs'][number];

export interface TypingFigures {
  delayMs: number;
  keystrokes: number;
  typedOk: boolean;
  /** Wall time of the typing, to show the pace held (300 keys at 125 ms: 37.4 s). */
  typedMs: number;
  requests: number;
  aborted: number;
  /** Requests the server saw its client close before the answer. */
  closedEarly: number;
  serverRequests: number;
  failures: number;
  shown: number;
  cacheHits: number;
  keysPerRequest: number;
  ownMs: Stats;
  /** The server's last byte → the provider returned the item, per suggestion shown from a reply. */
  lastByteToItemMs?: Stats;
  /** The server's last byte → the ghost text inserted in the DOM, and → the next animation frame. */
  lastByteToGhostMs?: Stats;
  lastByteToFrameMs?: Stats;
  paired: number;
  ghostPaired: number;
  /** A key → its request at the server (the prompt says which key): VS Code's 50 ms wait, Parley's debounce, the plumbing. */
  keyToRequestMs?: Stats;
  /** The key that asked → the item returned, → its ghost text in the DOM (suggestions shown from a reply). */
  keyToItemMs?: Stats;
  keyToGhostMs?: Stats;
}

export interface AutocompleteFigures {
  own: {
    tried: number;
    shown: number;
    requests: number;
    failures: number;
    ownMs: Stats;
    /** Server at 0 ms, asked explicitly: its last byte → the item, → the ghost text in the DOM, → the next frame. */
    lastByteToItemMs?: Stats;
    lastByteToGhostMs?: Stats;
    lastByteToFrameMs?: Stats;
    ghostPaired: number;
  };
  /** Parley's own time per suggestion with a keyed profile (the key read from SecretStorage each time). */
  keyed: { shown: number; ownMs: Stats };
  typing: TypingFigures[];
  clockSkewMs: { host: number; bench: number };
}

interface Ghost {
  domAt: number;
  frameAt: number;
}

const SERVER_DELAY = /bench-ms-(\d+)/;
const epoch = (now: number) => performance.timeOrigin + now;

/** The page's side: every ghost text inserted, with the epoch ms it was inserted and the next frame. */
function watchGhostText(ghosts: Ghost[]) {
  return async (page: Page) => {
    await page.exposeFunction('benchGhost', (domAt: number, frameAt: number) => ghosts.push({ domAt, frameAt }));
    await page.addInitScript(() => {
      const now = () => performance.timeOrigin + performance.now();
      const isGhost = (n: Node) =>
        n instanceof Element &&
        (n.matches('.ghost-text-decoration, .ghost-text') || !!n.querySelector('.ghost-text-decoration, .ghost-text'));
      window.addEventListener('DOMContentLoaded', () => {
        new MutationObserver((records) => {
          if (!records.some((r) => [...r.addedNodes].some(isGhost))) return;
          const domAt = now();
          requestAnimationFrame(() => (window as any).benchGhost(domAt, now()));
        }).observe(document.body, { childList: true, subtree: true });
      });
    });
  };
}

/** The key whose request this is (epoch ms): the prompt tells how much of the text was typed. */
const keyOf = (keyAt: number[], r: RecordedRequest) => keyAt[(typedCount(String(r.body?.prompt ?? '')) ?? 0) - 1];

/**
 * Each suggestion shown from a reply, paired with the reply (the last to end before it) and the
 * first ghost text inserted after it, before the next key; times from the reply's last byte, and
 * (typing) from the key that asked.
 */
function pairs(run: Pick<HostRun, 'shownAt' | 'keyAt'>, requests: RecordedRequest[], ghosts: Ghost[]) {
  const answered = requests.filter((r) => !r.closedEarly && r.lastByteAt !== undefined);
  const out: { item: number; ghost?: number; frame?: number; keyToItem?: number; keyToGhost?: number }[] = [];
  for (const shownAt of run.shownAt) {
    const reply = answered.filter((r) => epoch(r.lastByteAt!) <= shownAt).at(-1);
    if (!reply) continue;
    const lastByte = epoch(reply.lastByteAt!);
    const nextKey = run.keyAt.find((k) => k > shownAt) ?? Infinity;
    const ghost = ghosts.find((g) => g.domAt >= shownAt && g.domAt < nextKey);
    const key = keyOf(run.keyAt, reply);
    out.push({
      item: shownAt - lastByte,
      ghost: ghost && ghost.domAt - lastByte,
      frame: ghost && ghost.frameAt - lastByte,
      keyToItem: key === undefined ? undefined : shownAt - key,
      keyToGhost: key === undefined || !ghost ? undefined : ghost.domAt - key,
    });
  }
  return out;
}

const some = (values: (number | undefined)[]) => {
  const known = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  return known.length ? stats(known) : undefined;
};
const ofModel = (all: RecordedRequest[], delayMs: number) =>
  all.filter((r) => SERVER_DELAY.exec(r.body?.model ?? '')?.[1] === String(delayMs));

function paintFigures(run: Pick<HostRun, 'shownAt' | 'keyAt'>, requests: RecordedRequest[], ghosts: Ghost[]) {
  const paired = pairs(run, requests, ghosts);
  return {
    lastByteToItemMs: some(paired.map((p) => p.item)),
    lastByteToGhostMs: some(paired.map((p) => p.ghost)),
    lastByteToFrameMs: some(paired.map((p) => p.frame)),
    paired: paired.length,
    ghostPaired: paired.filter((p) => p.ghost !== undefined).length,
    keyToItemMs: some(paired.map((p) => p.keyToItem)),
    keyToGhostMs: some(paired.map((p) => p.keyToGhost)),
  };
}

function typingFigures(run: HostRun, all: RecordedRequest[], ghosts: Ghost[]): TypingFigures {
  // The warm-up's requests (explicit, before the first key) are not the typing's.
  const requests = ofModel(all, run.delayMs).filter((r) => epoch(r.arrivedAt) >= run.keyAt[0]);
  const keyToRequest = requests.map((r) => epoch(r.arrivedAt) - keyOf(run.keyAt, r));
  return {
    delayMs: run.delayMs,
    keystrokes: run.keystrokes,
    typedOk: run.typedOk,
    typedMs: run.typedMs,
    requests: run.requests,
    aborted: run.aborted,
    closedEarly: requests.filter((r) => r.closedEarly).length,
    serverRequests: requests.length,
    failures: run.failures,
    shown: run.shown,
    cacheHits: run.cacheHits,
    keysPerRequest: run.keystrokes / run.requests,
    ownMs: stats(run.ownMs),
    ...paintFigures(run, requests, ghosts),
    keyToRequestMs: some(keyToRequest),
  };
}

export async function autocompleteBench(): Promise<AutocompleteFigures> {
  const server = await startChatServer({ validate: false });
  server.respondCompletion(({ body }) => ({
    text: typedAhead(String(body.prompt ?? '')) ?? plausibleLine(String(body.prompt ?? '')),
    delayMs: Number(SERVER_DELAY.exec(String(body.model))?.[1] ?? 0),
  }));
  const ghosts: Ghost[] = [];
  let host: AutocompleteHostResult | undefined;
  try {
    const code = await runInHost({
      testsPath: path.join(REPO, 'out', 'test', 'bench', 'autocompleteHostBench'),
      env: { PARLEY_BENCH_SERVER: server.url },
      onLog: (line) => {
        if (line.startsWith('BENCH ')) host = JSON.parse(line.slice(6));
        else console.log(line);
      },
      onPage: watchGhostText(ghosts),
      userSettings: {
        'remote.autoForwardPorts': false,
        // Typed text lands as typed (no closing brackets, no indentation added), and no
        // suggestion list opens: with one open, inline suggestions wait for it.
        'editor.autoClosingBrackets': 'never',
        'editor.autoClosingQuotes': 'never',
        'editor.autoIndent': 'none',
        'editor.formatOnType': false,
        'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
        'editor.suggestOnTriggerCharacters': false,
        'editor.parameterHints.enabled': false,
      },
      timeoutMs: 10 * 60_000,
    });
    if (code !== 0 || !host) throw new Error(`autocomplete bench run failed (exit ${code})`);
  } finally {
    await server.close();
  }
  const { ownMs, keyAt: _k, shownAt: _s, ...counts } = host.own;
  return {
    own: { ...counts, ownMs: stats(ownMs), ...paintFigures(host.own, ofModel(server.requests, 0), ghosts) },
    keyed: { shown: host.keyed.shown, ownMs: stats(host.keyed.ownMs) },
    typing: host.runs.map((r) => typingFigures(r, server.requests, ghosts)),
    clockSkewMs: { host: host.clockSkewMs, bench: Date.now() - epoch(performance.now()) },
  };
}
