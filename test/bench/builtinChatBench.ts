/**
 * Parley's models in VS Code's built-in chat (#29): how long from Enter to the answer's first
 * word there, beside a raw fetch of the same server with the same request, where that time
 * goes, and what the extension host's CPU pays per 1,000 tokens streamed (builtinChatCpu.ts).
 *
 * The chat's agent is the Copilot extension built into code-server (no sign-in: it sends the
 * request to the model picked, Parley's). The server answers at once; each run is a new chat
 * (from its second turn the agent also asks the model to summarise, in parallel). The chat
 * shows a word once another follows it, so the answer's first chunk is followed at once.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { REPO } from '../host/codeServer';
import { textReply } from '../server/chatServer';
import { chooseModel, lastUserText, newChat, openBuiltinChat } from '../ui/builtinChatPage';
import { openWorkbench, type Workbench } from '../ui/workbench';
import { builtinChatCpu, type CpuFigures } from './builtinChatCpu';
import { Answers, MODEL, send, startProfile } from './builtinChatSession';
import { clockOffset, installProbes, probeShown, type Probe } from './chatProbes';
import { stats, type Stats } from './clientBench';
import { extensionHostPid } from './extHostCpu';
import type { ProfileShares } from './extHostProfile';
import { emptyViewVsix } from './webviewBench';

/** Where one answer's first word spent its time, in ms, in order (see `phases`). */
export interface Phases {
  pageToAgent: number;
  agent: number;
  pageToParley: number;
  parleyRequest: number;
  parleyFirstChunk: number;
  agentAnswer: number;
  render: number;
  total: number;
}

/**
 * The probe's page times and the server's own (converted to the page's clock) as phases: the
 * page sends the question to the agent; the agent asks for a model (in); the page passes that
 * to Parley (out); the request reaches the server, which writes the first chunk at once; the
 * word comes in from Parley, goes out to the agent, comes in as its answer, and shows.
 */
function phases(probe: Probe, atServer: number): Phases {
  const after = (list: Probe['token'], way: 'in' | 'out', t: number) => list.find((e) => e.way === way && e.at >= t)?.at;
  const lastBefore = (list: Probe['question'], way: 'in' | 'out', t: number) => list.filter((e) => e.way === way && e.at <= t).pop()?.at;
  const enter = probe.enter!;
  const toAgent = after(probe.question, 'out', enter);
  const toParley = lastBefore(probe.question, 'out', atServer);
  const agentAsked = toParley === undefined ? undefined : lastBefore(probe.question, 'in', toParley);
  const fromParley = after(probe.token, 'in', atServer);
  const toAgentAgain = fromParley === undefined ? undefined : after(probe.token, 'out', fromParley);
  const fromAgent = toAgentAgain === undefined ? undefined : after(probe.token, 'in', toAgentAgain);
  const times = [enter, toAgent, agentAsked, toParley, atServer, fromParley, fromAgent, probe.shown];
  if (times.some((t) => t === undefined)) throw new Error(`a crossing was not seen: ${JSON.stringify({ probe, atServer })}`);
  const [e, a, b, c, d, f, g, h] = times as number[];
  return {
    pageToAgent: a - e,
    agent: b - a,
    pageToParley: c - b,
    parleyRequest: d - c,
    parleyFirstChunk: f - d,
    agentAnswer: g - f,
    render: h - g,
    total: h - e,
  };
}

/** One question in a new chat, timed from Enter to the first word shown. */
async function chatRun(page: Page, answers: Answers): Promise<{ phases: Phases; tag: string; clockWithinMs: number }> {
  await newChat(page, MODEL);
  const token = `Zephyrine${Date.now() % 100_000}`;
  const tag = answers.next(() => textReply(`${token} starts this answer, and a few more words follow it.`));
  const clock = await clockOffset(page);
  const origin = await page.evaluate(() => performance.timeOrigin);
  await send(page, tag, token);
  const probe = await probeShown(page);
  const atServer = answers.askedAt.get(tag)! + clock.offsetMs - origin;
  return { phases: phases(probe, atServer), tag, clockWithinMs: clock.withinMs };
}

