import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ToolTurn } from '../../src/core/conversation/turn';
import { processAlive } from '../fixtures/mcp/processAlive';
import { startMcpHttpServer, type McpHttpFixture } from '../fixtures/mcp/httpServer';
import { PICTURE_PNG } from '../fixtures/mcp/fixtureTools';
import { IMAGES_NOT_SENT } from '../../src/core/conversation/turn';
import { textReply, toolCallReply, type ChatServer } from '../server/chatServer';
import { assertAllValid, parley, useServer, waitFor } from './helpers';
import { recordPosts } from './recorders';

const STDIO_SERVER = path.join(__dirname, '../fixtures/mcp/stdioServer.js');
// The host's own Node (in a desktop host, Electron run as Node).
const stdioServer = { command: process.execPath, args: [STDIO_SERVER], env: { ELECTRON_RUN_AS_NODE: '1' } };

/** What the request carries after the picture tool's result: its image, named by the call. */
const PICTURE_MESSAGE = {
  role: 'user',
  content: [
    { type: 'text', text: 'Images returned by the tool calls above (mcp_fixture_picture (call c_pic): image-1.png):' },
    { type: 'image_url', image_url: { url: `data:image/png;base64,${PICTURE_PNG}` } },
  ],
};

const call = (id: string, name: string, args: object) => toolCallReply([{ id, name, arguments: JSON.stringify(args) }]);

