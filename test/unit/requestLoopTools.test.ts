import * as assert from 'assert';
import { ChatError } from '../../src/core/client/chatError';
import { supportsTools } from '../../src/core/client/toolSupport';
import { parseProfile, type Profile } from '../../src/core/connection/profiles';
import { sendAdapting, type RequestLoopDeps } from '../../src/core/client/node/requestLoop';
import { DEFAULT_CAPS, type EndpointCaps, type GenerationOptions } from '../../src/core/types';
import { errorReply, startChatServer, textReply, toolCallReply, type ChatServer } from '../server/chatServer';

/** The request loop with tools, in plain Node against the real test server. */
describe('request loop: models without tools, and tool parameters refused', function () {
  this.timeout(20_000);
  let server: ChatServer;
  beforeEach(async () => {
    server = await startChatServer();
  });
  afterEach(async () => {
    assert.deepStrictEqual(
      server.invalidRequests().map((r) => r.invalid),
      [],
      'every request satisfies the OpenAPI spec',
    );
    await server.close();
  });

  /** Deps whose memory is one caps record per endpoint, as the extension keeps it. */
  function deps() {
    let known: EndpointCaps = DEFAULT_CAPS;
    const lines: string[] = [];
    const d: RequestLoopDeps = {
      key: async () => undefined,
      known: () => known,
      remember: async (_p, caps) => {
        known = caps;
      },
      timeouts: () => ({ firstTokenMs: 5000, idleMs: 5000 }),
      log: { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) },
    };
    return { d, lines, known: () => known };
  }
  const profile = (): Profile => parseProfile({ name: 'Local', baseUrl: server.url, model: 'gemma3:4b', needsKey: false }, 0);
  const tools: GenerationOptions['tools'] = [{ name: 'read_file', parameters: { type: 'object', properties: {} } }];
  const run = (d: RequestLoopDeps, extra: Partial<GenerationOptions> = {}) =>
    sendAdapting(
      profile(),
      [{ role: 'user', content: 'hi' }],
      { purpose: 'test', onEvent: () => undefined },
      { caps: d.known(profile()), generation: { model: 'gemma3:4b', tools, toolChoice: 'auto', parallelToolCalls: true, ...extra } },
      d,
    );

  const REFUSALS: [string, number, string][] = [
    ['Ollama', 400, 'registry.ollama.ai/library/gemma3:4b does not support tools'],
    ['llama.cpp without --jinja', 500, 'tools param requires --jinja flag'],
    ['an older llama.cpp', 500, 'Unsupported param: tools'],
    ['vLLM without auto tool choice', 400, '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set'],
  ];
  for (const [server_, status, message] of REFUSALS) {
    it(`${server_} (${status} "${message}"): asked again without tools, and the model is remembered as without tool calling`, async () => {
      server.enqueue(errorReply(status, message), textReply('Plain answer.'));
      const { d, known } = deps();
      const { result } = await run(d);
      assert.strictEqual(result.content, 'Plain answer.');
      assert.strictEqual(server.requests.length, 2, 'one retry, none by the client on a 500 that says so');
      assert.ok(server.requests[0].body.tools);
      assert.deepStrictEqual(
        ['tools', 'tool_choice', 'parallel_tool_calls'].map((k) => server.requests[1].body[k]),
        [undefined, undefined, undefined],
      );
      assert.strictEqual(supportsTools(known(), 'gemma3:4b'), false);
      assert.strictEqual(supportsTools(known(), 'qwen3:8b'), true, 'another model is not marked');
      // From now on this model is sent no tools at all.
      server.enqueue(textReply('Again.'));
      await run(d);
      assert.strictEqual(server.requests[2].body.tools, undefined);
    });
  }

  it('a reply that must call a tool fails with the reason and what to do, and the model is remembered', async () => {
    server.enqueue(errorReply(400, 'registry.ollama.ai/library/gemma3:4b does not support tools'));
    const { d, known } = deps();
    await assert.rejects(run(d, { toolChoice: 'required' }), (e: unknown) => {
      assert.ok(e instanceof ChatError && e.status === 400);
      assert.match(e.message, /does not support tools\. The model "gemma3:4b" does not call tools on this server/);
      return true;
    });
    assert.strictEqual(server.requests.length, 1);
    assert.strictEqual(supportsTools(known(), 'gemma3:4b'), false);
  });

  const PARAMETERS: [string, string, keyof EndpointCaps][] = [
    ['DeepSeek', 'deepseek-reasoner does not support this tool_choice', 'toolChoice'],
    ['Qwen in thinking mode', 'The tool_choice parameter does not support being set to required or object in thinking mode', 'toolChoice'],
    ['OpenAI o-series', "Unsupported parameter: 'parallel_tool_calls' is not supported with this model.", 'parallelToolCalls'],
  ];
  for (const [who, message, cap] of PARAMETERS) {
    it(`${who} refusing a tool parameter ("${message}"): left out, tools kept, remembered`, async () => {
      server.enqueue(errorReply(400, message), toolCallReply([{ id: 'c', name: 'read_file', arguments: '{}' }]));
      const { d, known } = deps();
      const { result } = await run(d, { toolChoice: { name: 'read_file' } });
      assert.deepStrictEqual(
        result.toolCalls.map((c) => c.name),
        ['read_file'],
      );
      const param = cap === 'toolChoice' ? 'tool_choice' : 'parallel_tool_calls';
      assert.notStrictEqual(server.requests[0].body[param], undefined);
      assert.strictEqual(server.requests[1].body[param], undefined);
      assert.ok(server.requests[1].body.tools, 'the tools are still sent');
      assert.strictEqual(known()[cap], false);
      assert.strictEqual(supportsTools(known(), 'gemma3:4b'), true);
    });
  }

  it('a request without tools sends none of the three', async () => {
    const { d } = deps();
    await run(d, { tools: undefined });
    assert.deepStrictEqual(
      ['tools', 'tool_choice', 'parallel_tool_calls'].map((k) => server.requests[0].body[k]),
      [undefined, undefined, undefined],
    );
  });
});
