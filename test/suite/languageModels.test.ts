import * as assert from 'assert';
import * as vscode from 'vscode';
import { budgetForWindow } from '../../src/core/context/node/budget';
import type { ChatServer } from '../server/chatServer';
import { errorReply, textReply } from '../server/chatServer';
import { assertAllValid, parley, useServer, waitFor } from './helpers';

const WINDOW = 32_768;
const MODELS = ['test-model', 'other-model'];

/** `vscode.lm` as this host has it: the provider API is VS Code 1.104+, newer than @types/vscode here. */
const lm = vscode.lm as typeof vscode.lm & { registerLanguageModelChatProvider?: unknown };

async function parleyModel(name: string): Promise<vscode.LanguageModelChat> {
  return waitFor(`"${name}" among VS Code's models`, async () => {
    const models = await vscode.lm.selectChatModels({ vendor: 'parley' });
    return models.find((m) => m.name === name);
  });
}

async function answerOf(model: vscode.LanguageModelChat, text: string, token?: vscode.CancellationToken): Promise<string> {
  const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(text)], {}, token);
  let answer = '';
  for await (const piece of response.text) answer += piece;
  return answer;
}

describe("Parley's models in VS Code's chat (vscode.lm)", () => {
  let server: ChatServer | undefined;

  before(function () {
    if (typeof lm.registerLanguageModelChatProvider !== 'function') {
      console.log('    skipped: this host has no vscode.lm.registerLanguageModelChatProvider (VS Code before 1.104)');
      this.skip();
    }
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("lists every model the profile's server lists, with the window the server says", async () => {
    server = await useServer({ models: MODELS, window: { style: 'vllm', tokens: WINDOW } });
    await parley();
    for (const id of MODELS) {
      const model = await parleyModel(`Parley · Test server · ${id}`);
      assert.strictEqual(model.vendor, 'parley');
      assert.strictEqual(model.family, id);
      assert.strictEqual(model.maxInputTokens, budgetForWindow(WINDOW, id));
    }
    // VS Code asked, not the user: the list's request says so, and is no chat request.
    const agents = server.listings.filter((r) => r.path === '/v1/models').map((r) => r.headers['user-agent']);
    assert.ok(
      agents.includes("Parley (model list for VS Code's chat)"),
      `the model list was asked for, saying who asks: ${agents.join(', ')}`,
    );
    assert.ok(server.requests.every((r) => r.path !== '/v1/models'));
  });

  it("streams the server's answer, and the request is the one Parley sends", async () => {
    server = await useServer({ models: MODELS });
    const model = await parleyModel('Parley · Test server · other-model');
    server.enqueue(textReply('Hello from the test server, word by word.'));
    assert.strictEqual(await answerOf(model, 'Say hello'), 'Hello from the test server, word by word.');
    const sent = server.requests.at(-1);
    assert.strictEqual(sent?.body.model, 'other-model');
    assert.deepStrictEqual(sent?.body.messages.at(-1), { role: 'user', content: 'Say hello' });
    assertAllValid(server);
  });

  it('keeps reasoning out of the answer', async () => {
    server = await useServer({ models: MODELS });
    const model = await parleyModel('Parley · Test server · test-model');
    server.enqueue({ steps: [{ reasoning_content: 'Thinking it over.' }, { content: 'The answer.' }, { finish_reason: 'stop' }] });
    assert.strictEqual(await answerOf(model, 'Why?'), 'The answer.');
  });

  it("tells a server's error in one sentence: the status, the server's message, what to do; no stack", async () => {
    server = await useServer({ models: MODELS });
    const model = await parleyModel('Parley · Test server · test-model');
    server.enqueue(errorReply(404, 'The model `test-model` does not exist.'));
    const failure = await answerOf(model, 'Hello?').then(
      () => assert.fail('the request should have failed'),
      (e: unknown) => e as Error,
    );
    assert.match(failure.message, /HTTP 404/);
    assert.match(failure.message, /The model `test-model` does not exist/);
    assert.match(failure.message, /Choose Model/);
    assert.doesNotMatch(failure.message, /\n\s+at /, 'no stack in the message');
  });

  it('cancelling the request closes its connection to the server', async () => {
    server = await useServer({ models: MODELS });
    const model = await parleyModel('Parley · Test server · test-model');
    const before = server.requests.length;
    server.enqueue({ steps: [{ content: 'Starting…' }, { stall: true }] });
    const cancel = new vscode.CancellationTokenSource();
    const answer = answerOf(model, 'Go on forever', cancel.token).catch(() => undefined);
    const started = server;
    await waitFor('the request at the server', () => started.requests.length > before);
    cancel.cancel();
    const seen = await started.settled(before);
    assert.strictEqual(seen.closedEarly, true, 'the server saw the socket closed before the reply ended');
    await answer;
  });
});
