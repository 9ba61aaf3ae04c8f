import * as assert from 'assert';
import { AnswerRelay } from '../../src/core/lm/answerRelay';
import { toWireMessages, type LmMessage } from '../../src/core/lm/lmMessages';
import { lmModelId, lmModelName, parseLmModelId } from '../../src/core/lm/lmModelIds';
import { generationHints } from '../../src/core/lm/lmOptions';
import { callInput, LmToolMode, toolOptions } from '../../src/core/lm/lmTools';
import type { StreamEvent, ToolCall } from '../../src/core/types';

describe("VS Code's chat messages into Chat Completions messages", () => {
  it('joins text parts, keeps roles, and leaves empty messages out', () => {
    const messages: LmMessage[] = [
      { role: 'system', parts: [{ kind: 'text', text: 'Be brief.' }] },
      {
        role: 'user',
        parts: [
          { kind: 'text', text: 'Hello, ' },
          { kind: 'text', text: 'world' },
        ],
      },
      { role: 'assistant', parts: [] },
    ];
    assert.deepStrictEqual(toWireMessages(messages), [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello, world' },
    ]);
  });

  it("puts a user message's tool results right after the call, before its text, and the calls on the assistant message", () => {
    const wire = toWireMessages([
      { role: 'assistant', parts: [{ kind: 'toolCall', callId: 'c1', name: 'read_file', input: { path: 'a.ts' } }] },
      {
        role: 'user',
        parts: [
          { kind: 'text', text: 'and now?' },
          { kind: 'toolResult', callId: 'c1', text: 'const a = 1;' },
        ],
      },
    ]);
    assert.deepStrictEqual(wire, [
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' }] },
      { role: 'tool', toolCallId: 'c1', content: 'const a = 1;' },
      { role: 'user', content: 'and now?' },
    ]);
  });

  it("carries a user's images as image attachments, and never an assistant's", () => {
    const image = { kind: 'image' as const, mimeType: 'image/png', dataUrl: 'data:image/png;base64,AAAA' };
    const wire = toWireMessages([
      { role: 'user', parts: [{ kind: 'text', text: 'what is this?' }, image] },
      { role: 'assistant', parts: [image] },
    ]);
    assert.deepStrictEqual(wire, [
      { role: 'user', content: 'what is this?', images: [{ name: 'image 2', mimeType: 'image/png', dataUrl: image.dataUrl }] },
    ]);
  });

  it('puts tool results in the order the calls were made, whatever order VS Code lists them in', () => {
    const call = (callId: string) => ({ kind: 'toolCall' as const, callId, name: 'read_file', input: { path: callId } });
    const result = (callId: string) => ({ kind: 'toolResult' as const, callId, text: `text of ${callId}` });
    const wire = toWireMessages([
      { role: 'user', parts: [{ kind: 'text', text: 'read both' }] },
      { role: 'assistant', parts: [{ kind: 'text', text: 'Reading.' }, call('c1'), call('c2')] },
      { role: 'user', parts: [result('c2'), result('c1')] },
    ]);
    assert.deepStrictEqual(wire, [
      { role: 'user', content: 'read both' },
      {
        role: 'assistant',
        content: 'Reading.',
        toolCalls: [
          { id: 'c1', name: 'read_file', arguments: '{"path":"c1"}' },
          { id: 'c2', name: 'read_file', arguments: '{"path":"c2"}' },
        ],
      },
      { role: 'tool', toolCallId: 'c1', content: 'text of c1' },
      { role: 'tool', toolCallId: 'c2', content: 'text of c2' },
    ]);
  });
});

