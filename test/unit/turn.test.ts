import * as assert from 'assert';
import {
  decodeConversation,
  encodeConversation,
  markInterrupted,
  type StoredConversation,
} from '../../src/core/conversation/conversationFile';
import { NOT_RUN, toChatMessages, type ToolStatus, type Turn } from '../../src/core/conversation/turn';

describe("Turns into the request's messages", () => {
  const image = { name: 'dot.png', mimeType: 'image/png', dataUrl: 'data:image/png;base64,AA==' };
  const turns: Turn[] = [
    {
      id: 'u1',
      role: 'user',
      content: 'the whole prompt',
      display: '**Explain** a.ts',
      context: [{ kind: 'selection', label: 'a.ts:1', text: 'x' }],
      images: [image],
    },
    {
      id: 'a1',
      role: 'assistant',
      content: 'an answer',
      reasoning: 'thought',
      usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 },
    },
    { id: 'u2', role: 'user', content: 'again', context: [], images: [] },
    { id: 'a2', role: 'assistant', content: '', error: 'HTTP 500' },
  ];

  it('sends what was typed and what it carried, leaves out replies that said nothing and everything only the view shows', () => {
    assert.deepStrictEqual(toChatMessages(turns), [
      { role: 'user', content: 'the whole prompt', context: [{ kind: 'selection', label: 'a.ts:1', text: 'x' }], images: [image] },
      { role: 'assistant', content: 'an answer' },
      { role: 'user', content: 'again' },
    ]);
  });

  it('puts the system prompt first, and none when it is empty', () => {
    assert.deepStrictEqual(
      toChatMessages(turns.slice(0, 1), 'Be brief.').map((m) => [m.role, m.content]),
      [
        ['system', 'Be brief.'],
        ['user', 'the whole prompt'],
      ],
    );
    assert.strictEqual(toChatMessages(turns.slice(0, 1), '')[0].role, 'user');
  });
});

describe("Agent mode's tool steps in the request and in the file", () => {
  const call = (id: string, name = 'read_file', args = '{"path":"a.ts"}') => ({ id, name, arguments: args });
  const step = (toolCallId: string, status: ToolStatus, content = `result of ${toolCallId}`): Turn => ({
    id: `t-${toolCallId}`,
    role: 'tool',
    toolCallId,
    name: 'read_file',
    step: 'Read a.ts',
    status,
    content,
  });

  it('a reply that only called tools is sent, with each call followed by its result in call order', () => {
    const turns: Turn[] = [
      { id: 'u', role: 'user', content: 'fix it' },
      { id: 'a', role: 'assistant', content: '', toolCalls: [call('c1'), call('c2', 'search_text', '{"query":"x"}')] },
      step('c2', 'done', 'two'),
      step('c1', 'done', 'one'),
      { id: 'a2', role: 'assistant', content: 'Fixed.' },
    ];
    assert.deepStrictEqual(toChatMessages(turns, 'sys'), [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'fix it' },
      { role: 'assistant', content: '', toolCalls: [call('c1'), call('c2', 'search_text', '{"query":"x"}')] },
      { role: 'tool', toolCallId: 'c1', content: 'one' },
      { role: 'tool', toolCallId: 'c2', content: 'two' },
      { role: 'assistant', content: 'Fixed.' },
    ]);
  });

  it('a call whose step never ended, or never began, still gets a result saying so (servers refuse a call without one)', () => {
    const turns: Turn[] = [
      { id: 'u', role: 'user', content: 'go' },
      { id: 'a', role: 'assistant', content: 'Reading.', toolCalls: [call('c1'), call('c2'), call('c3')] },
      step('c1', 'interrupted', ''),
      step('c2', 'running', 'partial'),
    ];
    const tools = toChatMessages(turns).filter((m) => m.role === 'tool');
    assert.deepStrictEqual(tools, [
      { role: 'tool', toolCallId: 'c1', content: NOT_RUN },
      { role: 'tool', toolCallId: 'c2', content: NOT_RUN },
      { role: 'tool', toolCallId: 'c3', content: NOT_RUN },
    ]);
  });

  it('a denied or failed step sends what the model must read (the reason), not a blank', () => {
    const turns: Turn[] = [
      { id: 'a', role: 'assistant', content: '', toolCalls: [call('c1', 'run_command', '{"command":"rm x"}'), call('c2')] },
      step('c1', 'denied', 'The user declined to run it: not now'),
      step('c2', 'failed', 'No such file: a.ts'),
    ];
    const tools = toChatMessages(turns).filter((m) => m.role === 'tool');
    assert.deepStrictEqual(
      tools.map((m) => m.content),
      ['The user declined to run it: not now', 'No such file: a.ts'],
    );
  });

  it('a conversation with steps is written as version 2 and read back whole; steps cut off by a crash load as interrupted', () => {
    const c: StoredConversation = {
      id: 'c',
      title: 'T',
      updatedAt: 1,
      messages: [
        { id: 'u', role: 'user', content: 'go' },
        { id: 'a', role: 'assistant', content: '', toolCalls: [call('c1'), call('c2')] },
        step('c1', 'done'),
        { ...step('c2', 'waiting', ''), approval: { command: 'npm test' } } as Turn,
      ],
    };
    const text = encodeConversation(c);
    assert.strictEqual(JSON.parse(text).version, 2);
    const d = decodeConversation(text);
    assert.ok(d.kind === 'ok');
    assert.deepStrictEqual(d.conversation, c);
    assert.strictEqual(markInterrupted(d.conversation, 'cut off'), 1);
    const waiting = d.conversation.messages[3];
    assert.ok(waiting.role === 'tool' && waiting.status === 'interrupted' && !waiting.approval);
  });

  it('a damaged step makes the file damaged (not a step with no call); damaged tool calls are dropped from their reply', () => {
    const bad = { id: 'c', title: 'T', updatedAt: 1, messages: [{ id: 't', role: 'tool', content: 'x', name: 'read_file' }] };
    const d = decodeConversation(JSON.stringify({ version: 2, ...bad }));
    assert.ok(d.kind === 'corrupt' && /tool step/.test(d.reason));
    const calls = { id: 'c', title: 'T', updatedAt: 1, messages: [{ id: 'a', role: 'assistant', content: 'x', toolCalls: [{ id: 1 }] }] };
    const e = decodeConversation(JSON.stringify({ version: 2, ...calls }));
    assert.ok(e.kind === 'ok' && !('toolCalls' in e.conversation.messages[0]));
  });

  it('a file from a later Parley (version 3) with a known shape is read as newer, never damaged', () => {
    const d = decodeConversation(JSON.stringify({ version: 3, id: 'c', title: 'T', updatedAt: 1, messages: [] }));
    assert.strictEqual(d.kind, 'newer');
  });
});
