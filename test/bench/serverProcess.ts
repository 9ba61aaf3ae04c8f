/**
 * The test Chat Completions server in its own process, so a benchmark's CPU figures are the
 * client's alone. Prints its base URL on stdout. BENCH_REPLY picks the reply:
 *   latency:    first token after BENCH_FIRST_MS, then 20 tokens
 *   throughput: BENCH_TOKENS tokens, no delay (or BENCH_DELAY_MS before each)
 */
import { startChatServer, type StreamStep } from '../server/chatServer';

async function main(): Promise<void> {
  const server = await startChatServer({ validate: false });
  const mode = process.env.BENCH_REPLY ?? 'latency';
  let steps: StreamStep[];
  if (mode === 'throughput') {
    const n = Number(process.env.BENCH_TOKENS ?? 20000);
    const delayMs = Number(process.env.BENCH_DELAY_MS ?? 0) || undefined;
    steps = Array.from({ length: n }, (_, i) => ({ content: i % 12 === 11 ? '\n' : ` tok${i % 100}`, delayMs }));
  } else {
    const first = Number(process.env.BENCH_FIRST_MS ?? 20);
    steps = [{ content: 'first', delayMs: first }, ...Array.from({ length: 20 }, () => ({ content: ' next' }))];
  }
  server.setDefault({ steps: [...steps, { finish_reason: 'stop' }] });
  console.log(server.url);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

void main();