describe("VS Code's tools and tool calls", () => {
  const schema = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] };

  it("passes VS Code's tools as function tools and its tool mode as tool_choice; no tools, no tool fields", () => {
    const tools = [
      { name: 'read_file', description: 'Reads a file', inputSchema: schema },
      { name: 'now', description: '' },
    ];
    assert.deepStrictEqual(toolOptions(tools, LmToolMode.required), {
      tools: [{ name: 'read_file', description: 'Reads a file', parameters: schema }, { name: 'now' }],
      toolChoice: 'required',
    });
    assert.strictEqual(toolOptions(tools, LmToolMode.auto).toolChoice, 'auto');
    assert.strictEqual('toolChoice' in toolOptions(tools, undefined), false);
    assert.deepStrictEqual(toolOptions([], LmToolMode.required), {});
    assert.deepStrictEqual(toolOptions(undefined, undefined), {});
  });

  it('gives a call its parsed arguments as input, and never invents one for arguments that are not a JSON object', () => {
    const call = (args: string, parsed: unknown, parseError?: string): ToolCall => ({
      id: 'c',
      name: 't',
      arguments: args,
      parsed,
      parseError,
    });
    assert.deepStrictEqual(callInput(call('{"path":"a"}', { path: 'a' })), { input: { path: 'a' } });
    assert.deepStrictEqual(callInput(call('{}', {})), { input: {} });
    assert.deepStrictEqual(callInput(call('{"path":', undefined, 'Unexpected end of JSON input')), {
      problem: 'Unexpected end of JSON input',
    });
    assert.deepStrictEqual(callInput(call('[1]', [1])), { problem: '[1] is not a JSON object' });
    assert.deepStrictEqual(callInput(call('null', null)), { problem: 'null is not a JSON object' });
  });
});

describe('modelOptions as generation hints', () => {
  it('takes the settings Parley knows when their values have the right shape, and nothing else', () => {
    assert.deepStrictEqual(
      generationHints({ temperature: 0.1, top_p: 0.9, max_tokens: 100, stop: 'END', reasoning_effort: 'low', foo: 1 }),
      { temperature: 0.1, topP: 0.9, maxTokens: 100, stop: ['END'], reasoningEffort: 'low' },
    );
    assert.deepStrictEqual(generationHints({ temperature: 'hot', max_tokens: -1, maxTokens: 1.5, stop: [], reasoning_effort: 'max' }), {});
    assert.deepStrictEqual(generationHints(undefined), {});
  });
});

describe("Parley's model ids in VS Code's picker", () => {
  it('round-trips a profile or a port with any model id, slashes and colons included', () => {
    for (const ref of [
      { source: { profile: 'Open/Router: main' }, model: 'qwen/qwen3-coder:free' },
      { source: { port: 11434 }, model: 'llama3.2:latest' },
    ]) {
      assert.deepStrictEqual(parseLmModelId(lmModelId(ref)), ref);
    }
  });

  it('refuses ids it did not make', () => {
    for (const id of ['', 'nope', 'p:' + '/m', 'l:abc/m', 'x:1/m', 'p:%E0%A4%A/m', 'l:1/'])
      assert.strictEqual(parseLmModelId(id), undefined, id);
  });

  it('names a model "Parley · <profile> · <model>"', () => {
    assert.strictEqual(lmModelName('Local', 'qwen'), 'Parley · Local · qwen');
  });
});

describe('the answer relay', () => {
  function relay(holding: boolean, events: StreamEvent[]): string[] {
    const passed: string[] = [];
    const r = new AnswerRelay(holding, (t) => passed.push(t));
    for (const e of events) r.push(e);
    r.end();
    return passed;
  }

  it('passes answer text on as it comes and never reasoning', () => {
    assert.deepStrictEqual(
      relay(false, [
        { type: 'reasoning', text: 'hmm' },
        { type: 'content', text: 'Hel' },
        { type: 'content', text: 'lo' },
      ]),
      ['Hel', 'lo'],
    );
  });

  it('for an endpoint known to stream think tags, drops what a lone </think> reclassifies as reasoning', () => {
    assert.deepStrictEqual(
      relay(true, [
        { type: 'content', text: 'let me think' },
        { type: 'reclassify' },
        { type: 'reasoning', text: 'let me think' },
        { type: 'content', text: 'Answer' },
      ]),
      ['Answer'],
    );
  });

  it('for such an endpoint, gives back what it held when the reply ends with no think block', () => {
    assert.deepStrictEqual(
      relay(true, [
        { type: 'content', text: 'plain ' },
        { type: 'content', text: 'answer' },
      ]),
      ['plain answer'],
    );
  });
});
