/**
 * Timing VS Code's built-in chat from inside the page, in the page's own clock (no playwright
 * round trips in the figures): when Enter went down, when a text crossed the workbench's
 * WebSocket to the extension host and back, and when it first showed in the chat's answer.
 *
 * Why the WebSocket: Parley and the chat's agent (VS Code's Copilot extension) both run in the
 * extension host, and every part between them passes through the page. A question goes out to
 * the agent, comes back as its request to a model, goes out again to Parley; the answer's
 * first word comes in from Parley, goes out to the agent and comes in again as the agent's
 * answer. Messages are read where the page reads them: outgoing in `WebSocket.send`, incoming
 * where the workbench turns each message (a Blob) into bytes with a FileReader.
 */
import type { Frame, Page } from 'playwright-core';

/** Page times (performance.now()) of one question and its answer's first word, or of the answer's last word. */
export interface Probe {
  enter?: number;
  /** Each message that held the question: `out` to the extension host, `in` from it. */
  question: { way: 'in' | 'out'; at: number }[];
  token: { way: 'in' | 'out'; at: number }[];
  /** When the word first showed in the chat's answer (a DOM change, before paint). */
  shown?: number;
}

interface ProbeWindow {
  benchProbe?: Probe & { needles: { question: string; token: string } };
  benchProbeDisarm?: () => void;
}

/** Patches the page's WebSocket and FileReader once; they record only while a probe is armed. */
export async function installProbes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as ProbeWindow;
    const decoder = new TextDecoder();
    const scan = (way: 'in' | 'out', data: unknown) => {
      const probe = w.benchProbe;
      if (!probe || probe.shown !== undefined) return;
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? data : undefined;
      if (!bytes) return;
      const text = decoder.decode(bytes);
      const at = performance.now();
      if (probe.needles.question && text.includes(probe.needles.question)) probe.question.push({ way, at });
      if (text.includes(probe.needles.token)) probe.token.push({ way, at });
    };
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      scan('out', data);
      return send.call(this, data);
    };
    const result = Object.getOwnPropertyDescriptor(FileReader.prototype, 'result')!;
    Object.defineProperty(FileReader.prototype, 'result', {
      configurable: true,
      get(this: FileReader) {
        const value = result.get!.call(this);
        scan('in', value);
        return value;
      },
    });
    document.addEventListener(
      'keydown',
      (e) => {
        if (w.benchProbe && w.benchProbe.enter === undefined && e.key === 'Enter') w.benchProbe.enter = e.timeStamp;
      },
      true,
    );
  });
}

/**
 * Starts recording for one question (`question` is a word only it holds; '' records no
 * question) until `token` shows in the chat's answer. Only the changed nodes are read, so a
 * long answer costs the observer no more per change than a short one.
 */
export async function armProbe(page: Page, question: string, token: string): Promise<void> {
  await page.evaluate(
    ([question, token]) => {
      const w = window as ProbeWindow;
      w.benchProbeDisarm?.();
      const probe = (w.benchProbe = { needles: { question, token }, question: [], token: [] } as NonNullable<ProbeWindow['benchProbe']>);
      // The word shows in an answer row: a node changed inside one, or a row added with it.
      const inAnswer = (node: Node) => {
        const element = node instanceof Element ? node : node.parentElement;
        return !!(element?.closest('.interactive-list .monaco-list-row.response') ?? element?.querySelector('.monaco-list-row.response'));
      };
      const observer = new MutationObserver((records) => {
        const at = performance.now();
        const changed = records.flatMap((r) => (r.type === 'characterData' ? [r.target] : [...r.addedNodes]));
        const shown = changed.some((n) => n.textContent?.includes(token) && inAnswer(n));
        if (!shown) return;
        probe.shown = at;
        observer.disconnect();
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      w.benchProbeDisarm = () => observer.disconnect();
    },
    [question, token],
  );
}

/** Resolves with the probe once its token has shown in the answer. */
export async function probeShown(page: Page, timeout = 60_000): Promise<Probe> {
  await page.waitForFunction(() => (window as ProbeWindow).benchProbe?.shown !== undefined, undefined, { timeout, polling: 50 });
  return page.evaluate(() => {
    const { enter, question, token, shown } = (window as ProbeWindow).benchProbe!;
    return { enter, question, token, shown };
  });
}

/**
 * The page's (or a frame's) clock less this process's (both ms since the epoch, from each one's
 * performance.timeOrigin), from the quickest of a few round trips: within half of it.
 */
export async function clockOffset(page: Page | Frame): Promise<{ offsetMs: number; withinMs: number }> {
  const now = () => performance.timeOrigin + performance.now();
  let best = { offsetMs: 0, withinMs: Infinity };
  for (let i = 0; i < 8; i++) {
    const before = now();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = now();
    if ((after - before) / 2 < best.withinMs) best = { offsetMs: pageNow - (before + after) / 2, withinMs: (after - before) / 2 };
  }
  return best;
}

/** This process's clock as the page's performance.now() reads it. */
export function toPageTime(epochMs: number, offsetMs: number, pageOrigin: number): number {
  return epochMs + offsetMs - pageOrigin;
}
