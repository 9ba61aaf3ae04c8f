import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ChatServer } from '../server/chatServer';
import { errorReply, textReply, toolCallReply } from '../server/chatServer';
import { assertAllValid, useServer, waitFor } from './helpers';

/**
 * The tool parts of VS Code's Language Model API (1.104+), newer than @types/vscode here:
 * declared by shape and read off `vscode` at run time.
 */
interface ToolCallPart {
  callId: string;
  name: string;
  input: object;
}
interface LmTypes {
  LanguageModelToolCallPart: new (callId: string, name: string, input: object) => ToolCallPart;
  LanguageModelToolResultPart: new (callId: string, content: unknown[]) => unknown;
  LanguageModelTextPart: new (value: string) => { value: string };
  LanguageModelChatToolMode: { Auto: number; Required: number };
}
type ToolOptions = vscode.LanguageModelChatRequestOptions & { tools?: object[]; toolMode?: number };
type Response = vscode.LanguageModelChatResponse & { stream: AsyncIterable<unknown> };
type ModelWithCapabilities = vscode.LanguageModelChat & { capabilities?: { supportsToolCalling?: boolean } };

const api = vscode as unknown as Partial<LmTypes> & { lm: { registerLanguageModelChatProvider?: unknown } };
const types = (): LmTypes => api as LmTypes;

const READ_FILE = {
  name: 'read_file',
  description: 'Reads a file of the workspace',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};
const CALLS = [
  { id: 'call_a', name: 'read_file', arguments: '{"path":"src/a.ts"}' },
  { id: 'call_b', name: 'read_file', arguments: '{"path":"src/b.ts"}' },
];

async function parleyModel(name: string): Promise<ModelWithCapabilities> {
  return waitFor(`"${name}" among VS Code's models`, async () => {
    const models = await vscode.lm.selectChatModels({ vendor: 'parley' });
    return models.find((m) => m.name === name);
  });
}

/** Every part the reply streamed: text parts as their text, tool call parts as they are. */
async function partsOf(model: vscode.LanguageModelChat, messages: vscode.LanguageModelChatMessage[], options: ToolOptions) {
  const response = (await model.sendRequest(messages, options)) as Response;
  let text = '';
  const calls: ToolCallPart[] = [];
  for await (const part of response.stream) {
    if (part instanceof types().LanguageModelToolCallPart) calls.push(part);
    else if (part instanceof types().LanguageModelTextPart) text += part.value;
  }
  return { text, calls };
}

function assistantWith(parts: unknown[]): vscode.LanguageModelChatMessage {
  return (vscode.LanguageModelChatMessage.Assistant as unknown as (content: unknown[]) => vscode.LanguageModelChatMessage)(parts);
}

function userWith(parts: unknown[]): vscode.LanguageModelChatMessage {
  return (vscode.LanguageModelChatMessage.User as unknown as (content: unknown[]) => vscode.LanguageModelChatMessage)(parts);
}

