import type { FromWebview, ToWebview } from '../shared/protocol';

/** What the view keeps while it is hidden or the window reloads (VS Code's webview state). */
/** `scrollFromBottom`: the distance from the view's top to the end of the conversation. */
export interface SavedState { draft?: string; scrollFromBottom?: number }

declare function acquireVsCodeApi(): {
  postMessage(message: FromWebview): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
};

// A page may acquire the API only once.
const vscode = acquireVsCodeApi();

/** The one way to the extension, which validates every message on receipt (parseFromWebview). */
export function post(message: FromWebview): void {
  vscode.postMessage(message);
}

/** Messages from the extension, typed by the protocol. */
export function onMessage(handler: (message: ToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => handler(event.data));
}

export function savedState(): SavedState {
  return vscode.getState() ?? {};
}

export function saveState(state: SavedState): void {
  vscode.setState(state);
}