/** ms from sending `body` with fetch to the first content delta of the stream. */
async function rawFirstDelta(url: string, body: unknown): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error('the stream ended with no content');
    buffer += decoder.decode(value, { stream: true });
    for (let i; (i = buffer.indexOf('\n\n')) !== -1; buffer = buffer.slice(i + 2)) {
      const event = buffer.slice(0, i);
      if (!event.startsWith('data: {') || !JSON.parse(event.slice(6)).choices?.[0]?.delta?.content) continue;
      const ms = performance.now() - t0;
      await reader.cancel();
      return ms;
    }
  }
}

export interface BuiltinChatFigures {
  runs: number;
  /** Enter → the first word in the chat's answer. */
  chatMs: Stats;
  /** fetch → the first content delta, the chat's own request sent again. */
  rawMs: Stats;
  phases: Record<keyof Phases, Stats>;
  samples: Phases[];
  /** The worst uncertainty of a run's page-to-server clock pairing. */
  clockWithinMs: number;
  requestBytes: number;
  /** Whose work a profile of one more first word held, from New Chat to the word shown (ms). */
  firstWordProfile: ProfileShares;
  cpu: CpuFigures;
}

/** `runs` chat runs, each after a raw fetch of the same server, after two not counted (the first starts Parley's client). */
async function latency(wb: Workbench, answers: Answers, runs: number) {
  const { page, server } = wb;
  let body: unknown;
  for (let i = 0; i < 2; i++) {
    const { tag } = await chatRun(page, answers);
    body = server.requests.find((r) => lastUserText(r.body).includes(tag))?.body;
  }
  // The raw request is the chat's own last one: its question is still answered the same way.
  await rawFirstDelta(server.url, body); // not counted: this process's first fetch loads its client
  const raw: number[] = [];
  const samples: Phases[] = [];
  let clockWithinMs = 0;
  for (let i = 0; i < runs; i++) {
    raw.push(await rawFirstDelta(server.url, body));
    const run = await chatRun(page, answers);
    samples.push(run.phases);
    clockWithinMs = Math.max(clockWithinMs, run.clockWithinMs);
  }
  const profile = await startProfile(page, extensionHostPid());
  await chatRun(page, answers);
  const firstWordProfile = await profile.stop();
  return { raw, samples, clockWithinMs, requestBytes: JSON.stringify(body).length, firstWordProfile };
}

export async function builtinChatBench(runs = 10, longTokens = 4000): Promise<BuiltinChatFigures> {
  const wb = await openWorkbench({
    // VS Code's port finder runs a process every few seconds from the extension host: noise in its idle CPU.
    userSettings: { 'chat.disableAIFeatures': false, 'remote.autoForwardPorts': false },
    // The server checks nothing against the spec here: its own work stays out of both figures.
    server: { validate: false },
    extraVsix: [emptyViewVsix()],
  });
  try {
    await openBuiltinChat(wb.page);
    await chooseModel(wb.page, MODEL);
    await installProbes(wb.page);
    const answers = new Answers(wb.server);
    const { raw, samples, clockWithinMs, requestBytes, firstWordProfile } = await latency(wb, answers, runs);
    const cpu = await builtinChatCpu(wb, answers, longTokens);
    const of = (k: keyof Phases) => stats(samples.map((s) => s[k]));
    const keys = Object.keys(samples[0]) as (keyof Phases)[];
    return {
      runs,
      chatMs: of('total'),
      rawMs: stats(raw),
      phases: Object.fromEntries(keys.map((k) => [k, of(k)])) as Record<keyof Phases, Stats>,
      samples,
      clockWithinMs,
      requestBytes,
      firstWordProfile,
      cpu,
    };
  } catch (e) {
    const file = path.join(REPO, 'test-results', 'bench-builtin-chat-failure.png');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await wb.page.screenshot({ path: file }).then(
      () => console.error(`bench: screenshot of the failure in ${file}`),
      () => undefined,
    );
    throw e;
  } finally {
    await wb.close();
  }
}
