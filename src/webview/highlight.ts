import DOMPurify from 'dompurify';
import workerSource from 'inline-worker:./highlightWorker';
import type { HighlightReply, HighlightRequest } from './highlightWorker';

/**
 * Highlights finished code blocks off the page's thread. A block shows as plain text first
 * (markdown.ts), and gets its colours when the worker answers; the text never changes, so copy
 * and the code actions are unaffected. Without a worker the code simply stays plain.
 */
let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, { code: HTMLElement; text: string }>();
const queued = new WeakSet<HTMLElement>();

function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    // A blob of our own bundled code (CSP `worker-src blob:`): webview resources cannot start a
    // worker themselves, being of another origin.
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    worker = new Worker(url);
    worker.onmessage = ({ data }: MessageEvent<HighlightReply>) => apply(data);
    worker.onerror = () => { worker = null; };
  } catch (e) {
    console.warn('Parley: no highlighting worker', e);
    worker = null;
  }
  return worker;
}

function apply({ id, html }: HighlightReply): void {
  const job = pending.get(id);
  pending.delete(id);
  // Only if the block still shows the text that was highlighted (a re-render replaces it).
  if (!job || html === undefined || !job.code.isConnected || job.code.textContent !== job.text) return;
  // highlight.js escapes the code and adds only <span class>; sanitised anyway, as model output.
  job.code.innerHTML = DOMPurify.sanitize(html, { ALLOWED_TAGS: ['span'], ALLOWED_ATTR: ['class'] });
}

/** Sends every not yet highlighted code block under `root` with a language to the worker. */
export function highlightWithin(root: ParentNode): void {
  for (const block of root.querySelectorAll<HTMLElement>('.code-block[data-language]')) {
    const language = block.dataset.language;
    const code = block.querySelector<HTMLElement>('pre > code');
    if (!language || !code || queued.has(code)) continue;
    const w = getWorker();
    if (!w) return;
    queued.add(code);
    const id = nextId++;
    const text = code.textContent ?? '';
    pending.set(id, { code, text });
    w.postMessage({ id, code: text, language } satisfies HighlightRequest);
  }
}
