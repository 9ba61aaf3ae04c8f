/**
 * The errors the request loop ends with when what the server said needs a next step of its own:
 * the server's words, status and request id kept, with what the user can do.
 */
import { ChatError } from './chatError';
import type { Profile } from '../connection/profiles';

/** A context-length error nothing more can be trimmed for: the server's words and what to do. */
export function tooLong(error: ChatError, limit?: number): ChatError {
  const window = limit ? `${limit.toLocaleString('en-US')} tokens` : "the model's context window";
  return withNext(
    error,
    `The request does not fit ${window} even with earlier messages and attached context left out: shorten your message or selection, or choose a model with a larger context window ("Parley: Choose Model").`,
  );
}

/** A 401 to a profile that sends no key: the server's words, and how to give it one. */
export function keyWanted(error: ChatError, profile: Profile): ChatError {
  return withNext(
    error,
    `This server asks for an API key and the profile "${profile.name}" sends none: run "Parley: Set API Key" to enter one.`,
  );
}

/** A model that takes no tools, asked for a reply that must call one. */
export function toolsUnsupported(error: ChatError, model: string): ChatError {
  return withNext(error, `The model "${model}" does not call tools on this server: choose a model that does, or ask without tools.`);
}

/** The same HTTP error (the server's words, status, request id kept) with its own next step. */
function withNext(error: ChatError, next: string): ChatError {
  return new ChatError({
    kind: 'http',
    status: error.status,
    detail: error.detail,
    host: error.host,
    requestId: error.requestId,
    code: error.code,
    body: error.body,
    next,
  });
}
