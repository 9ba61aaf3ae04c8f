/**
 * Page work per Send (#28): the script, style and layout the chat view's frames spend on one
 * Send, from Enter until the reply's `messageDone` has been drawn, in a conversation of 1,000
 * messages against one of 2. The reply is short and the same in both, so the figure is the
 * page's own per-Send work: a page that patches does the same however long the conversation;
 * one that draws every message it shows again does not.
 *
 * How it is measured. By default the workbench serves webviews from an origin of their own, as
 * the desktop does (ownOrigin.ts), so the view runs in its own renderer process; `outOfProcess`
 * in the results says what this run found. A trace (`devtools.timeline`, browser-wide) tags each
 * script, style and layout event with the frame it ran for: the figure is those of the view's two
 * frames (the webview host that relays the messages, and the chat page), nested events counted
 * once (frameWork.ts). The ratio is taken on the thread time of that work: on a machine with
 * few cores the view's thread waits for one while the workbench and the extension host run, and
 * the wall time of the same work doubles or not from one Send to the next. Beside it, the wall
 * time, and `Performance.getMetrics` of the process the view runs in (its own, or with
 * `ownOrigin: false` the workbench's, the workbench's own work included).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CDPSession, Frame, Page } from 'playwright-core';
import { LATEST_IN_STATE } from '../../src/shared/protocol';
import type { ScriptedReply } from '../server/chatServer';
import { openWorkbench, runCommand, type Workbench } from '../ui/workbench';
import { stats, type Stats } from './clientBench';
import { frameWork, type FrameWork } from './frameWork';
import { OWN_ORIGIN_BROWSER_ARGS, runsInOwnProcess, serveWebviewsFromOwnOrigin, sessionFor } from './ownOrigin';
import { emptyViewVsix } from './webviewBench';

const QUESTION = 'Does the total count returned items?';
const REPLY = 'No: returns are subtracted elsewhere, before the total is shown.';
/**
 * The reply streams in three pieces, each in a frame of its own: three redraws in every Send.
 * Word by word 5 ms apart, the pieces shared frames as they happened to land, and a Send drew the
 * reply anywhere from 0 to 6 times; that spread (0.3 to 6.7 ms a Send) was larger than the
 * difference the figure is for.
 */
const PIECES = ['No: returns are subtracted ', 'elsewhere, before the total ', 'is shown.'];
const STREAMED: ScriptedReply = { steps: [...PIECES.map((content) => ({ content, delayMs: 50 })), { finish_reason: 'stop' }] };
/** Each case's seed command (test/bench/emptyView): a new conversation of that many messages, opened. */
const SEED = { 1000: 'Bench: Seed a Fresh 1,000-Message Conversation', 2: 'Bench: Seed a Fresh 2-Message Conversation' } as const;
type Turns = keyof typeof SEED;

interface Sample extends FrameWork {
  rendererMs: number;
  /** The list scrolled during the Send (a short conversation's fits in the view: no scroll). */
  scrolled: boolean;
}

/**
 * The chat page's frame, and the ids (as the trace names them) of it and of the webview host
 * frame above it. CDP gives the page's frame the host's URL: it is found by name instead, the
 * host named with the webview's id (the `id` in the page's URL), the page `active-frame` in it.
 */
async function viewFrames(page: Page, cdp: CDPSession): Promise<{ frame: Frame; ids: Set<string> }> {
  const frame = await chatPage(page);
  const webviewId = new URL(frame.url()).searchParams.get('id');
  type Node = { frame: { id: string; name?: string }; childFrames?: Node[] };
  const find = (node: Node): Node | undefined => (node.frame.name === webviewId ? node : node.childFrames?.map(find).find(Boolean));
  let { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: Node };
  if (!find(frameTree)) {
    // Out of process: the view's frames are in its own target's tree, not the workbench's.
    const own = await sessionFor(page, frame);
    ({ frameTree } = (await own.send('Page.getFrameTree')) as { frameTree: Node });
    await own.detach();
  }
  const host = find(frameTree);
  const content = host?.childFrames?.find((c) => c.frame.name === 'active-frame');
  if (!host || !content) throw new Error(`the chat view's frames are not in the page's frame tree (webview ${webviewId})`);
  return { frame, ids: new Set([host.frame.id, content.frame.id]) };
}

async function chatPage(page: Page): Promise<Frame> {
  for (const frame of page.frames()) {
    if (!frame.isDetached() && (await frame.evaluate(() => !!document.querySelector('[data-testid="parley-chat"]')).catch(() => false)))
      return frame;
  }
  throw new Error('no chat frame');
}

/** Seeds a fresh conversation of `turns` messages; resolves once the view shows it (its latest ones), drawn and coloured. */
async function seed(page: Page, frame: Frame, turns: Turns): Promise<void> {
  await runCommand(page, SEED[turns]);
  await frame.waitForFunction(
    ([n, latest]) => {
      const shown = [...document.querySelectorAll<HTMLElement>('.message')];
      const codes = [...document.querySelectorAll('.code-block[data-language] pre > code')];
      return (
        shown.length === Math.min(n, latest) &&
        shown.every((m) => m.dataset.id?.startsWith('seed')) &&
        shown[shown.length - 1].dataset.id === `seed${n - 1}` &&
        codes.every((c) => c.querySelector('[class^="hljs-"]'))
      );
    },
    [turns, LATEST_IN_STATE],
    { timeout: 60_000 },
  );
  // One more frame painted: nothing from the opening is left to do when the Send starts.
  await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}

