import * as assert from 'assert';
import { ChunkReader, type ChunkLike } from '../../src/core/client/chunkReader';
import { completionAsChunk } from '../../src/core/client/completionChunk';
import type { StreamEvent, StreamResult, ToolCall } from '../../src/core/types';

/** A chunk whose delta is `delta` (and a finish reason, when given). */
const chunk = (delta: Record<string, unknown>, finish: string | null = null): ChunkLike => ({
  choices: [{ delta, finish_reason: finish }],
});
const calls = (...fragments: Record<string, unknown>[]) => chunk({ tool_calls: fragments });

/** Feeds chunks to a reader as a stream does; returns its result and the events it emitted. */
function read(chunks: ChunkLike[]): { result: StreamResult; events: StreamEvent[] } {
  const events: StreamEvent[] = [];
  const reader = new ChunkReader((e) => events.push(e));
  for (const c of chunks) reader.read(c);
  return { result: reader.end(), events };
}

/**
 * The same chunks with every string `arguments` and every `content` split into one-character
 * chunks (the first fragment of a call keeps its id and name; the rest carry only the index).
 */
function oneCharAtATime(chunks: ChunkLike[]): ChunkLike[] {
  const out: ChunkLike[] = [];
  for (const c of chunks) {
    const choice = c.choices?.[0];
    const delta = (choice?.delta ?? {}) as Record<string, any>;
    if (typeof delta.content === 'string' && delta.content.length > 1) {
      for (const ch of delta.content) out.push(chunk({ content: ch }));
      if (choice?.finish_reason) out.push(chunk({}, choice.finish_reason as string));
      continue;
    }
    if (!Array.isArray(delta.tool_calls)) {
      out.push(c);
      continue;
    }
    for (const f of delta.tool_calls) {
      const args = f.function?.arguments;
      if (typeof args !== 'string' || args.length <= 1) {
        out.push(calls(f));
        continue;
      }
      out.push(calls({ ...f, function: { ...f.function, arguments: args[0] } }));
      for (const ch of args.slice(1))
        out.push(calls(f.index === undefined ? { function: { arguments: ch } } : { index: f.index, function: { arguments: ch } }));
    }
    if (choice?.finish_reason) out.push(chunk({}, choice.finish_reason as string));
  }
  return out;
}

const weather = '{"city":"Zürich","units":"metric"}';

