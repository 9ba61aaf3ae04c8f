import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ParleyApi } from '../../src/extension';
import type { ChatServer } from '../server/chatServer';
import { textReply } from '../server/chatServer';
import { parley, TEST_KEY, useServer, waitFor } from './helpers';

/** The other extension the host loads beside Parley (test/fixtures/lmCaller). */
const CALLER = 'parley-test.lm-caller';
const CALLER_LABEL = 'Parley Test: Model Caller (parley-test.lm-caller)';
const MODEL = 'Parley · Test server · test-model';
const MANAGE = 'parley.manageModelAccess';
const ALLOW = 'Allow';
const REFUSE = "Don't Allow";

/** `vscode.lm` as this host has it: the provider API is VS Code 1.104+, newer than @types/vscode here. */
const lm = vscode.lm as typeof vscode.lm & { registerLanguageModelChatProvider?: unknown };

interface CallerReply {
  answer?: string;
  error?: string;
}

interface Question {
  message: string;
  detail: string;
  actions: readonly string[];
}

/** The other extension asks the model, as any extension can through vscode.lm. */
function askAsCaller(text: string): Thenable<CallerReply> {
  return vscode.commands.executeCommand<CallerReply>('parleyTestCaller.ask', MODEL, text);
}

function chatRequests(server: ChatServer): number {
  return server.requests.filter((r) => r.path === '/v1/chat/completions').length;
}

