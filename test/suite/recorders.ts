import type * as vscode from 'vscode';
import type { ParleyApi } from '../../src/extension';
import type { ToWebview, ViewState } from '../../src/shared/protocol';

/**
 * What Parley did, as the tests see it: each recorder listens to one of the events its parts
 * fire, from when it is started until it is disposed. Start one before what it should hear
 * (in a suite's `before`, or before the action): events are not replayed.
 */
export interface Recorder<T> extends vscode.Disposable {
  /** Everything heard, oldest first. */
  readonly all: readonly T[];
  /** A mark, to read with `since` what was heard after it. */
  mark(): number;
  since(mark: number): T[];
}

export function record<T>(event: vscode.Event<T>): Recorder<T> {
  const all: T[] = [];
  const listening = event((value) => all.push(value));
  return {
    all,
    mark: () => all.length,
    since: (mark) => all.slice(mark),
    dispose: () => listening.dispose(),
  };
}

/** Every message the chat view posts to its page. */
export function recordPosts(api: ParleyApi): Recorder<ToWebview> {
  return record(api.view.onDidPost);
}

/** Each whole state the chat view's page has had: posted, or carried in its HTML (still current when the page said `ready`). */
export function recordStates(api: ParleyApi): Recorder<ViewState> {
  return record(api.view.onDidGiveState);
}

/** Each search for local servers that starts. */
export function recordSearches(api: ParleyApi): Recorder<void> {
  return record(api.localServers.onDidSearch);
}

/** Each time the provider picker is shown: its items' labels. */
export function recordPicks(api: ParleyApi): Recorder<string[]> {
  return record(api.providerCommands.onDidShowPicks);
}

/** What the attachment tray told the user (nothing to attach, git unavailable). */
export function recordTrayNotices(api: ParleyApi): Recorder<string> {
  return record(api.attachments.onDidNotify);
}

/** The conversation store's writes, failed saves and what it told the user. */
export interface StoreRecorder extends vscode.Disposable {
  readonly writes: number;
  readonly saveFailures: number;
  readonly reported: readonly string[];
}

export function recordStore(api: ParleyApi): StoreRecorder {
  const writes = record(api.store.onDidWrite);
  const failures = record(api.store.onDidFailToSave);
  const notices = record(api.store.onDidNotify);
  return {
    get writes() {
      return writes.all.length;
    },
    get saveFailures() {
      return failures.all.length;
    },
    reported: notices.all,
    dispose: () => [writes, failures, notices].forEach((r) => r.dispose()),
  };
}
