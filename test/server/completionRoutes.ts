/**
 * The test server's fill-in-the-middle routes, for autocomplete: OpenAI's legacy
 * `POST …/completions` (`prompt` + `suffix`, or `prompt` alone with raw FIM tokens; whole or
 * streamed) and llama.cpp's `POST /infill`. Bodies are validated against the OpenAPI extract
 * (CreateCompletionRequest/Response) and test/spec/llamacpp-infill.schema.json; so is what is sent.
 *
 * Which routes a server has follows the server it stands for. OpenAI-like (the default):
 * `/completions` takes `suffix`, `/infill` is 404. llama.cpp (`like: 'llamacpp'`): `/infill` is
 * served and `/v1/completions` accepts `suffix` and ignores it, as llama-server b1-80fb11a does
 * (it answers from the prompt alone, 200); `completionSuffix: 'refuse'` answers as older
 * llama-servers did. `completions: false` has no `/completions` at all (404, as Groq).
 */
import type * as http from 'http';
import type { RecordedRequest } from './chatServer';
import { infillValidator, schemaValidator, validateResponse, type Validate } from './specValidator';

export type CompletionRoute = 'completions' | 'infill';

/** A scripted answer to a completions or infill request. */
export interface CompletionReply {
  /** The suggestion (the default: a plausible line of code). */
  text?: string;
  /** A status of 300 or more answers with `body` (an error body in the route's words by default). */
  status?: number;
  /** Sent as it is, not validated (an off-spec body, or the error body for `status`). */
  body?: string | object;
  /** Wait this long before the headers. */
  delayMs?: number;
  /** Never answer, until the client leaves (`closedEarly`). */
  stall?: true;
}

export interface CompletionRequest {
  route: CompletionRoute;
  /** The body as the model sees it: without `suffix` where the server ignores it. */
  body: any;
}

export interface CompletionOptions {
  like?: 'openai' | 'llamacpp';
  validate?: boolean;
  /** false: no `/completions` route at all (404), so clients fall back to chat. */
  completions?: boolean;
  /**
   * What `/completions` does with `suffix`: `take` it (OpenAI-like default), `ignore` it
   * (llama.cpp's default: llama-server b1-80fb11a answers 200 from the prompt alone), or
   * `refuse` it as older llama-servers did: 500 `Unsupported param: suffix`.
   */
  completionSuffix?: 'take' | 'ignore' | 'refuse';
}

/** What a route needs of the exchange the chat server set up. */
export interface Exchange {
  res: http.ServerResponse;
  body: any;
  record: RecordedRequest;
  sendJson(status: number, json: unknown, headers?: Record<string, string>): void;
  done(): void;
}

export const DEFAULT_COMPLETION_TEXT = 'return a + b;';

