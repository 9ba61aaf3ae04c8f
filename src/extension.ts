import type * as vscode from 'vscode';
import { registerActions, type ActionsApi } from './actions/registerActions';
import { registerChat, type Chat } from './chat/registerChat';
import { registerCommit } from './commit/registerCommit';
import { registerCommand } from './common/commands';
import { Disposable } from './common/dispose';
import { Command } from './common/ids';
import { lazyLog } from './common/log';
import { registerConnection, type Connection } from './connection/registerConnection';
import { registerExplain } from './explain/explainCommand';
import { registerRewrite, type RewriteApi } from './rewrite/registerRewrite';
import { registerTerminal } from './terminal/explainTerminal';

/** What activate returns: the extension's parts, for the integration tests. */
export interface ParleyApi extends Chat, Connection {
  rewrite: RewriteApi;
  actions: ActionsApi;
  activatedInMs: number;
  /** Parley's objects alive and not yet disposed (sessions, views, services), for the soak test. */
  liveDisposables(): number;
  /** Where the log channel writes (the tests check no key ever lands there). */
  logUri: vscode.Uri;
}

/** Wiring only: the list of Parley's features, each registering its own commands. Nothing runs here. */
export function activate(context: vscode.ExtensionContext): ParleyApi {
  const started = performance.now();
  const log = lazyLog(context);
  const connection = registerConnection(context, log);
  const chat = registerChat(context, connection, log);
  registerExplain(context, chat.chat, chat.view, log, connection.service);
  const rewrite = registerRewrite(context, { service: connection.service, log });
  registerCommit(context, connection.service, log);
  registerTerminal(context, chat.chat, chat.view, log);
  const actions = registerActions(context, { chat: chat.chat, view: chat.view }, log);
  context.subscriptions.push(registerCommand(Command.showLog, () => log().show(), log));
  return { ...connection, ...chat, rewrite, actions, logUri: context.logUri, liveDisposables: () => Disposable.live, activatedInMs: performance.now() - started };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
