import type { FromWebview, ToWebview } from '../shared/protocol';

/**
 * What the view keeps while it is hidden or the window reloads (VS Code's webview state):
 * the draft, and where the reader was: the message at the top of the view and how far above
 * the view's top it starts (absent: at the end of the conversation). A message, not a pixel
 * distance: heights of messages not yet laid out are estimates.
 */
export interface SavedState {
  draft?: string;
  /** The mode switch, kept across reloads. */
  mode?: 'ask' | 'agent';
  reading?: { conversationId: string; id: string; offset: number; block?: ReadingBlock };
}

/**
 * Within a long reply, the block (paragraph, list, code) at the top of the view: the start of
 * its text, which one of the reply's blocks it is, and how far above the view's top it starts.
 * A reply drawn whole after a reload is cut into other pieces than it was as it streamed, and
 * each cut adds a margin: a distance from the message's top alone lands a block or two away.
 */
export interface ReadingBlock {
  text: string;
  index: number;
  offset: number;
}

/** The part of VS Code's webview API the page uses. */
export interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}

/** What boot.ts leaves for main.ts: the API it acquired, and the messages that came before main.ts listened. */
export interface Boot {
  vscode: VsCodeApi;
  /** Hands `handler` what has arrived so far, in order, then each message as it comes. */
  listen(handler: (message: ToWebview) => void): void;
}

/** The boot script's hand-over (it runs first, in the page's head). */
export function boot(): Boot {
  return (window as unknown as { parleyBoot: Boot }).parleyBoot;
}
