/**
 * Stop clicked while a reply streams: how soon the request is aborted, and whether the view is
 * still from the click on (goal: ≤ 100 ms, nothing drawn after the click).
 *
 * The workbench serves the chat view from an origin of its own (ownOrigin.ts), so the view runs
 * in its own renderer process as on desktop VS Code. Parley's profile points at a TCP proxy in
 * this process (abortProxy.ts), in front of the model server, which sees when Parley's
 * extension host closes the streaming request's connection. In the view's frame the click on
 * Stop (made by Playwright as a person would), the reply's drawn text and the `delta` messages
 * are timed (stopProbes.ts). Each page's clock is set against this process's with chatProbes'
 * clockOffset, so the proxy's times and the frame's compare.
 *
 * Servers: the repo's test server streaming at about 500 tokens/s, always; a real llama-server
 * when PARLEY_BENCH_LLAMA_URL names one (its model streams a story until max_tokens).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { REPO } from '../host/codeServer';
import { tokens, type ChatServer, type ScriptedReply, type StreamStep } from '../server/chatServer';
import { openWorkbench, runCommand } from '../ui/workbench';
import { startAbortProxy, freePort, type AbortProxy, type ProxiedConnection } from './abortProxy';
import { clockOffset } from './chatProbes';
import { stats, type Stats } from './clientBench';
import { OWN_ORIGIN_BROWSER_ARGS, runsInOwnProcess, serveWebviewsFromOwnOrigin } from './ownOrigin';
import { armFrame, armPage, isStill, readFrame, stopSentAt, type FrameRound } from './stopProbes';
import { replyText } from './webviewBench';

/** The test server's rate, as the real server streamed. */
const TOKENS_PER_SECOND = 500;
/** Stop is clicked once the reply has drawn this many characters (well into the stream). */
const CLICK_AT_CHARS = 3000;
/** The view is still once nothing in the messages has changed for this long. */
const QUIET_MS = 1000;
export const NOT_TAKEN = 'not taken: set PARLEY_BENCH_LLAMA_URL to a llama-server (see README)';

const epoch = () => performance.timeOrigin + performance.now();

/** One Stop, its times from the click's own timeStamp (ms) in this process's clock. */
export interface StopRound {
  /** Playwright's click started → the click event's timeStamp (includes its actionability checks). */
  clickDeliveredMs: number;
  /** The event's timeStamp → its first listener ran (the frame's renderer was busy meanwhile). */
  clickWaitedMs: number;
  /** Click → the `stop` message left the workbench page for the extension host; undefined: not seen. */
  toStopSentMs?: number;
  /** Click → the client closed the request's connection at the proxy; undefined: never closed. */
  toClosedMs?: number;
  closedHow?: string;
  /** Click → the reply's drawn text last changed (≤ 0: nothing drawn after the click). */
  toLastTextMs: number;
  /** Characters of the reply drawn after the click (its length at the end less at the click). */
  charsDrawnAfter: number;
  /** Characters the `delta` messages carried into the view after the click, and when the last came. */
  deltaCharsAfter: number;
  toLastDeltaMs?: number;
  /** SSE events that passed the proxy to Parley after the click. */
  serverEventsAfter: number;
  charsAtClick: number;
  /** SSE events per second through the proxy before the click (one a token for llama-server). */
  eventsPerSecond: number;
  note: string;
  clockWithinMs: number;
}

export interface StopServerFigures {
  server: string;
  model: string;
  ownProcess: boolean;
  rounds: StopRound[];
  toClosedMs: Stats;
  toLastTextMs: Stats;
  charsDrawnAfter: Stats;
  deltaCharsAfter: Stats;
  clickDeliveredMs: Stats;
  clickWaitedMs: Stats;
  toStopSentMs?: Stats;
  /** Rounds whose connection the client never closed. */
  notClosed: number;
  /** Tokens a second through the proxy before the click, median of the rounds. */
  tokensPerSecond: number;
}

export interface StopFigures {
  test: StopServerFigures;
  llama: StopServerFigures | { notTaken: string };
}

interface Target {
  server: string;
  model: string;
  host: string;
  port: number;
  basePath: string;
  prompt: string;
  /** The test server's reply for each round (a real server answers the prompt itself). */
  script?: ScriptedReply;
  /** Tokens in one SSE event (llama-server sends one a token). */
  tokensPerEvent: number;
}

/**
 * Timers are coarse and late on a busy machine: a frame's worth of tokens a step (Parley relays
 * deltas every 16 ms anyway) holds the rate where a step every 4 ms fell to a third of it.
 */
const TOKENS_PER_STEP = Math.max(1, Math.round((16 * TOKENS_PER_SECOND) / 1000));

