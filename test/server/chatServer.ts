/**
 * A real Chat Completions server for tests: HTTP on 127.0.0.1, real SSE framing, scripted
 * replies and faults, and every request recorded and validated against the OpenAPI spec; so is
 * what it sends (chunks, completions, the model list), except what a test breaks on purpose.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { completionRoutes, type CompletionOptions, type CompletionReply, type CompletionRequest } from './completionRoutes';
import { schemaValidator, validateResponse, type ResponseKind } from './specValidator';

/** One step of a streamed reply. */
export type StreamStep =
  | { content: string; delayMs?: number }
  | { reasoning_content: string; delayMs?: number }
  | { reasoning: string; delayMs?: number }
  | { finish_reason: string; delayMs?: number }
  /** Written as-is after `data: ` (a malformed chunk, say). */
  | { rawData: string; delayMs?: number }
  /** An SSE comment line (`: keep-alive`). */
  | { comment: string; delayMs?: number }
  /** A chunk with empty `choices`, as Azure's content-filter results are. */
  | { emptyChoices: true; delayMs?: number }
  /** A delta with a role and no content. */
  | { roleOnly: true; delayMs?: number }
  /**
   * A delta with these `tool_calls` fragments. `offSpec` marks shapes real servers send that the
   * spec does not allow (arguments as an object, no index): sent, not validated.
   */
  | { tool_calls: ToolCallFragment[]; delayMs?: number; offSpec?: true }
  | { error: Record<string, unknown>; delayMs?: number }
  /** Destroys the socket here. */
  | { cut: true; delayMs?: number }
  /** Stops sending anything without closing (a stalled stream). */
  | { stall: true }
  /** Sends nothing more until the test lets it go on (the test does something mid-stream). */
  | { until: Promise<unknown> };

/** One `delta.tool_calls` item (the spec's ChatCompletionMessageToolCallChunk, or an off-spec shape). */
export interface ToolCallFragment {
  index?: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: unknown };
}

export interface ScriptedReply {
  /** Non-2xx status: the reply is `body` (an OpenAI error body by default), not a stream. */
  status?: number;
  body?: string | Record<string, unknown>;
  headers?: Record<string, string>;
  /** Destroy the socket before sending any headers. */
  cutBeforeHeaders?: boolean;
  /** Delay before the headers. */
  headersDelayMs?: number;
  steps?: StreamStep[];
  /** Omit the final `data: [DONE]`. */
  noDone?: boolean;
  /** Write the stream in pieces of this many bytes, one TCP write each (odd SSE splits). */
  splitBytes?: number;
  /** Answer even a streamed request with one whole JSON completion, as some gateways do. */
  json?: boolean;
  /** The whole completion to answer with, sent as it is and not validated (shapes real servers send off the spec). */
  completion?: Record<string, unknown>;
  /** The SSE framing's line ends (the rules allow CRLF and a lone CR as well as LF). */
  lineEnd?: '\n' | '\r\n' | '\r';
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** Problems the spec found in the body; empty for a valid one. */
  invalid: string[];
  /** Problems the spec found in what the server sent back (scripted breaks aside): the test server drifted. */
  invalidResponse: string[];
  /** Set when the client closed the connection before the reply ended. */
  closedEarly: boolean;
  /** Epoch ms when the whole request had arrived (the bench's phases). */
  receivedAt: number;
  /** The server's performance.now() when the whole request had arrived, before it parsed the body (the agent bench's steps). */
  arrivedAt: number;
  /** The server's performance.now() as it wrote the reply's last byte; unset while it streams, or when the client left first. */
  lastByteAt?: number;
}

