import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import { conversationToMarkdown } from '../../src/chat/conversationText';
import type { Turn } from '../../src/core/conversation/turn';
import type { ToWebview } from '../../src/shared/protocol';
import { errorReply, startChatServer, textReply, type ChatServer, type ScriptedReply } from '../server/chatServer';
import { assertRepliesValid, parley, TEST_KEY, useServer, waitFor } from './helpers';
import { recordPosts, type Recorder } from './recorders';

/**
 * What real servers and networks do, thrown at the chat in the real host. Each case checks the
 * message the user sees, that what arrived is kept, that nothing hangs, and that the next
 * request works. A table of the results is printed at the end.
 */
interface FaultCase {
  name: string;
  expected: string;
  replies?: ScriptedReply[];
  /** Point the profile somewhere else for this case. */
  baseUrl?: (server: ChatServer) => Promise<string> | string;
  check(reply: Turn, server: ChatServer): void;
}

const rows: [string, string, string][] = [];
const err = (re: RegExp) => (m: Turn) => assert.match(m.error ?? '(no error)', re);
const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);
const html502 = {
  status: 502,
  body: '<html><head><title>502</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
};

const cases: FaultCase[] = [
  ...([400, 401, 403, 404, 422] as const).map((status): FaultCase => ({
    name: `HTTP ${status}, OpenAI-style body`,
    expected: 'status, server message, next step; no retry',
    replies: [errorReply(status, `Scripted ${status} problem`)],
    check: (m, s) => {
      err(new RegExp(`HTTP ${status} from 127\\.0\\.0\\.1:\\d+: Scripted ${status} problem`))(m);
      assert.strictEqual(s.requests.length, 1);
    },
  })),
  ...([408, 409, 429, 500, 502, 503] as const).map((status): FaultCase => ({
    name: `HTTP ${status} three times`,
    expected: 'retried twice, then status and message',
    replies: times(3, errorReply(status, `Scripted ${status} problem`, { 'retry-after-ms': '50' })),
    check: (m, s) => {
      err(new RegExp(`HTTP ${status} .*Scripted ${status} problem`))(m);
      assert.strictEqual(s.requests.length, 3);
    },
  })),
  {
    name: 'HTTP 402, OpenRouter-style numeric code',
    expected: 'server message',
    replies: [
      { status: 402, body: { error: { code: 402, message: 'Insufficient credits. Add more using https://openrouter.ai/credits' } } },
    ],
    check: err(/HTTP 402 .*Insufficient credits/),
  },
  {
    name: 'HTTP 400, vLLM-style {"object":"error"}',
    expected: 'server message',
    replies: [
      {
        status: 400,
        body: {
          object: 'error',
          message: "This model's maximum context length is 4096 tokens.",
          type: 'BadRequestError',
          param: null,
          code: 400,
        },
      },
    ],
    check: err(/HTTP 400 .*maximum context length is 4096 tokens/),
  },
  {
    name: 'HTTP 502, HTML page from a proxy (x3)',
    expected: 'page text, not markup',
    replies: times(3, html502),
    check: (m) => {
      err(/HTTP 502 .*502 Bad Gateway nginx/)(m);
      assert.ok(!m.error!.includes('<'));
    },
  },
  {
    name: '429 with Retry-After: 1 (seconds)',
    expected: 'waits, retries, succeeds',
    replies: [errorReply(429, 'slow down', { 'retry-after': '1' }), textReply('after the wait')],
    check: (m, s) => {
      assert.strictEqual(m.content, 'after the wait');
      assert.strictEqual(s.requests.length, 2);
    },
  },
  {
    name: '429 with Retry-After as an HTTP date',
    expected: 'waits, retries, succeeds',
    replies: [errorReply(429, 'slow down', { 'retry-after': new Date(Date.now() + 1500).toUTCString() }), textReply('after the date')],
    check: (m) => assert.strictEqual(m.content, 'after the date'),
  },
  {
    name: '429 asking for 120 s',
    expected: 'no retry; says how long to wait',
    replies: [errorReply(429, 'quota', { 'retry-after': '120' })],
    check: (m, s) => {
      err(/HTTP 429 .*quota.*wait 120 s/)(m);
      assert.strictEqual(s.requests.length, 1);
    },
  },
  {
    name: 'connection refused',
    expected: 'cannot reach host, check URL/server/proxy',
    baseUrl: async () => {
      const probe = net.createServer();
      await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
      const port = (probe.address() as net.AddressInfo).port;
      await new Promise<void>((r) => probe.close(() => r()));
      return `http://127.0.0.1:${port}/v1`;
    },
    check: err(/Could not reach 127\.0\.0\.1:\d+: ECONNREFUSED/),
  },
  {
    name: 'DNS failure of a bad host name',
    expected: 'cannot reach host (ENOTFOUND)',
    baseUrl: () => 'http://parley-no-such-host.invalid/v1',
    check: err(/Could not reach parley-no-such-host\.invalid: (ENOTFOUND|EAI_AGAIN)/),
  },
  {
    name: 'TLS error (https to a plain-http server)',
    expected: 'cannot reach host, TLS error named',
    baseUrl: (s) => `https://127.0.0.1:${s.port}/v1`,
    check: err(/Could not reach 127\.0\.0\.1:\d+: .*(SSL|TLS|EPROTO|wrong version)/i),
  },
  {
    name: 'connection cut before headers (x3)',
    expected: 'retried, then a network error',
    replies: times(3, { cutBeforeHeaders: true }),
    check: (m, s) => {
      err(/Could not reach|closed/)(m);
      assert.strictEqual(s.requests.length, 3);
    },
  },
  {
    name: 'connection cut after headers, before any token',
    expected: 'retried; second try succeeds',
    replies: [{ steps: [{ cut: true }] }, textReply('second try')],
    check: (m) => assert.strictEqual(m.content, 'second try'),
  },
  {
    name: 'connection cut mid-stream',
    expected: 'text so far kept; "closed before complete"',
    replies: [{ steps: [{ content: 'Half ' }, { content: 'an answer' }, { cut: true }] }],
    check: (m) => {
      assert.strictEqual(m.content, 'Half an answer');
      err(/closed before the reply was complete/)(m);
    },
  },
  {
    name: 'stream stalls (idle timeout 2 s)',
    expected: 'timeout after 2 s, text kept',
    replies: [{ steps: [{ content: 'Started' }, { stall: true }] }],
    check: (m) => {
      assert.strictEqual(m.content, 'Started');
      err(/Timed out .*stalled for 2 s/)(m);
    },
  },
  {
    name: 'no headers within the first-token timeout (3 s)',
    expected: 'timeout, no hang',
    replies: times(3, { headersDelayMs: 4000, steps: [{ content: 'too late' }] }),
    check: err(/Timed out .*no reply within 3 s/),
  },
  {
    name: 'stream never sends [DONE] (finish_reason sent)',
    expected: 'complete reply',
    replies: [{ ...textReply('complete anyway'), noDone: true }],
    check: (m) => {
      assert.strictEqual(m.content, 'complete anyway');
      assert.strictEqual(m.error, undefined);
      assert.strictEqual(m.note, undefined);
    },
  },
  {
    name: 'stream ends with neither finish_reason nor [DONE]',
    expected: 'kept, with a "may be cut short" note',
    replies: [{ steps: [{ content: 'maybe complete' }], noDone: true }],
    check: (m) => {
      assert.strictEqual(m.content, 'maybe complete');
      assert.match(m.note ?? '', /may be cut short/);
    },
  },
  {
    name: 'malformed JSON chunk',
    expected: 'text so far kept; "malformed chunk"',
    replies: [{ steps: [{ content: 'Good so far. ' }, { rawData: '{"choices":[{"delta":{"content":"oops' }] }],
    check: (m) => {
      assert.strictEqual(m.content, 'Good so far. ');
      err(/malformed chunk/)(m);
    },
  },
  {
    name: 'mid-stream {"error": …}',
    expected: 'text so far kept; server message',
    replies: [{ steps: [{ content: 'Partial. ' }, { error: { message: 'Provider returned error', code: 502 } }] }],
    check: (m) => {
      assert.strictEqual(m.content, 'Partial. ');
      err(/mid-reply: Provider returned error/)(m);
    },
  },
  {
    name: 'a 10 MB reply',
    expected: 'all 10 MB arrive',
    replies: [{ steps: [...times(10_000, { content: 'x'.repeat(1023) + '\n' }), { finish_reason: 'stop' }] }],
    check: (m) => assert.strictEqual(m.content.length, 10_240_000),
  },
  {
    name: '100,000 tiny chunks',
    expected: 'all arrive, in order',
    replies: [{ steps: [...Array.from({ length: 100_000 }, (_, i) => ({ content: String(i % 10) })), { finish_reason: 'stop' }] }],
    check: (m) => {
      assert.strictEqual(m.content.length, 100_000);
      assert.ok(m.content.startsWith('0123456789012'));
    },
  },
  {
    name: 'SSE keep-alives for 30 s before the first token (idle timeout 2 s)',
    expected: 'keep-alives keep it open; reply arrives',
    replies: [
      { steps: [...times(30, { comment: 'keep-alive', delayMs: 1000 }), { content: 'worth the wait' }, { finish_reason: 'stop' }] },
    ],
    check: (m) => {
      assert.strictEqual(m.content, 'worth the wait');
      assert.strictEqual(m.error, undefined);
    },
  },
  {
    name: 'chunks with empty choices (Azure filter results)',
    expected: 'ignored',
    replies: [{ steps: [{ emptyChoices: true }, { content: 'filtered fine' }, { emptyChoices: true }, { finish_reason: 'stop' }] }],
    check: (m) => assert.strictEqual(m.content, 'filtered fine'),
  },
  {
    name: 'deltas without content (role only)',
    expected: 'ignored',
    replies: [{ steps: [{ roleOnly: true }, { content: 'role first' }, { roleOnly: true }, { finish_reason: 'stop' }] }],
    check: (m) => assert.strictEqual(m.content, 'role first'),
  },
  {
    name: 'finish_reason length',
    expected: 'kept, "cut off at the token limit" note',
    replies: [textReply('truncated', { finish: 'length' })],
    check: (m) => assert.match(m.note ?? '', /cut off at the token limit/),
  },
  {
    name: 'finish_reason content_filter',
    expected: 'kept, content-filter note',
    replies: [textReply('filtered', { finish: 'content_filter' })],
    check: (m) => assert.match(m.note ?? '', /content filter/),
  },
  {
    name: 'reasoning_content then <think> then answer',
    expected: 'reasoning apart from the answer',
    replies: [
      {
        steps: [
          { reasoning_content: 'step one. ' },
          { content: '<think>step two</think>' },
          { content: 'The answer.' },
          { finish_reason: 'stop' },
        ],
      },
    ],
    check: (m) => {
      assert.strictEqual(m.content, 'The answer.');
      assert.strictEqual(m.reasoning, 'step one. step two');
    },
  },
  {
    name: 'empty reply',
    expected: '"empty reply" note',
    replies: [{ steps: [{ finish_reason: 'stop' }] }],
    check: (m) => assert.match(m.note ?? '', /empty reply/),
  },
];

