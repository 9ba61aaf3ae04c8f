import * as assert from 'assert';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { budgetAfterOverflow, budgetForWindow, MIN_BUDGET } from '../../src/core/context/node/budget';
import { ChatError } from '../../src/core/client/chatError';
import { parseContextOverflow } from '../../src/core/client/contextOverflow';
import { renderText } from '../../src/core/context/contextRender';
import {
  lookUpWindow,
  OLLAMA_DEFAULT_NUM_CTX,
  windowFromLlamaCppProps,
  windowFromLmStudio,
  windowFromModelList,
  windowFromOllamaPs,
  windowFromOllamaShow,
} from '../../src/core/connection/contextWindow';
import { imageSize, imageTokens, imageTokensForSize, UNKNOWN_IMAGE_TOKENS } from '../../src/core/context/node/imageTokens';
import { parseProfile } from '../../src/core/connection/profiles';
import { sendAdapting, type RequestLoopDeps, type TrimReport } from '../../src/core/client/node/requestLoop';
import { countTokens } from '../../src/core/tokens/node/tokenCount';
import { messageTokens, requestTokens, RESULT_LEFT_OUT, trimToBudget } from '../../src/core/context/node/trim';
import { DEFAULT_CAPS, type ChatMessage, type ContextBlock } from '../../src/core/types';
import { errorReply, startChatServer, textReply, type ChatServer, type WindowShape } from '../server/chatServer';

/** What the server received, counted the way OpenAI counts a chat request (o200k_base). */
function receivedTokens(body: { messages: { content: string | { type: string; text?: string }[] }[] }): number {
  return body.messages.reduce((n, m) => {
    const text = typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join('');
    return n + encode(text).length + 4;
  }, 3);
}

describe('context window: what each server says', () => {
  it('reads the OpenAI-style model list of OpenRouter, vLLM, Groq and Mistral', () => {
    const list = (entry: Record<string, unknown>) => ({
      object: 'list',
      data: [
        { id: 'other', object: 'model', context_length: 1 },
        { id: 'm', object: 'model', ...entry },
      ],
    });
    assert.deepStrictEqual(windowFromModelList(list({ context_length: 131072 }), 'm'), {
      tokens: 131072,
      source: 'openai-models',
      field: 'context_length',
    });
    assert.deepStrictEqual(windowFromModelList(list({ max_model_len: 4096 }), 'm')?.field, 'max_model_len');
    assert.strictEqual(windowFromModelList(list({ context_window: 32768 }), 'm')?.tokens, 32768);
    assert.strictEqual(windowFromModelList(list({ max_context_length: 8192 }), 'm')?.tokens, 8192);
    assert.strictEqual(windowFromModelList(list({ top_provider: { context_length: 65536 } }), 'm')?.tokens, 65536);
    assert.strictEqual(windowFromModelList(list({}), 'm'), undefined, 'OpenAI itself says nothing');
    assert.strictEqual(windowFromModelList(list({ context_length: 1000 }), 'absent'), undefined, "only the profile's model counts");
    assert.strictEqual(windowFromModelList('<html>', 'm'), undefined);
    assert.strictEqual(windowFromModelList(list({ context_length: -5 }), 'm'), undefined);
  });

  it('reads LM Studio: the loaded context before the most the model could take', () => {
    const body = (e: Record<string, unknown>) => ({ object: 'list', data: [{ id: 'qwen2.5-7b-instruct', type: 'llm', ...e }] });
    assert.deepStrictEqual(windowFromLmStudio(body({ max_context_length: 32768 }), 'qwen2.5-7b-instruct'), {
      tokens: 32768,
      source: 'lmstudio',
      field: 'max_context_length',
    });
    assert.strictEqual(
      windowFromLmStudio(body({ max_context_length: 32768, loaded_context_length: 4096 }), 'qwen2.5-7b-instruct')?.tokens,
      4096,
    );
  });

  it("reads Ollama: num_ctx is what it runs with, else the loaded context, else its smallest default under the model's own", () => {
    const show = (parameters: string, ctx: number) => ({
      parameters,
      model_info: { 'general.architecture': 'qwen2', 'qwen2.context_length': ctx },
    });
    assert.deepStrictEqual(windowFromOllamaShow(show('num_ctx                        8192\nstop "<|im_end|>"', 32768)), {
      tokens: 8192,
      source: 'ollama',
      field: 'num_ctx',
    });
    assert.strictEqual(windowFromOllamaShow(show('stop "<|im_end|>"', 32768))?.tokens, OLLAMA_DEFAULT_NUM_CTX);
    assert.strictEqual(windowFromOllamaShow(show('', 2048))?.tokens, 2048, 'never more than the model was trained for');
    assert.strictEqual(
      windowFromOllamaShow({ model_info: { 'llama.context_length': 131072 } })?.tokens,
      OLLAMA_DEFAULT_NUM_CTX,
      'no general.architecture: any *.context_length',
    );
    assert.strictEqual(windowFromOllamaShow({ error: 'model not found' }), undefined);
    assert.strictEqual(
      windowFromOllamaPs({ models: [{ name: 'llama3.2:latest', model: 'llama3.2:latest', context_length: 32768 }] }, 'llama3.2')?.tokens,
      32768,
    );
    assert.strictEqual(windowFromOllamaPs({ models: [] }, 'llama3.2'), undefined);
  });

  it("reads llama.cpp's /props", () => {
    assert.strictEqual(windowFromLlamaCppProps({ default_generation_settings: { n_ctx: 8192 } })?.tokens, 8192);
    assert.strictEqual(windowFromLlamaCppProps({}), undefined);
  });
});

