/**
 * Webview rendering in the real workbench: a reply with code blocks streamed at about 500
 * tokens/s, watched from inside the chat view's frame (long tasks and frame gaps).
 */
import { tokens, type StreamStep } from '../server/chatServer';
import { chatFrame, openWorkbench, runCommand } from '../ui/workbench';

function replyText(): string {
  const parts: string[] = [];
  for (let i = 0; i < 12; i++) {
    parts.push(`Step ${i + 1}: the loop keeps a running total of the prices, and **skips** items that are out of stock, so the sum is only what can ship today.`);
    parts.push('```ts\nfunction total(items: Item[]): number {\n  let sum = 0;\n  for (const item of items) {\n    if (item.stock > 0) sum += item.price * item.quantity;\n  }\n  return sum;\n}\n```');
  }
  return parts.join('\n\n');
}

export async function webviewBench(tokensPerSecond = 500) {
  const wb = await openWorkbench();
  try {
    const { page, server } = wb;
    const text = replyText();
    const pieces = tokens(text);
    const delayMs = 1000 / tokensPerSecond;
    // Timers are coarse: send tokens in small batches so the rate holds.
    const steps: StreamStep[] = [];
    const batch = Math.max(1, Math.round(4 / delayMs));
    for (let i = 0; i < pieces.length; i += batch) steps.push({ content: pieces.slice(i, i + batch).join(''), delayMs: delayMs * batch });
    server.enqueue({ steps: [...steps, { finish_reason: 'stop' }] });
    await runCommand(page, 'Parley: Open Chat');
    const frame = chatFrame(page);
    await frame.locator('#input').waitFor();
    const body = frame.locator('body');
    await body.evaluate(() => {
      const w = window as unknown as { benchLong: number[]; benchLongAt: number[]; benchGaps: number[]; benchStop: boolean };
      w.benchLong = [];
      w.benchLongAt = [];
      w.benchGaps = [];
      w.benchStop = false;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) { w.benchLong.push(e.duration); w.benchLongAt.push(e.startTime); } }).observe({ type: 'longtask', buffered: false });
      let last = performance.now();
      const tick = (now: number) => {
        w.benchGaps.push(now - last);
        last = now;
        if (!w.benchStop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const t0 = Date.now();
    await frame.locator('#input').fill('Explain the total function step by step');
    await frame.locator('#input').press('Enter');
    await frame.locator('.message.assistant.streaming').waitFor({ timeout: 30_000 });
    await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 120_000 });
    const streamMs = Date.now() - t0;
    const measured = await body.evaluate(() => {
      const w = window as unknown as { benchLong: number[]; benchLongAt: number[]; benchGaps: number[]; benchStop: boolean };
      w.benchStop = true;
      const renders = performance.getEntriesByName('parley:render');
      const firstRender = renders[0]?.startTime ?? 0;
      const lastRender = renders.length ? renders[renders.length - 1].startTime : 0;
      const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return {
        longTasks: w.benchLong.length,
        longestTaskMs: Math.max(0, ...w.benchLong),
        longTaskTotalMs: w.benchLong.reduce((a, b) => a + b, 0),
        frames: w.benchGaps.length,
        longestFrameMs: Math.max(0, ...w.benchGaps),
        heapBytes: mem?.usedJSHeapSize,
        codeBlocks: document.querySelectorAll('.message.assistant .code-block').length,
        streamingRenders: renders.length,
        longestRenderMs: Math.max(0, ...renders.map((e) => e.duration)),
        firstRenderMs: renders[0]?.duration ?? 0,
        medianRenderMs: renders.map((e) => e.duration).sort((a, b) => a - b)[Math.floor(renders.length / 2)] ?? 0,
        // Where each long task fell: before the first streaming render, during, or after the last.
        longTasksWhen: w.benchLongAt.map((t) => (t < firstRender ? 'before' : t > lastRender + 20 ? 'after' : 'during')),
      };
    });
    return { tokens: pieces.length, tokensPerSecond, streamMs, ...measured };
  } finally {
    await wb.close();
  }
}
