/**
 * Parley's models in VS Code's own chat (and for any extension through `vscode.lm`): the list,
 * the reply streamed through Parley's request loop, and token counts with Parley's tokenizer.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../core/client/errorMessage';
import { isRefusal } from '../core/client/supportProbe';
import { maskSecrets } from '../core/context/maskSecrets';
import { AnswerRelay } from '../core/lm/answerRelay';
import { toWireMessages } from '../core/lm/lmMessages';
import { generationHints } from '../core/lm/lmOptions';
import { callInput, toolOptions } from '../core/lm/lmTools';
import { countTokens } from '../core/tokens/node/tokenCount';
import type { ChatMessage, StreamEvent, ToolCall } from '../core/types';
import * as settings from '../common/settings';
import { Disposable } from '../common/dispose';
import type { CompletionService } from '../connection/completionService';
import type { LmApi, LmChatInformation, LmChatProvider, LmRequestMessage, LmResponseOptions } from './lmApi';
import { readMessages, messageText } from './lmRequestMessages';
import type { LmModelList } from './lmModelList';
import type { ModelAccess } from './modelAccess';

export class ParleyChatProvider extends Disposable implements LmChatProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  constructor(
    private readonly api: LmApi,
    private readonly service: CompletionService,
    private readonly models: LmModelList,
    private readonly access: ModelAccess,
  ) {
    super();
  }

  /** The list changed (settings; a model's tools or images, through the service's onDidChangeSupport): VS Code asks again. */
  fireChanged(): void {
    this.changed.fire();
  }

  async provideLanguageModelChatInformation(
    options: { readonly silent: boolean },
    token: vscode.CancellationToken,
  ): Promise<LmChatInformation[]> {
    const abort = abortOn(token);
    try {
      return await this.models.list(options.silent, abort.signal);
    } finally {
      abort.dispose();
    }
  }

  async provideLanguageModelChatResponse(
    model: LmChatInformation,
    messages: readonly LmRequestMessage[],
    options: LmResponseOptions,
    progress: vscode.Progress<unknown>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const profile = this.models.profileFor(model.id);
    if (!profile)
      throw new Error(
        vscode.l10n.t('{0} is no longer set up in Parley: pick another model, or run "Parley: Choose Provider".', model.name),
      );
    const wire = toWireMessages(readMessages(messages));
    const relay = new AnswerRelay(this.service.caps(profile).reasoningVia === 'think tags', (text) =>
      progress.report(this.api.textPart(text)),
    );
    const onEvent = (event: StreamEvent) => {
      if (event.type === 'toolCall') progress.report(this.toolCallPart(event.call));
      else relay.push(event);
    };
    const abort = abortOn(token);
    try {
      // Another extension uses the user's key only once they allowed it: asked before anything is sent.
      await this.access.check(options.requestInitiator, profile);
      await this.service.runWith(
        profile,
        settings.maskSecrets() ? wire.map(masked) : wire,
        { purpose: 'language model', signal: abort.signal, onEvent },
        { ...generationHints(options.modelOptions), ...toolOptions(options.tools, options.toolMode) },
      );
      relay.end();
    } catch (e) {
      if (token.isCancellationRequested) return;
      // Remembered for the model, so VS Code lists it without image input (a model without tools
      // is remembered by the request loop, which asks again without them).
      if (wire.some((m) => m.images?.length) && isRefusal('images', e)) await this.service.rememberImagesRefused(profile);
      // One sentence (the server's message, the status, what to do), never a stack: VS Code's
      // chat shows the stack that crosses to it after the message, so none crosses.
      const error = new Error(errorMessage(e));
      error.stack = '';
      throw error;
    } finally {
      abort.dispose();
    }
  }

  /**
   * A finished call as VS Code's part. Arguments that are not a JSON object are never run with
   * an input the model did not write: the answer says so instead, and the model reads it next turn.
   */
  private toolCallPart(call: ToolCall): unknown {
    const input = callInput(call);
    if ('input' in input) return this.api.toolCallPart(call.id, call.name, input.input);
    return this.api.textPart(
      `\n${vscode.l10n.t('(Parley: the model called the tool {0} with arguments that are not a JSON object ({1}), so it was not run.)', call.name, input.problem)}\n`,
    );
  }

  async provideTokenCount(_model: LmChatInformation, text: string | LmRequestMessage): Promise<number> {
    return countTokens(typeof text === 'string' ? text : messageText(text));
  }
}

/** Secrets in what is sent (tool results read from files too) masked, as everywhere in Parley. */
function masked(message: ChatMessage): ChatMessage {
  return { ...message, content: maskSecrets(message.content).text };
}

/** An AbortController aborted when the token is cancelled: cancelling aborts the HTTP request. */
function abortOn(token: vscode.CancellationToken): AbortController & vscode.Disposable {
  const abort = new AbortController();
  const listener = token.onCancellationRequested(() => abort.abort());
  if (token.isCancellationRequested) abort.abort();
  return Object.assign(abort, { dispose: () => listener.dispose() });
}