describe('context window: asked of the real test server in each shape', function () {
  this.timeout(20_000);
  let server: ChatServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const cases: [WindowShape, number, string][] = [
    [{ style: 'openrouter', tokens: 200_000 }, 200_000, 'context_length'],
    [{ style: 'vllm', tokens: 4096 }, 4096, 'max_model_len'],
    [{ style: 'lmstudio', tokens: 32768, loaded: 8192 }, 8192, 'loaded_context_length'],
    [{ style: 'ollama', trained: 131072, numCtx: 16384 }, 16384, 'num_ctx'],
    [{ style: 'ollama', trained: 131072, loaded: 32768 }, 32768, 'context_length of the loaded model'],
    [{ style: 'ollama', trained: 131072 }, OLLAMA_DEFAULT_NUM_CTX, 'default num_ctx (llama.context_length 131072)'],
    [{ style: 'llamacpp', tokens: 4096 }, 4096, 'n_ctx'],
  ];
  for (const [shape, tokens, field] of cases) {
    it(`${shape.style} ${JSON.stringify(shape)} → ${tokens}`, async () => {
      server = await startChatServer({ window: shape });
      const found = await lookUpWindow({
        endpoint: { baseUrl: server.url, apiStyle: 'openai', headers: {} },
        model: 'test-model',
        timeoutMs: 2000,
      });
      assert.deepStrictEqual([found?.tokens, found?.field], [tokens, field]);
    });
  }

  it('a server that says nothing gives no window, and the key goes only to its own origin', async () => {
    server = await startChatServer();
    const found = await lookUpWindow({
      endpoint: { baseUrl: server.url, apiStyle: 'openai', headers: {} },
      model: 'test-model',
      apiKey: 'sk-x',
      timeoutMs: 2000,
    });
    assert.strictEqual(found, undefined);
    assert.deepStrictEqual(server.lookups.map((r) => `${r.method} ${r.path}`).sort(), [
      'GET /api/v0/models',
      'GET /props',
      'GET /v1/models',
      'POST /api/show',
    ]);
    assert.strictEqual(server.lookups[0].path, '/v1/models', 'the model list first: it answers for most servers');
    for (const r of server.lookups) assert.strictEqual(r.headers.authorization, 'Bearer sk-x');
    assert.deepStrictEqual(server.requests, [], 'look-ups are kept apart from the chat requests');
  });

  it('a server that never answers is given up on within the timeout', async () => {
    const net = await import('net');
    const silent = net.createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    const port = (silent.address() as import('net').AddressInfo).port;
    const started = Date.now();
    const found = await lookUpWindow({
      endpoint: { baseUrl: `http://127.0.0.1:${port}/v1`, apiStyle: 'openai', headers: {} },
      model: 'm',
      timeoutMs: 200,
      signal: AbortSignal.timeout(500),
    });
    assert.strictEqual(found, undefined);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    silent.close();
  });
});

