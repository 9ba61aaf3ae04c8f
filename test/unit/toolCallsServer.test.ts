import * as assert from 'assert';
import { streamChat, type StreamChatRequest } from '../../src/core/client/node/chatClient';
import { buildChatRequest } from '../../src/core/client/chatRequest';
import {
  DEFAULT_CAPS,
  type ChatMessage,
  type Endpoint,
  type GenerationOptions,
  type StreamEvent,
  type ToolCall,
} from '../../src/core/types';
import { startChatServer, toolCallReply, toolUsingModel, type ChatServer } from '../server/chatServer';
import { schemaValidator } from '../server/specValidator';

const TOOLS: GenerationOptions['tools'] = [
  {
    name: 'read_file',
    description: 'Reads a file of the workspace.',
    parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  },
  { name: 'list_files' },
];

/** Tool calls through the real client, SSE reader and test server (every request and chunk spec-validated). */
describe('tool calls against the test server', function () {
  this.timeout(30_000);
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
    assert.deepStrictEqual(
      server.invalidResponses().map((r) => r.invalidResponse),
      [],
      'every chunk sent satisfies the OpenAPI spec',
    );
    await server.close();
  });

  const endpoint = (): Endpoint => ({ baseUrl: server.url, apiStyle: 'openai', headers: {} });
  async function ask(messages: ChatMessage[], extra: Partial<GenerationOptions> = {}) {
    const events: StreamEvent[] = [];
    const req: StreamChatRequest = {
      endpoint: endpoint(),
      body: buildChatRequest(messages, { model: 'test-model', tools: TOOLS, toolChoice: 'auto', ...extra }, DEFAULT_CAPS),
      timeouts: { firstTokenMs: 10_000, idleMs: 10_000 },
      onEvent: (e) => events.push(e),
    };
    const result = await streamChat(req);
    return { result, events, told: events.filter((e) => e.type === 'toolCall').map((e) => (e as { call: ToolCall }).call) };
  }
  const user: ChatMessage[] = [{ role: 'user', content: 'What is in a.ts?' }];
  const args = JSON.stringify({ path: 'src/ünï/a.ts' });

  it('sends the tools, the choice and parallel calls as the spec has them', async () => {
    await ask(user, { toolChoice: { name: 'read_file' }, parallelToolCalls: false });
    const body = server.requests[0].body;
    assert.deepStrictEqual(
      body.tools.map((t: any) => t.function.name),
      ['read_file', 'list_files'],
    );
    assert.deepStrictEqual(body.tool_choice, { type: 'function', function: { name: 'read_file' } });
    assert.strictEqual(body.parallel_tool_calls, false);
    for (const tool of body.tools) assert.deepStrictEqual(schemaValidator('ChatCompletionTool')(tool), []);
    assert.deepStrictEqual(schemaValidator('ChatCompletionToolChoiceOption')(body.tool_choice), []);
  });

  for (const [how, split, splitBytes] of [
    ['arguments in 8-character chunks', 8, undefined],
    ['one character per chunk', 1, undefined],
    ['one character per chunk, every byte its own TCP write', 1, 1],
  ] as const) {
    it(`reads a streamed call: ${how}`, async () => {
      server.enqueue({ ...toolCallReply([{ id: 'call_a', name: 'read_file', arguments: args }], { split }), splitBytes });
      const { result, told } = await ask(user);
      assert.deepStrictEqual(result.toolCalls, [{ id: 'call_a', name: 'read_file', arguments: args, parsed: { path: 'src/ünï/a.ts' } }]);
      assert.deepStrictEqual(told, result.toolCalls);
      assert.strictEqual(result.finishReason, 'tool_calls');
    });
  }

  it('reads parallel calls streamed side by side, after some text', async () => {
    server.enqueue(
      toolCallReply(
        [
          { id: 'a', name: 'read_file', arguments: args },
          { id: 'b', name: 'list_files', arguments: '' },
        ],
        { split: 3, interleave: true, content: 'Looking now.' },
      ),
    );
    const { result, told } = await ask(user);
    assert.strictEqual(result.content, 'Looking now.');
    assert.deepStrictEqual(
      result.toolCalls.map((c) => [c.id, c.name, c.arguments]),
      [
        ['a', 'read_file', args],
        ['b', 'list_files', '{}'],
      ],
    );
    assert.strictEqual(told.length, 2);
  });

  it('reads off-spec fragments real servers send: no id, no type, no index, arguments as an object', async () => {
    server.enqueue({
      steps: [
        { tool_calls: [{ function: { name: 'read_file', arguments: { path: 'a.ts' } } }], offSpec: true },
        { tool_calls: [{ function: { name: 'list_files', arguments: '' } }], offSpec: true },
        { finish_reason: 'tool_calls' },
      ],
    });
    const { result } = await ask(user);
    assert.deepStrictEqual(
      result.toolCalls.map((c) => [c.name, c.arguments, c.parsed]),
      [
        ['read_file', '{"path":"a.ts"}', { path: 'a.ts' }],
        ['list_files', '{}', {}],
      ],
    );
    assert.notStrictEqual(result.toolCalls[0].id, result.toolCalls[1].id);
  });

  it('reads the calls of a whole JSON answer, streamed request or not', async () => {
    for (const stream of [true, false]) {
      server.enqueue({ ...toolCallReply([{ id: 'j', name: 'read_file', arguments: args }]), json: true });
      const { result, told } = await ask(user, { stream });
      assert.deepStrictEqual(
        result.toolCalls.map((c) => [c.id, c.name, c.parsed]),
        [['j', 'read_file', { path: 'src/ünï/a.ts' }]],
        `stream ${stream}`,
      );
      assert.strictEqual(told.length, 1);
    }
  });

  it('keeps invalid JSON arguments as written, with the parse error', async () => {
    server.enqueue(toolCallReply([{ id: 'bad', name: 'read_file', arguments: '{"path": "a.ts"' }], { split: 1 }));
    const { result } = await ask(user);
    assert.strictEqual(result.toolCalls[0].arguments, '{"path": "a.ts"');
    assert.strictEqual(result.toolCalls[0].parsed, undefined);
    assert.ok(result.toolCalls[0].parseError);
  });

  it('a tool round trip: the call, then its result in the next request, spec-valid, over several turns', async () => {
    server.respond(
      toolUsingModel(
        [
          { id: 'call_1', name: 'list_files', arguments: '' },
          { id: 'call_2', name: 'read_file', arguments: args },
        ],
        (text) => `The file says: ${text}`,
        2,
      ),
    );
    const messages: ChatMessage[] = [...user];
    const results: Record<string, string> = { list_files: 'a.ts', read_file: 'export const a = 1;' };
    for (let turn = 0; turn < 5; turn++) {
      const { result } = await ask(messages);
      if (result.toolCalls.length === 0) {
        assert.strictEqual(result.content, 'The file says: export const a = 1;');
        break;
      }
      messages.push({ role: 'assistant', content: result.content, toolCalls: result.toolCalls });
      for (const call of result.toolCalls) messages.push({ role: 'tool', content: results[call.name], toolCallId: call.id });
    }
    assert.strictEqual(server.requests.length, 3, 'two calls, then the answer');
    const last = server.requests[2].body.messages;
    assert.deepStrictEqual(
      last.map((m: any) => m.role),
      ['user', 'assistant', 'tool', 'assistant', 'tool'],
    );
    assert.deepStrictEqual(last[1], {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'list_files', arguments: '{}' } }],
    });
    assert.deepStrictEqual(last[4], { role: 'tool', content: 'export const a = 1;', tool_call_id: 'call_2' });
    assert.deepStrictEqual(schemaValidator('ChatCompletionRequestAssistantMessage')(last[3]), []);
    assert.deepStrictEqual(schemaValidator('ChatCompletionRequestToolMessage')(last[4]), []);
  });

  it('the spec the server checks against holds tool shapes to it (the checks can fail)', () => {
    const chunkProblems = schemaValidator('ChatCompletionMessageToolCallChunk');
    assert.deepStrictEqual(chunkProblems({ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{' } }), []);
    assert.notDeepStrictEqual(
      chunkProblems({ index: 0, function: { name: 'f', arguments: { a: 1 } } }),
      [],
      'object arguments are off the spec',
    );
    assert.notDeepStrictEqual(chunkProblems({ function: { name: 'f', arguments: '{}' } }), [], 'a fragment without index is off the spec');
    const toolMessage = schemaValidator('ChatCompletionRequestToolMessage');
    assert.notDeepStrictEqual(toolMessage({ role: 'tool', content: 'x' }), [], 'a tool result needs its call id');
  });
});
