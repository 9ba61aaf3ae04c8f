import * as assert from 'assert';
import * as vscode from 'vscode';
import { budgetForWindow } from '../../src/core/context/node/budget';
import type { ChatServer } from '../server/chatServer';
import { errorReply, textReply } from '../server/chatServer';
import { assertAllValid, parley, useServer, waitFor } from './helpers';
import { record } from './recorders';

const WINDOW = 32_768;
const MODELS = ['test-model', 'other-model'];

/** `vscode.lm` as this host has it: the provider API is VS Code 1.104+, newer than @types/vscode here. */
const lm = vscode.lm as typeof vscode.lm & { registerLanguageModelChatProvider?: unknown };

/** What VS Code's model object tells of a provider's `capabilities` (1.104+; `imageInput` reads as `supportsImageToText`). */
type ModelWithCapabilities = vscode.LanguageModelChat & { capabilities?: { supportsToolCalling?: boolean; supportsImageToText?: boolean } };

async function parleyModel(name: string): Promise<ModelWithCapabilities> {
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

  it('Test Connection asks the model about tools and images, says what it found, and VS Code lists the model so', async () => {
    server = await useServer({ models: MODELS, rejectImages: true });
    const api = await parley();
    const name = 'Parley · Test server · test-model';
    const before = await parleyModel(name);
    assert.deepStrictEqual(
      [before.capabilities?.supportsToolCalling, before.capabilities?.supportsImageToText],
      [true, true],
      'listed with tools and images before anything was asked',
    );
    const told = record(api.providerCommands.onDidTestConnection);
    try {
      await vscode.commands.executeCommand('parley.testConnection');
      assert.strictEqual(told.all.length, 1);
      assert.match(told.all[0], /^Parley: Test server answered in \d+ ms \(test-model\)\. It accepts: .+\. Tools: yes · Images: no$/);
    } finally {
      told.dispose();
    }
    // The connection check, then one question each, not streamed; the image was refused as a text-only model does.
    const [check, tools, image] = server.requests.map((r) => r.body);
    assert.strictEqual(server.requests.length, 3);
    assert.strictEqual(check.stream, true);
    assert.strictEqual(tools.stream, false);
    assert.strictEqual(tools.tools.length, 1);
    assert.strictEqual(image.stream, false);
    assert.ok(image.messages[0].content.some((p: { type: string }) => p.type === 'image_url'));
    assertAllValid(server);
    const after = await waitFor('the model listed without image input', async () => {
      const model = await parleyModel(name);
      return model.capabilities?.supportsImageToText === false && model;
    });
    assert.strictEqual(after.capabilities?.supportsToolCalling, true, 'still listed with tool calling');
    const other = await parleyModel('Parley · Test server · other-model');
    assert.strictEqual(other.capabilities?.supportsImageToText, true, 'only the model asked is changed');
  });

  it("a model that refuses an image in VS Code's chat is listed without image input from then on, remembered with its profile", async function () {
    const parts = vscode as unknown as {
      LanguageModelDataPart?: { image(data: Uint8Array, mime: string): unknown };
      LanguageModelTextPart?: new (value: string) => unknown;
    };
    const { LanguageModelDataPart: DataPart, LanguageModelTextPart: TextPart } = parts;
    if (!DataPart || !TextPart) this.skip();
    server = await useServer({ models: MODELS, rejectImages: true });
    const api = await parley();
    const name = 'Parley · Test server · other-model';
    const model = await parleyModel(name);
    assert.strictEqual(model.capabilities?.supportsImageToText, true);
    const png = Uint8Array.from(
      Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
    );
    const user = vscode.LanguageModelChatMessage.User as unknown as (parts: unknown[]) => vscode.LanguageModelChatMessage;
    const question = user([new TextPart('What is this?'), DataPart.image(png, 'image/png')]);
    let failure: unknown;
    try {
      const response = await model.sendRequest([question], {});
      for await (const _ of response.text) void _;
    } catch (e) {
      failure = e;
    }
    assert.match(String(failure), /image_url is only supported by certain models/);
    await waitFor(
      'the model listed without image input',
      async () => (await parleyModel(name)).capabilities?.supportsImageToText === false,
    );
    const profile = { ...api.service.requireProfile(), model: 'other-model' };
    assert.strictEqual(api.service.supportsImages(profile), false, "kept in the endpoint's remembered caps");
    assert.strictEqual(api.service.supportsImages(api.service.requireProfile()), true, 'only that model');
  });
});