export interface ChatServer {
  /** Base URL, e.g. http://127.0.0.1:43123/v1 */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Parley's context-window look-ups (User-Agent "… context window …"), apart from `requests`. */
  lookups: RecordedRequest[];
  /** The model lists VS Code's chat asked Parley for (User-Agent "… model list for VS Code …"), apart from `requests`. */
  listings: RecordedRequest[];
  /** Requests whose body failed the spec: a test that sees one should fail. */
  invalidRequests(): RecordedRequest[];
  /** Requests the server answered with something the spec rejects: a test that sees one should fail. */
  invalidResponses(): RecordedRequest[];
  /** Queue replies for the next chat requests, in order; the default reply is used after. */
  enqueue(...replies: ScriptedReply[]): void;
  /** A model: asked for each request the queue has no reply for (before the default); undefined falls through. */
  respond(model: ((body: any) => ScriptedReply | undefined) | undefined): void;
  setDefault(reply: ScriptedReply): void;
  /** Autocomplete's routes (test/server/completionRoutes.ts): a model asked for each request the queue has no reply for. */
  respondCompletion(model: ((req: CompletionRequest) => CompletionReply | undefined) | undefined): void;
  /** Queue replies for the next completions or infill requests, in order. */
  enqueueCompletion(...replies: CompletionReply[]): void;
  /** Resolves when the request with this index has ended (served or closed by the client). */
  settled(index: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/**
 * How the server tells the model's context window, in the shape of one real server:
 * OpenRouter (`context_length` in /v1/models), vLLM (`max_model_len` in /v1/models), LM Studio
 * (`GET /api/v0/models`, `max_context_length` and `loaded_context_length`), Ollama (`POST
 * /api/show`: `model_info["<arch>.context_length"]` and `num_ctx` in `parameters`; `GET
 * /api/ps`: `context_length` of a loaded model), llama.cpp (`GET /props`, `n_ctx`).
 */
export type WindowShape =
  | { style: 'openrouter'; tokens: number }
  | { style: 'vllm'; tokens: number }
  | { style: 'lmstudio'; tokens: number; loaded?: number }
  | { style: 'ollama'; trained: number; numCtx?: number; loaded?: number }
  | { style: 'llamacpp'; tokens: number };

export interface ChatServerOptions extends CompletionOptions {
  /** Says the models' context window in this server's shape (none by default). */
  window?: WindowShape;
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  /**
   * The server the test server answers as, in its headers and its 401 body: `llamacpp` is
   * llama.cpp's llama-server (`Server: llama.cpp` on every answer, a missing key refused with
   * `{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}`);
   * `openai` (the default) OpenAI's words. It also picks autocomplete's routes: see
   * test/server/completionRoutes.ts (`/infill` only like llama.cpp).
   */
  like?: 'openai' | 'llamacpp';
  /** Waits this long before answering `GET /models` (a server busy loading a model). */
  modelsDelayMs?: number;
  models?: string[];
  validate?: boolean;
  /** A fixed port (0, the default, picks a free one): e.g. 11434 to stand in for Ollama. */
  port?: number;
  /**
   * Answer any request with an image part as a text-only model does: 400 in OpenAI's words, or
   * (`like: 'llamacpp'`) 500 in llama-server's without --mmproj.
   */
  rejectImages?: boolean;
  /**
   * Answer any request with `tools` as a model without tool calling does: 400 in Ollama's words,
   * or (`like: 'llamacpp'`) 500 in llama-server's without --jinja.
   */
  rejectTools?: boolean;
}

/** How a model that takes no tools, or no images, refuses a request that has them: the status and the words. */
function refusal(what: 'tools' | 'images', like: ChatServerOptions['like'], model: string): { status: number; body: unknown } {
  if (like === 'llamacpp') {
    const message =
      what === 'tools'
        ? 'tools param requires --jinja flag'
        : 'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj';
    return { status: 500, body: { error: { code: 500, message, type: 'server_error' } } };
  }
  if (what === 'tools') {
    const message = `registry.ollama.ai/library/${model} does not support tools`;
    return { status: 400, body: { error: { message, type: 'api_error', param: null, code: null } } };
  }
  return {
    status: 400,
    body: {
      error: {
        message: 'Invalid content type. image_url is only supported by certain models.',
        type: 'invalid_request_error',
        param: 'messages.[0].content.[1].type',
        code: null,
      },
    },
  };
}

/** True when a (valid) request body carries an `image_url` content part. */
export function hasImagePart(body: any): boolean {
  return (
    Array.isArray(body?.messages) &&
    body.messages.some((m: any) => Array.isArray(m?.content) && m.content.some((p: any) => p?.type === 'image_url'))
  );
}

/** Splits text into word-ish tokens so replies stream the way real models do. */
export function tokens(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

export function textReply(text: string, opts: { delayMs?: number; finish?: string } = {}): ScriptedReply {
  return {
    steps: [...tokens(text).map((t) => ({ content: t, delayMs: opts.delayMs })), { finish_reason: opts.finish ?? 'stop' }],
  };
}

/** A call the scripted model makes: its arguments text is streamed in pieces. */
export interface ScriptedCall {
  /** Omitted: the fragments carry no id (as some servers send them). */
  id?: string;
  name: string;
  arguments: string;
}

/**
 * A reply that calls tools the way OpenAI streams it: optional text first, then per call a
 * first fragment with index, id, type and name and empty arguments, then the arguments in
 * pieces of `split` characters (1: one character per chunk), then `finish_reason: "tool_calls"`.
 * `interleave` sends the calls' argument pieces in turn (parallel calls streamed side by side).
 */
export function toolCallReply(calls: ScriptedCall[], opts: { split?: number; content?: string; interleave?: boolean } = {}): ScriptedReply {
  const split = opts.split ?? 8;
  const steps: StreamStep[] = opts.content ? tokens(opts.content).map((t) => ({ content: t })) : [];
  const pieces = calls.map((call) => (call.arguments.match(new RegExp(`[^]{1,${split}}`, 'g')) ?? []) as string[]);
  const first = (call: ScriptedCall, index: number): ToolCallFragment => ({
    index,
    ...(call.id !== undefined ? { id: call.id } : {}),
    type: 'function',
    function: { name: call.name, arguments: '' },
  });
  const piece = (index: number, text: string): StreamStep => ({ tool_calls: [{ index, function: { arguments: text } }] });
  if (opts.interleave) {
    calls.forEach((call, i) => steps.push({ tool_calls: [first(call, i)] }));
    for (let n = 0; n < Math.max(0, ...pieces.map((p) => p.length)); n++) {
      pieces.forEach((p, i) => n < p.length && steps.push(piece(i, p[n])));
    }
  } else {
    calls.forEach((call, i) => steps.push({ tool_calls: [first(call, i)] }, ...pieces[i].map((p) => piece(i, p))));
  }
  steps.push({ finish_reason: 'tool_calls' });
  return { steps };
}

/**
 * A model that calls a tool and then answers: a request whose last message is a tool result
 * gets `answer(result)`, any other gets `call`. Over several turns, `calls` are made in order
 * (one per request) until a tool result follows the last.
 */
export function toolUsingModel(calls: ScriptedCall[], answer: (toolResult: string) => string, split = 8): (body: any) => ScriptedReply {
  return (body) => {
    const messages: any[] = body?.messages ?? [];
    const results = messages.filter((m) => m.role === 'tool').length;
    const last = messages.at(-1);
    if (last?.role === 'tool' && results >= calls.length) return textReply(answer(String(last.content)));
    return toolCallReply([calls[Math.min(results, calls.length - 1)]], { split });
  };
}

export function errorReply(status: number, message: string, headers?: Record<string, string>): ScriptedReply {
  return { status, headers, body: { error: { message, type: 'invalid_request_error', param: null, code: null } } };
}

/** The whole (non-streamed) completion a scripted reply stands for. */
export function completionOf(steps: StreamStep[], model: string): Record<string, unknown> {
  const join = (key: 'content' | 'reasoning_content' | 'reasoning') =>
    steps.map((s) => (key in s ? (s as unknown as Record<string, string>)[key] : '')).join('');
  const calls = toolCallsOf(steps);
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: calls.length && !join('content') ? null : join('content'),
    refusal: null,
  };
  if (calls.length) message.tool_calls = calls;
  if (join('reasoning_content')) message.reasoning_content = join('reasoning_content');
  if (join('reasoning')) message.reasoning = join('reasoning');
  const finish =
    steps
      .map((s) => ('finish_reason' in s ? s.finish_reason : undefined))
      .filter(Boolean)
      .pop() ?? 'stop';
  const completionTokens = steps.filter((s) => 'content' in s).length;
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
    usage: { prompt_tokens: 5, completion_tokens: completionTokens, total_tokens: 5 + completionTokens },
  };
}

/** The calls a reply's fragments add up to, merged by index (as a whole completion carries them). */
function toolCallsOf(steps: StreamStep[]): Record<string, unknown>[] {
  const calls: { id?: string; type: 'function'; function: { name: string; arguments: string } }[] = [];
  for (const step of steps) {
    if (!('tool_calls' in step)) continue;
    for (const f of step.tool_calls) {
      const call = (calls[f.index ?? calls.length - 1] ??= { type: 'function', function: { name: '', arguments: '' } });
      if (f.id) call.id = f.id;
      if (f.function?.name) call.function.name += f.function.name;
      if (typeof f.function?.arguments === 'string') call.function.arguments += f.function.arguments;
    }
  }
  return calls.map((c, i) => ({ id: c.id ?? `call_test_${i}`, type: c.type, function: c.function }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startChatServer(options: ChatServerOptions = {}): Promise<ChatServer> {
  const validate = options.validate === false ? () => [] : schemaValidator();
  /** Records (and logs) what the spec finds in something the server is about to send. */
  const checkSent = (record: RecordedRequest, kind: ResponseKind, payload: unknown, what: string = kind) => {
    if (options.validate === false) return;
    const problems = validateResponse(kind, payload);
    if (problems.length === 0) return;
    record.invalidResponse.push(...problems.map((p) => `${what}: ${p}`));
    console.error(`test server: ${record.method} ${record.path} sent a ${what} the OpenAPI spec rejects: ${problems.join('; ')}`);
  };
  const requests: RecordedRequest[] = [];
  const lookups: RecordedRequest[] = [];
  const listings: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  let fallback: ScriptedReply = textReply('Hello from the test server.');
  let model: ((body: any) => ScriptedReply | undefined) | undefined;
  const waiters = new Map<number, (r: RecordedRequest) => void>();
  const ended = new Set<number>();
  const sockets = new Set<import('net').Socket>();
  const completions = completionRoutes(options);

  const markEnded = (index: number) => {
    ended.add(index);
    waiters.get(index)?.(requests[index]);
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const arrivedAt = performance.now();
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname + url.search,
      headers: req.headers,
      body,
      invalid: [],
      invalidResponse: [],
      closedEarly: false,
      receivedAt: Date.now(),
      arrivedAt,
    };
    // Parley's context-window look-ups, and the model lists VS Code's chat asks Parley for, say
    // so in their User-Agent: kept apart, so tests that count or index the chat requests are not
    // thrown by them.
    const agent = String(req.headers['user-agent'] ?? '');
    const apart = /context window/i.test(agent) ? lookups : /model list for VS Code/i.test(agent) ? listings : undefined;
    const lookup = apart !== undefined;
    const index = lookup ? -1 : requests.push(record) - 1;
    apart?.push(record);
    let finished = false;
    res.on('close', () => {
      if (!finished) record.closedEarly = true;
      if (!lookup) markEnded(index);
    });
    const done = () => {
      finished = true;
      record.lastByteAt = performance.now();
      res.end();
    };
    if (options.like === 'llamacpp') res.setHeader('server', 'llama.cpp');
    const sendJson = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.write(typeof json === 'string' ? json : JSON.stringify(json));
      done();
    };

    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendJson(
        401,
        options.like === 'llamacpp'
          ? { error: { code: 401, message: 'Invalid API Key', type: 'authentication_error' } }
          : { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
      );
    }
    const w = options.window;
    const ids = options.models ?? ['test-model', 'test-model-large'];
    if (w?.style === 'lmstudio' && req.method === 'GET' && url.pathname === '/api/v0/models') {
      return sendJson(200, {
        object: 'list',
        data: ids.map((id) => ({
          id,
          object: 'model',
          type: 'llm',
          publisher: 'parley-test',
          arch: 'llama',
          compatibility_type: 'gguf',
          quantization: 'Q4_K_M',
          state: w.loaded ? 'loaded' : 'not-loaded',
          max_context_length: w.tokens,
          ...(w.loaded ? { loaded_context_length: w.loaded } : {}),
        })),
      });
    }
    if (w?.style === 'ollama' && req.method === 'POST' && url.pathname === '/api/show') {
      if (!ids.includes(body?.model)) return sendJson(404, { error: `model '${body?.model}' not found` });
      return sendJson(200, {
        modelfile: '# test',
        parameters: w.numCtx
          ? `num_ctx                        ${w.numCtx}\nstop                           "<|eot_id|>"`
          : 'stop                           "<|eot_id|>"',
        template: '{{ .Prompt }}',
        details: { format: 'gguf', family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
        model_info: {
          'general.architecture': 'llama',
          'general.parameter_count': 3212749888,
          'llama.context_length': w.trained,
          'llama.embedding_length': 3072,
        },
        capabilities: ['completion'],
      });
    }
    if (w?.style === 'ollama' && req.method === 'GET' && url.pathname === '/api/ps') {
      return sendJson(200, {
        models: w.loaded
          ? ids.map((id) => ({
              name: id,
              model: id,
              size: 1,
              digest: 'x',
              expires_at: '2030-01-01T00:00:00Z',
              size_vram: 1,
              context_length: w.loaded,
            }))
          : [],
      });
    }
    if (w?.style === 'llamacpp' && req.method === 'GET' && url.pathname === '/props') {
      return sendJson(200, { default_generation_settings: { n_ctx: w.tokens, params: {} }, total_slots: 1, model_path: 'model.gguf' });
    }
    if (req.method === 'GET' && /\/models$/.test(url.pathname)) {
      if (options.modelsDelayMs) await sleep(options.modelsDelayMs);
      if (res.destroyed) return;
      const extra = (): Record<string, unknown> =>
        w?.style === 'openrouter'
          ? { context_length: w.tokens, top_provider: { context_length: w.tokens, is_moderated: false } }
          : w?.style === 'vllm'
            ? { max_model_len: w.tokens, root: 'test', parent: null }
            : {};
      const list = { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'parley-test', ...extra() })) };
      checkSent(record, 'models', list);
      return sendJson(200, list);
    }
    const fim = completions.routeOf(record.method, url.pathname);
    if (fim) return completions.serve(fim, { res, body, record, sendJson, done });
    if (req.method !== 'POST' || !/\/chat\/completions$/.test(url.pathname)) {
      return sendJson(404, {
        error: { message: `No route for ${req.method} ${url.pathname}`, type: 'invalid_request_error', param: null, code: null },
      });
    }
    record.invalid = validate(body);
    if (record.invalid.length > 0) {
      return sendJson(400, {
        error: { message: `Invalid request: ${record.invalid.join('; ')}`, type: 'invalid_request_error', param: null, code: null },
      });
    }
    const refused =
      options.rejectTools && Array.isArray(body?.tools) && body.tools.length > 0
        ? refusal('tools', options.like, String(body.model))
        : options.rejectImages && hasImagePart(body)
          ? refusal('images', options.like, String(body.model))
          : undefined;
    if (refused) return sendJson(refused.status, refused.body);
    const reply = queue.shift() ?? model?.(body) ?? fallback;
    if (reply.headersDelayMs) await sleep(reply.headersDelayMs);
    if (reply.cutBeforeHeaders) {
      req.socket.destroy();
      return;
    }
    if (reply.status && reply.status >= 300) {
      const errorBody = reply.body ?? {
        error: { message: `Scripted status ${reply.status}`, type: 'server_error', param: null, code: null },
      };
      res.writeHead(reply.status, { 'content-type': typeof errorBody === 'string' ? 'text/html' : 'application/json', ...reply.headers });
      res.write(typeof errorBody === 'string' ? errorBody : JSON.stringify(errorBody));
      return done();
    }
    if (reply.completion) return sendJson(200, reply.completion, reply.headers);
    if (body?.stream !== true || reply.json) {
      const completion = completionOf(reply.steps ?? [], body?.model ?? 'test-model');
      checkSent(record, 'completion', completion);
      return sendJson(200, completion, reply.headers);
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-request-id': `req_test_${index}`,
      ...reply.headers,
    });
    res.flushHeaders();
    const chunk = (delta: Record<string, unknown>, finish: string | null = null, choices = true) => ({
      id: 'chatcmpl-test',
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: choices ? [{ index: 0, delta, finish_reason: finish, logprobs: null }] : [],
    });
    req.socket.setNoDelay(true);
    const write = async (framed: string) => {
      const text = reply.lineEnd ? framed.replace(/\n/g, reply.lineEnd) : framed;
      if (!reply.splitBytes) {
        res.write(text);
        return;
      }
      const bytes = Buffer.from(text, 'utf8');
      for (let i = 0; i < bytes.length && !res.destroyed; i += reply.splitBytes) {
        res.write(bytes.subarray(i, i + reply.splitBytes));
        await sleep(1);
      }
    };
    const send = (data: unknown) => write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    /** A chunk the spec must accept (rawData and error steps, broken on purpose, use send). */
    let sent = 0;
    const sendChunk = (data: Record<string, unknown>) => {
      checkSent(record, 'chunk', data, `chunk ${sent++}`);
      return send(data);
    };
    let completion = 0;
    for (const step of reply.steps ?? []) {
      if (res.destroyed) return;
      if ('delayMs' in step && step.delayMs) await sleep(step.delayMs);
      if (res.destroyed) return;
      if ('stall' in step) return; // never ends: the client must time out or stop
      if ('until' in step) {
        await step.until;
        continue;
      }
      if ('cut' in step) {
        // Let what was written reach the client first, so the cut is really mid-stream.
        await new Promise<void>((r) => res.write('', () => r()));
        await sleep(20);
        req.socket.destroy();
        return;
      }
      if ('content' in step) {
        completion++;
        await sendChunk(chunk({ content: step.content }));
      } else if ('reasoning_content' in step) await sendChunk(chunk({ reasoning_content: step.reasoning_content }));
      else if ('reasoning' in step) await sendChunk(chunk({ reasoning: step.reasoning }));
      else if ('finish_reason' in step) await sendChunk(chunk({}, step.finish_reason));
      else if ('rawData' in step) await send(step.rawData);
      else if ('comment' in step) await write(`: ${step.comment}\n\n`);
      else if ('emptyChoices' in step) await sendChunk({ ...chunk({}, null, false), prompt_filter_results: [] });
      else if ('roleOnly' in step) await sendChunk(chunk({ role: 'assistant' }));
      else if ('tool_calls' in step) {
        const data = chunk({ tool_calls: step.tool_calls });
        await (step.offSpec ? send(data) : sendChunk(data));
      } else if ('error' in step) await send({ error: step.error });
    }
    if (res.destroyed) return;
    if (body.stream_options?.include_usage) {
      await sendChunk({
        ...chunk({}, null, false),
        usage: {
          prompt_tokens: JSON.stringify(body.messages).length >> 2,
          completion_tokens: completion,
          total_tokens: (JSON.stringify(body.messages).length >> 2) + completion,
        },
      });
    }
    if (!reply.noDone) await send('[DONE]');
    done();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    lookups,
    listings,
    invalidRequests: () => requests.filter((r) => r.invalid.length > 0),
    invalidResponses: () => requests.filter((r) => r.invalidResponse.length > 0),
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    respond: (next) => {
      model = next;
    },
    setDefault: (reply) => {
      fallback = reply;
    },
    respondCompletion: completions.respond,
    enqueueCompletion: completions.enqueue,
    settled: (index) => (ended.has(index) ? Promise.resolve(requests[index]) : new Promise((resolve) => waiters.set(index, resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
