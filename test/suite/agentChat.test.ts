import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ToolTurn } from '../../src/core/conversation/turn';
import type { ParleyApi } from '../../src/extension';
import { errorReply, textReply, toolCallReply, type ChatServer, type ScriptedReply } from '../server/chatServer';
import { assertAllValid, parley, useServer, waitFor } from './helpers';

/**
 * A disk slower than anything: each save of the conversation is written as usual, but reports
 * it is done only once the test lets it (`release`). No way of making a real disk slow holds
 * (VS Code refuses to read a named pipe), so the store's own `save` is wrapped meanwhile.
 */
function holdSaves(store: ParleyApi['store']): { held(): number; release(): void } {
  const save = store.save;
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let held = 0;
  store.save = async (conversation) => {
    held++;
    const saved = await save.call(store, conversation);
    await gate;
    return saved;
  };
  return {
    held: () => held,
    release: () => {
      store.save = save;
      open();
    },
  };
}

/** A fenced call in the reply's text, as a model without native tools writes one. */
const fencedCall = (name: string, args: object): ScriptedReply =>
  textReply(`I will ask.\n\n\`\`\`tool_call\n${JSON.stringify({ name, arguments: args })}\n\`\`\`\n`);

describe("Agent mode in Parley's chat (real host, the test server scripting the model's calls)", () => {
  let server: ChatServer;
  beforeEach(async () => {
    server = await useServer();
    await (await parley()).chat.newChat();
  });
  afterEach(async () => {
    assertAllValid(server);
    await server.close();
    await vscode.workspace.getConfiguration('parley').update('agent.maxSteps', undefined, vscode.ConfigurationTarget.Global);
  });

  const steps = async () => (await parley()).chat.messages.filter((t): t is ToolTurn => t.role === 'tool');
  const bodies = () => server.requests.map((r) => r.body as { messages: any[]; tools?: any[] });

  it("ask_user: the question waits in the transcript, the answer goes back as the call's result, and the model answers", async () => {
    const api = await parley();
    server.enqueue(
      toolCallReply(
        [{ id: 'call_q', name: 'ask_user', arguments: JSON.stringify({ question: 'Tabs or spaces?', options: ['Tabs', 'Spaces'] }) }],
        {
          split: 3,
        },
      ),
      textReply('Tabs it is.'),
    );
    const sending = api.chat.send('Reformat the file', undefined, {}, 'agent');
    await waitFor('the question waits', () => api.questions.pending.includes('call_q'));
    const [waiting] = await steps();
    assert.deepStrictEqual(
      { status: waiting.status, question: waiting.question, step: waiting.step },
      { status: 'waiting', question: { text: 'Tabs or spaces?', options: ['Tabs', 'Spaces'] }, step: 'Ask: Tabs or spaces?' },
    );
    api.questions.answer('call_q', 'Tabs');
    await sending;
    await api.chat.idle();
    const [first, second] = bodies();
    assert.ok(
      first.tools?.some((t) => t.function.name === 'ask_user'),
      'the tools are sent',
    );
    assert.match(first.messages[0].content, /coding agent.*VS Code/s, 'the agent is told where it works');
    const [call, result] = second.messages.slice(-2);
    assert.deepStrictEqual(call.tool_calls, [
      {
        id: 'call_q',
        type: 'function',
        function: { name: 'ask_user', arguments: '{"question":"Tabs or spaces?","options":["Tabs","Spaces"]}' },
      },
    ]);
    assert.deepStrictEqual(result, { role: 'tool', tool_call_id: 'call_q', content: 'The user answered: Tabs' });
    const last = api.chat.messages.at(-1)!;
    assert.strictEqual(last.content, 'Tabs it is.');
    const [done] = await steps();
    assert.strictEqual(done.status, 'done');
    assert.strictEqual(server.requests.length, 2);
  });

  it('a slow disk does not hold up the steps: the next requests go out while the conversation is written, and the file has every step once the run is done', async () => {
    const api = await parley();
    const ask = (id: string) => toolCallReply([{ id, name: 'ask_user', arguments: '{"question":"Go on?"}' }]);
    server.enqueue(ask('slow_1'), ask('slow_2'), textReply('Done, both answered.'));
    const answering = api.chat.conversation.onDidChange((e) => {
      if (e.type === 'stepChanged' && e.turn.status === 'waiting') {
        const id = e.turn.toolCallId;
        queueMicrotask(() => api.questions.answer(id, 'Yes'));
      }
    });
    const disk = holdSaves(api.store);
    let sending: Promise<void> | undefined;
    let sent = false;
    try {
      sending = api.chat.send('Ask me twice', undefined, {}, 'agent');
      void sending.then(() => (sent = true));
      await waitFor('the answer is asked for while the saves wait', () => server.requests.length === 3, 10_000);
      assert.ok(disk.held() >= 3, `the question, the replies and the steps were saved meanwhile (${disk.held()} saves)`);
      await server.settled(2);
      assert.ok(!sent, 'the Send is not over until its saves are');
    } finally {
      disk.release();
      answering.dispose();
    }
    await sending;
    await api.chat.idle();
    assert.deepStrictEqual(
      bodies()[2]
        .messages.filter((m) => m.role === 'tool')
        .map((m) => m.tool_call_id),
      ['slow_1', 'slow_2'],
    );
    const file = JSON.parse(
      fs.readFileSync(path.join(api.store.folder.fsPath, 'conversations', `${api.chat.current().id}.json`), 'utf8'),
    ) as {
      messages: { role: string; status?: string; content: string }[];
    };
    assert.deepStrictEqual(
      file.messages.filter((m) => m.role === 'tool').map((m) => m.status),
      ['done', 'done'],
    );
    assert.strictEqual(file.messages.at(-1)?.content, 'Done, both answered.');
  });

  it('an unknown tool and arguments that are not JSON are failed steps the model reads, and the run goes on', async () => {
    const api = await parley();
    server.enqueue(
      toolCallReply([
        { id: 'c1', name: 'delete_everything', arguments: '{}' },
        { id: 'c2', name: 'ask_user', arguments: '{"question": "half' },
      ]),
      textReply('Sorry.'),
    );
    await api.chat.send('Go', undefined, {}, 'agent');
    await api.chat.idle();
    const results = bodies()[1].messages.filter((m) => m.role === 'tool');
    assert.deepStrictEqual(
      results.map((m) => m.tool_call_id),
      ['c1', 'c2'],
    );
    assert.match(results[0].content, /no tool named "delete_everything"/);
    assert.match(results[1].content, /not valid JSON.*not run/s);
    assert.deepStrictEqual(
      (await steps()).map((s) => s.status),
      ['failed', 'failed'],
    );
    assert.strictEqual(api.chat.messages.at(-1)!.content, 'Sorry.');
  });

  it('a model that calls tools forever is stopped at parley.agent.maxSteps when the user says no more', async () => {
    const api = await parley();
    await vscode.workspace.getConfiguration('parley').update('agent.maxSteps', 2, vscode.ConfigurationTarget.Global);
    let n = 0;
    server.respond(() => toolCallReply([{ id: `loop_${++n}`, name: 'nonexistent', arguments: '{}' }]));
    const asked: string[] = [];
    const answering = api.answerPrompts({ choose: async (message) => (asked.push(message), undefined) });
    try {
      await api.chat.send('Loop', undefined, {}, 'agent');
      await api.chat.idle();
    } finally {
      answering.dispose();
      server.respond(undefined);
    }
    assert.strictEqual(server.requests.length, 2, 'two replies, then the question');
    assert.match(asked[0], /2 requests with tool calls/);
    assert.strictEqual(api.chat.busy, false);
  });

  it('Stop while a question waits: the step is stopped, nothing more is sent, and the next question still works', async () => {
    const api = await parley();
    server.enqueue(toolCallReply([{ id: 'call_s', name: 'ask_user', arguments: '{"question":"Sure?"}' }]));
    const sending = api.chat.send('Do it', undefined, {}, 'agent');
    await waitFor('the question waits', () => api.questions.pending.includes('call_s'));
    api.chat.stop();
    await sending;
    await api.chat.idle();
    const [stopped] = await steps();
    assert.strictEqual(stopped.status, 'stopped');
    assert.strictEqual(server.requests.length, 1);
    server.enqueue(textReply('Hello.'));
    await api.chat.send('Hi');
    const last = bodies()[1];
    assert.ok(!last.tools, 'Ask mode sends no tools');
    assert.ok(
      !last.messages.some((m) => m.role === 'tool' || m.tool_calls),
      'Ask mode sends earlier steps as text (a request with tool messages and no tools is refused by some servers)',
    );
    assert.match(JSON.stringify(last.messages), /stopped the run before answering/);
  });

  it('a profile with nativeTools: false sends no tools: they are described in the prompt and a fenced call runs', async () => {
    await server.close();
    server = await useServer({ extra: { nativeTools: false } });
    const api = await parley();
    server.enqueue(fencedCall('ask_user', { question: 'Which file?' }), textReply('Thanks.'));
    const sending = api.chat.send('Tidy up', undefined, {}, 'agent');
    await waitFor('the fenced question waits', () => api.questions.pending.length === 1);
    api.questions.answer(api.questions.pending[0], 'b.ts');
    await sending;
    await api.chat.idle();
    const sent = bodies();
    assert.ok(!sent[0].tools && !sent[1].tools, 'never native tools');
    assert.match(sent[0].messages[0].content, /ask_user/);
    assert.match(JSON.stringify(sent[1].messages), /The user answered: b\.ts/);
  });

  it('a model that refuses tools is asked again with the tools in the prompt, and its fenced call runs', async () => {
    const api = await parley();
    server.enqueue(
      errorReply(400, 'registry.ollama.ai/library/plain-model does not support tools'),
      textReply('I cannot use tools.'),
      fencedCall('ask_user', { question: 'Which file?' }),
      textReply('Done with a.ts.'),
    );
    const sending = api.chat.send('Fix it', undefined, {}, 'agent');
    await waitFor('the fenced question waits', () => api.questions.pending.length === 1);
    api.questions.answer(api.questions.pending[0], 'a.ts');
    await sending;
    await api.chat.idle();
    const sent = bodies();
    assert.ok(sent[0].tools && !sent[1].tools && !sent[2].tools, 'native, then without, then fenced');
    assert.match(sent[2].messages[0].content, /ask_user/, 'the tools are described in the system prompt');
    assert.ok(!api.chat.messages.some((t) => t.content === 'I cannot use tools.'), 'the answer without tools is replaced');
    assert.match(JSON.stringify(sent[3].messages), /The user answered: a\.ts/);
    assert.strictEqual(api.chat.messages.at(-1)!.content, 'Done with a.ts.');
    const reply = api.chat.messages.find((t) => t.role === 'assistant' && t.toolCalls?.length)!;
    assert.doesNotMatch(reply.content, /tool_call/, 'the call block is not shown as text');
  });
});
