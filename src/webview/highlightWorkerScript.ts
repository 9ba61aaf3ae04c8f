// The highlighting worker's code as a script of its own (dist/highlightWorker.js): the page adds
// it by nonce when the first code block needs colour, so opening the view neither fetches nor
// parses highlight.js (half of what webview.js weighed). The worker itself starts from a blob
// of this text (webview resources are of another origin and cannot start a worker themselves).
import workerSource from 'inline-worker:./highlightWorker';

(globalThis as { parleyHighlightWorker?: string }).parleyHighlightWorker = workerSource;
