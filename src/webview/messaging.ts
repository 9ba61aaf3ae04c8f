import type { FromWebview, ToWebview } from '../shared/protocol';
import { boot, type SavedState } from './bootApi';

export type { ReadingBlock, SavedState } from './bootApi';

const { vscode, listen } = boot();

/** The one way to the extension, which validates every message on receipt (parseFromWebview). */
export function post(message: FromWebview): void {
  vscode.postMessage(message);
}

/** Messages from the extension, typed by the protocol: those that came while the page loaded first. */
export function onMessage(handler: (message: ToWebview) => void): void {
  listen(handler);
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
