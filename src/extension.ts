import type * as vscode from 'vscode';
import { registerActions, type ActionsApi } from './actions/registerActions';
import { registerAutocomplete, type AutocompleteApi } from './autocomplete/registerAutocomplete';
import { registerAgent, type AgentApi } from './agent/registerAgent';
import { registerChat, type ChatParts } from './chat/registerChat';
import { registerCommit } from './commit/registerCommit';
import { registerCommand } from './common/commands';
import { Disposable } from './common/dispose';
import { Command } from './common/ids';
import { lazyLog } from './common/log';
import { AnswerablePrompts, type UserPrompts } from './common/userPrompts';
import { registerConnection, type Connection } from './connection/registerConnection';
import { registerExplain } from './explain/explainCommand';
import { registerLanguageModels } from './lm/registerLm';
import { registerRewrite, type RewriteApi } from './rewrite/registerRewrite';
import { registerTerminal } from './terminal/explainTerminal';

/** What activate returns: the extension's parts, for the integration tests. */
export interface ParleyApi extends ChatParts, Connection {
  rewrite: RewriteApi;
  actions: ActionsApi;
  agent: AgentApi;
  autocomplete: AutocompleteApi;
  /**
   * Answers Parley's input boxes and modal questions with `standIn` (what it leaves out still
   * goes to VS Code) until the returned disposable is disposed: a test answers as a person would.
   */
  answerPrompts(standIn: Partial<UserPrompts>): vscode.Disposable;
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
  const prompts = new AnswerablePrompts();
  const connection = registerConnection(context, { prompts, log });
  const { service } = connection;
  // Agent mode's tools need the rewrite review, registered after the chat: asked for late.
  let agent: AgentApi | undefined;
  const agentTools = () => agent?.tools() ?? Promise.resolve([]);
  const chat = registerChat(context, { service, localServers: connection.localServers, prompts, log, agentTools });
  registerExplain(context, { chat: chat.panel, service, log });
  const rewrite = registerRewrite(context, { service, log });
  agent = registerAgent(context, {
    reviews: rewrite,
    ask: (callId, question, options, signal) => chat.questions.ask(callId, question, options, signal),
    approve: (request) => chat.approvals.ask(request),
    prompts,
    log,
  });
  registerCommit(context, { service, log });
  registerTerminal(context, { chat: chat.panel, log });
  const actions = registerActions(context, { chat: chat.panel, log });
  registerLanguageModels(context, { service, localServers: connection.localServers, prompts, log });
  const autocomplete = registerAutocomplete(context, { service, localServers: connection.localServers, log });
  context.subscriptions.push(registerCommand(Command.showLog, () => log().show(), log));
  return {
    ...connection,
    ...chat,
    rewrite,
    actions,
    agent,
    autocomplete,
    answerPrompts: (standIn) => prompts.answerWith(standIn),
    logUri: context.logUri,
    liveDisposables: () => Disposable.live,
    activatedInMs: performance.now() - started,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