/** Each shape real servers send, with the calls the caller must get from it. */
const SHAPES: { name: string; chunks: ChunkLike[]; want: Partial<ToolCall>[]; content?: string; reasoning?: string }[] = [
  {
    name: 'OpenAI: id, type and name first, the arguments split across chunks',
    chunks: [
      calls({ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }),
      calls({ index: 0, function: { arguments: '{"city":"Zü' } }),
      calls({ index: 0, function: { arguments: 'rich","units":"metric"}' } }),
      chunk({}, 'tool_calls'),
    ],
    want: [{ id: 'call_1', name: 'get_weather', arguments: weather, parsed: JSON.parse(weather) }],
  },
  {
    name: 'the whole call in one chunk, with the finish reason',
    chunks: [chunk({ tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }, 'tool_calls')],
    want: [{ id: 'c', name: 'f', arguments: '{"a":1}', parsed: { a: 1 } }],
  },
  {
    name: 'arguments as an object rather than a string',
    chunks: [
      calls({ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: { path: 'a.ts', line: 3 } } }),
      chunk({}, 'tool_calls'),
    ],
    want: [{ id: 'c', name: 'f', arguments: '{"path":"a.ts","line":3}', parsed: { path: 'a.ts', line: 3 } }],
  },
  {
    name: 'no type',
    chunks: [calls({ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } })],
    want: [{ id: 'c', name: 'f', arguments: '{}', parsed: {} }],
  },
  {
    name: 'empty arguments are {}',
    chunks: [calls({ index: 0, id: 'c', type: 'function', function: { name: 'list_files', arguments: '' } }), chunk({}, 'tool_calls')],
    want: [{ id: 'c', name: 'list_files', arguments: '{}', parsed: {} }],
  },
  {
    name: 'invalid JSON is returned as written, with the parse error',
    chunks: [calls({ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{"a": 1,' } }), chunk({}, 'tool_calls')],
    want: [{ id: 'c', name: 'f', arguments: '{"a": 1,', parsed: undefined }],
  },
  {
    name: 'two calls in parallel, their fragments interleaved',
    chunks: [
      calls({ index: 0, id: 'a', type: 'function', function: { name: 'read', arguments: '' } }),
      calls({ index: 1, id: 'b', type: 'function', function: { name: 'grep', arguments: '' } }),
      calls({ index: 0, function: { arguments: '{"p":' } }, { index: 1, function: { arguments: '{"q":' } }),
      calls({ index: 1, function: { arguments: '"x"}' } }),
      calls({ index: 0, function: { arguments: '"y"}' } }),
      chunk({}, 'tool_calls'),
    ],
    want: [
      { id: 'a', name: 'read', arguments: '{"p":"y"}', parsed: { p: 'y' } },
      { id: 'b', name: 'grep', arguments: '{"q":"x"}', parsed: { q: 'x' } },
    ],
  },
  {
    name: 'text and a call in one reply',
    chunks: [
      chunk({ content: 'Let me look.' }),
      calls({ index: 0, id: 'c', type: 'function', function: { name: 'read', arguments: '{"p":"a"}' } }),
      chunk({}, 'tool_calls'),
    ],
    want: [{ id: 'c', name: 'read', arguments: '{"p":"a"}', parsed: { p: 'a' } }],
    content: 'Let me look.',
  },
  {
    name: 'no index: a fragment with a name starts a call, one without continues it',
    chunks: [
      calls({ id: 'a', type: 'function', function: { name: 'one', arguments: '{"n":' } }),
      calls({ function: { arguments: '1}' } }),
      calls({ id: 'b', type: 'function', function: { name: 'two', arguments: '{}' } }),
    ],
    want: [
      { id: 'a', name: 'one', arguments: '{"n":1}', parsed: { n: 1 } },
      { id: 'b', name: 'two', arguments: '{}', parsed: {} },
    ],
  },
  {
    name: 'a call made while the text is inside <think> is a call; the reasoning stays reasoning',
    chunks: [
      chunk({ content: '<think>I need the file' }),
      calls({ index: 0, id: 'c', type: 'function', function: { name: 'read', arguments: '{"p":"a"}' } }),
      chunk({ content: '</think>Reading it.' }),
      chunk({}, 'tool_calls'),
    ],
    want: [{ id: 'c', name: 'read', arguments: '{"p":"a"}', parsed: { p: 'a' } }],
    content: 'Reading it.',
    reasoning: 'I need the file',
  },
];

describe('tool calls read from a reply', () => {
  for (const shape of SHAPES) {
    for (const [how, chunks] of [
      ['whole', shape.chunks],
      ['one character at a time', oneCharAtATime(shape.chunks)],
    ] as const) {
      it(`${shape.name} (${how})`, () => {
        const { result, events } = read(chunks);
        assert.deepStrictEqual(
          result.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments, parsed: c.parsed })),
          shape.want.map((w) => ({ id: w.id, name: w.name, arguments: w.arguments, parsed: w.parsed })),
        );
        assert.strictEqual(result.content, shape.content ?? '');
        assert.strictEqual(result.reasoning, shape.reasoning ?? '');
        // Each call is told complete exactly once, in order, as the result holds it.
        assert.deepStrictEqual(
          events.filter((e) => e.type === 'toolCall').map((e) => (e as { call: ToolCall }).call),
          result.toolCalls,
        );
        // The progress pieces add up to each call's arguments, under the call's final id.
        for (const [i, call] of result.toolCalls.entries()) {
          const pieces = events.filter((e) => e.type === 'toolCallDelta' && e.index === i) as { arguments: string; id?: string }[];
          assert.ok(pieces.length > 0);
          assert.ok(pieces.every((p) => p.id === call.id));
          const streamed = pieces.map((p) => p.arguments).join('');
          assert.strictEqual(streamed.trim() === '' ? '{}' : streamed, call.arguments);
        }
      });
    }
  }

  it('an invalid JSON call says why it does not parse', () => {
    const { result } = read(SHAPES.find((s) => s.name.startsWith('invalid'))!.chunks);
    assert.match(result.toolCalls[0].parseError ?? '', /JSON|Unexpected|Expected/);
    assert.strictEqual(result.finishReason, 'tool_calls');
  });

  it('a missing id is made once and kept by every fragment of the call, different for each call', () => {
    const { result, events } = read(
      oneCharAtATime([
        calls({ index: 0, type: 'function', function: { name: 'a', arguments: '{"x":1}' } }),
        calls({ index: 1, type: 'function', function: { name: 'b', arguments: '{}' } }),
      ]),
    );
    const [a, b] = result.toolCalls;
    assert.match(a.id, /^call_\w+_0$/);
    assert.match(b.id, /^call_\w+_1$/);
    assert.ok(
      events.every((e) => e.type !== 'toolCallDelta' || e.id === (e.index === 0 ? a.id : b.id)),
      'one id per call throughout',
    );
    assert.notStrictEqual(
      read([calls({ index: 0, function: { name: 'a', arguments: '{}' } })]).result.toolCalls[0].id,
      a.id,
      'another reply, another id',
    );
  });

  it('calls are complete when the reply finishes, before the stream ends', () => {
    const events: StreamEvent[] = [];
    const reader = new ChunkReader((e) => events.push(e));
    reader.read(calls({ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }));
    assert.ok(!events.some((e) => e.type === 'toolCall'), 'not complete while its arguments stream');
    reader.read(calls({ index: 0, function: { arguments: '2}' } }));
    reader.read(chunk({}, 'tool_calls'));
    assert.deepStrictEqual(
      events.filter((e) => e.type === 'toolCall').map((e) => (e as { call: ToolCall }).call.parsed),
      [{ a: 2 }],
    );
    reader.read({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
    reader.end();
    assert.strictEqual(events.filter((e) => e.type === 'toolCall').length, 1, 'told once');
  });

  it('a whole (non-streamed) answer gives the same calls, with or without index, arguments as text or object', () => {
    const completion = {
      id: 'x',
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'a', type: 'function', function: { name: 'read', arguments: '{"p":"a.ts"}' } },
              { id: 'b', function: { name: 'grep', arguments: { q: 'x' } } },
              { function: { name: 'list', arguments: '' } },
            ],
          },
        },
      ],
    };
    const { result } = read([completionAsChunk(completion)]);
    assert.deepStrictEqual(
      result.toolCalls.map((c) => [c.name, c.arguments, c.parsed]),
      [
        ['read', '{"p":"a.ts"}', { p: 'a.ts' }],
        ['grep', '{"q":"x"}', { q: 'x' }],
        ['list', '{}', {}],
      ],
    );
    assert.deepStrictEqual(
      result.toolCalls.slice(0, 2).map((c) => c.id),
      ['a', 'b'],
    );
    assert.match(result.toolCalls[2].id, /^call_\w+_2$/);
    assert.strictEqual(result.finishReason, 'tool_calls');
    assert.strictEqual(result.content, '');
  });

  it('a reply without calls has none', () => {
    assert.deepStrictEqual(read([chunk({ content: 'hi' }, 'stop')]).result.toolCalls, []);
  });
});
