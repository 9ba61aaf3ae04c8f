import type { FromWebview, ToWebview } from '../shared/protocol';

/**
 * What the view keeps while it is hidden or the window reloads (VS Code's webview state):
 * the draft, and where the reader was: the message at the top of the view and how far above
 * the view's top it starts (absent: at the end of the conversation), and how many messages were
 * on screen. A message, not a pixel distance: heights of messages not yet laid out are estimates.
 */
export interface SavedState {
  draft?: string;
  reading?: { conversationId: string; id: string; offset: number };
  shown?: number;
}

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

let saved: SavedState = vscode.getState() ?? {};

export function savedState(): SavedState {
  return { ...saved };
}

/** Changes part of the saved state, keeping the rest. */
export function saveState(patch: Partial<SavedState>): void {
  saved = { ...saved, ...patch };
  vscode.setState(saved);
}
