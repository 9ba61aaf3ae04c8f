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
// After a reload, as many messages as were shown, so the reader's place can be found again.
const ready: FromWebview = saved.shown ? { type: 'ready', latest: saved.shown } : { type: 'ready' };
vscode.postMessage(ready);
performance.mark('parley:boot'); // read by `npm run bench`

const boot: Boot = {
  vscode,
  listen(handler) {
    for (const message of queue.splice(0)) handler(message);
    deliver = handler;
  },
};
(window as unknown as { parleyBoot: Boot }).parleyBoot = boot;