async function rendererWorkMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return (value('ScriptDuration') + value('RecalcStyleDuration') + value('LayoutDuration')) * 1000;
}

/** One Send as a person makes it (type, Enter), measured until the reply's end is drawn. */
async function oneSend(wb: Workbench, cdp: CDPSession, metrics: CDPSession, turns: Turns): Promise<Sample> {
  const { page, browser, server } = wb;
  const { frame, ids } = await viewFrames(page, cdp);
  await seed(page, frame, turns);
  // Resolved a frame after `messageDone` reaches the page (its handler has run by then).
  await frame.evaluate(() => {
    (window as unknown as { benchSendDone: Promise<void> }).benchSendDone = new Promise<void>((resolve) => {
      const onMessage = (e: MessageEvent) => {
        // `messageDone` today; `done` once the page is patched by turn (#28).
        if (!['messageDone', 'done'].includes((e.data as { type?: string })?.type ?? '')) return;
        window.removeEventListener('message', onMessage);
        requestAnimationFrame(() => setTimeout(resolve, 0));
      };
      window.addEventListener('message', onMessage);
    });
  });
  server.enqueue(STREAMED);
  await frame.locator('#input').fill(QUESTION);
  await frame.locator('#input').focus();
  // Read before the trace starts: the read's own script is not counted as the Send's.
  const scrollTop = () => frame.locator('#messages').evaluate((el) => el.scrollTop);
  const top = await scrollTop();
  // PARLEY_BENCH_SEND_PROFILE=<dir>: each Send's CPU profile of the process the view runs in kept, to see whose script a figure is.
  const profileDir = process.env.PARLEY_BENCH_SEND_PROFILE;
  if (profileDir) {
    await metrics.send('Profiler.enable');
    await metrics.send('Profiler.setSamplingInterval', { interval: 50 });
    await metrics.send('Profiler.start');
  }
  await browser.startTracing(undefined, { categories: ['devtools.timeline'] });
  const before = await rendererWorkMs(metrics);
  await page.keyboard.press('Enter');
  await frame.evaluate(() => (window as unknown as { benchSendDone: Promise<void> }).benchSendDone);
  const after = await rendererWorkMs(metrics);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
  if (profileDir) {
    const { profile } = await metrics.send('Profiler.stop');
    fs.writeFileSync(path.join(profileDir, `send-${turns}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
  }
  // PARLEY_BENCH_TRACE=<dir>: each Send's trace kept, to see what a figure is made of.
  const keep = process.env.PARLEY_BENCH_TRACE;
  if (keep) fs.writeFileSync(path.join(keep, `send-${turns}-${Date.now()}.json`), JSON.stringify({ frames: [...ids], trace }));
  const last = await frame.locator('.message.assistant').last().textContent();
  if (!last?.includes(REPLY)) throw new Error(`the reply did not arrive (${last})`);
  return { ...frameWork(trace, ids), rendererMs: after - before, scrolled: (await scrollTop()) !== top };
}

export interface SendFigures {
  label: string;
  sends: number;
  totalMs: Stats;
  scriptMs: Stats;
  styleMs: Stats;
  layoutMs: Stats;
  /** The same work in the view thread's own time (frameWork.ts). */
  threadMs: Stats;
  /** The whole renderer (workbench and view) by Performance.getMetrics, when the view shares it. */
  rendererMs: Stats;
  /** How many of the Sends scrolled the list. */
  scrolled: number;
}

function figures(label: string, samples: Sample[]): SendFigures {
  const of = (k: Exclude<keyof Sample, 'scrolled'>) => stats(samples.map((s) => s[k]));
  return {
    label,
    sends: samples.length,
    totalMs: of('totalMs'),
    scriptMs: of('scriptMs'),
    styleMs: of('styleMs'),
    layoutMs: of('layoutMs'),
    threadMs: of('threadMs'),
    rendererMs: of('rendererMs'),
    scrolled: samples.filter((s) => s.scrolled).length,
  };
}

/** `sends` Sends in each conversation, taken in turn (one of each, then again), after one of each not counted (warming up). */
export async function sendBench({ sends = 40, ownOrigin = true }: { sends?: number; ownOrigin?: boolean } = {}) {
  const wb = await openWorkbench({
    extraVsix: [emptyViewVsix()],
    browserArgs: ownOrigin ? OWN_ORIGIN_BROWSER_ARGS : [],
    beforeLoad: ownOrigin ? serveWebviewsFromOwnOrigin : undefined,
  });
  try {
    const { page } = wb;
    await runCommand(page, 'Parley: Open Chat');
    await page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('#input').waitFor({ timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const chat = await chatPage(page);
    const outOfProcess = await runsInOwnProcess(wb.browser, page, chat);
    // The renderer-wide cross-check counts the process the view runs in: its own, or the workbench's.
    const metrics = outOfProcess ? await sessionFor(page, chat) : cdp;
    if (outOfProcess) await metrics.send('Performance.enable');
    const samples: Record<Turns, Sample[]> = { 1000: [], 2: [] };
    for (let i = 0; i <= sends; i++) {
      for (const turns of [1000, 2] as const) {
        const sample = await oneSend(wb, cdp, metrics, turns);
        if (i > 0) samples[turns].push(sample);
      }
    }
    const long = figures('send in 1,000 turns', samples[1000]);
    const short = figures('send in 2 turns', samples[2]);
    return {
      outOfProcess,
      long,
      short,
      ratio: long.threadMs.p50 / short.threadMs.p50,
      wallRatio: long.totalMs.p50 / short.totalMs.p50,
      samples,
    };
  } finally {
    await wb.close();
  }
}
