import * as assert from 'assert';
import {
  describeToolsForPrompt,
  FencedCallReader,
  fencedCallBlock,
  fencedResultMessage,
  toFencedHistory,
  withToolsInSystemPrompt,
  type FencedEvent,
} from '../../src/core/agent/fencedTools';
import type { ChatMessage, ToolCall, ToolDefinition } from '../../src/core/types';

/** A tool set like an agent's: required and optional parameters, an enum, an array of objects, none. */
const TOOLS: ToolDefinition[] = [
  {
    name: 'read_file',
    description: 'Read a file of the workspace.',
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'Workspace-relative path.' },
        startLine: { type: 'integer', description: 'First line to read\n(1-based).' },
      },
      required: ['path'],
    },
  },
  {
    name: 'edit_file',
    description: 'Replace text in a file.',
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string' },
        edits: {
          type: 'array',
          description: 'The replacements, in order.',
          items: {
            type: 'object',
            properties: {
              oldText: { type: 'string' },
              newText: { type: 'string' },
              options: { type: 'object', properties: { all: { type: 'boolean' } } },
            },
            required: ['oldText', 'newText'],
          },
        },
      },
      required: ['path', 'edits'],
    },
  },
  {
    name: 'search',
    description: 'Search the workspace.',
    parameters: {
      type: 'object',
      properties: { query: { type: 'string' }, mode: { enum: ['literal', 'regex'] }, limit: { type: ['integer', 'null'] } },
      required: ['query'],
    },
  },
  { name: 'write_file', parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } } } },
  { name: 'list_files', description: 'List the workspace.' },
];

/** Feeds `pieces` to a reader as a stream does; returns what it showed and the calls it told. */
function read(pieces: string[], firstId?: number): { prose: string; calls: ToolCall[]; events: FencedEvent[] } {
  const reader = new FencedCallReader(TOOLS, { firstId });
  const events = [...pieces.flatMap((p) => reader.push(p)), ...reader.end()];
  const prose = events.map((e) => (e.type === 'content' ? e.text : '')).join('');
  const calls = events.flatMap((e) => (e.type === 'toolCall' ? [e.call] : []));
  assert.deepStrictEqual(calls, reader.calls, 'each call told once, as the reader holds them');
  return { prose, calls, events };
}

const fence = '```';
const READ_A = '{"name": "read_file", "arguments": {"path": "a.ts"}}';

interface Want {
  name: string;
  parsed?: unknown;
  arguments?: string;
  error?: RegExp;
}