describe('context overflow: the wordings servers use', () => {
  const cases: [string, string, string | undefined, string | undefined, { limit?: number; requested?: number }][] = [
    [
      'OpenAI',
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the messages.",
      'context_length_exceeded',
      undefined,
      { limit: 128000, requested: 130512 },
    ],
    [
      'vLLM',
      "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.",
      'BadRequestError',
      undefined,
      { limit: 4096, requested: 5000 },
    ],
    [
      'vLLM, newer',
      "'max_tokens' or 'max_completion_tokens' is too large: 10000. This model's maximum context length is 16384 tokens and your request has 8000 input tokens (10000 > 16384 - 8000).",
      undefined,
      undefined,
      { limit: 16384, requested: 8000 },
    ],
    [
      'llama.cpp',
      'request (4476 tokens) exceeds the available context size (4096 tokens)',
      'exceed_context_size_error',
      '{"error":{"code":400,"message":"request (4476 tokens) exceeds the available context size (4096 tokens)","type":"exceed_context_size_error","n_prompt_tokens":4476,"n_ctx":4096}}',
      { limit: 4096, requested: 4476 },
    ],
    ['llama.cpp, older', 'the request exceeds the available context size, try increasing it', undefined, undefined, {}],
    [
      'llama.cpp, older with fields',
      'the request exceeds the available context size, try increasing it',
      'exceed_context_size_error',
      '{"error":{"code":400,"type":"exceed_context_size_error","n_prompt_tokens":9000,"n_ctx":8192}}',
      { limit: 8192, requested: 9000 },
    ],
    ['Ollama', 'the input length exceeds the context length', undefined, undefined, {}],
    [
      'LM Studio',
      'Trying to keep the first 5000 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens, which is not enough.',
      undefined,
      undefined,
      { limit: 4096 },
    ],
    [
      'Anthropic-style',
      'prompt is too long: 210000 tokens > 200000 maximum',
      'invalid_request_error',
      undefined,
      { limit: 200000, requested: 210000 },
    ],
    ['code only', 'Bad request', 'context_length_exceeded', undefined, {}],
  ];
  for (const [who, message, code, body, expected] of cases) {
    it(`${who}: ${message.slice(0, 60)}…`, () => {
      const parsed = parseContextOverflow(message, code, body);
      assert.ok(parsed, 'recognised');
      assert.deepStrictEqual(
        { limit: parsed.limit, requested: parsed.requested },
        { limit: expected.limit, requested: expected.requested },
      );
    });
  }

  it('other 400s are not overflows', () => {
    for (const m of [
      "Unsupported parameter: 'max_tokens' is not supported with this model.",
      'messages: too long',
      'Invalid API key',
      "Unsupported value: 'temperature'",
      'model not found',
    ]) {
      assert.strictEqual(parseContextOverflow(m, 'invalid_request_error'), undefined, m);
    }
  });
});

