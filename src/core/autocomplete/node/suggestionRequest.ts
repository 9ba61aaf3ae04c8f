/**
 * One suggestion request of a given kind (core/autocomplete/requestPlan.ts), sent whole (not
 * streamed: a suggestion is short and the last byte is what is shown), aborted by `signal`.
 * `/completions` and chat go through the `openai` SDK (Azure's URLs and headers included);
 * llama.cpp's `/infill` is not OpenAI's, so it is a plain fetch beside the `/v1` base.
 */
import { createClient, hostOf, toChatError, type Captured } from '../../client/node/transport';
import { messageFromBody } from '../../client/chatError';
import type { Profile } from '../../connection/profiles';
import type { RequestKind } from '../requestPlan';
import { fimPrompt } from '../fimTemplates';
import type { FimFamily } from '../fimFamily';
import { chatFillMessages, withoutThinking } from '../chatFill';
import { snippetContext, type PromptSnippet } from '../snippetPrompt';

export interface SuggestionAsk {
  kind: RequestKind;
  profile: Profile;
  model: string;
  key?: string;
  /** The text before and after the cursor, within the budget, masked. */
  prefix: string;
  suffix: string;
  /** From other files: comments before the prefix, or llama.cpp's `input_extra`, as the kind takes them. */
  snippets: readonly PromptSnippet[];
  family?: FimFamily;
  filePath?: string;
  languageId?: string;
  /** More than one line is wanted (the cursor is at an empty line or a line's end). */
  multiLine: boolean;
  /** `max_completion_tokens` for OpenAI's and Azure's chat models. */
  maxTokensParam?: 'max_tokens' | 'max_completion_tokens';
  signal: AbortSignal;
}

export interface SuggestionReply {
  text: string;
  /** The response's `Server` header: `llama.cpp` tells its `/infill` is there. */
  server?: string;
}

/** A failed request: the status and the server's own message, for the plan and the status bar. */
export class SuggestionError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly aborted = false,
    readonly server?: string,
  ) {
    super(message);
    this.name = 'SuggestionError';
  }
}

const SINGLE_LINE_TOKENS = 64;
const MULTI_LINE_TOKENS = 192;
const TEMPERATURE = 0.2;

export async function askSuggestion(ask: SuggestionAsk): Promise<SuggestionReply> {
  const { header, inputExtra } = snippetContext(ask.kind, ask.snippets, { path: ask.filePath ?? '', languageId: ask.languageId ?? '' });
  if (ask.kind === 'infill') return askInfill(ask, inputExtra);
  const preamble = header;
  const captured: Captured = {};
  const client = createClient(ask.profile, ask.key, captured);
  const maxTokens = ask.multiLine ? MULTI_LINE_TOKENS : SINGLE_LINE_TOKENS;
  try {
    if (ask.kind === 'chat') {
      const reply = await client.chat.completions.create(
        {
          model: ask.model,
          messages: chatFillMessages({ ...ask, preamble: preamble || undefined }) as never,
          [ask.maxTokensParam ?? 'max_tokens']: maxTokens,
          stream: false,
        },
        { signal: ask.signal },
      );
      return { text: withoutThinking(reply.choices[0]?.message?.content ?? ''), server: serverOf(captured) };
    }
    const fim =
      ask.kind === 'fimPrompt' && ask.family ? fimPrompt(ask.family, { prefix: preamble + ask.prefix, suffix: ask.suffix }) : undefined;
    const reply = await client.completions.create(
      {
        model: ask.model,
        prompt: fim ? fim.prompt : preamble + ask.prefix,
        ...(fim ? {} : { suffix: ask.suffix }),
        max_tokens: maxTokens,
        temperature: TEMPERATURE,
        ...(fim ? { stop: fim.stop.slice(0, 4) } : {}),
        stream: false,
      },
      { signal: ask.signal },
    );
    return { text: reply.choices[0]?.text ?? '', server: serverOf(captured) };
  } catch (raw) {
    const error = toChatError(raw, {
      host: hostOf(ask.profile),
      captured,
      timeouts: { firstTokenMs: 0, idleMs: 0 },
      userAborted: ask.signal.aborted,
    });
    throw new SuggestionError(error.detail, error.status, error.kind === 'aborted', serverOf(captured));
  }
}

function serverOf(captured: Captured): string | undefined {
  return captured.headers?.get('server') ?? undefined;
}

/** llama.cpp's server root: the base URL without its `/v1`. */
export function llamaRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

async function askInfill(ask: SuggestionAsk, extra: { filename: string; text: string }[]): Promise<SuggestionReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(ask.profile.headers))
    if (!ask.key || name.toLowerCase() !== 'authorization') headers[name] = value;
  if (ask.key) headers.authorization = `Bearer ${ask.key}`;
  const body = {
    // A router in front of llama.cpp (llama-swap, llama-server's router mode) picks the model by it.
    model: ask.model,
    input_prefix: ask.prefix,
    input_suffix: ask.suffix,
    input_extra: extra,
    n_predict: ask.multiLine ? MULTI_LINE_TOKENS : SINGLE_LINE_TOKENS,
    temperature: TEMPERATURE,
    cache_prompt: true,
    stream: false,
  };
  let response: Response;
  try {
    response = await fetch(`${llamaRoot(ask.profile.baseUrl)}/infill`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: ask.signal,
      // The key goes to this origin only, never to wherever a redirect points.
      redirect: 'error',
    });
  } catch (e) {
    if (ask.signal.aborted) throw new SuggestionError('Stopped.', undefined, true);
    throw new SuggestionError(networkMessage(e));
  }
  const server = response.headers.get('server') ?? undefined;
  const text = await response.text().catch((e) => {
    throw new SuggestionError(ask.signal.aborted ? 'Stopped.' : networkMessage(e), undefined, ask.signal.aborted, server);
  });
  if (!response.ok) throw new SuggestionError(messageFromBody(text), response.status, false, server);
  try {
    const content = (JSON.parse(text) as { content?: unknown }).content;
    return { text: typeof content === 'string' ? content : '', server };
  } catch {
    throw new SuggestionError(`The server sent a reply that is not JSON: ${text.slice(0, 200)}`, response.status, false, server);
  }
}

function networkMessage(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `${cause.code} (${cause.message ?? ''})` : e instanceof Error ? e.message : String(e);
}