/** llama-server's words for a parameter its OpenAI-compatible /v1/completions does not take (before b1-80fb11a). */
export const LLAMACPP_SUFFIX_REFUSAL = { error: { code: 500, message: 'Unsupported param: suffix', type: 'server_error' } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const openAiError = (message: string, type = 'invalid_request_error') => ({ error: { message, type, param: null, code: null } });

export function completionRoutes(options: CompletionOptions) {
  const queue: CompletionReply[] = [];
  let model: ((req: CompletionRequest) => CompletionReply | undefined) | undefined;
  const off: Validate = () => [];
  const validateRequest = {
    completions: options.validate === false ? off : schemaValidator('CreateCompletionRequest'),
    infill: options.validate === false ? off : infillValidator('InfillRequest'),
  };
  const suffixMode = options.completionSuffix ?? (options.like === 'llamacpp' ? 'ignore' : 'take');

  /** The route a path asks for, when this server has it. */
  const routeOf = (method: string, pathname: string): CompletionRoute | undefined => {
    if (method !== 'POST') return undefined;
    if (/\/completions$/.test(pathname) && !/\/chat\/completions$/.test(pathname))
      return options.completions === false ? undefined : 'completions';
    return pathname === '/infill' && options.like === 'llamacpp' ? 'infill' : undefined;
  };

  async function serve(route: CompletionRoute, ex: Exchange): Promise<void> {
    const { body, record } = ex;
    record.invalid = validateRequest[route](body);
    if (record.invalid.length > 0) return ex.sendJson(400, openAiError(`Invalid request: ${record.invalid.join('; ')}`));
    let seen = body;
    if (route === 'completions' && body.suffix !== undefined && suffixMode !== 'take') {
      if (suffixMode === 'refuse') return ex.sendJson(500, LLAMACPP_SUFFIX_REFUSAL);
      seen = { ...body };
      delete seen.suffix;
    }
    const reply = queue.shift() ?? model?.({ route, body: seen }) ?? {};
    if (reply.delayMs) await sleep(reply.delayMs);
    if (ex.res.destroyed || reply.stall) return; // a stall ends only when the client leaves
    if (reply.status && reply.status >= 300) {
      const message = `Scripted status ${reply.status}`;
      const llama = { error: { code: reply.status, message, type: 'server_error' } };
      return ex.sendJson(reply.status, reply.body ?? (route === 'infill' ? llama : openAiError(message, 'server_error')));
    }
    if (reply.body !== undefined) return ex.sendJson(200, reply.body);
    const text = reply.text ?? DEFAULT_COMPLETION_TEXT;
    if (route === 'infill')
      return ex.sendJson(200, checked(record, infillValidator('InfillResponse'), infillResponse(text, seen), 'infill response'));
    if (body.stream === true) return streamCompletion(ex, text);
    return ex.sendJson(
      200,
      checked(record, (b) => validateResponse('textCompletion', b), textCompletion(text, body.model, 'stop'), 'completion'),
    );
  }

  /** SSE of text_completion chunks, as OpenAI and llama.cpp stream them, then `data: [DONE]`. */
  async function streamCompletion(ex: Exchange, text: string): Promise<void> {
    ex.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    ex.res.flushHeaders();
    const pieces = text.match(/\s*\S+|\s+/g) ?? [];
    const send = (data: unknown) => ex.res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    pieces.forEach((piece, i) => send(checkedChunk(ex.record, textCompletion(piece, ex.body.model, null), i)));
    send(checkedChunk(ex.record, textCompletion('', ex.body.model, 'stop'), pieces.length));
    send('[DONE]');
    ex.done();
  }

  /** Records what the schema finds in something about to be sent: the test server drifted. */
  function checked<T>(record: RecordedRequest, validate: Validate, payload: T, what: string): T {
    if (options.validate === false) return payload;
    const problems = validate(payload);
    record.invalidResponse.push(...problems.map((p) => `${what}: ${p}`));
    if (problems.length)
      console.error(`test server: ${record.method} ${record.path} sent a ${what} its schema rejects: ${problems.join('; ')}`);
    return payload;
  }

  /**
   * The spec has no chunk schema for streamed legacy completions: OpenAI streams
   * CreateCompletionResponse objects whose finish_reason is null until the last. Checked as that
   * schema with the null allowed.
   */
  function checkedChunk(record: RecordedRequest, chunk: ReturnType<typeof textCompletion>, n: number) {
    const asFinal = { ...chunk, choices: chunk.choices.map((c) => ({ ...c, finish_reason: c.finish_reason ?? 'stop' })) };
    checked(record, (b) => validateResponse('textCompletion', b), asFinal, `chunk ${n}`);
    return chunk;
  }

  return {
    routeOf,
    serve,
    respond: (next: ((req: CompletionRequest) => CompletionReply | undefined) | undefined) => {
      model = next;
    },
    enqueue: (...replies: CompletionReply[]) => {
      queue.push(...replies);
    },
  };
}

/** A legacy completion, whole (finish `stop`) or a streamed chunk (finish null until the last). */
export function textCompletion(text: string, model: unknown, finish: 'stop' | 'length' | null) {
  return {
    id: 'cmpl-test',
    object: 'text_completion' as const,
    created: Math.floor(Date.now() / 1000),
    model: typeof model === 'string' ? model : 'test-model',
    choices: [{ text, index: 0, logprobs: null, finish_reason: finish }],
    ...(finish
      ? {
          usage: {
            prompt_tokens: 5,
            completion_tokens: (text.match(/\S+/g) ?? []).length,
            total_tokens: 5 + (text.match(/\S+/g) ?? []).length,
          },
        }
      : {}),
  };
}

/** llama-server's non-streamed /infill answer, with the keys the real one sends (test/fixtures/llamacpp/infill-response.json). */
export function infillResponse(text: string, body: any) {
  const predicted = (text.match(/\S+/g) ?? []).length + 1;
  const evaluated = JSON.stringify([body.input_prefix, body.input_suffix, body.input_extra ?? []]).length >> 2;
  return {
    index: 0,
    content: text,
    tokens: [],
    id_slot: 0,
    stop: true,
    model: 'test-model',
    tokens_predicted: predicted,
    tokens_evaluated: evaluated,
    generation_settings: { n_predict: body.n_predict ?? -1, stop: body.stop ?? [], temperature: body.temperature ?? 0.8 },
    prompt: `<|fim_prefix|>${body.input_prefix}<|fim_suffix|>${body.input_suffix}<|fim_middle|>${body.prompt ?? ''}`,
    has_new_line: text.includes('\n'),
    truncated: false,
    stop_type: 'eos',
    stopping_word: '',
    tokens_cached: evaluated,
    timings: { prompt_n: evaluated, prompt_ms: 1, predicted_n: predicted, predicted_ms: 1 },
  };
}