describe('budgets in real tokens', () => {
  it('the budget leaves room for the reply and a margin: larger where the count is an estimate', () => {
    assert.strictEqual(budgetForWindow(4096, 'llama3.2'), 4096 - 1024 - 410);
    assert.strictEqual(budgetForWindow(4096, 'gpt-4o-mini'), 4096 - 1024 - 82);
    assert.strictEqual(budgetForWindow(128_000, 'gpt-4o', 1000), 128_000 - 1000 - 2560);
    assert.strictEqual(budgetForWindow(300, 'x', 1000), MIN_BUDGET);
  });

  it('after an overflow: the named window, scaled by how much more the server counted', () => {
    const normal = budgetForWindow(4096, 'qwen', 500);
    assert.strictEqual(budgetAfterOverflow(5000, 'qwen', 500, 4096), normal);
    assert.strictEqual(budgetAfterOverflow(3000, 'qwen', 500, 4096, 4500), Math.floor(normal * (3000 / 4000)));
    assert.strictEqual(budgetAfterOverflow(4000, 'qwen', undefined), 3000, 'no window named: three quarters');
  });

  const block = (label: string, lines: number): ContextBlock => ({
    kind: 'file',
    label,
    path: label,
    language: 'ts',
    text: Array.from({ length: lines }, (_, i) => `export const value${i} = ${i} * 2; // a line of code`).join('\n'),
  });

  it('counts context blocks as rendered, and images by their tiles', () => {
    const m: ChatMessage = { role: 'user', content: 'What does this do?', context: [block('src/a.ts', 20)] };
    assert.strictEqual(messageTokens(m), countTokens(renderText(m)) + 4);
    assert.strictEqual(messageTokens(m), encode(renderText(m)).length + 4, 'the same as the tokenizer itself');
    assert.ok(messageTokens(m) > countTokens(m.content) + countTokens(m.context![0].text));
    const png = pngDataUrl(1024, 1024);
    assert.deepStrictEqual(imageSize(png), { width: 1024, height: 1024 });
    assert.strictEqual(imageTokens({ dataUrl: png }), 765);
    assert.strictEqual(imageTokensForSize(512, 512), 255);
    assert.strictEqual(imageTokensForSize(4000, 1000), 85 + 170 * 4 * 1, '2048×512 after scaling');
    assert.strictEqual(imageTokens({ dataUrl: 'data:image/png;base64,AAAA' }), UNKNOWN_IMAGE_TOKENS);
    assert.strictEqual(messageTokens({ ...m, images: [{ name: 'a.png', mimeType: 'image/png', dataUrl: png }] }), messageTokens(m) + 765);
  });

  it("an agent's steps: tool calls count, and trimming never leaves a tool result without the reply that called it", () => {
    const calls = [{ id: 'c1', name: 'read_file', arguments: JSON.stringify({ path: 'src/' + 'deep/'.repeat(40) + 'a.ts' }) }];
    const bare: ChatMessage = { role: 'assistant', content: '' };
    assert.ok(messageTokens({ ...bare, toolCalls: calls }) > messageTokens(bare) + 40, 'the call is counted');
    const steps: ChatMessage[] = [
      { role: 'user', content: 'fix the bug' },
      { role: 'assistant', content: '', toolCalls: calls },
      { role: 'tool', toolCallId: 'c1', content: 'file text '.repeat(300) },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c2', name: 'search_text', arguments: '{"query":"bug"}' }] },
      { role: 'tool', toolCallId: 'c2', content: 'a.ts:1: bug' },
    ];
    const history: ChatMessage[] = [
      { role: 'user', content: 'an older question '.repeat(40) },
      { role: 'assistant', content: 'an older answer '.repeat(40) },
    ];
    const all = [...history, ...steps];
    const wellFormed = (t: { messages: ChatMessage[] }) => {
      assert.strictEqual(t.messages[0].role, 'user', 'starts with a question');
      for (const [i, m] of t.messages.entries()) {
        if (m.role !== 'tool') continue;
        const caller = t.messages
          .slice(0, i)
          .reverse()
          .find((p) => p.role === 'assistant');
        assert.ok(
          caller?.toolCalls?.some((c) => c.id === m.toolCallId),
          `result ${m.toolCallId} kept with its call`,
        );
      }
    };
    // Room for the task but not the history: the history goes, the task stays whole.
    const t1 = trimToBudget(all, requestTokens(steps) + 5);
    wellFormed(t1);
    assert.deepStrictEqual(t1.messages, steps);
    assert.deepStrictEqual(t1.leftOut, [{ kind: 'messages', count: 2 }]);
    // Room for less than the task: the big result gives way to a note, the newest result stays.
    const t2 = trimToBudget(all, requestTokens(steps) - 100);
    wellFormed(t2);
    assert.strictEqual(t2.messages.length, steps.length);
    assert.strictEqual(t2.messages[2].content, RESULT_LEFT_OUT);
    assert.strictEqual(t2.messages[4].content, 'a.ts:1: bug');
    assert.ok(t2.tokens <= requestTokens(steps) - 100);
  });

  it("leaves out the oldest history first, then cuts or drops the newest message's largest blocks, never its text", () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'first question', context: [block('old.ts', 100)] },
      { role: 'assistant', content: 'first answer '.repeat(50) },
    ];
    const question = 'And how does this one work? '.repeat(5);
    const newest: ChatMessage = {
      role: 'user',
      content: question,
      context: [block('small.ts', 10), block('large.ts', 400)],
      images: [{ name: 'shot.png', mimeType: 'image/png', dataUrl: pngDataUrl(512, 512) }],
    };
    const all: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }, ...history, newest];
    const roomy = trimToBudget(all, 100_000);
    assert.deepStrictEqual([roomy.leftOut, roomy.upperBound], [[], true], 'far under budget: nothing counted');
    assert.ok(roomy.tokens >= requestTokens(all), 'the byte bound is never below the count');
    assert.strictEqual(
      trimToBudget(all, requestTokens(all)).tokens,
      requestTokens(all),
      'near the budget: counted exactly, and all of it fits',
    );

    const withoutHistory = requestTokens([all[0], newest]);
    const t1 = trimToBudget(all, withoutHistory + 10);
    assert.deepStrictEqual(t1.leftOut, [{ kind: 'messages', count: 2 }]);
    assert.deepStrictEqual(t1.messages, [all[0], newest]);

    const t2 = trimToBudget(all, withoutHistory - 500);
    assert.deepStrictEqual(t2.leftOut, [
      { kind: 'messages', count: 2 },
      { kind: 'block', label: 'large.ts', cut: true },
    ]);
    assert.ok(t2.tokens <= withoutHistory - 500, `${t2.tokens} fits`);
    const kept = t2.messages[1];
    assert.strictEqual(kept.content, question);
    assert.strictEqual(kept.context?.[0].text, newest.context![0].text, 'the small block is whole');
    assert.match(kept.context![1].text, /cut to fit the context window/);
    assert.strictEqual(requestTokens(t2.messages), t2.tokens);

    const t3 = trimToBudget(all, 50);
    assert.deepStrictEqual(
      t3.leftOut.map((l) => l.kind),
      ['messages', 'block', 'block', 'image'],
    );
    assert.deepStrictEqual(
      t3.messages[1],
      { role: 'user', content: question, context: undefined, images: undefined },
      'the question itself always goes',
    );
  });
});