/** The test server's reply: the webview bench's 12 blocks, over and over, at the rate in small batches. */
function testScript(): ScriptedReply {
  const pieces = tokens(Array.from({ length: 8 }, () => replyText()).join('\n\n'));
  const delayMs = 1000 / TOKENS_PER_SECOND;
  const batch = TOKENS_PER_STEP;
  const steps: StreamStep[] = [];
  for (let i = 0; i < pieces.length; i += batch) steps.push({ content: pieces.slice(i, i + batch).join(''), delayMs: delayMs * batch });
  return { steps: [...steps, { finish_reason: 'stop' }] };
}

async function chatFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      // Painted, not only started: the page's markup is there before its script has laid it out.
      const painted = () =>
        !!document.querySelector('[data-testid="parley-chat"] #messages') && performance.getEntriesByName('parley:painted').length > 0;
      if (await frame.evaluate(painted).catch(() => false)) return frame;
    }
    if (Date.now() > deadline) throw new Error('no chat view frame');
    await page.waitForTimeout(50);
  }
}

/** Polls (not a fixed sleep) until `done`, or `timeoutMs`; resolves whether it came. */
async function until(page: Page, done: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await done()) return true;
    await page.waitForTimeout(100);
  }
  return false;
}

const at = (series: [number, number][], t: number) => series.filter(([when]) => when <= t).at(-1)?.[1] ?? 0;

/** The round's figures from what the frame, the page and the proxy recorded. */
function figures(
  f: FrameRound,
  clickStartedAt: number,
  sentAt: number | undefined,
  conn: ProxiedConnection | undefined,
  clocks: { frame: number; page: number; within: number },
): StopRound {
  if (f.clickStamp === undefined || f.clickRan === undefined) throw new Error('the click on Stop never reached the view');
  const click = f.clickStamp; // the frame's clock; to this process's: − clocks.frame
  const clickHere = click - clocks.frame;
  const lastText = f.texts.at(-1);
  const charsAtClick = at(f.texts, click);
  const lastDelta = f.deltas.at(-1);
  // A request on the same connection after this one means it was kept alive, not closed by Stop.
  const closed = conn?.clientLeft && !conn.requests.some((r) => r.at > clickHere) ? conn.clientLeft : undefined;
  const back = conn?.back ?? [];
  const before = back.filter((b) => b.at <= clickHere);
  const eventsAtClick = before.at(-1)?.events ?? 0;
  const span = before.length > 1 ? (before.at(-1)!.at - before[0].at) / 1000 : NaN;
  return {
    clickDeliveredMs: (f.pointerStamp ?? click) - clocks.frame - clickStartedAt,
    clickWaitedMs: f.clickRan - click,
    toStopSentMs: sentAt === undefined ? undefined : sentAt - clocks.page - clickHere,
    toClosedMs: closed ? closed.at - clickHere : undefined,
    closedHow: closed?.how,
    toLastTextMs: lastText ? lastText[0] - click : NaN,
    charsDrawnAfter: (lastText?.[1] ?? 0) - charsAtClick,
    deltaCharsAfter: (lastDelta?.[1] ?? 0) - at(f.deltas, click),
    toLastDeltaMs: lastDelta ? lastDelta[0] - click : undefined,
    serverEventsAfter: (back.at(-1)?.events ?? 0) - eventsAtClick,
    charsAtClick,
    eventsPerSecond: ((before.at(-1)?.events ?? 0) - (before[0]?.events ?? 0)) / span,
    note: f.note.trim(),
    clockWithinMs: clocks.within,
  };
}

/** One round: a fresh chat, the question, Stop once the reply is well under way, then still. */
async function round(page: Page, frame: Frame, proxy: AbortProxy, server: ChatServer, target: Target, n: number): Promise<StopRound> {
  // New Chat only when there is a conversation to leave: clicked on an empty one, its messages'
  // going cannot say it is done, and a question sent meanwhile went to the conversation it left.
  if (await frame.locator('#messages .message').count()) {
    await frame.locator('#new-chat').click();
    await frame.locator('#messages .message').first().waitFor({ state: 'detached', timeout: 30_000 });
  }
  if (target.script) server.enqueue(target.script);
  await armFrame(frame);
  await armPage(page);
  const marker = `stop-bench-${Date.now()}-${n}`;
  await frame.locator('#input').fill(`${target.prompt} (${marker})`);
  await frame.locator('#input').press('Enter');
  await frame.waitForFunction(
    (chars) => {
      const reply = [...document.querySelectorAll('#messages .message.assistant.streaming')].pop();
      const length = (s: string) => reply?.querySelector(s)?.textContent?.length ?? 0;
      return length('.message-body') + length('.thinking-body') >= chars;
    },
    CLICK_AT_CHARS,
    { timeout: 60_000, polling: 50 },
  );
  const clickStartedAt = epoch();
  await frame.locator('#stop').click();
  const still = await until(page, () => isStill(frame, QUIET_MS), 60_000);
  if (!still) console.error(`stop bench: round ${n} on ${target.server}: the view was not still within 60 s`);
  // The view being still is not the request being closed: give the connection a moment more.
  await until(page, async () => proxy.find(marker)?.clientLeft !== undefined, 5_000);
  const [f, sentAt, frameClock, pageClock] = [
    await readFrame(frame),
    await stopSentAt(page),
    await clockOffset(frame),
    await clockOffset(page),
  ];
  const clocks = { frame: frameClock.offsetMs, page: pageClock.offsetMs, within: Math.max(frameClock.withinMs, pageClock.withinMs) };
  return figures(f, clickStartedAt, sentAt, proxy.find(marker), clocks);
}

