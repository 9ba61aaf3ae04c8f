/**
 * Client overhead: Parley's streaming client against a raw Node `http` client, both talking to
 * the same test server (in another process) over loopback.
 */
import { fork } from 'child_process';
import * as http from 'http';
import * as path from 'path';
import OpenAI from 'openai';
import { streamChat } from '../../src/core/client/node/chatClient';

export interface Stats {
  min: number;
  p50: number;
  p95: number;
  max: number;
}

export function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { min: s[0], p50: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

export async function startServerProcess(env: Record<string, string>): Promise<{ url: string; stop(): void }> {
  const child = fork(path.join(__dirname, 'serverProcess.js'), [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`server process exited ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

const body = (tokens = false) =>
  JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: tokens ? 'stream' : 'hi' }], stream: true });

/** Raw client: resolves with ms to the first content chunk and the total chunk count. */
export function rawRequest(url: string): Promise<{ firstMs: number; chunks: number; totalMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstMs = -1;
    let chunks = 0;
    let buffer = '';
    const req = http.request(
      `${url}/chat/completions`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          buffer += d;
          let i: number;
          while ((i = buffer.indexOf('\n\n')) !== -1) {
            const event = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            if (event.startsWith('data: {') && event.includes('"content"')) {
              if (firstMs < 0) firstMs = performance.now() - t0;
              chunks++;
            }
          }
        });
        res.on('end', () => resolve({ firstMs, chunks, totalMs: performance.now() - t0 }));
      },
    );
    req.on('error', reject);
    req.end(body());
  });
}

/** The bare `openai` SDK, as Parley's own code would use it with nothing around it. */
export async function sdkRequest(url: string): Promise<{ firstMs: number; chunks: number; totalMs: number }> {
  const t0 = performance.now();
  let firstMs = -1;
  let chunks = 0;
  const client = new OpenAI({ apiKey: 'unused', baseURL: url, organization: null, project: null, maxRetries: 0, logLevel: 'off' });
  const stream = await client.chat.completions.create({ model: 'bench', messages: [{ role: 'user', content: 'hi' }], stream: true });
  for await (const chunk of stream) {
    if (!chunk.choices[0]?.delta?.content) continue;
    if (firstMs < 0) firstMs = performance.now() - t0;
    chunks++;
  }
  return { firstMs, chunks, totalMs: performance.now() - t0 };
}

export async function parleyRequest(url: string): Promise<{ firstMs: number; chunks: number; totalMs: number }> {
  const t0 = performance.now();
  let firstMs = -1;
  let chunks = 0;
  await streamChat({
    endpoint: { baseUrl: url, apiStyle: 'openai', headers: {} },
    body: { model: 'bench', messages: [{ role: 'user', content: 'hi' }], stream: true },
    timeouts: { firstTokenMs: 60_000, idleMs: 60_000 },
    onEvent: (e) => {
      if (e.type !== 'content') return;
      if (firstMs < 0) firstMs = performance.now() - t0;
      chunks++;
    },
  });
  return { firstMs, chunks, totalMs: performance.now() - t0 };
}

export async function latencyBench(requests = 60, firstTokenMs = 20) {
  const server = await startServerProcess({ BENCH_REPLY: 'latency', BENCH_FIRST_MS: String(firstTokenMs) });
  try {
    // Warm both paths, then interleave so drift on a noisy machine hits both alike.
    for (let i = 0; i < 5; i++) {
      await rawRequest(server.url);
      await sdkRequest(server.url);
      await parleyRequest(server.url);
    }
    const raw: number[] = [];
    const sdk: number[] = [];
    const parley: number[] = [];
    for (let i = 0; i < requests; i++) {
      raw.push((await rawRequest(server.url)).firstMs);
      sdk.push((await sdkRequest(server.url)).firstMs);
      parley.push((await parleyRequest(server.url)).firstMs);
    }
    return { requests, firstTokenDelayMs: firstTokenMs, raw: stats(raw), sdk: stats(sdk), parley: stats(parley) };
  } finally {
    server.stop();
  }
}

/** `delayMs`: the server waits this long before each token (a paced stream, one write per token). */
export async function throughputBench(tokens = 20000, runs = 5, delayMs = 0) {
  const server = await startServerProcess({ BENCH_REPLY: 'throughput', BENCH_TOKENS: String(tokens), BENCH_DELAY_MS: String(delayMs) });
  try {
    const measure = async (fn: (u: string) => Promise<{ chunks: number; totalMs: number }>) => {
      const rates: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < runs; i++) {
        const c0 = process.cpuUsage();
        const r = await fn(server.url);
        const c = process.cpuUsage(c0);
        if (r.chunks !== tokens) throw new Error(`expected ${tokens} chunks, got ${r.chunks}`);
        rates.push(r.chunks / (r.totalMs / 1000));
        cpu.push((c.user + c.system) / 1000 / (r.chunks / 1000));
      }
      return { tokensPerSecond: stats(rates), cpuMsPer1000Tokens: stats(cpu) };
    };
    await rawRequest(server.url);
    await sdkRequest(server.url);
    await parleyRequest(server.url);
    return { tokens, runs, raw: await measure(rawRequest), sdk: await measure(sdkRequest), parley: await measure(parleyRequest) };
  } finally {
    server.stop();
  }
}