describe('the tokenizer stays unloaded while nothing is near the budget', () => {
  it('a short conversation under a large budget is fitted without loading it (in a fresh Node)', () => {
    // The compiled modules this file already imported, loaded again in a Node of their own.
    const loaded = (name: string) =>
      Object.keys(require.cache).find((k) => k.endsWith(`${require('path').sep}node${require('path').sep}${name}.js`))!;
    const trim = loaded('trim');
    const count = loaded('tokenCount');
    const script =
      `const t=require(${JSON.stringify(trim)});const c=require(${JSON.stringify(count)});` +
      `const r=t.trimToBudget([{role:'user',content:'What does this do?',context:[{kind:'file',label:'a.ts',text:'x'.repeat(5000)}]}],100000);` +
      `console.log(JSON.stringify([r.leftOut.length,c.tokenizerLoadMs()===undefined]));`;
    const out = require('child_process').execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.deepStrictEqual(JSON.parse(out), [0, true]);
  });
});

describe('request loop: a context-length 400 is recovered by one trimmed retry', function () {
  this.timeout(20_000);
  let server: ChatServer;
  afterEach(async () => {
    assert.deepStrictEqual(
      server.invalidRequests().map((r) => r.invalid),
      [],
    );
    await server.close();
  });

  const long = (i: number): ChatMessage[] => [
    { role: 'user', content: `question ${i} ${'words and more words '.repeat(60)}` },
    { role: 'assistant', content: `answer ${i} ${'reply text goes on '.repeat(60)}` },
  ];
  const conversation: ChatMessage[] = [...long(1), ...long(2), ...long(3), ...long(4), { role: 'user', content: 'And now?' }];

  function deps() {
    const learnt: number[] = [];
    const lines: string[] = [];
    const d: RequestLoopDeps = {
      key: async () => undefined,
      known: () => DEFAULT_CAPS,
      remember: async () => undefined,
      learnWindow: (_p, tokens) => learnt.push(tokens),
      timeouts: () => ({ firstTokenMs: 5000, idleMs: 5000 }),
      log: { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) },
    };
    return { d, learnt, lines };
  }

  it('vLLM\'s "maximum context length is N": retried once under N, the user told what was left out', async () => {
    server = await startChatServer();
    server.enqueue(
      errorReply(
        400,
        "This model's maximum context length is 1024 tokens. However, you requested 2600 tokens (2100 in the messages, 500 in the completion). Please reduce the length of the messages or completion.",
      ),
      textReply('Fine.'),
    );
    const profile = parseProfile({ name: 'T', baseUrl: server.url, model: 'test-model', needsKey: false, maxTokens: 200 }, 0);
    const { d, learnt } = deps();
    const reports: TrimReport[] = [];
    const { result } = await sendAdapting(
      profile,
      conversation,
      { purpose: 'test', onEvent: () => undefined, onTrim: (r) => reports.push(r) },
      { caps: DEFAULT_CAPS, generation: { model: 'test-model', maxTokens: 200 }, budgetTokens: 100_000 },
      d,
    );
    assert.strictEqual(result.content, 'Fine.');
    assert.strictEqual(server.requests.length, 2, 'one retry');
    const [first, second] = server.requests.map((r) => receivedTokens(r.body));
    assert.ok(first > 1024, `the first request (${first}) was over`);
    assert.ok(second + 200 < 1024, `the retry (${second} + 200 for the reply) fits 1024`);
    assert.deepStrictEqual(learnt, [1024]);
    assert.strictEqual(reports.length, 1);
    assert.strictEqual(reports[0].overflow?.limit, 1024);
    assert.ok(reports[0].leftOut[0].kind === 'messages' && reports[0].leftOut[0].count > 0);
    const sent = server.requests[1].body.messages as { content: string }[];
    assert.strictEqual(sent.at(-1)!.content, 'And now?');
  });

  it('without a number (Ollama, old llama.cpp): three quarters of what was sent', async () => {
    server = await startChatServer();
    server.enqueue(errorReply(400, 'the request exceeds the available context size, try increasing it'), textReply('ok'));
    const profile = parseProfile({ name: 'T', baseUrl: server.url, model: 'test-model', needsKey: false }, 0);
    const { d } = deps();
    await sendAdapting(
      profile,
      conversation,
      { purpose: 'test', onEvent: () => undefined },
      { caps: DEFAULT_CAPS, generation: { model: 'test-model' } },
      d,
    );
    const [first, second] = server.requests.map((r) => receivedTokens(r.body));
    assert.ok(second <= first * 0.75, `${second} ≤ 0.75 × ${first}`);
  });

  it('a second overflow, or one with nothing left to leave out, ends with what to do: never a loop', async () => {
    server = await startChatServer();
    const overflow = errorReply(400, "This model's maximum context length is 300 tokens. However, your messages resulted in 900 tokens.");
    server.enqueue(overflow, overflow, overflow);
    const profile = parseProfile({ name: 'T', baseUrl: server.url, model: 'test-model', needsKey: false }, 0);
    const { d } = deps();
    await assert.rejects(
      sendAdapting(
        profile,
        conversation,
        { purpose: 'test', onEvent: () => undefined },
        { caps: DEFAULT_CAPS, generation: { model: 'test-model' } },
        d,
      ),
      (e: unknown) =>
        e instanceof ChatError &&
        e.status === 400 &&
        /maximum context length is 300/.test(e.message) &&
        /shorten your message/.test(e.message),
    );
    assert.strictEqual(server.requests.length, 2);
    server.requests.length = 0;
    server.enqueue(overflow);
    await assert.rejects(
      sendAdapting(
        profile,
        [{ role: 'user', content: 'short' }],
        { purpose: 'test', onEvent: () => undefined },
        { caps: DEFAULT_CAPS, generation: { model: 'test-model' } },
        d,
      ),
      /larger context window/,
    );
    assert.strictEqual(server.requests.length, 1, 'nothing to leave out: no pointless retry');
  });
});

/** A PNG header of the given size (enough for the size to be read). */
function pngDataUrl(width: number, height: number): string {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return `data:image/png;base64,${b.toString('base64')}`;
}
