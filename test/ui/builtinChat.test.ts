import * as assert from 'assert';
import * as path from 'path';
import { errorReply, textReply, toolUsingModel } from '../server/chatServer';
import {
  answerTo,
  ask,
  chatRequests,
  chooseMode,
  lastUserText,
  manageLanguageModels,
  openBuiltinChat,
  openModelPicker,
  pickerRow,
} from './builtinChatPage';
import { openWorkbench, runCommand, screenshotIfFailed, SCREENSHOTS, type Workbench } from './workbench';

const MODEL = 'Parley · Local test server · test-model';
const FIXTURE = 'notes/fixture.txt';
const FIXTURE_TEXT = 'The build runs on port 4711 and the owl is called Hedwig.';

/**
 * Parley's models in VS Code's own chat (code-server 4.139, its built-in chat; no GitHub
 * sign-in): the model picker, an answer streamed through Parley, and the server quirks Parley
 * handles, each as the user meets them in that chat.
 */
describe("Parley's models in VS Code's built-in chat (UI)", function () {
  this.timeout(180_000);
  let wb: Workbench | undefined;
  before(async () => {
    wb = await openWorkbench({
      // VS Code's chat is off in the other UI tests; here it is the subject.
      userSettings: { 'chat.disableAIFeatures': false },
      files: { [FIXTURE]: FIXTURE_TEXT + '\n' },
    });
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'builtin-chat');
  });

  it('Manage Language Models and the model picker list Parley’s models by name', async () => {
    const { page, server } = wb!;
    await openBuiltinChat(page);
    await manageLanguageModels(
      page,
      ['test-model', 'test-model-large'].map((model) => `Parley · Local test server · ${model}`),
    );
    assert.ok(
      server.listings.some(
        (r) => r.method === 'GET' && r.path === '/v1/models' && r.headers['user-agent'] === "Parley (model list for VS Code's chat)",
      ),
      'the list came from the server',
    );
    await page.locator('.interactive-input-part .model-picker-name').waitFor();

    await openModelPicker(page);
    const row = pickerRow(page, MODEL);
    await row.waitFor({ timeout: 30_000 });
    assert.strictEqual(await row.locator('.title').textContent(), MODEL);
    assert.strictEqual(await row.locator('.description').textContent(), 'Parley');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'builtin-chat-picker.png') });
    await row.click();
    await page.locator('.action-widget input[aria-label="Search models"]').waitFor({ state: 'hidden' });
    await page.locator('.interactive-input-part .model-picker-name .chat-input-picker-label', { hasText: MODEL }).waitFor();
  });

  it('a question is answered by the test server through Parley', async () => {
    const { page, server } = wb!;
    answerTo(server, 'What is six times seven?', textReply('Six times seven is **forty-two**, the answer to everything.', { delayMs: 15 }));
    const response = await ask(page, 'What is six times seven?');
    await response.locator('.rendered-markdown strong', { hasText: 'forty-two' }).waitFor({ timeout: 30_000 });
    await response.getByText('the answer to everything.').waitFor({ timeout: 30_000 });
    const sent = chatRequests(server, 'What is six times seven?');
    assert.strictEqual(sent.length, 1);
    assert.strictEqual(sent[0].body.model, 'test-model');
    assert.strictEqual(sent[0].body.stream, true);
    assert.match(JSON.stringify(sent[0].body.messages.at(-1)), /What is six times seven\?/);
    assert.deepStrictEqual(server.invalidRequests(), []);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'builtin-chat-answer.png') });
  });

  it('a <think> reply shows only the answer', async () => {
    const { page, server } = wb!;
    answerTo(server, 'Which colour for the badge?', {
      steps: [
        { content: '<think>The user wants a colour. ' },
        { content: 'SECRET-REASONING blue or green?</think>' },
        { content: 'Pick **teal** for the badge.' },
        { finish_reason: 'stop' },
      ],
    });
    const response = await ask(page, 'Which colour for the badge?');
    await response.getByText('for the badge.').waitFor({ timeout: 30_000 });
    const text = (await response.locator('.rendered-markdown').allTextContents()).join('\n');
    assert.match(text, /Pick teal for the badge\./);
    assert.ok(!/SECRET-REASONING|<think>|The user wants/.test((await response.textContent()) ?? ''), text);
  });

  it('a server answering a streamed request with plain JSON still shows the answer', async () => {
    const { page, server } = wb!;
    answerTo(server, 'Does a JSON answer work?', { ...textReply('Whole JSON answers arrive intact.'), json: true });
    const response = await ask(page, 'Does a JSON answer work?');
    await response.getByText('Whole JSON answers arrive intact.').waitFor({ timeout: 30_000 });
    assert.strictEqual(chatRequests(server, 'Does a JSON answer work?').length, 1);
    assert.doesNotMatch((await response.textContent()) ?? '', /no choices/i);
  });

  it('a 429 with Retry-After is waited out and answered', async () => {
    const { page, server } = wb!;
    answerTo(
      server,
      'Are you busy?',
      errorReply(429, 'Rate limit reached, slow down', { 'retry-after': '1' }),
      textReply('Answered after the wait.'),
    );
    const response = await ask(page, 'Are you busy?');
    await response.getByText('Answered after the wait.').waitFor({ timeout: 30_000 });
    const sent = chatRequests(server, 'Are you busy?');
    assert.strictEqual(sent.length, 2, 'asked once more after the 429');
    assert.ok(sent[1].receivedAt - sent[0].receivedAt >= 900, `retried after ${sent[1].receivedAt - sent[0].receivedAt} ms`);
    assert.doesNotMatch((await response.textContent()) ?? '', /429|slow down/);
  });

  it('an endpoint that refuses temperature (o-series style) still answers: the hint is dropped', async () => {
    const { page, server } = wb!;
    const question = 'Does a reasoning model answer?';
    const refusal = "Unsupported value: 'temperature' does not support 0.1 with this model. Only the default (1) value is supported.";
    server.respond((body) => {
      if (!lastUserText(body).includes(question)) return undefined;
      return 'temperature' in body ? errorReply(400, refusal) : textReply('Reasoning models answer without a temperature.');
    });
    const response = await ask(page, question);
    await response.getByText('Reasoning models answer without a temperature.').waitFor({ timeout: 30_000 });
    const sent = chatRequests(server, question);
    assert.strictEqual(sent.at(-1)!.body.temperature, undefined);
    assert.ok(sent.length <= 2, `${sent.length} requests: one refusal at most, then the answer`);
    assert.doesNotMatch((await response.textContent()) ?? '', /Unsupported value|400/);
  });

  it('a mid-stream error shows the server’s message in a sentence, no stack trace', async () => {
    const { page, server } = wb!;
    answerTo(server, 'Tell me something long.', {
      steps: [{ content: 'Partial answer so far. ' }, { error: { message: 'Upstream provider overloaded', code: 502 } }],
    });
    const response = await ask(page, 'Tell me something long.');
    await response
      .getByText(/Upstream provider overloaded/)
      .first()
      .waitFor({ timeout: 30_000 });
    const text = (await response.textContent()) ?? '';
    assert.doesNotMatch(text, /\n\s*at |\bat \S+ \(|Error: .*\n|\.js:\d+/, 'no stack trace');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'builtin-chat-error.png') });
  });

  it('agent mode: the model calls read_file on a fixture, VS Code runs it, the answer shows', async () => {
    const { page, server, host } = wb!;
    await chooseMode(page, 'Agent');
    // The chat's read_file takes an absolute path (it refuses a relative one).
    const filePath = path.join(host.workspace, FIXTURE);
    server.respond(
      toolUsingModel(
        [{ id: 'call_read_1', name: 'read_file', arguments: JSON.stringify({ filePath, startLine: 1, endLine: 5 }) }],
        (result) => (result.includes('Hedwig') ? 'The owl in the notes is called **Hedwig**.' : 'I could not read the file.'),
      ),
    );
    try {
      const response = await ask(page, `What is the owl called in ${FIXTURE}?`);
      await response.getByText('The owl in the notes is called').waitFor({ timeout: 60_000 });
      const sent = chatRequests(server, `What is the owl called in ${FIXTURE}?`);
      assert.ok(
        sent[0].body.tools?.some((t: any) => t.function?.name === 'read_file'),
        'the chat’s tools reach the server',
      );
      const result = sent.at(-1)!.body.messages.find((m: any) => m.role === 'tool');
      assert.strictEqual(result?.tool_call_id, 'call_read_1');
      assert.match(JSON.stringify(result.content), /Hedwig/);
      assert.deepStrictEqual(server.invalidRequests(), []);
      // The chat's own account of the step: it read the fixture.
      await response.getByText(/Completed \d+ steps?/).click();
      await response
        .getByText(/Read.*fixture\.txt/)
        .first()
        .waitFor({ timeout: 10_000 });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'builtin-chat-agent.png') });
    } finally {
      server.respond(undefined);
    }
  });
});