describe("Tool calls through Parley's models (vscode.lm)", () => {
  let server: ChatServer | undefined;

  before(function () {
    if (typeof api.lm.registerLanguageModelChatProvider !== 'function' || typeof api.LanguageModelToolCallPart !== 'function') {
      console.log('    skipped: this host has no language model provider API (VS Code before 1.104)');
      this.skip();
    }
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("sends VS Code's tools and tool mode spec-valid, and returns two parallel calls streamed in pieces as tool call parts", async () => {
    server = await useServer({ models: ['test-model'] });
    const model = await parleyModel('Parley · Test server · test-model');
    server.enqueue(toolCallReply(CALLS, { split: 3, interleave: true, content: 'Reading both.' }));
    const reply = await partsOf(model, [vscode.LanguageModelChatMessage.User('Compare a.ts and b.ts')], {
      tools: [READ_FILE],
      toolMode: types().LanguageModelChatToolMode.Required,
    });
    assert.strictEqual(reply.text, 'Reading both.');
    assert.deepStrictEqual(
      reply.calls.map((c) => ({ callId: c.callId, name: c.name, input: c.input })),
      [
        { callId: 'call_a', name: 'read_file', input: { path: 'src/a.ts' } },
        { callId: 'call_b', name: 'read_file', input: { path: 'src/b.ts' } },
      ],
    );
    const body = server.requests.at(-1)?.body;
    assert.deepStrictEqual(body.tools, [
      { type: 'function', function: { name: 'read_file', description: READ_FILE.description, parameters: READ_FILE.inputSchema } },
    ]);
    assert.strictEqual(body.tool_choice, 'required');
    assertAllValid(server);
  });

  it('sends the calls and their results back as assistant tool_calls and tool messages, in call order, and streams the answer', async () => {
    server = await useServer({ models: ['test-model'] });
    const model = await parleyModel('Parley · Test server · test-model');
    server.enqueue(textReply('a.ts exports a, b.ts exports b.'));
    const { LanguageModelToolCallPart, LanguageModelToolResultPart, LanguageModelTextPart } = types();
    const messages = [
      vscode.LanguageModelChatMessage.User('Compare a.ts and b.ts'),
      assistantWith([
        new LanguageModelTextPart('Reading both.'),
        ...CALLS.map((c) => new LanguageModelToolCallPart(c.id, c.name, JSON.parse(c.arguments))),
      ]),
      // VS Code may list the results in any order: they go back in the order of the calls.
      userWith([
        new LanguageModelToolResultPart('call_b', [new LanguageModelTextPart('export const b = 2;')]),
        new LanguageModelToolResultPart('call_a', [new LanguageModelTextPart('export const a = 1;')]),
      ]),
    ];
    const reply = await partsOf(model, messages, { tools: [READ_FILE], toolMode: types().LanguageModelChatToolMode.Auto });
    assert.strictEqual(reply.text, 'a.ts exports a, b.ts exports b.');
    assert.deepStrictEqual(reply.calls, []);
    const sent = server.requests.at(-1)?.body;
    assert.deepStrictEqual(sent.messages.slice(-3), [
      {
        role: 'assistant',
        content: 'Reading both.',
        tool_calls: CALLS.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
      },
      { role: 'tool', tool_call_id: 'call_a', content: 'export const a = 1;' },
      { role: 'tool', tool_call_id: 'call_b', content: 'export const b = 2;' },
    ]);
    assert.strictEqual(sent.tool_choice, 'auto');
    assertAllValid(server);
  });

  it('never runs a call whose arguments are not JSON: the valid call is returned, the answer says why the other was not run', async () => {
    server = await useServer({ models: ['test-model'] });
    const model = await parleyModel('Parley · Test server · test-model');
    server.enqueue(toolCallReply([CALLS[0], { id: 'call_bad', name: 'read_file', arguments: '{"path": src/b.ts' }], { split: 4 }));
    const reply = await partsOf(model, [vscode.LanguageModelChatMessage.User('Compare a.ts and b.ts')], { tools: [READ_FILE] });
    assert.deepStrictEqual(
      reply.calls.map((c) => c.callId),
      ['call_a'],
    );
    assert.match(reply.text, /the model called the tool read_file with arguments that are not a JSON object \(.+\), so it was not run/);
  });

  it('answers without tools when the model refuses them, and lists that model without tool calling from then on', async () => {
    server = await useServer({ models: ['test-model', 'plain-model'] });
    const name = 'Parley · Test server · plain-model';
    const model = await parleyModel(name);
    assert.strictEqual(model.capabilities?.supportsToolCalling, true, 'listed with tool calling before it refused');
    const before = server.requests.length;
    server.enqueue(errorReply(400, 'registry.ollama.ai/library/plain-model does not support tools'), textReply('Plain answer.'));
    const reply = await partsOf(model, [vscode.LanguageModelChatMessage.User('Hello')], {
      tools: [READ_FILE],
      toolMode: types().LanguageModelChatToolMode.Auto,
    });
    assert.strictEqual(reply.text, 'Plain answer.');
    const [refused, answered] = server.requests.slice(before).map((r) => r.body);
    assert.ok(refused.tools, 'the first request carried the tools');
    assert.strictEqual(answered.tools, undefined);
    assert.strictEqual(answered.tool_choice, undefined);
    await waitFor(
      'the model listed without tool calling',
      async () => (await parleyModel(name)).capabilities?.supportsToolCalling === false,
    );
  });
});
