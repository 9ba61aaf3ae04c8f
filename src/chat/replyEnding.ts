import * as vscode from 'vscode';
import { ChatError } from '../core/client/chatError';
import { errorMessage } from '../core/client/errorMessage';
import { isImageRejection } from '../core/context/contextRender';
import type { Ending } from '../core/conversation/conversation';
import type { Turn } from '../core/conversation/turn';
import type { StreamResult } from '../core/types';

/**
 * What is said under a reply that finished: how it finished when that was not plainly, its
 * usage. `note`: what was said while it streamed (the request was sent again with less).
 */
export function finishedEnding(result: StreamResult, note: string | undefined): Ending {
  if (result.finishReason === 'length') note = vscode.l10n.t('The reply was cut off at the token limit.');
  else if (result.finishReason === 'content_filter') note = vscode.l10n.t("The provider's content filter stopped the reply.");
  else if (!result.finishReason) note = vscode.l10n.t('The stream ended without saying it was complete; the reply may be cut short.');
  if (!result.content && !result.reasoning) note = vscode.l10n.t('The model sent an empty reply.');
  // Kept with the reply (and in its file): the usage line follows the conversation shown.
  return result.usage ? { note, usage: result.usage } : { note };
}

/** Where a failed reply's request went: what the messages about it name. */
export interface FailedRequest {
  turns: readonly Turn[];
  /** The window is closing: a stop is an interruption. */
  closing: boolean;
  model?: string;
  profileName?: string;
}

/** What is said under a reply that did not finish: stopped, interrupted, refused its images, or the error. */
export function failedEnding(e: unknown, request: FailedRequest, note: string | undefined): Ending {
  if (e instanceof ChatError && e.kind === 'aborted') {
    return {
      note: request.closing ? vscode.l10n.t('Interrupted: the window closed before the reply finished.') : vscode.l10n.t('Stopped.'),
    };
  }
  if (imagesRefused(e, request.turns)) {
    const error = vscode.l10n.t(
      'The model {0} does not accept images ({1}). Resend the question without its images, or choose a model that takes images.',
      request.model ?? '?',
      (e as ChatError).message,
    );
    return { note, imagesRejected: true, error };
  }
  const ending: Ending = { note, error: errorMessage(e) };
  if (e instanceof ChatError && e.kind === 'http' && e.status === 401) ending.keyFor = request.profileName;
  return ending;
}

/** A 400 about images, for a question that carried some. */
function imagesRefused(e: unknown, turns: readonly Turn[]): boolean {
  if (!(e instanceof ChatError) || e.kind !== 'http' || e.status !== 400 || !isImageRejection(e.detail)) return false;
  return turns.some((t) => t.role === 'user' && t.images?.length);
}