/** A new user with Ollama running and no Parley profile: the server Parley finds is in VS Code's picker. */
describe("A local server Parley finds, in VS Code's built-in chat (UI)", function () {
  this.timeout(180_000);
  let wb: Workbench | undefined;
  before(async () => {
    wb = await openWorkbench({
      configured: false,
      serverPort: 11434,
      serverModels: ['llama3.2:latest', 'qwen2.5-coder:7b'],
      userSettings: { 'chat.disableAIFeatures': false },
    });
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'builtin-chat-local');
  });

  it('lists the found server’s models and answers through it, with no profile set up', async () => {
    const { page, server } = wb!;
    await openBuiltinChat(page);
    const name = 'Parley · Ollama · llama3.2:latest';
    await manageLanguageModels(page, [name]);
    await openModelPicker(page);
    const row = pickerRow(page, name);
    await row.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'builtin-chat-local.png') });
    await row.click();
    await page.locator('.interactive-input-part .model-picker-name .chat-input-picker-label', { hasText: name }).waitFor();
    answerTo(server, 'Which model is this?', textReply('This is llama3.2 on your machine.'));
    const response = await ask(page, 'Which model is this?');
    await response.getByText('This is llama3.2 on your machine.').waitFor({ timeout: 30_000 });
    assert.strictEqual(chatRequests(server, 'Which model is this?')[0].body.model, 'llama3.2:latest');
    assert.deepStrictEqual(server.invalidRequests(), []);
  });
});

/**
 * Signed out of Copilot, VS Code asks a vendor for its models only when something resolves it.
 * Parley does not start with the window (no start-up cost); once active (any command, its view)
 * it says its list changed, and VS Code's picker lists its models without Manage Language Models.
 */
describe("Parley's models in VS Code's picker once Parley is active (UI)", function () {
  this.timeout(180_000);
  let wb: Workbench | undefined;
  before(async () => {
    wb = await openWorkbench({ userSettings: { 'chat.disableAIFeatures': false } });
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'builtin-chat-active');
  });

  it('lists the profile’s model once Parley is active, with nothing done but a Parley profile', async () => {
    const { page, server } = wb!;
    await openBuiltinChat(page);
    assert.strictEqual(server.requests.length, 0, 'nothing was asked before Parley was active');
    await runCommand(page, 'Parley: Open Chat');
    await openBuiltinChat(page);
    await openModelPicker(page);
    await pickerRow(page, MODEL).waitFor({ timeout: 30_000 });
    assert.ok(server.listings.length > 0, 'the list came from the server');
  });
});
