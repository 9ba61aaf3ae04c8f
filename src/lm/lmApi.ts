/**
 * The few types of VS Code's Language Model Chat Provider API (finalized in VS Code 1.104) that
 * Parley uses, declared here because `engines.vscode` (and so `@types/vscode`) stays at 1.93:
 * where the API is missing, Parley registers no provider and nothing else changes. Read off
 * `vscode.lm` and the part classes at run time, never assumed.
 */
import * as vscode from 'vscode';
import type { LmToolInfo } from '../core/lm/lmTools';

export interface LmChatInformation {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly version: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly tooltip?: string;
  readonly detail?: string;
  readonly capabilities: { readonly toolCalling?: boolean | number; readonly imageInput?: boolean };
}

/** A message as VS Code hands it to a provider; its parts are VS Code's classes (read by shape). */
export interface LmRequestMessage {
  readonly role: number;
  readonly content: ReadonlyArray<unknown>;
  readonly name: string | undefined;
}

export interface LmResponseOptions {
  readonly modelOptions?: { readonly [name: string]: unknown };
  readonly tools?: readonly LmToolInfo[];
  /** 1 Auto, 2 Required. */
  readonly toolMode?: number;
  /**
   * Who asks: the calling extension's id as a lower-case key, or "core" when VS Code itself
   * does. Undefined where VS Code does not pass it (hosts older than the ones that do).
   */
  readonly requestInitiator?: string;
}

export interface LmChatProvider<T extends LmChatInformation = LmChatInformation> {
  readonly onDidChangeLanguageModelChatInformation?: vscode.Event<void>;
  provideLanguageModelChatInformation(options: { readonly silent: boolean }, token: vscode.CancellationToken): vscode.ProviderResult<T[]>;
  provideLanguageModelChatResponse(
    model: T,
    messages: readonly LmRequestMessage[],
    options: LmResponseOptions,
    progress: vscode.Progress<unknown>,
    token: vscode.CancellationToken,
  ): Thenable<void>;
  provideTokenCount(model: T, text: string | LmRequestMessage, token: vscode.CancellationToken): Thenable<number>;
}

/** What Parley needs of the API where it exists. */
export interface LmApi {
  register(vendor: string, provider: LmChatProvider): vscode.Disposable;
  /** A text part for `progress.report` (VS Code checks the class, so it must be VS Code's own). */
  textPart(value: string): unknown;
  /** A tool call part for `progress.report` (VS Code's own class, as for text). */
  toolCallPart(callId: string, name: string, input: object): unknown;
}

type TextPartClass = new (value: string) => unknown;
type ToolCallPartClass = new (callId: string, name: string, input: object) => unknown;

/** The API, or undefined in a VS Code without it (before 1.104, or a host that leaves it out). */
export function languageModelApi(): LmApi | undefined {
  const lm = (vscode as { lm?: { registerLanguageModelChatProvider?: unknown } }).lm;
  const register = lm?.registerLanguageModelChatProvider;
  const api = vscode as unknown as { LanguageModelTextPart?: TextPartClass; LanguageModelToolCallPart?: ToolCallPartClass };
  const TextPart = api.LanguageModelTextPart;
  const ToolCallPart = api.LanguageModelToolCallPart;
  if (typeof register !== 'function' || typeof TextPart !== 'function' || typeof ToolCallPart !== 'function') return undefined;
  return {
    register: (vendor, provider) => (register as (v: string, p: LmChatProvider) => vscode.Disposable).call(lm, vendor, provider),
    textPart: (value) => new TextPart(value),
    toolCallPart: (id, name, input) => new ToolCallPart(id, name, input),
  };
}

/** VS Code's message roles (LanguageModelChatMessageRole; System is 3 where VS Code sends one). */
export const LmRole = { user: 1, assistant: 2, system: 3 } as const;
