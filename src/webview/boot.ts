// The page's first script, in its head (dist/boot.js, a few hundred bytes): it takes the state
// the extension wrote into the page (the main script draws it first, as if it had arrived), says
// `ready` at once, and keeps what arrives until main.ts takes over. See bootApi.ts.
import type { FromWebview, PageSnapshot, ToWebview } from '../shared/protocol';
import type { Boot, SavedState, VsCodeApi } from './bootApi';

declare function acquireVsCodeApi(): VsCodeApi;

// A page may acquire the API only once: main.ts takes this one.
const vscode = acquireVsCodeApi();
const queue: ToWebview[] = [];
let deliver: ((message: ToWebview) => void) | undefined;
window.addEventListener('message', (event: MessageEvent<ToWebview>) => (deliver ? deliver(event.data) : queue.push(event.data)));
const saved: SavedState = vscode.getState() ?? {};
const snapshot = snapshotToDraw(saved);
if (snapshot) queue.push({ type: 'state', state: snapshot.state });
const ready: FromWebview = { type: 'ready' };
// After a reload, messages back to the one the reader was on, so the place can be found again.
if (saved.reading) ready.fromId = saved.reading.id;
// The extension sends the state only if it has changed since.
if (snapshot) ready.snapshot = snapshot.id;
vscode.postMessage(ready);
performance.mark('parley:boot'); // read by `npm run bench`

/**
 * The state in the page's HTML (the element comes before this script), unless the reader was
 * on a message of its conversation further back than it reaches: the page then asks for the
 * state from there.
 */
function snapshotToDraw({ reading }: SavedState): PageSnapshot | undefined {
  const text = document.getElementById('parley-snapshot')?.textContent;
  if (!text) return undefined;
  let snapshot: PageSnapshot;
  try {
    snapshot = JSON.parse(text) as PageSnapshot;
  } catch {
    return undefined; // the page asks for the state instead
  }
  const { conversationId, messages } = snapshot.state;
  if (reading?.conversationId === conversationId && !messages.some((m) => m.id === reading.id)) return undefined;
  return snapshot;
}

const boot: Boot = {
  vscode,
  listen(handler) {
    deliver = handler;
    // Each on its own, as message events are: one that fails does not keep the rest from the page.
    for (const message of queue.splice(0)) {
      try {
        handler(message);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  },
};
(window as unknown as { parleyBoot: Boot }).parleyBoot = boot;