describe("MCP servers' tools in Agent mode (real host, real MCP servers over stdio and HTTP)", function () {
  this.timeout(60_000);
  const config = () => vscode.workspace.getConfiguration('parley');
  let server: ChatServer;
  let web: McpHttpFixture;
  before(async () => {
    web = await startMcpHttpServer();
  });
  after(async () => {
    const api = await parley();
    const pids = api.agent.mcp.pids;
    for (const key of ['mcp.servers', 'mcp.allowedTools', 'mcp.timeoutSeconds'])
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await config().update('mcp.servers', undefined, vscode.ConfigurationTarget.Workspace);
    await api.agent.tools(); // the servers no longer configured are ended
    await waitFor('no MCP server process is left', () => pids.every((p) => !processAlive(p)));
    await web.close();
  });
  beforeEach(async () => {
    server = await useServer();
    await (await parley()).chat.newChat();
    await config().update('mcp.servers', { fixture: stdioServer, web: { url: web.url } }, vscode.ConfigurationTarget.Global);
  });
  afterEach(async () => {
    assertAllValid(server);
    await server.close();
  });

  const steps = async () => (await parley()).chat.messages.filter((t): t is ToolTurn => t.role === 'tool');
  const bodies = () => server.requests.map((r) => r.body as { messages: any[]; tools?: any[] });
  const lastResult = (i: number) => bodies()[i].messages.at(-1) as { role: string; tool_call_id: string; content: string };

  it("the model sees the servers' tools; a call waits for Call, its result goes back; Deny sends the reason; Always Allow is remembered", async () => {
    const api = await parley();
    server.enqueue(
      call('c_add', 'mcp_fixture_add', { a: 2, b: 40 }),
      call('c_echo', 'mcp_web_echo', { text: 'hi' }),
      call('c_mark', 'mcp_fixture_write_marker', { path: path.join(__dirname, 'never-written') }),
      call('c_echo2', 'mcp_web_echo', { text: 'again' }),
      call('c_pic', 'mcp_fixture_picture', {}),
      call('c_add2', 'mcp_fixture_add', { a: 1, b: 1 }),
      textReply('Done.'),
    );
    const answers: [string, 'run' | 'always' | 'alwaysServer' | 'deny', string?][] = [
      ['c_add', 'run'],
      ['c_echo', 'always'],
      ['c_mark', 'deny', 'not on my disk'],
      ['c_pic', 'alwaysServer'],
    ];
    const sending = api.chat.send('Use the tools', undefined, {}, 'agent');
    for (const [id, choice, reason] of answers) {
      await waitFor(`${id} waits for the user`, () => api.approvals.pending.includes(id), 30_000);
      const step = (await steps()).find((s) => s.toolCallId === id)!;
      assert.strictEqual(step.approval?.kind, 'tool');
      api.approvals.answer(id, choice, reason);
    }
    await sending;
    await api.chat.idle();
    const tools = bodies()[0].tools!.map((t) => t.function);
    const add = tools.find((t) => t.name === 'mcp_fixture_add');
    assert.deepStrictEqual(Object.keys(add.parameters.properties).sort(), ['a', 'b']);
    assert.match(add.description, /Adds two numbers[^]*MCP server "fixture"/);
    assert.ok(tools.some((t) => t.name === 'read_file') && tools.some((t) => t.name === 'mcp_web_echo'));
    assert.deepStrictEqual(lastResult(1), { role: 'tool', tool_call_id: 'c_add', content: '42' });
    assert.strictEqual(lastResult(2).content, 'echo: hi');
    assert.match(lastResult(3).content, /declined this tool call and said: "not on my disk"/);
    assert.strictEqual(lastResult(4).content, 'echo: again', 'Always Allow: the second echo ran unasked');
    assert.deepStrictEqual(bodies()[5].messages.slice(-2), [
      {
        role: 'tool',
        tool_call_id: 'c_pic',
        content: '[image image/png, 74 bytes: image-1.png, shown to the model after the tool results]\n\nan orange square',
      },
      PICTURE_MESSAGE,
    ]);
    assert.strictEqual(lastResult(6).content, '2', 'Always Allow fixture: its other tools ran unasked');
    assert.deepStrictEqual(config().inspect('mcp.allowedTools')?.globalValue, ['web/echo', 'fixture']);
    assert.deepStrictEqual(
      (await steps()).map((s) => s.status),
      ['done', 'done', 'denied', 'done', 'done', 'done'],
    );
    assert.ok(web.authorizations.length > 0);
  });

  it('a tool with an output schema: the bundled client checks its structured result (no ajv in the VSIX) and the model reads it', async () => {
    const api = await parley();
    const bundle = fs.readFileSync(
      path.join(vscode.extensions.getExtension('parley-dev.parley')!.extensionPath, 'dist', 'mcpClient.js'),
      'utf8',
    );
    assert.ok(!bundle.includes('strictTuples'), "ajv's code is in dist/mcpClient.js");
    const allowed = config().inspect<string[]>('mcp.allowedTools')?.globalValue;
    await config().update('mcp.allowedTools', [...(allowed ?? []), 'fixture/forecast'], vscode.ConfigurationTarget.Global);
    server.enqueue(call('c_cast', 'mcp_fixture_forecast', { city: 'Oslo' }), textReply('Mild.'));
    try {
      await api.chat.send('The weather?', undefined, {}, 'agent');
      await api.chat.idle();
    } finally {
      await config().update('mcp.allowedTools', allowed, vscode.ConfigurationTarget.Global);
    }
    assert.deepStrictEqual(
      (await steps()).map((s) => s.status),
      ['done'],
    );
    assert.match(lastResult(1).content, /Oslo: 21 °C/);
  });

  it("a tool's image reaches the model after the results, stays in the history, and reaches the page with its step", async () => {
    const api = await parley();
    await config().update('mcp.allowedTools', ['fixture'], vscode.ConfigurationTarget.Global);
    const posts = recordPosts(api);
    try {
      server.enqueue(call('c_pic', 'mcp_fixture_picture', {}), textReply('An orange square.'), textReply('Still orange.'));
      await api.chat.send('Show me', undefined, {}, 'agent');
      await api.chat.idle();
      await api.chat.send('And now?', undefined, {}, 'agent');
      await api.chat.idle();
      assert.deepStrictEqual(bodies()[1].messages.at(-1), PICTURE_MESSAGE);
      const later = bodies()[2].messages;
      assert.deepStrictEqual(later.map((m) => m.role).slice(-5), ['assistant', 'tool', 'user', 'assistant', 'user']);
      assert.deepStrictEqual(later.slice(-4, -2), [bodies()[1].messages.at(-2), PICTURE_MESSAGE], 'the next question sends it again');
      const [step] = await steps();
      assert.deepStrictEqual(step.images, [
        { name: 'image-1.png', mimeType: 'image/png', dataUrl: `data:image/png;base64,${PICTURE_PNG}` },
      ]);
      const shown = posts.all.some(
        (m) => m.type === 'done' && m.turn.role === 'tool' && m.turn.images?.[0]?.dataUrl === step.images![0].dataUrl,
      );
      assert.ok(shown, 'the page is sent the step with its image');
    } finally {
      posts.dispose();
    }
  });

  it('a model that refuses images: remembered, the results sent again as text, and the run goes on', async () => {
    const api = await parley();
    await server.close();
    server = await useServer({ rejectImages: true });
    await config().update('mcp.allowedTools', ['fixture'], vscode.ConfigurationTarget.Global);
    server.enqueue(call('c_pic', 'mcp_fixture_picture', {}), textReply('No picture for me.'), textReply('Still none.'));
    await api.chat.send('Show me', undefined, {}, 'agent');
    await api.chat.idle();
    assert.strictEqual(api.chat.messages.at(-1)!.content, 'No picture for me.');
    assert.strictEqual(api.chat.messages.at(-1)!.error, undefined);
    assert.deepStrictEqual(
      server.requests.map((r) => JSON.stringify(r.body).includes('image_url')),
      [false, true, false],
      'refused once, then sent without the image',
    );
    assert.strictEqual(
      lastResult(2).content,
      `[image image/png, 74 bytes: image-1.png, shown to the model after the tool results]\n\nan orange square\n\n${IMAGES_NOT_SENT}`,
    );
    await api.chat.send('And now?', undefined, {}, 'agent');
    await api.chat.idle();
    assert.strictEqual(server.requests.length, 4, 'remembered: the next request goes without the image at once');
    assert.ok(!JSON.stringify(server.requests[3].body).includes('image_url'));
    assert.strictEqual(api.chat.messages.at(-1)!.content, 'Still none.');
  });

  it('a server that crashes: the step fails with what it said, the model reads it, and the next call starts it again', async () => {
    const api = await parley();
    await config().update('mcp.allowedTools', ['fixture'], vscode.ConfigurationTarget.Global);
    await api.agent.tools();
    const before = api.agent.mcp.pids;
    server.enqueue(
      call('c_crash', 'mcp_fixture_crash', {}),
      call('c_after', 'mcp_fixture_echo', { text: 'back' }),
      textReply('It recovered.'),
    );
    await api.chat.send('Crash it', undefined, {}, 'agent');
    await api.chat.idle();
    assert.match(lastResult(1).content, /MCP tool failed[^]*fixture: crashing on purpose/);
    assert.strictEqual(lastResult(2).content, 'echo: back');
    assert.deepStrictEqual(
      (await steps()).map((s) => s.status),
      ['failed', 'done'],
    );
    assert.ok(
      before.every((p) => !processAlive(p)),
      'the crashed process is gone',
    );
  });

  it('a call that hangs is cancelled at parley.mcp.timeoutSeconds; Stop cancels one at once', async () => {
    const api = await parley();
    await config().update('mcp.allowedTools', ['fixture'], vscode.ConfigurationTarget.Global);
    await config().update('mcp.timeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    server.enqueue(call('c_hang', 'mcp_fixture_hang', {}), textReply('It timed out.'));
    await api.chat.send('Wait for it', undefined, {}, 'agent');
    await api.chat.idle();
    assert.match(lastResult(1).content, /did not answer within 1 s and was cancelled/);
    assert.strictEqual((await steps())[0].status, 'failed');

    await config().update('mcp.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    server.enqueue(call('c_hang2', 'mcp_fixture_hang', {}));
    const sending = api.chat.send('Wait again', undefined, {}, 'agent');
    await waitFor(
      'the hanging call runs',
      async () => (await steps()).some((s) => s.toolCallId === 'c_hang2' && s.status === 'running'),
      30_000,
    );
    const stopped = Date.now();
    api.chat.stop();
    await sending;
    await api.chat.idle();
    const took = Date.now() - stopped;
    assert.ok(took < 3000, `Stop ended the call at once (${took} ms)`);
    assert.strictEqual(server.requests.length, 3, 'nothing asked of the model after Stop');
    assert.notStrictEqual((await steps()).at(-1)!.status, 'done');
  });

  it('a result of 2 MB reaches the model trimmed to its budget, with a note', async () => {
    const api = await parley();
    await config().update('mcp.allowedTools', ['fixture'], vscode.ConfigurationTarget.Global);
    server.enqueue(call('c_big', 'mcp_fixture_big', {}), textReply('Big.'));
    await api.chat.send('Get it all', undefined, {}, 'agent');
    await api.chat.idle();
    const content = lastResult(1).content;
    assert.ok(content.length < 200_000, `trimmed (${content.length} characters)`);
    assert.match(content, /0123456789abcdef/);
    assert.match(content, /characters left out to fit the context/);
  });

  it("a secret in a server's headers is asked for once, kept out of settings, and sent to that server", async () => {
    const api = await parley();
    const secretWeb = await startMcpHttpServer();
    const asked: string[] = [];
    const answering = api.answerPrompts({ input: async (o) => (asked.push(String(o.prompt)), 's3cret-value') });
    try {
      await config().update(
        'mcp.servers',
        { keyed: { url: secretWeb.url, headers: { Authorization: 'Bearer ${secret:keyed token}' } } },
        vscode.ConfigurationTarget.Global,
      );
      const names = (await api.agent.tools()).map((t) => t.definition.name);
      assert.ok(names.includes('mcp_keyed_echo'), names.join(', '));
      await config().update('mcp.servers', {}, vscode.ConfigurationTarget.Global);
      await api.agent.tools(); // ended
      await config().update(
        'mcp.servers',
        { keyed: { url: secretWeb.url, headers: { Authorization: 'Bearer ${secret:keyed token}' } } },
        vscode.ConfigurationTarget.Global,
      );
      await api.agent.tools(); // started again: the secret comes from SecretStorage
      assert.strictEqual(asked.length, 1, `asked once: ${asked.join(' | ')}`);
      assert.ok(secretWeb.authorizations.every((a) => a === 'Bearer s3cret-value'));
      assert.ok(!JSON.stringify(config().inspect('mcp.servers')).includes('s3cret-value'));
    } finally {
      answering.dispose();
      await secretWeb.close();
    }
  });

  it("VS Code's own tools (another extension's): off until turned on in Choose Agent Tools…, then asked about before each call", async () => {
    const api = await parley();
    const names = async () => (await api.agent.tools()).map((t) => t.definition.name);
    assert.ok(!(await names()).includes('vscode_parleyTest_lookup'), 'off by default');
    const choose = async (on: boolean) => {
      let offered: string[] = [];
      const answering = api.answerPrompts({
        pickMany: async (items) => {
          offered = items.map((i) => i.label);
          return items.filter((i) => (i.label === 'parleyTest_lookup' ? on : i.picked));
        },
      });
      try {
        await vscode.commands.executeCommand('parley.chooseAgentTools');
      } finally {
        answering.dispose();
      }
      return offered;
    };
    const offered = await choose(true);
    assert.ok(offered.includes('parleyTest_lookup') && offered.includes('echo') && offered.includes('read_file'), offered.join(', '));
    assert.ok(offered.some((l) => l.startsWith('MCP server fixture')));
    try {
      assert.ok((await names()).includes('vscode_parleyTest_lookup'));
      server.enqueue(call('c_vs', 'vscode_parleyTest_lookup', { word: 'parley' }), textReply('Found.'));
      const sending = api.chat.send('Look it up', undefined, {}, 'agent');
      await waitFor('the call waits for the user', () => api.approvals.pending.includes('c_vs'), 30_000);
      api.approvals.answer('c_vs', 'run');
      await sending;
      await api.chat.idle();
      assert.deepStrictEqual(lastResult(1), { role: 'tool', tool_call_id: 'c_vs', content: 'parley: a word the test extension knows' });
    } finally {
      await choose(false);
    }
    assert.ok(!(await names()).includes('vscode_parleyTest_lookup'), 'off again');
  });

  it("VS Code's own MCP servers (its mcp.json): their tools can be turned on and are called, asked about first; VS Code's chat-only tools are never offered", async () => {
    const api = await parley();
    // The host's user folder: where VS Code reads the user's mcp.json (the log folder is under the same user data folder).
    const mcpJson = path.join(api.logUri.fsPath.split(`${path.sep}logs${path.sep}`)[0], 'User', 'mcp.json');
    fs.writeFileSync(mcpJson, JSON.stringify({ servers: { vsfixture: { type: 'stdio', ...stdioServer } } }));
    const lm = vscode.lm as unknown as { tools: { name: string; tags: string[]; source?: { label?: string } }[] };
    const choose = async (on: (label: string, picked: boolean) => boolean) => {
      let offered: string[] = [];
      const answering = api.answerPrompts({
        pickMany: async (items) => {
          offered = items.map((i) => i.label);
          return items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator && on(i.label, !!i.picked));
        },
      });
      try {
        await vscode.commands.executeCommand('parley.chooseAgentTools');
      } finally {
        answering.dispose();
      }
      return offered;
    };
    try {
      // VS Code notices the new file in its own time; until then there is no server to start. code-server
      // reads it as the remote user's file, a desktop VS Code as the local user's.
      const echo = await waitFor('VS Code runs the server and lists its tools', async () => {
        for (const id of ['mcp.config.usrremote.vsfixture', 'mcp.config.usrlocal.vsfixture'])
          await vscode.commands.executeCommand('workbench.mcp.startServer', id, { waitForLiveTools: true });
        return lm.tools.find((t) => t.tags.includes('mcp') && t.source?.label === 'vsfixture' && t.name.endsWith('_echo'));
      });
      assert.ok(
        lm.tools.some((t) => t.name === 'run_in_terminal'),
        'VS Code has its own chat tools',
      );
      const offered = await choose((label, picked) => picked || label === echo.name);
      assert.ok(offered.includes(echo.name), offered.join(', '));
      assert.ok(!offered.includes('run_in_terminal') && !offered.includes('vscode_editFile_internal'), 'chat-only tools are not offered');
      const name = (await api.agent.tools()).map((t) => t.definition.name).find((n) => n.startsWith('vscode_') && n.endsWith('_echo'));
      assert.ok(name, 'turned on');
      server.enqueue(call('c_vsmcp', name, { text: 'via VS Code' }), textReply('Echoed.'));
      const sending = api.chat.send('Echo through VS Code', undefined, {}, 'agent');
      await waitFor('the call waits for the user', () => api.approvals.pending.includes('c_vsmcp'), 30_000);
      assert.strictEqual((await steps()).at(-1)!.approval?.where, 'VS Code\'s MCP server "vsfixture"');
      api.approvals.answer('c_vsmcp', 'run');
      await sending;
      await api.chat.idle();
      assert.deepStrictEqual(lastResult(1), { role: 'tool', tool_call_id: 'c_vsmcp', content: 'echo: via VS Code' });
    } finally {
      await choose((label, picked) => picked && !label.startsWith('mcp_'));
      for (const id of ['mcp.config.usrremote.vsfixture', 'mcp.config.usrlocal.vsfixture'])
        await vscode.commands.executeCommand('workbench.mcp.stopServer', id).then(undefined, () => undefined);
      fs.rmSync(mcpJson, { force: true });
    }
  });

  it("a workspace's server starts only after the user agrees, and not when they say Never", async () => {
    const api = await parley();
    await config().update('mcp.servers', undefined, vscode.ConfigurationTarget.Global);
    await config().update('mcp.servers', { repo: stdioServer }, vscode.ConfigurationTarget.Workspace);
    const questions: string[] = [];
    let answer = 'Never';
    const answering = api.answerPrompts({ choose: async (message) => (questions.push(message), answer) });
    try {
      assert.ok(!(await api.agent.tools()).some((t) => t.definition.name.startsWith('mcp_repo_')), 'Never: not started');
      assert.ok(!(await api.agent.tools()).some((t) => t.definition.name.startsWith('mcp_repo_')));
      assert.strictEqual(questions.length, 1, 'asked once, the answer kept');
      assert.match(questions[0], /workspace's settings define the MCP server "repo"/);
      // Another definition is another question.
      await config().update(
        'mcp.servers',
        { repo: { ...stdioServer, args: [...stdioServer.args, '--other'] } },
        vscode.ConfigurationTarget.Workspace,
      );
      answer = 'Start It';
      assert.ok((await api.agent.tools()).some((t) => t.definition.name === 'mcp_repo_echo'));
      assert.strictEqual(questions.length, 2);
    } finally {
      answering.dispose();
      await config().update('mcp.servers', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
