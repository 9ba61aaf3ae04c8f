/**
 * The Stop bench's watchers, inside the page, each in its own clock (performance.now()):
 * - in the chat view's frame: the click on Stop (its event's timeStamp, and when its listener
 *   ran), each change of the reply's drawn text and its length, each `delta` message from the
 *   extension, and the last change of any kind inside the reply;
 * - in the workbench page: when the view's `stop` message left for the extension host on the
 *   workbench's WebSocket (how far the click had got).
 */
import type { Frame, Page } from 'playwright-core';

/** One round as the frame saw it, its times in the frame's epoch ms (performance.timeOrigin + now). */
export interface FrameRound {
  pointerStamp?: number;
  clickStamp?: number;
  clickRan?: number;
  /** [when, the reply's drawn text length] at each change. */
  texts: [number, number][];
  /** [when, characters the `delta` messages had carried so far]. */
  deltas: [number, number][];
  /** The last change of any kind inside the reply (its class, its note, its text). */
  lastReplyMutation?: number;
  /** Whether Stop is hidden again (Send shown: the view says the reply is over). */
  idle: boolean;
  /** performance.now() − the last change inside #messages, ms. */
  quietMs: number;
  /** The reply's note under it (e.g. that it was stopped). */
  note: string;
}

interface StopWindow {
  stopBench?: {
    pointerStamp?: number;
    clickStamp?: number;
    clickRan?: number;
    texts: [number, number][];
    deltas: [number, number][];
    deltaChars: number;
    lastReplyMutation?: number;
    lastMutation: number;
  };
  stopBenchHooked?: boolean;
}

/** Installs the frame's listeners (once) and starts a fresh round's record. */
export async function armFrame(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = window as StopWindow;
    w.stopBench = { texts: [], deltas: [], deltaChars: 0, lastMutation: performance.now() };
    if (w.stopBenchHooked) return;
    w.stopBenchHooked = true;
    const reply = () => [...document.querySelectorAll('#messages .message.assistant')].pop();
    const textLength = (el: Element) =>
      (el.querySelector('.message-body')?.textContent?.length ?? 0) + (el.querySelector('.thinking-body')?.textContent?.length ?? 0);
    const onStop = (e: Event) => (e.target as Element | null)?.closest?.('#stop');
    // Capturing, on the window: the first listener to hear the click, before the page's own.
    window.addEventListener(
      'pointerdown',
      (e) => {
        if (onStop(e) && w.stopBench) w.stopBench.pointerStamp ??= e.timeStamp;
      },
      true,
    );
    window.addEventListener(
      'click',
      (e) => {
        if (!onStop(e) || !w.stopBench || w.stopBench.clickStamp !== undefined) return;
        w.stopBench.clickStamp = e.timeStamp;
        w.stopBench.clickRan = performance.now();
      },
      true,
    );
    window.addEventListener('message', (e) => {
      const m = e.data as { type?: string; content?: string; reasoning?: string };
      const s = w.stopBench;
      if (m?.type !== 'delta' || !s) return;
      s.deltaChars += (m.content?.length ?? 0) + (m.reasoning?.length ?? 0);
      s.deltas.push([performance.now(), s.deltaChars]);
    });
    new MutationObserver((records) => {
      const s = w.stopBench;
      if (!s) return;
      const at = performance.now();
      s.lastMutation = at;
      const el = reply();
      if (!el || !records.some((r) => el.contains(r.target) || r.target === el)) return;
      s.lastReplyMutation = at;
      const length = textLength(el);
      if (length !== s.texts.at(-1)?.[1]) s.texts.push([at, length]);
    }).observe(document.getElementById('messages')!, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** The round so far, in the frame's epoch ms. */
export async function readFrame(frame: Frame): Promise<FrameRound> {
  return frame.evaluate(() => {
    const s = (window as StopWindow).stopBench!;
    const epoch = (t: number | undefined) => (t === undefined ? undefined : performance.timeOrigin + t);
    const reply = [...document.querySelectorAll('#messages .message.assistant')].pop();
    return {
      pointerStamp: epoch(s.pointerStamp),
      clickStamp: epoch(s.clickStamp),
      clickRan: epoch(s.clickRan),
      texts: s.texts.map(([at, n]) => [performance.timeOrigin + at, n] as [number, number]),
      deltas: s.deltas.map(([at, n]) => [performance.timeOrigin + at, n] as [number, number]),
      lastReplyMutation: epoch(s.lastReplyMutation),
      idle: (document.getElementById('stop') as HTMLButtonElement).hidden !== false,
      quietMs: performance.now() - s.lastMutation,
      note: reply?.querySelector('.message-foot')?.textContent ?? '',
    };
  });
}

/** Whether the view is still: Stop gone and nothing changed in the messages for `quietMs`. */
export async function isStill(frame: Frame, quietMs: number): Promise<boolean> {
  return frame.evaluate((quietMs) => {
    const s = (window as StopWindow).stopBench!;
    return (document.getElementById('stop') as HTMLButtonElement).hidden !== false && performance.now() - s.lastMutation >= quietMs;
  }, quietMs);
}

interface PageWindow {
  stopBenchSent?: number;
  stopBenchArmed?: boolean;
}

/**
 * Watches the workbench page's WebSocket for the view's `stop` message going to the extension
 * host (the message is JSON inside VS Code's own framing, its quotes maybe escaped).
 */
export async function armPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as PageWindow;
    w.stopBenchSent = undefined;
    if (w.stopBenchArmed) return;
    w.stopBenchArmed = true;
    const decoder = new TextDecoder();
    const stop = /type\\*"\s*:\s*\\*"stop\\*"/;
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      if (w.stopBenchSent === undefined) {
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? data : undefined;
        const text = bytes ? decoder.decode(bytes) : typeof data === 'string' ? data : '';
        if (stop.test(text)) w.stopBenchSent = performance.timeOrigin + performance.now();
      }
      return send.call(this, data);
    };
  });
}

/** When the `stop` message left the page (its epoch ms), if it was seen. */
export async function stopSentAt(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as PageWindow).stopBenchSent);
}