function summary(target: Target, ownProcess: boolean, rounds: StopRound[]): StopServerFigures {
  const of = (k: keyof StopRound) => rounds.map((r) => r[k]).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  const sent = of('toStopSentMs');
  return {
    server: target.server,
    model: target.model,
    ownProcess,
    rounds,
    toClosedMs: stats(of('toClosedMs')),
    toLastTextMs: stats(of('toLastTextMs')),
    charsDrawnAfter: stats(of('charsDrawnAfter')),
    deltaCharsAfter: stats(of('deltaCharsAfter')),
    clickDeliveredMs: stats(of('clickDeliveredMs')),
    clickWaitedMs: stats(of('clickWaitedMs')),
    toStopSentMs: sent.length ? stats(sent) : undefined,
    notClosed: rounds.filter((r) => r.toClosedMs === undefined).length,
    tokensPerSecond: stats(of('eventsPerSecond')).p50 * target.tokensPerEvent,
  };
}

/** `rounds` Stops against one server, in a workbench of its own, after one round not counted (the first request's one-time work). */
async function stopOnServer(describe: (testServerPort: number) => Promise<Target>, rounds: number): Promise<StopServerFigures> {
  const testServerPort = await freePort();
  const target = await describe(testServerPort);
  const proxy = await startAbortProxy({ host: target.host, port: target.port });
  const wb = await openWorkbench({
    serverPort: testServerPort,
    browserArgs: OWN_ORIGIN_BROWSER_ARGS,
    beforeLoad: serveWebviewsFromOwnOrigin,
    machineSettings: {
      'parley.profiles': [{ name: 'Bench proxy', baseUrl: proxy.origin + target.basePath, model: target.model, needsKey: false }],
    },
  });
  try {
    const { page, server } = wb;
    await runCommand(page, 'Parley: Open Chat');
    const frame = await chatFrame(page);
    const ownProcess = await runsInOwnProcess(wb.browser, page, frame);
    await round(page, frame, proxy, server, target, 0);
    const counted: StopRound[] = [];
    for (let n = 1; n <= rounds; n++) counted.push(await round(page, frame, proxy, server, target, n));
    return summary(target, ownProcess, counted);
  } catch (e) {
    const file = path.join(REPO, 'test-results', 'stop-bench-failure.png');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await wb.page.screenshot({ path: file }).then(
      () => console.error(`stop bench: screenshot of the failure in ${file}`),
      () => undefined,
    );
    throw e;
  } finally {
    await wb.close();
    await proxy.close();
  }
}

/** The llama-server at `url` (…/v1): its first model, and a question its model answers with an endless story. */
async function llamaTarget(url: string): Promise<Target> {
  const base = new URL(url.replace(/\/+$/, ''));
  const listed = (await (await fetch(`${base.href}/models`)).json()) as { data?: { id: string }[] };
  const model = listed.data?.[0]?.id;
  if (!model) throw new Error(`${base.href}/models lists no model`);
  return {
    server: `llama-server at ${base.host}`,
    model,
    host: base.hostname,
    port: Number(base.port || 80),
    basePath: base.pathname,
    prompt: 'Tell me a long story',
    tokensPerEvent: 1,
  };
}

export async function stopBench(rounds = 5): Promise<StopFigures> {
  const test = await stopOnServer(
    async (port) => ({
      server: `test server, ${TOKENS_PER_SECOND} tokens/s`,
      model: 'test-model',
      host: '127.0.0.1',
      port,
      basePath: '/v1',
      prompt: 'Explain the total function step by step',
      script: testScript(),
      tokensPerEvent: TOKENS_PER_STEP,
    }),
    rounds,
  );
  const llamaUrl = process.env.PARLEY_BENCH_LLAMA_URL;
  const llama = llamaUrl ? await stopOnServer(() => llamaTarget(llamaUrl), rounds) : { notTaken: NOT_TAKEN };
  return { test, llama };
}