describe('Fault suite: server faults in the real host', function () {
  this.timeout(120_000);
  let server: ChatServer;
  before(async () => {
    const config = vscode.workspace.getConfiguration('parley');
    await config.update('timeouts.idleSeconds', 2, vscode.ConfigurationTarget.Global);
    await config.update('timeouts.firstTokenSeconds', 3, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    const config = vscode.workspace.getConfiguration('parley');
    await config.update('timeouts.idleSeconds', undefined, vscode.ConfigurationTarget.Global);
    await config.update('timeouts.firstTokenSeconds', undefined, vscode.ConfigurationTarget.Global);
    const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
    console.log(`\nFault suite: ${rows.length} server faults\n${'fault'.padEnd(w[0])} | ${'expected'.padEnd(w[1])} | result`);
    for (const r of rows) console.log(`${r[0].padEnd(w[0])} | ${r[1].padEnd(w[1])} | ${r[2]}`);
  });
  afterEach(async () => {
    try {
      if (server) assertRepliesValid(server);
    } finally {
      await server?.close();
    }
  });

  for (const c of cases) {
    it(c.name, async () => {
      const api = await parley();
      server = await useServer();
      if (c.baseUrl) {
        const url = await c.baseUrl(server);
        await vscode.workspace
          .getConfiguration('parley')
          .update(
            'profiles',
            [{ name: 'Test server', baseUrl: url, model: 'test-model', needsKey: false }],
            vscode.ConfigurationTarget.Global,
          );
      }
      server.enqueue(...(c.replies ?? []));
      await api.chat.newChat();
      let result = 'FAILED';
      try {
        await api.chat.send('The question that must never be lost');
        const [question, reply] = api.chat.messages;
        assert.strictEqual(question.content, 'The question that must never be lost');
        assert.strictEqual(reply.streaming, false);
        c.check(reply, server);
        // The next request works.
        if (c.baseUrl)
          await useServer().then(async (s) => {
            await server.close();
            server = s;
          });
        await api.chat.send('next');
        assert.strictEqual(api.chat.messages[3].content, 'Hello from the test server.', 'the next request works');
        result = reply.error ? `ok: ${reply.error.slice(0, 70)}` : `ok: ${reply.note ?? `${reply.content.length} chars`}`.slice(0, 74);
      } finally {
        rows.push([c.name, c.expected, result]);
      }
    });
  }
});

describe('Fault suite: key safety', () => {
  let server: ChatServer;
  after(async () => {
    await server?.close();
  });

  describe('after requests with a key that failed and succeeded', () => {
    let api: Awaited<ReturnType<typeof parley>>;
    /** Everything the view was told from before the key was stored. */
    let posts: Recorder<ToWebview>;
    before(async () => {
      api = await parley();
      posts = recordPosts(api);
      server = await useServer({ apiKey: TEST_KEY });
      server.enqueue(errorReply(500, 'boom'), errorReply(500, 'boom'), errorReply(500, 'boom'));
      await api.chat.newChat();
      await api.chat.send('hello');
      await api.chat.send('again');
    });
    after(() => posts.dispose());

    it('the key is not in the error message', () => {
      const error = api.chat.messages[1].error ?? '';
      assert.match(error, /HTTP 500/);
      assert.ok(!error.includes(TEST_KEY));
    });

    it('the key is not in an exported conversation', () => {
      assert.ok(!conversationToMarkdown(api.chat.current()).includes(TEST_KEY));
    });

    it('the key is not in anything sent to the webview', () => {
      assert.ok(
        posts.all.some((m) => m.type === 'done'),
        'the view was told of the replies',
      );
      assert.ok(!JSON.stringify(posts.all).includes(TEST_KEY));
    });

    it('the key is not in settings', () => {
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('parley').inspect('profiles')).includes(TEST_KEY));
    });

    it('the key is not in the log', async () => {
      await vscode.commands.executeCommand('parley.showLog');
      const logs = listFiles(path.dirname(api.logUri.fsPath));
      const parleyLogs = await waitFor('a Parley log file', () =>
        logs().filter((f) => /parley/i.test(f) && fs.readFileSync(f, 'utf8').includes('model test-model')),
      );
      for (const f of parleyLogs) assert.ok(!fs.readFileSync(f, 'utf8').includes(TEST_KEY), `not in ${f}`);
    });

    it('the key was sent as a Bearer token to its own origin only', () => {
      assert.ok(server.requests.every((r) => r.headers.authorization === `Bearer ${TEST_KEY}`));
    });
  });

  it('a header setting cannot smuggle the key to another origin', async () => {
    const api = await parley();
    const own = await useServer({ apiKey: TEST_KEY });
    const other = await startChatServer();
    const answering = api.answerPrompts({ input: async () => undefined });
    try {
      await vscode.workspace
        .getConfiguration('parley')
        .update(
          'profiles',
          [{ name: 'Test server', baseUrl: other.url, model: 'test-model', headers: { 'X-Forward': 'yes' } }],
          vscode.ConfigurationTarget.Global,
        );
      await api.chat.newChat();
      await api.chat.send('hi');
      assert.strictEqual(other.requests.length, 0);
    } finally {
      answering.dispose();
      await other.close();
      await own.close();
    }
  });
});