/** Each shape models write, the prose the user must see, and the calls that must be told. */
const SHAPES: { name: string; text: string; prose: string; calls: Want[] }[] = [
  {
    name: 'a tool_call block between prose',
    text: `I'll read it.\n${fence}tool_call\n${READ_A}\n${fence}\nThen I decide.`,
    prose: "I'll read it.\nThen I decide.",
    calls: [{ name: 'read_file', parsed: { path: 'a.ts' }, arguments: '{"path":"a.ts"}' }],
  },
  {
    name: 'two blocks, two calls in order',
    text: `${fence}tool_call\n${READ_A}\n${fence}\n\n${fence}tool_call\n{"name":"list_files","arguments":{}}\n${fence}\n`,
    prose: '\n',
    calls: [
      { name: 'read_file', parsed: { path: 'a.ts' } },
      { name: 'list_files', parsed: {} },
    ],
  },
  {
    name: 'a ```json block that calls a known tool',
    text: `Reading:\n${fence}json\n${READ_A}\n${fence}\n`,
    prose: 'Reading:\n',
    calls: [{ name: 'read_file', parsed: { path: 'a.ts' } }],
  },
  {
    name: 'an unlabelled block that calls a known tool',
    text: `${fence}\n{"name": "search", "arguments": {"query": "x"}}\n${fence}`,
    prose: '',
    calls: [{ name: 'search', parsed: { query: 'x' } }],
  },
  {
    name: 'a ```json block naming an unknown tool is prose, untouched',
    text: `Example:\n${fence}json\n{"name": "delete_all", "arguments": {}}\n${fence}\nok`,
    prose: `Example:\n${fence}json\n{"name": "delete_all", "arguments": {}}\n${fence}\nok`,
    calls: [],
  },
  {
    name: 'a ```json block of data is prose, untouched',
    text: `${fence}json\n{"name": "read_file", "version": 2}\n${fence}\n`,
    prose: `${fence}json\n{"name": "read_file", "version": 2}\n${fence}\n`,
    calls: [],
  },
  {
    name: '~~~ fences',
    text: `~~~tool_call\n${READ_A}\n~~~\n`,
    prose: '',
    calls: [{ name: 'read_file', parsed: { path: 'a.ts' } }],
  },
  {
    name: 'a longer fence around JSON whose string holds raw lines and ``` (the fence inside does not close it)',
    text: '````tool_call\n{"name":"write_file","arguments":{"path":"a.md","content":"# A\n```\ncode\n```\n"}}\n````\nWritten.',
    prose: 'Written.',
    calls: [{ name: 'write_file', parsed: { path: 'a.md', content: '# A\n```\ncode\n```\n' } }],
  },
  {
    name: 'a ```ts fence opened inside a ```tool_call block closes inside it',
    text: '```tool_call\n{"name":"write_file","arguments":{"path":"a.ts","content":"\n```ts\nlet a;\n```\n"}}\n```\nok',
    prose: 'ok',
    calls: [{ name: 'write_file', parsed: { path: 'a.ts', content: '\n```ts\nlet a;\n```\n' } }],
  },
  {
    name: 'indented fences (inside a list)',
    text: `1. Read it:\n   ${fence}tool_call\n   ${READ_A}\n   ${fence}\n2. Done`,
    prose: '1. Read it:\n2. Done',
    calls: [{ name: 'read_file', parsed: { path: 'a.ts' } }],
  },
  {
    name: '"parameters" for "arguments"',
    text: `${fence}tool_call\n{"name": "read_file", "parameters": {"path": "b.ts"}}\n${fence}`,
    prose: '',
    calls: [{ name: 'read_file', parsed: { path: 'b.ts' } }],
  },
  {
    name: '"args" for "arguments"',
    text: `${fence}tool_call\n{"name": "read_file", "args": {"path": "c.ts"}}\n${fence}`,
    prose: '',
    calls: [{ name: 'read_file', parsed: { path: 'c.ts' } }],
  },
  {
    name: 'arguments as a JSON string',
    text: `${fence}tool_call\n{"name": "read_file", "arguments": "{\\"path\\": \\"d.ts\\"}"}\n${fence}`,
    prose: '',
    calls: [{ name: 'read_file', parsed: { path: 'd.ts' }, arguments: '{"path": "d.ts"}' }],
  },
  {
    name: 'the OpenAI shape, and several calls as a list',
    text: `${fence}tool_call\n[{"type":"function","function":{"name":"read_file","arguments":"{\\"path\\":\\"e\\"}"}}, {"name":"list_files"}]\n${fence}`,
    prose: '',
    calls: [
      { name: 'read_file', parsed: { path: 'e' } },
      { name: 'list_files', parsed: {}, arguments: '{}' },
    ],
  },
  {
    name: 'a trailing comma is a call with invalid arguments, as written',
    text: `${fence}tool_call\n{"name": "read_file", "arguments": {"path": "a.ts",}}\n${fence}\n`,
    prose: '',
    calls: [{ name: 'read_file', arguments: '{"name": "read_file", "arguments": {"path": "a.ts",}}', error: /not valid JSON \(.+\)/ }],
  },
  {
    name: 'single-quoted JSON is a call with invalid arguments, the tool named',
    text: `${fence}tool_call\n{'name': 'read_file', 'arguments': {'path': 'a.ts'}}\n${fence}\n`,
    prose: '',
    calls: [{ name: 'read_file', error: /not valid JSON/ }],
  },
  {
    name: 'a ```json call to a known tool with broken JSON is a call with the error, not prose',
    text: `${fence}json\n{"name": "read_file", "arguments": {"path": "a.ts",}}\n${fence}\n`,
    prose: '',
    calls: [{ name: 'read_file', error: /not valid JSON/ }],
  },
  {
    name: 'an unknown tool in a tool_call block is still a call (the runner says it does not exist)',
    text: `${fence}tool_call\n{"name": "rm_rf", "arguments": {}}\n${fence}`,
    prose: '',
    calls: [{ name: 'rm_rf', parsed: {} }],
  },
  {
    name: 'an empty tool_call block is an invalid call',
    text: `${fence}tool_call\n\n${fence}\nhm`,
    prose: 'hm',
    calls: [{ name: '', error: /empty/ }],
  },
  {
    name: 'a block inside <think> is not a call; one after it is',
    text: `<think>Maybe:\n${fence}tool_call\n${READ_A}\n${fence}\nno.</think>\n${fence}tool_call\n{"name":"list_files","arguments":{}}\n${fence}`,
    prose: `<think>Maybe:\n${fence}tool_call\n${READ_A}\n${fence}\nno.</think>\n`,
    calls: [{ name: 'list_files', parsed: {} }],
  },
  {
    name: 'a fence straight after </think> opens a block',
    text: `<think>read it</think>${fence}tool_call\n${READ_A}\n${fence}`,
    prose: '<think>read it</think>',
    calls: [{ name: 'read_file', parsed: { path: 'a.ts' } }],
  },
  {
    name: 'a block left open when the reply ends is an invalid call that says so',
    text: `Reading.\n${fence}tool_call\n${READ_A}\n`,
    prose: 'Reading.\n',
    calls: [{ name: 'read_file', arguments: READ_A, error: /ended inside the tool_call block \(no closing ```\)/ }],
  },
  {
    name: 'a ```json block left open is prose',
    text: `${fence}json\n{"a": 1}`,
    prose: `${fence}json\n{"a": 1}`,
    calls: [],
  },
  {
    name: 'a code block passes through untouched',
    text: `Here:\n${fence}ts\nconst a = '${fence}';\n  ${fence}tool_call is a string\n${fence}\nEnd.`,
    prose: `Here:\n${fence}ts\nconst a = '${fence}';\n  ${fence}tool_call is a string\n${fence}\nEnd.`,
    calls: [],
  },
  {
    name: 'a tool_call block inside a longer markdown fence is an example, not a call',
    text: `Format:\n\`\`\`\`markdown\n${fence}tool_call\n${READ_A}\n${fence}\n\`\`\`\`\nok`,
    prose: `Format:\n\`\`\`\`markdown\n${fence}tool_call\n${READ_A}\n${fence}\n\`\`\`\`\nok`,
    calls: [],
  },
  {
    name: 'backticks mid-line are prose',
    text: `Write ${fence}tool_call${fence} blocks.\n\`\`x\`\` <thinking> fine`,
    prose: `Write ${fence}tool_call${fence} blocks.\n\`\`x\`\` <thinking> fine`,
    calls: [],
  },
  {
    name: 'CRLF line breaks',
    text: `Ok.\r\n${fence}tool_call\r\n${READ_A}\r\n${fence}\r\nDone.`,
    prose: 'Ok.\r\nDone.',
    calls: [{ name: 'read_file', parsed: { path: 'a.ts' } }],
  },
];

const oneCharAtATime = (text: string) => [...text];

describe('fenced tool calls read from a reply', () => {
  for (const shape of SHAPES) {
    for (const [how, split] of [
      ['whole', (t: string) => [t]],
      ['one character at a time', oneCharAtATime],
    ] as const) {
      it(`${shape.name} (${how})`, () => {
        const { prose, calls } = read(split(shape.text));
        assert.strictEqual(prose, shape.prose);
        assert.deepStrictEqual(
          calls.map((c) => c.name),
          shape.calls.map((w) => w.name),
        );
        for (const [i, want] of shape.calls.entries()) {
          const call = calls[i];
          assert.strictEqual(call.id, `fenced_${i + 1}`);
          if (want.arguments !== undefined) assert.strictEqual(call.arguments, want.arguments);
          if (want.error) {
            assert.match(call.parseError ?? '', want.error);
            assert.strictEqual(call.parsed, undefined);
          } else {
            assert.strictEqual(call.parseError, undefined);
            assert.deepStrictEqual(call.parsed, want.parsed);
            assert.deepStrictEqual(JSON.parse(call.arguments), want.parsed, 'the arguments text is the parsed arguments');
          }
        }
      });
    }
  }

  it('prose streams as it arrives; the block is withheld and its call told when it closes, in order', () => {
    const reader = new FencedCallReader(TOOLS);
    assert.deepStrictEqual(reader.push("I'll rea"), [{ type: 'content', text: "I'll rea" }]);
    assert.deepStrictEqual(reader.push('d it.\n``'), [{ type: 'content', text: 'd it.\n' }]);
    assert.deepStrictEqual(reader.push(`\`tool_call\n${READ_A}\n`), [], 'nothing of the block is shown');
    const closed = reader.push('```\nAnd');
    assert.deepStrictEqual(
      closed.map((e) => e.type),
      ['toolCall', 'content'],
    );
    assert.deepStrictEqual(closed[1], { type: 'content', text: 'And' });
    assert.deepStrictEqual(reader.end(), []);
  });

  it('a reply ending in "<thi" or a lone backtick shows it at the end', () => {
    assert.strictEqual(read(['Hm <thi']).prose, 'Hm <thi');
    assert.strictEqual(read(['a\n`']).prose, 'a\n`');
    assert.strictEqual(read(['a\n   ']).prose, 'a\n   ');
  });

  it('every shape reads the same cut in two at any point', () => {
    for (const shape of SHAPES) {
      const whole = read([shape.text]);
      for (let at = 1; at < shape.text.length; at++) {
        const cut = read([shape.text.slice(0, at), shape.text.slice(at)]);
        assert.deepStrictEqual([cut.prose, cut.calls], [whole.prose, whole.calls], `${shape.name}, cut at ${at}`);
      }
    }
  });

  it('ids continue from firstId, so a run never repeats one', () => {
    const { calls } = read([`${fence}tool_call\n${READ_A}\n${fence}\n${fence}tool_call\n${READ_A}\n${fence}`], 7);
    assert.deepStrictEqual(
      calls.map((c) => c.id),
      ['fenced_7', 'fenced_8'],
    );
  });
});

describe('the tools described in the system prompt', () => {
  const prompt = describeToolsForPrompt(TOOLS);
  const lines = prompt.split('\n');

  it('says how to call, with a real example, and how results come back', () => {
    const at = lines.indexOf('```tool_call');
    assert.ok(at > 0, prompt);
    assert.strictEqual(lines[at + 1], '{"name":"read_file","arguments":{"path":"..."}}');
    assert.strictEqual(lines[at + 2], '```');
    assert.match(prompt, /One call per block; write several blocks/);
    assert.match(prompt, /`tool_result` block with the call's id/);
  });

  it('lists each tool with its parameters: types, required, descriptions, nested shapes summarised', () => {
    for (const line of [
      '## read_file',
      'Read a file of the workspace.',
      '- path (string, required): Workspace-relative path.',
      '- startLine (integer): First line to read (1-based).',
      '- edits (array of {oldText: string, newText: string, options?: object}, required): The replacements, in order.',
      '- mode ("literal" | "regex")',
      '- limit (integer or null)',
      '## write_file',
      '- content (string)',
      '## list_files',
      'Arguments: none ({}).',
    ])
      assert.ok(lines.includes(line), `missing line ${JSON.stringify(line)} in:\n${prompt}`);
  });

  it('stays short for small models', () => {
    assert.ok(prompt.length < 2000, `${prompt.length} characters`);
    assert.strictEqual(describeToolsForPrompt([]), '');
  });

  it("the prompt's own example, written back by a model, is a valid call", () => {
    const example = lines.slice(lines.indexOf('```tool_call'), lines.indexOf('```tool_call') + 3).join('\n');
    const { calls } = read([`Sure.\n${example}\n`]);
    assert.deepStrictEqual(
      calls.map((c) => [c.name, c.parsed]),
      [['read_file', { path: '...' }]],
    );
  });

  it('is added to the system prompt, or as one', () => {
    const user: ChatMessage = { role: 'user', content: 'hi' };
    const added = withToolsInSystemPrompt([{ role: 'system', content: 'Be brief.' }, user], TOOLS);
    assert.strictEqual(added[0].content, `Be brief.\n\n${prompt}`);
    assert.strictEqual(added[1], user);
    assert.deepStrictEqual(withToolsInSystemPrompt([user], TOOLS), [{ role: 'system', content: prompt }, user]);
  });
});

describe('results and history in the fenced form', () => {
  it('a result is fenced longer than any backtick run in it, naming the call', () => {
    const result = 'a\n```ts\nx\n```\nand ````` inline';
    const message = fencedResultMessage({ id: 'fenced_3', name: 'read_file' }, result);
    assert.strictEqual(message, `\`\`\`\`\`\`tool_result id=fenced_3 name=read_file\n${result}\n\`\`\`\`\`\``);
    assert.strictEqual(fencedResultMessage({ id: 'c 1`', name: '' }, 'ok\n'), '```tool_result id=c_1_\nok\n```');
  });

  const native: ChatMessage[] = [
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'Fix a.ts' },
    {
      role: 'assistant',
      content: 'Looking.',
      toolCalls: [
        { id: 'call_1', name: 'read_file', arguments: '{"path":"a.ts"}' },
        { id: 'call_2', name: 'search', arguments: '{"query": "x",}' },
      ],
    },
    { role: 'tool', toolCallId: 'call_1', content: 'let a = 1;' },
    { role: 'tool', toolCallId: 'call_2', content: 'Error: invalid arguments' },
    { role: 'assistant', content: '', toolCalls: [{ id: 'call_3', name: 'list_files', arguments: '' }] },
    { role: 'tool', toolCallId: 'call_3', content: 'a.ts' },
    { role: 'assistant', content: 'Done.' },
  ];

  it('a native conversation becomes text: calls as blocks, each run of results one user message', () => {
    const fenced = toFencedHistory(native);
    assert.deepStrictEqual(
      fenced.map((m) => m.role),
      ['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant'],
    );
    assert.ok(fenced.every((m) => m.toolCalls === undefined && m.toolCallId === undefined));
    assert.strictEqual(
      fenced[2].content,
      'Looking.\n\n```tool_call\n{"name":"read_file","arguments":{"path":"a.ts"}}\n```\n\n```tool_call\n{"name":"search","arguments":"{\\"query\\": \\"x\\",}"}\n```',
    );
    assert.strictEqual(
      fenced[3].content,
      '```tool_result id=call_1 name=read_file\nlet a = 1;\n```\n\n```tool_result id=call_2 name=search\nError: invalid arguments\n```',
    );
    assert.strictEqual(fenced[4].content, '```tool_call\n{"name":"list_files","arguments":{}}\n```');
    assert.deepStrictEqual(fenced[6], native[7]);
    assert.strictEqual(native[2].toolCalls?.length, 2, 'the original is left as it was');
  });

  it('the calls written into history read back as the same calls (the model sees the form it is asked for)', () => {
    const { prose, calls } = read([...toFencedHistory(native)[2].content]);
    assert.strictEqual(prose, 'Looking.\n\n\n');
    assert.deepStrictEqual(
      calls.map((c) => [c.name, c.parsed, c.parseError === undefined]),
      [
        ['read_file', { path: 'a.ts' }, true],
        ['search', undefined, false],
      ],
    );
    assert.strictEqual(
      fencedCallBlock({ id: 'x', name: 'f', arguments: '{"c":"```"}' }),
      '````tool_call\n{"name":"f","arguments":{"c":"```"}}\n````',
    );
  });
});
