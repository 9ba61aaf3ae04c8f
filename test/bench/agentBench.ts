/**
 * Agent mode's work per step (#30): between the model's last byte and the next request, the
 * tool's own time taken out, Parley's work is what is left (goal: p95 < 20 ms for reading tools).
 *
 * The test server runs here, in the bench's process, apart from the extension host: its times
 * are its own clock's (performance.now()), and its work is never counted as Parley's. The host
 * (agentHostBench.ts) runs scripted questions in the real extension host and reports each step's
 * `ms`, the time its tool took as Parley records it. For each step:
 *   overhead = (the next request has arrived) − (the reply that made the call wrote its last byte) − ms
 * A bare client's runs after it (agentRawClient.ts) give the floor the machine sets, measured alike.
 */
import { fork } from 'child_process';
import * as path from 'path';
import { REPO } from '../host/codeServer';
import { runInHost } from '../host/runInHost';
import { startChatServer, type RecordedRequest } from '../server/chatServer';
import { stats, type Stats } from './clientBench';
import type { AgentHostResult, HostRunResult } from './agentHostBench';
import { callId, readRequest, scriptedReply } from './agentScript';

/** Runs whose every step is counted (the first, warming up, is not). */
const COUNTED = ['run1', 'run2', 'run3'];
/** The bare client's runs (agentRawClient.ts), each as long as a counted one. */
const RAW = { runs: ['raw1', 'raw2', 'raw3'], steps: 40 };
/** The long conversation: its steps after this many earlier ones are the "long history" figure. */
const LONG_AFTER = 200;
/** The long run's overhead is also shown as the median of each of these many steps. */
const BUCKET = 40;

export interface AgentStep {
  run: string;
  step: number;
  overheadMs: number;
  toolMs: number;
  /** The server's own time for the reply that made the call: the request's arrival to its last byte. */
  serverMs: number;
  /** Parts of the overhead, by the extension host's clock: the reply's end to the step shown, the step's end to the next reply started. */
  replyToStepMs: number;
  stepToReplyMs: number;
  /** The rest: Parley reading the reply's end, and building and sending the next request. */
  restMs: number;
}

export interface AgentFigures {
  /** The tool the model called (read_file when Parley has it, else ask_user answered at once). */
  tool: string;
  args: Record<string, unknown>;
  runs: number;
  steps: number;
  overheadMs: Stats;
  toolMs: Stats;
  serverMs: Stats;
  phases: Figures['phases'];
  long: Figures & { after: number; steps: number; bucket: number; bucketMedians: number[] };
  /** A bare client's time from the last byte to its next request, same server and machine: the floor. */
  rawMs: Stats;
  samples: AgentStep[];
}

/** Each call's two requests: the one whose reply made it, and the one that carried its result. */
function requestsByCall(requests: readonly RecordedRequest[]) {
  const madeBy = new Map<string, RecordedRequest>();
  const carriedBy = new Map<string, RecordedRequest>();
  const once = (map: Map<string, RecordedRequest>, id: string, r: RecordedRequest) => {
    // A request sent again (a retry) would pair the wrong times: the figures are void.
    if (map.has(id)) throw new Error(`two requests for call ${id}`);
    map.set(id, r);
  };
  for (const r of requests) {
    const read = readRequest(r.body);
    if (!read) continue;
    const { script, done } = read;
    if (done < script.steps) once(madeBy, callId(script.tag, done + 1), r);
    if (done > 0) once(carriedBy, callId(script.tag, done), r);
  }
  return { madeBy, carriedBy };
}

function samplesOf(runs: readonly HostRunResult[], requests: readonly RecordedRequest[]): AgentStep[] {
  const { madeBy, carriedBy } = requestsByCall(requests);
  return runs.flatMap((run) =>
    run.steps.map((s, i) => {
      const made = madeBy.get(s.id);
      const carried = carriedBy.get(s.id);
      if (made?.lastByteAt === undefined || !carried) throw new Error(`call ${s.id}: the server did not see both of its requests end`);
      const overheadMs = carried.arrivedAt - made.lastByteAt - s.ms;
      return {
        run: run.tag,
        step: i + 1,
        overheadMs,
        toolMs: s.ms,
        serverMs: made.lastByteAt - made.arrivedAt,
        replyToStepMs: s.replyToStepMs,
        stepToReplyMs: s.stepToReplyMs,
        restMs: overheadMs - s.replyToStepMs - s.stepToReplyMs,
      };
    }),
  );
}

const figuresOf = (samples: readonly AgentStep[]) => {
  const of = (k: keyof AgentStep) => stats(samples.map((s) => s[k] as number));
  return {
    overheadMs: of('overheadMs'),
    toolMs: of('toolMs'),
    serverMs: of('serverMs'),
    phases: { replyToStepMs: of('replyToStepMs'), stepToReplyMs: of('stepToReplyMs'), restMs: of('restMs') },
  };
};
type Figures = ReturnType<typeof figuresOf>;

/** One run of the bare client, in its own process; its steps as the host reports them (no tool time). */
async function rawRun(url: string, tag: string, steps: number): Promise<HostRunResult> {
  const child = fork(path.join(__dirname, 'agentRawClient.js'), [], {
    env: { ...process.env, AGENT_RAW: JSON.stringify({ url, tag, steps }) },
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the bare client's run ${tag} failed (exit ${code})`);
  const none = { ms: 0, replyToStepMs: 0, stepToReplyMs: 0 };
  return { tag, steps: Array.from({ length: steps }, (_, i) => ({ id: callId(tag, i + 1), ...none })) };
}

export async function agentBench(): Promise<AgentFigures> {
  const server = await startChatServer({ validate: false });
  server.respond(scriptedReply);
  let host: AgentHostResult | undefined;
  const raw: HostRunResult[] = [];
  try {
    const code = await runInHost({
      testsPath: path.join(REPO, 'out', 'test', 'bench', 'agentHostBench'),
      env: {
        PARLEY_BENCH_SERVER: server.url,
        ...(process.env.PARLEY_BENCH_PROFILE ? { PARLEY_BENCH_PROFILE: process.env.PARLEY_BENCH_PROFILE } : {}),
      },
      onLog: (line) => {
        if (line.startsWith('BENCH ')) host = JSON.parse(line.slice(6));
        else console.log(line);
      },
      // VS Code's port finder runs a process every few seconds from the extension host: noise in its steps.
      userSettings: { 'remote.autoForwardPorts': false },
      timeoutMs: 10 * 60_000,
    });
    if (code !== 0 || !host) throw new Error(`agent bench run failed (exit ${code})`);
    for (const tag of RAW.runs) raw.push(await rawRun(server.url, tag, RAW.steps));
  } finally {
    await server.close();
  }
  const samples = samplesOf(host.runs, server.requests);
  const rawMs = stats(samplesOf(raw, server.requests).map((s) => s.overheadMs));
  const counted = samples.filter((s) => COUNTED.includes(s.run));
  const long = samples.filter((s) => s.run === 'long');
  const bucketMedians: number[] = [];
  for (let i = 0; i < long.length; i += BUCKET) bucketMedians.push(stats(long.slice(i, i + BUCKET).map((s) => s.overheadMs)).p50);
  const late = long.filter((s) => s.step > LONG_AFTER);
  return {
    tool: host.tool,
    args: host.args,
    runs: COUNTED.length,
    steps: counted.length,
    ...figuresOf(counted),
    long: { after: LONG_AFTER, steps: late.length, ...figuresOf(late), bucket: BUCKET, bucketMedians },
    rawMs,
    samples,
  };
}