describe('Fault suite: bad input', () => {
  let server: ChatServer;
  beforeEach(async () => {
    server = await useServer();
  });
  afterEach(async () => {
    try {
      if (server) assertRepliesValid(server);
    } finally {
      await server?.close();
    }
  });

  const badProfiles: [string, Record<string, unknown>, RegExp][] = [
    ['bad base URL', { baseUrl: 'localhost:11434' }, /parley\.profiles\[0\]\.baseUrl/],
    ['negative max tokens', { maxTokens: -1 }, /parley\.profiles\[0\]\.maxTokens/],
    ['malformed headers', { headers: '{"X-A": ' }, /parley\.profiles\[0\]\.headers/],
  ];
  for (const [name, patch, re] of badProfiles) {
    it(`${name}: a clear error naming the setting, the question kept`, async () => {
      const api = await parley();
      await vscode.workspace
        .getConfiguration('parley')
        .update(
          'profiles',
          [{ name: 'Test server', baseUrl: server.url, model: 'test-model', needsKey: false, ...patch }],
          vscode.ConfigurationTarget.Global,
        );
      await api.chat.newChat();
      await api.chat.send('hello');
      assert.strictEqual(api.chat.messages[0].content, 'hello');
      assert.match(api.chat.messages[1].error ?? '', re);
      assert.strictEqual(server.requests.length, 0);
    });
  }

  it('an unknown language id still explains', async () => {
    const api = await parley();
    await api.chat.newChat();
    const doc = await vscode.workspace.openTextDocument({ content: 'frobnicate x y z', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 16);
    await vscode.commands.executeCommand('parley.explainSelection');
    await api.chat.idle();
    assert.strictEqual(api.chat.messages[1].content, 'Hello from the test server.');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('rewriting a huge selection refuses with a clear message and changes nothing', async () => {
    const api = await parley();
    const big = 'x = 1\n'.repeat(60_000);
    const doc = await vscode.workspace.openTextDocument({ content: big, language: 'python' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, doc.lineCount, 0);
    const session = await api.rewrite.start('simplify');
    assert.strictEqual(session, undefined);
    assert.strictEqual(doc.getText(), big);
    assert.strictEqual(server.requests.length, 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

function listFiles(dir: string): () => string[] {
  const walk = (d: string): string[] => {
    if (!fs.existsSync(d)) return [];
    return fs
      .readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  };
  return () => walk(dir);
}
