// The page's first script, in its head (dist/boot.js, a few hundred bytes): it says `ready` at
// once, so the state is on its way while the main script (markdown-it, DOMPurify, the view)
// loads, and it keeps what arrives until main.ts takes over. See bootApi.ts.
import type { FromWebview, ToWebview } from '../shared/protocol';
import type { Boot, SavedState, VsCodeApi } from './bootApi';

declare function acquireVsCodeApi(): VsCodeApi;

// A page may acquire the API only once: main.ts takes this one.
const vscode = acquireVsCodeApi();
const queue: ToWebview[] = [];
let deliver: ((message: ToWebview) => void) | undefined;
window.addEventListener('message', (event: MessageEvent<ToWebview>) => (deliver ? deliver(event.data) : queue.push(event.data)));
const saved: SavedState = vscode.getState() ?? {};
// After a reload, messages back to the one the reader was on, so the place can be found again.
const ready: FromWebview = saved.reading ? { type: 'ready', fromId: saved.reading.id } : { type: 'ready' };
vscode.postMessage(ready);
performance.mark('parley:boot'); // read by `npm run bench`

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