describe("Other extensions' use of Parley's models (vscode.lm)", () => {
  let api: ParleyApi;
  let server: ChatServer | undefined;
  let answering: vscode.Disposable | undefined;
  let questions: Question[] = [];

  /** Every modal question Parley puts is recorded and answered with `answer` (undefined: closed). */
  function answerWith(answer: string | undefined): void {
    answering?.dispose();
    answering = api.answerPrompts({
      choose: async (message, detail, actions) => {
        questions.push({ message, detail, actions });
        return answer;
      },
    });
  }

  /** Runs the manage command, picking the answers `pick` chooses; the labels it listed, and what it returned. */
  async function manage(pick: (items: readonly vscode.QuickPickItem[]) => readonly vscode.QuickPickItem[]) {
    const listed: string[][] = [];
    const picking = api.answerPrompts({
      pickMany: async (items) => {
        listed.push(items.map((i) => `${i.label} | ${i.description}`));
        return pick(items) as never;
      },
    });
    try {
      const forgot = await vscode.commands.executeCommand<number>(MANAGE);
      return { listed, forgot };
    } finally {
      picking.dispose();
    }
  }

  before(async function () {
    if (typeof lm.registerLanguageModelChatProvider !== 'function') {
      console.log('    skipped: this host has no vscode.lm.registerLanguageModelChatProvider (VS Code before 1.104)');
      this.skip();
    }
    api = await parley();
    assert.ok(vscode.extensions.getExtension(CALLER), `the host loaded the other extension ${CALLER} (test/host: TEST_EXTENSIONS)`);
  });

  beforeEach(async () => {
    questions = [];
    // Each test starts with no answer kept: every one is taken back through the command itself.
    await manage((items) => items);
  });

  afterEach(async () => {
    answering?.dispose();
    answering = undefined;
    await server?.close();
    server = undefined;
  });

  async function keyedServer(): Promise<ChatServer> {
    const started = await useServer({ apiKey: TEST_KEY });
    await waitFor(`"${MODEL}" among VS Code's models`, async () =>
      (await vscode.lm.selectChatModels({ vendor: 'parley' })).some((m) => m.name === MODEL),
    );
    return started;
  }

  it('asks once for a profile that sends a key: Allow sends the request with the key, and the answer is kept', async () => {
    server = await keyedServer();
    answerWith(ALLOW);
    server.enqueue(textReply('Hello, other extension.'), textReply('Hello again.'));
    assert.deepStrictEqual(await askAsCaller('Hello?'), { answer: 'Hello, other extension.' });
    assert.strictEqual(questions.length, 1, 'one question');
    const [q] = questions;
    const origin = new URL(server.url).origin;
    assert.ok(q.message.includes(CALLER_LABEL), `names the extension: ${q.message}`);
    assert.ok(q.message.includes(origin) && q.message.includes('"Test server"'), `names the key's server and the profile: ${q.message}`);
    assert.deepStrictEqual(q.actions, [ALLOW, REFUSE]);
    assert.strictEqual(server.requests.at(-1)?.headers.authorization, `Bearer ${TEST_KEY}`);

    assert.deepStrictEqual(await askAsCaller('Again?'), { answer: 'Hello again.' });
    assert.strictEqual(questions.length, 1, 'not asked a second time');
  });

  it("Don't Allow: the request fails in one sentence that says how to allow it, and the server never sees it", async () => {
    server = await keyedServer();
    answerWith(REFUSE);
    const before = chatRequests(server);
    for (let i = 0; i < 2; i++) {
      const reply = await askAsCaller('Hello?');
      assert.strictEqual(reply.answer, undefined);
      assert.match(
        reply.error ?? '',
        /^Parley Test: Model Caller \(parley-test\.lm-caller\) may not use your API key for http:\/\/127\.0\.0\.1:\d+: you did not allow it\./,
      );
      assert.match(reply.error ?? '', /run "Parley: Manage Extensions' Access to Your Models"/);
      assert.doesNotMatch(reply.error ?? '', /\n\s+at /, 'no stack');
    }
    assert.strictEqual(questions.length, 1, 'the refusal is kept: asked once');
    assert.strictEqual(chatRequests(server), before, 'no chat request reached the server');
  });

  it('a question closed without an answer refuses this request only: the next one asks again', async () => {
    server = await keyedServer();
    answerWith(undefined);
    const reply = await askAsCaller('Hello?');
    assert.match(reply.error ?? '', /the question was closed without an answer/);
    answerWith(ALLOW);
    server.enqueue(textReply('Now allowed.'));
    assert.deepStrictEqual(await askAsCaller('Hello?'), { answer: 'Now allowed.' });
    assert.strictEqual(questions.length, 2);
  });

  it('"Manage Extensions\' Access to Your Models" lists the answers; one taken back is asked again', async () => {
    server = await keyedServer();
    const origin = new URL(server.url).origin;
    answerWith(REFUSE);
    await askAsCaller('Hello?');
    const { listed, forgot } = await manage((items) => items.filter((i) => i.label.includes(CALLER)));
    assert.deepStrictEqual(listed, [[`$(circle-slash) ${CALLER_LABEL} | not allowed to use your key for ${origin}`]]);
    assert.strictEqual(forgot, 1);

    answerWith(ALLOW);
    server.enqueue(textReply('Allowed now.'));
    assert.deepStrictEqual(await askAsCaller('Hello?'), { answer: 'Allowed now.' });
    assert.strictEqual(questions.length, 2, 'asked again after the answer was taken back');
    assert.deepStrictEqual((await manage(() => [])).listed, [[`$(check) ${CALLER_LABEL} | allowed to use your key for ${origin}`]]);
  });

  it('with no answer kept, the command shows no list', async () => {
    const { listed, forgot } = await manage((items) => items);
    assert.deepStrictEqual(listed, []);
    assert.strictEqual(forgot, 0);
  });

  it("asks nothing for a profile that sends no key, nor for Parley's own calls (these tests run as Parley)", async () => {
    server = await useServer();
    answerWith(REFUSE);
    server.enqueue(textReply('No key here.'));
    await waitFor(`"${MODEL}" among VS Code's models`, async () =>
      (await vscode.lm.selectChatModels({ vendor: 'parley' })).some((m) => m.name === MODEL),
    );
    assert.deepStrictEqual(await askAsCaller('Hello?'), { answer: 'No key here.' });
    assert.strictEqual(server.requests.at(-1)?.headers.authorization, undefined, 'no key was sent');
    await server.close();

    server = await keyedServer();
    server.enqueue(textReply('Parley may.'));
    const model = (await vscode.lm.selectChatModels({ vendor: 'parley' })).find((m) => m.name === MODEL);
    const response = await model!.sendRequest([vscode.LanguageModelChatMessage.User('Hello?')], {});
    let answer = '';
    for await (const piece of response.text) answer += piece;
    assert.strictEqual(answer, 'Parley may.');
    assert.deepStrictEqual(questions, [], 'no question was asked');
  });
});
