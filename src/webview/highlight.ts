import DOMPurify from 'dompurify';
import { redrawBudget, redrawWait } from '../core/view/redrawPacing';
import type { FromHighlighter, HighlightReply, HighlightRequest, ToHighlighter, WarmReply } from './highlightWorker';
import { pacedClock } from './inputClock';

/**
 * Highlights finished code blocks off the page's thread. A block shows as plain text first
 * (markdown.ts), and gets its colours when the worker answers; the text never changes, so copy
 * and the code actions are unaffected. Without a worker the code simply stays plain.
 */
let worker: Promise<Worker | null> | undefined;
let nextId = 1;
const pending = new Map<number, { code: HTMLElement; text: string }>();
const queued = new WeakSet<HTMLElement>();
/** The worker's answers not yet on the page: put there a frame's budget at a time. */
const answers: HighlightReply[] = [];
let applying = false;
/**
 * Colouring a block (sanitise, parse, replace) takes about a millisecond, and a long reply has
 * hundreds: while the user types it is paced as the streaming redraws are.
 */
const clock = pacedClock();

/**
 * The worker, started on first need: its code is a script of its own (dist/highlightWorker.js),
 * added with the page's nonce, so opening the view does not load highlight.js at all.
 */
function getWorker(): Promise<Worker | null> {
  worker ??= new Promise<string | undefined>((resolve) => {
    const src = document.getElementById('app')?.dataset.highlighter;
    const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce;
    if (!src || !nonce) return resolve(undefined);
    const script = document.createElement('script');
    script.nonce = nonce;
    script.src = src;
    script.onload = () => resolve((globalThis as { parleyHighlightWorker?: string }).parleyHighlightWorker);
    script.onerror = () => resolve(undefined);
    document.head.append(script);
  }).then((source) => {
    if (!source) return null;
    try {
      // A blob of our own code (CSP `worker-src blob:`): webview resources cannot start a worker
      // themselves, being of another origin.
      const w = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      w.onmessage = ({ data }: MessageEvent<FromHighlighter>) => {
        if ('warmed' in data) return warmed(w, data);
        answers.push(data);
        applySoon();
      };
      w.onerror = () => {
        worker = Promise.resolve(null);
      }; // a broken worker is asked no more
      return w;
    } catch (e) {
      console.warn('Parley: no highlighting worker', e);
      return null;
    }
  });
  return worker;
}

/**
 * Starts the highlighter while the page is idle, before a code block needs it, and has it
 * compile its grammars one at a time, `first` (the languages the page shows) first, while the
 * page stays idle and no reply streams: a grammar's first use costs 10-80 ms of a core, which a
 * first reply's frames were short of on a machine of two cores.
 */
export function preloadHighlighter(first: string[] = []): void {
  warmFirst = first;
  void getWorker().then((w) => w && warmNext(w));
}

let warmFirst: string[] = [];

function warmNext(w: Worker): void {
  requestIdleCallback(() => {
    // A streaming reply's frames go first: its grammars compile as its blocks need them.
    if (document.querySelector('.message.streaming')) return void setTimeout(() => warmNext(w), 1_000);
    w.postMessage({ warm: true, first: warmFirst } satisfies ToHighlighter);
  });
}

function warmed(w: Worker, { more }: WarmReply): void {
  if (more) return warmNext(w);
  performance.mark('parley:grammars-compiled'); // read by a UI test
}

/** The languages of the code blocks under `root`, each once. */
export function languagesIn(root: ParentNode): string[] {
  return [...new Set([...root.querySelectorAll<HTMLElement>('.code-block[data-language]')].map((b) => b.dataset.language ?? ''))].filter(
    Boolean,
  );
}

function applySoon(): void {
  if (applying) return;
  applying = true;
  setTimeout(
    () =>
      requestAnimationFrame(() => {
        clock.lastRender = performance.now();
        const budget = redrawBudget(clock, clock.lastRender);
        while (answers.length && performance.now() - clock.lastRender < budget) apply(answers.shift()!);
        applying = false;
        if (answers.length) applySoon();
      }),
    redrawWait(clock, performance.now(), 0),
  );
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
  const jobs: HighlightRequest[] = [];
  for (const block of root.querySelectorAll<HTMLElement>('.code-block[data-language]')) {
    const language = block.dataset.language;
    const code = block.querySelector<HTMLElement>('pre > code');
    if (!language || !code || queued.has(code)) continue;
    queued.add(code);
    const id = nextId++;
    const text = code.textContent ?? '';
    pending.set(id, { code, text });
    jobs.push({ id, code: text, language });
  }
  if (jobs.length === 0) return;
  void getWorker().then((w) => {
    if (w) for (const job of jobs) w.postMessage(job satisfies ToHighlighter);
    else for (const job of jobs) pending.delete(job.id);
  });
}
