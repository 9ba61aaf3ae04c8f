import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { errorReply, startChatServer, textReply, type ChatServer } from '../server/chatServer';
import { assertAllValid, parley, TEST_KEY, useServer, waitFor } from './helpers';
import { recordPosts } from './recorders';

describe('Chat Completions client in the real host', () => {
  let server: ChatServer | undefined;
  let other: ChatServer | undefined;
  afterEach(async () => {
    const api = await parley();
    api.chat.stop();
    await api.chat.idle();
    if (server) assertAllValid(server);
    await server?.close();
    await other?.close();
    server = other = undefined;
  });

  it('streams a reply token by token into the chat', async () => {
    const api = await parley();
    server = await useServer();
    server.enqueue(textReply('One two three four five six.', { delayMs: 50 }));
    await api.chat.newChat();
    const posts = recordPosts(api);
    await api.chat.send('Count to six').finally(() => posts.dispose());
    const last = api.chat.messages[api.chat.messages.length - 1];
    const deltas = posts.all.filter((m) => m.type === 'delta' && m.turnId === last.id);
    assert.ok(deltas.length >= 6, `expected several deltas, got ${deltas.length}`);
    assert.strictEqual(last.content, 'One two three four five six.');
    assert.strictEqual(last.error, undefined);
    assert.strictEqual(server.requests[0].body.messages[0].content, 'Count to six');
  });

  it('Stop aborts the HTTP request: the server sees the connection close', async () => {
    const api = await parley();
    server = await useServer();
    server.enqueue(textReply(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '), { delayMs: 50 }));
    await api.chat.newChat();
    const sending = api.chat.send('Talk for a long time');
    await waitFor('first tokens', () => (api.chat.messages[1]?.content.length ?? 0) > 5);
    api.chat.stop();
    await sending;
    const recorded = await server.settled(0);
    assert.strictEqual(recorded.closedEarly, true);
    const reply = api.chat.messages[1];
    assert.ok(reply.content.length > 0 && !reply.content.includes('w199'), 'the partial reply is kept');
    assert.match(reply.note ?? '', /Stopped/);
  });

  it('sends the key from SecretStorage as a Bearer token', async () => {
    const api = await parley();
    server = await useServer({ apiKey: TEST_KEY });
    await api.chat.newChat();
    await api.chat.send('hello');
    assert.strictEqual(server.requests[0].headers.authorization, `Bearer ${TEST_KEY}`);
    assert.strictEqual(api.chat.messages[1].content, 'Hello from the test server.');
  });

  it('asks for a new key on 401 and retries with it', async () => {
    const api = await parley();
    server = await useServer({ apiKey: TEST_KEY });
    await api.keys.set(server.url, 'sk-wrong-key-000000000000');
    const asked: string[] = [];
    const answering = api.answerPrompts({
      input: async (options) => {
        asked.push(String(options.prompt));
        return TEST_KEY;
      },
    });
    try {
      await api.chat.newChat();
      await api.chat.send('hello');
    } finally {
      answering.dispose();
    }
    assert.strictEqual(asked.length, 1);
    assert.match(asked[0], /rejected \(HTTP 401: Incorrect API key provided\.\)/);
    assert.strictEqual(server.requests.length, 2);
    assert.strictEqual(api.chat.messages[1].content, 'Hello from the test server.');
    assert.strictEqual(await api.keys.get(server.url), TEST_KEY, 'the new key is stored');
  });

  it('Test Connection with a rejected key asks for a new one, like every request', async () => {
    const api = await parley();
    server = await useServer({ apiKey: TEST_KEY });
    await api.keys.set(server.url, 'sk-wrong-key-000000000000');
    let asked = 0;
    const answering = api.answerPrompts({
      input: async () => {
        asked++;
        return TEST_KEY;
      },
    });
    try {
      const probed = await api.service.probe();
      assert.strictEqual(probed.result.content, 'Hello from the test server.');
    } finally {
      answering.dispose();
    }
    assert.strictEqual(asked, 1, 'asked once: the questions about tools and images that follow use the new key');
    assert.deepStrictEqual(
      server.requests.map((r) => r.headers.authorization),
      ['Bearer sk-wrong-key-000000000000', `Bearer ${TEST_KEY}`, `Bearer ${TEST_KEY}`, `Bearer ${TEST_KEY}`],
    );
  });

  it('429 with Retry-After: 1 is retried once and succeeds', async () => {
    const api = await parley();
    server = await useServer();
    server.enqueue(errorReply(429, 'Rate limit reached', { 'retry-after': '1' }), textReply('worth the wait'));
    await api.chat.newChat();
    await api.chat.send('hi');
    assert.strictEqual(server.requests.length, 2);
    assert.strictEqual(api.chat.messages[1].content, 'worth the wait');
  });

  it('a 400 naming max_tokens as unsupported is probed: the retry uses max_completion_tokens and it is remembered', async () => {
    const api = await parley();
    server = await useServer({ extra: { maxTokens: 64 } });
    server.enqueue(
      errorReply(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."),
      textReply('adapted'),
    );
    await api.chat.newChat();
    await api.chat.send('hi');
    assert.strictEqual(api.chat.messages[1].content, 'adapted');
    assert.strictEqual(server.requests[0].body.max_tokens, 64);
    assert.strictEqual(server.requests[1].body.max_completion_tokens, 64);
    assert.strictEqual(server.requests[1].body.max_tokens, undefined);
    await api.chat.send('again');
    assert.strictEqual(server.requests[2].body.max_completion_tokens, 64, 'remembered for the next request');
  });

  it('the first message adapts to two unsupported parameters in turn (max_tokens, then temperature)', async () => {
    const api = await parley();
    server = await useServer({ extra: { maxTokens: 64, temperature: 0.3 } });
    server.enqueue(
      errorReply(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."),
      errorReply(400, "Unsupported value: 'temperature' does not support 0.3 with this model. Only the default (1) value is supported."),
      textReply('adapted twice'),
    );
    await api.chat.newChat();
    await api.chat.send('hi');
    assert.strictEqual(api.chat.messages[1].content, 'adapted twice');
    assert.strictEqual(server.requests.length, 3);
    assert.strictEqual(server.requests[2].body.max_completion_tokens, 64);
    assert.strictEqual(server.requests[2].body.temperature, undefined);
  });

  it('parameter adaptation is bounded: a parameter is adapted once, then the 400 is shown', async () => {
    const api = await parley();
    server = await useServer({ extra: { maxTokens: 64 } });
    server.enqueue(
      errorReply(400, "Unsupported parameter: 'max_tokens' is not supported with this model."),
      errorReply(400, "Unsupported parameter: 'max_completion_tokens' is not supported with this model."),
      errorReply(400, "Unsupported parameter: 'max_tokens' is not supported with this model."),
    );
    await api.chat.newChat();
    await api.chat.send('hi').catch(() => undefined);
    assert.strictEqual(server.requests.length, 2, 'no third attempt swapping back');
    assert.match(api.chat.messages[1]?.error ?? JSON.stringify(api.chat.messages), /400/);
  });

  it('Test Connection probes what the endpoint accepts and remembers it', async () => {
    const api = await parley();
    server = await useServer({ profileName: 'Probe target' });
    server.enqueue(
      errorReply(400, 'Unrecognized request argument supplied: stream_options'),
      errorReply(400, "Unsupported value: 'temperature' does not support 0.5 with this model. Only the default (1) value is supported."),
      { steps: [{ reasoning_content: 'A test; answer OK.' }, { content: 'OK' }, { finish_reason: 'stop' }] },
    );
    const probed = await api.service.probe();
    assert.strictEqual(probed.result.content, 'OK');
    assert.deepStrictEqual(
      [probed.caps.streamOptions, probed.caps.temperature, probed.caps.reasoningVia],
      [false, false, 'reasoning_content'],
    );
    assert.ok(server.requests[0].body.stream_options && server.requests[0].body.temperature === 0.5, 'the first try used both');
    assert.strictEqual(server.requests[2].body.stream_options, undefined);
    assert.strictEqual(server.requests[2].body.temperature, undefined);
    await api.chat.newChat();
    await api.chat.send('after the probe');
    assert.strictEqual(server.requests.at(-1)?.body.stream_options, undefined, 'remembered for chat requests');
  });

  it('an HTTP error shows the status and the server message, and the question is kept', async () => {
    const api = await parley();
    server = await useServer();
    server.enqueue(errorReply(404, 'The model `nope` does not exist'));
    await api.chat.newChat();
    await api.chat.send('my precious question');
    assert.strictEqual(api.chat.messages[0].content, 'my precious question');
    assert.match(
      api.chat.messages[1].error ?? '',
      /HTTP 404 from 127\.0\.0\.1:\d+: The model `nope` does not exist\. Check the base URL and the model name/,
    );
  });

  it('a key saved for one origin is never sent to another', async () => {
    const api = await parley();
    server = await useServer({ apiKey: TEST_KEY });
    other = await startChatServer();
    // Same profile name, base URL changed to another origin (another port).
    await vscode.workspace
      .getConfiguration('parley')
      .update('profiles', [{ name: 'Test server', baseUrl: other.url, model: 'test-model' }], vscode.ConfigurationTarget.Global);
    const answering = api.answerPrompts({ input: async () => undefined });
    try {
      await api.chat.newChat();
      await api.chat.send('hello');
    } finally {
      answering.dispose();
    }
    assert.strictEqual(other.requests.length, 0, 'no request without a key of its own');
    assert.match(api.chat.messages[1].error ?? '', /No API key for Test server/);
  });

  /** Two keyless profiles: llama.cpp restarted with --api-key (answers 401), and another server that takes no key. */
  async function keylessProfiles(): Promise<{ keyed: ChatServer; open: ChatServer }> {
    const api = await parley();
    const keyed = await startChatServer({ apiKey: TEST_KEY, like: 'llamacpp' });
    const open = await startChatServer();
    const config = vscode.workspace.getConfiguration('parley');
    await config.update(
      'profiles',
      [
        { name: 'llama.cpp server', baseUrl: keyed.url, model: 'test-model', needsKey: false },
        { name: 'Other', baseUrl: open.url, model: 'test-model', needsKey: false },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await config.update('activeProfile', 'llama.cpp server', vscode.ConfigurationTarget.Global);
    // A port used before may have a key kept for it: these start with none.
    await Promise.all([api.keys.delete(keyed.url), api.keys.delete(open.url)]);
    return { keyed, open };
  }

  /** Answers the key box with `key` (as a person would) and records what it asked. */
  async function answeringKeyBox<T>(
    key: string | undefined,
    run: () => Thenable<T>,
  ): Promise<{ result: T; asked: vscode.InputBoxOptions[] }> {
    const api = await parley();
    const asked: vscode.InputBoxOptions[] = [];
    const answering = api.answerPrompts({
      input: async (options) => {
        asked.push(options);
        return key;
      },
    });
    try {
      return { result: await run(), asked };
    } finally {
      answering.dispose();
    }
  }

  it('a keyless profile answered 401 (its server restarted with --api-key): Set API Key makes the profile send the key, to its own server only', async () => {
    const api = await parley();
    ({ keyed: server, open: other } = await keylessProfiles());
    await api.chat.newChat();
    await api.chat.send('What does fib do?');
    assert.strictEqual(server.requests[0].headers.authorization, undefined);
    assert.match(
      api.chat.messages[1].error ?? '',
      /^HTTP 401 from 127\.0\.0\.1:\d+: Invalid API Key\. This server asks for an API key and the profile "llama\.cpp server" sends none: run "Parley: Set API Key" to enter one\.$/,
    );

    const { asked } = await answeringKeyBox(TEST_KEY, () => vscode.commands.executeCommand('parley.setApiKey'));
    assert.strictEqual(asked.length, 1);
    assert.strictEqual(asked[0].password, true);
    await api.chat.regenerate();
    assert.strictEqual(server.requests.at(-1)!.headers.authorization, `Bearer ${TEST_KEY}`, 'the key is sent once it is set');
    assert.deepStrictEqual(
      api.chat.messages.map((m) => [m.role, m.content, m.error]),
      [
        ['user', 'What does fib do?', undefined],
        ['assistant', 'Hello from the test server.', undefined],
      ],
    );
    // The profile learnt it needs a key; the other one did not.
    const saved = vscode.workspace.getConfiguration('parley').inspect<Record<string, unknown>[]>('profiles')?.globalValue;
    assert.deepStrictEqual(
      saved?.map((p) => [p.name, p.needsKey]),
      [
        ['llama.cpp server', true],
        ['Other', false],
      ],
    );
    // The key stays with the server it was entered for.
    await vscode.workspace.getConfiguration('parley').update('activeProfile', 'Other', vscode.ConfigurationTarget.Global);
    await api.chat.send('And the other server?');
    assert.strictEqual(other.requests.length, 1);
    assert.strictEqual(other.requests[0].headers.authorization, undefined, 'the key went to another server');
  });

  it("the chat error's Enter API Key (on a 401 from a keyless profile) asks for the key, then sends the question again: nothing typed is lost", async () => {
    const api = await parley();
    ({ keyed: server, open: other } = await keylessProfiles());
    await api.chat.newChat();
    await api.chat.send('My long question about fib, typed once');
    const failed = api.chat.messages[1];
    assert.match(failed.error ?? '', /HTTP 401/);
    // What the error's button posts; a click on an older reply's button, or a forged id, does nothing.
    const forged = await answeringKeyBox('sk-never-used', () => api.view.receive({ type: 'enterApiKey', messageId: 'not-a-message' }));
    assert.deepStrictEqual([forged.asked.length, server.requests.length], [0, 1]);
    const { asked } = await answeringKeyBox(TEST_KEY, () => api.view.receive({ type: 'enterApiKey', messageId: failed.id }));
    assert.strictEqual(asked.length, 1);
    assert.match(String(asked[0].title), /llama\.cpp server/);
    await api.chat.idle();
    assert.deepStrictEqual(
      api.chat.messages.map((m) => [m.role, m.content, m.error]),
      [
        ['user', 'My long question about fib, typed once', undefined],
        ['assistant', 'Hello from the test server.', undefined],
      ],
    );
    assert.strictEqual(server.requests.length, 2);
    assert.strictEqual(server.requests[1].headers.authorization, `Bearer ${TEST_KEY}`);
    assert.match(JSON.stringify(server.requests[1].body.messages.at(-1)), /My long question about fib, typed once/);
    assert.strictEqual(other.requests.length, 0);
  });

  it('a workspace .vscode/settings.json cannot redirect requests (and the key) to another host', async () => {
    const api = await parley();
    server = await useServer({ apiKey: TEST_KEY });
    other = await startChatServer();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify({
        'parley.profiles': [{ name: 'Test server', baseUrl: other.url, model: 'test-model', headers: { 'X-Steal': '1' } }],
        'parley.activeProfile': 'Test server',
        // A setting a workspace may set: once it shows, VS Code has read the file.
        'parley.systemPrompt': 'from the workspace',
      }),
    );
    try {
      await waitFor(
        'workspace settings read',
        () => vscode.workspace.getConfiguration('parley').get('systemPrompt') === 'from the workspace',
      );
      await api.chat.newChat();
      await api.chat.send('hello');
      assert.strictEqual(other.requests.length, 0, 'the workspace-set host got nothing');
      assert.strictEqual(server.requests.length, 1);
      assert.strictEqual(server.requests[0].headers.authorization, `Bearer ${TEST_KEY}`);
      assert.strictEqual(server.requests[0].headers['x-steal'], undefined);
      assert.strictEqual(server.requests[0].body.messages[0].content, 'from the workspace');
    } finally {
      fs.rmSync(path.join(folder, '.vscode'), { recursive: true, force: true });
      await waitFor('workspace settings gone', () => !vscode.workspace.getConfiguration('parley').get('systemPrompt'));
    }
  });
});
