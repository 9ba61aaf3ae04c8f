/**
 * What a long answer in VS Code's built-in chat costs the extension host's CPU per 1,000
 * tokens, less what it spends idle over the same time; and, from a CPU profile of one more such
 * answer, whose work that is: Parley's, the chat's agent's (Copilot), VS Code's API's. Beside
 * it, Parley's own client in plain Node on the same stream (clientBench.ts).
 */
import type { StreamStep } from '../server/chatServer';
import { newChat } from '../ui/builtinChatPage';
import type { Workbench } from '../ui/workbench';
import { epochNow, MODEL, send, startProfile, type Answers } from './builtinChatSession';
import { armProbe, clockOffset, probeShown } from './chatProbes';
import { stats, throughputBench, type Stats } from './clientBench';
import { cpuTrace, extensionHostPid } from './extHostCpu';
import type { ProfileShares } from './extHostProfile';

/** The server waits this long before each token: one write per token, as a fast model streams. */
const TOKEN_DELAY_MS = 1;

export interface CpuFigures {
  tokens: number;
  runs: number;
  tokenDelayMs: number;
  /** From letting the answer go (after its first word) until the agent's last part reached the page. */
  streamMs: Stats;
  /** … until the page showed the last word. */
  shownMs: Stats;
  /** The extension host's CPU over the stream, less its idle CPU (measured before it) over as long, per 1,000 tokens. */
  extHostMsPer1000: Stats;
  idleMsPer1000: Stats;
  /** Parley's own client and a raw http client in plain Node, on the same stream (each its process's CPU). */
  client: { parleyMsPer1000: Stats; rawMsPer1000: Stats };
  /** Whose work a profile of one more such answer held (ms), and all of it but the bench's own and idle. */
  profile: { shares: ProfileShares; busyMs: number };
}

/** The tokens serverProcess.ts streams (a line ends every 12), paced. */
function tokenSteps(tokens: number): StreamStep[] {
  return Array.from({ length: tokens }, (_, i) => ({ content: i % 12 === 11 ? '\n' : ` tok${i % 100}`, delayMs: TOKEN_DELAY_MS }));
}

/** How long the extension host's idle CPU is measured for, while the answer is held after its first word. */
const IDLE_WINDOW_MS = 5000;

type Trace = ReturnType<typeof cpuTrace>;

/**
 * A long answer in a new chat: its first word is held until it shows (and `whileHeld` has run),
 * then the rest streams. The extension host's CPU is taken from letting it go until the
 * agent's last part has reached the page (its work for the answer done; the page shows it
 * later); its idle CPU (its own timers, connections retried) while the answer is held, as a
 * rate: after the answer, work it leaves behind (the agent counting its tokens) would count as idle.
 */
async function longAnswer(wb: Workbench, answers: Answers, trace: Trace, tokens: number, whileHeld?: () => Promise<void>) {
  const { page } = wb;
  await newChat(page, MODEL);
  const mark = Date.now() % 100_000;
  const [first, last] = [`Start${mark}`, `Finis${mark}`];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  // The chat shows a word once another follows it: the held chunk ends with more words.
  const steps: StreamStep[] = [{ content: `${first} is held here, then the rest streams` }, { until: held }, ...tokenSteps(tokens)];
  const tag = answers.next(() => ({ steps: [...steps, { content: ` ${last}` }, { finish_reason: 'stop' }] }));
  await send(page, tag, first);
  await probeShown(page);
  await whileHeld?.();
  const heldAt = epochNow();
  // A measuring window, not a wait for something.
  await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
  await armProbe(page, '', last);
  const clock = await clockOffset(page);
  const origin = await page.evaluate(() => performance.timeOrigin);
  const releasedAt = epochNow();
  release();
  const probe = await probeShown(page, 300_000);
  const reached = probe.token.filter((e) => e.way === 'in' && e.at <= probe.shown!).pop()!.at + origin - clock.offsetMs;
  return {
    idleMsPerS: ((trace.at(releasedAt) - trace.at(heldAt)) / (releasedAt - heldAt)) * 1000,
    streamMs: reached - releasedAt,
    cpuMs: trace.at(reached) - trace.at(releasedAt),
    shownMs: probe.shown! + origin - clock.offsetMs - releasedAt,
  };
}

/** One more long answer with the extension host profiled from the held first word to the end. */
async function profiledAnswer(wb: Workbench, answers: Answers, trace: Trace, pid: number, tokens: number): Promise<ProfileShares> {
  let profile!: Awaited<ReturnType<typeof startProfile>>;
  await longAnswer(wb, answers, trace, tokens, async () => {
    profile = await startProfile(wb.page, pid);
  });
  return profile.stop();
}

export async function builtinChatCpu(wb: Workbench, answers: Answers, tokens: number, runs = 3): Promise<CpuFigures> {
  const pid = extensionHostPid();
  const trace = cpuTrace(pid);
  try {
    await longAnswer(wb, answers, trace, tokens); // not counted: the first long answer warms every path up
    const samples: Awaited<ReturnType<typeof longAnswer>>[] = [];
    for (let i = 0; i < runs; i++) samples.push(await longAnswer(wb, answers, trace, tokens));
    const shares = await profiledAnswer(wb, answers, trace, pid, tokens);
    const client = await throughputBench(tokens, runs, TOKEN_DELAY_MS);
    const busyMs = Object.entries(shares)
      .filter(([k]) => k !== 'idle' && k !== 'bench')
      .reduce((a, [, v]) => a + v, 0);
    const idleMs = (s: (typeof samples)[number]) => (s.idleMsPerS * s.streamMs) / 1000;
    const per1000 = (ms: number) => (ms / tokens) * 1000;
    return {
      tokens,
      runs,
      tokenDelayMs: TOKEN_DELAY_MS,
      streamMs: stats(samples.map((s) => s.streamMs)),
      shownMs: stats(samples.map((s) => s.shownMs)),
      extHostMsPer1000: stats(samples.map((s) => per1000(s.cpuMs - idleMs(s)))),
      idleMsPer1000: stats(samples.map((s) => per1000(idleMs(s)))),
      client: { parleyMsPer1000: client.parley.cpuMsPer1000Tokens, rawMsPer1000: client.raw.cpuMsPer1000Tokens },
      profile: { shares, busyMs },
    };
  } finally {
    trace.stop();
  }
}
