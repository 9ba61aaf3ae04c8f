import * as assert from 'assert';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import * as vscode from 'vscode';
import { RESULT_LEFT_OUT } from '../../src/core/context/node/trim';
import { errorReply, textReply, toolCallReply, type ChatServer } from '../server/chatServer';
import { assertAllValid, openFixture, parley, useServer, waitFor } from './helpers';

type Sent = { role: string; content: string }[];

/** The request as the test server received it, counted with o200k_base the way OpenAI counts a chat request. */
function tokensOf(messages: Sent): number {
  // An agent reply that only called tools has `content: null` and its calls beside it.
  return messages.reduce(
    (n, m: { content: string | null; tool_calls?: unknown[] }) =>
      n + encode((m.content ?? '') + JSON.stringify(m.tool_calls ?? '')).length + 4,
    3,
  );
}

const paragraph = (i: number) => `Message ${i}: ${'the quick brown fox jumps over the lazy dog and keeps running '.repeat(100)}`;

describe('Workspace context and budgets in the real host', function () {
  this.timeout(120_000);
  let server: ChatServer;
  afterEach(async () => {
    assertAllValid(server);
    await server.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Explain sends the definition of a helper from another file, found by the TypeScript language server', async () => {
    server = await useServer();
    const api = await parley();
    await api.chat.newChat();
    const editor = await openFixture('src/report.ts');
    const call = editor.document.positionAt(editor.document.getText().indexOf('circleArea(r)'));
    // The TypeScript server starts on the first TS file: wait until it answers, no fixed sleep.
    await waitFor(
      'the TypeScript server to find circleArea',
      async () => {
        const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider',
          editor.document.uri,
          call,
        );
        return found?.some((l) => ('targetUri' in l ? l.targetUri : l.uri).path.endsWith('/src/geometry.ts'));
      },
      90_000,
    );
    editor.selection = new vscode.Selection(2, 0, 6, 0); // describeCircle
    await vscode.commands.executeCommand('parley.explainSelection');
    await api.chat.idle();
    const sent = (server.requests.at(-1)!.body.messages as Sent).at(-1)!.content;
    assert.match(sent, /Definition: circleArea \(src\/geometry\.ts:1-5\)/, `labelled with its file and lines, in:\n${sent}`);
    assert.match(
      sent,
      /\/\*\* The area of a circle of radius r\. \*\/\nexport function circleArea\(r: number\): number \{\n {2}const squared = r \* r;\n {2}return Math\.PI \* squared;\n\}/,
      'the whole definition, from the document symbols',
    );
    assert.match(sent, /export function describeCircle/, 'and the code to explain');
    const [question] = api.chat.messages;
    assert.match(question.display ?? '', /Also sent: `circleArea \(src\/geometry\.ts:1-5\)`/);
    assert.ok(question.context?.every((b) => b.kind === 'definition'));
    // toFixed is defined in TypeScript's own lib, outside the workspace: its hover goes instead.
    const hover = question.context?.find((b) => b.label === 'toFixed (hover)');
    assert.ok(hover && /toFixed/.test(hover.text) && /number/.test(hover.text), JSON.stringify(question.context));
    assert.strictEqual(question.context?.[0].path, 'src/geometry.ts');
  });

  it('a model whose server reports a 4k window gets requests under 4k tokens, and is told what was left out', async () => {
    server = await useServer({ window: { style: 'vllm', tokens: 4096 } });
    const api = await parley();
    // A new profile makes VS Code's chat list Parley's models, each with its window: let that
    // finish, so the look-ups counted below are the chat's own.
    await vscode.lm.selectChatModels({ vendor: 'parley' });
    api.service.contextWindows.forget();
    const lookupsBefore = server.lookups.length;
    await api.chat.newChat();
    for (let i = 1; i <= 3; i++) await api.chat.send(paragraph(i));
    const noteBefore = api.chat.conversation.header.trimmedNote ?? '';
    assert.match(noteBefore, /Left out/, 'the third request was trimmed too');
    // The note changes from one request's to the next one's, never cleared in between: the bar
    // above the conversation stays while a Send is under way.
    const notes: (string | undefined)[] = [];
    const watch = api.chat.conversation.onDidChange((e) => {
      if (e.type === 'headerChanged' && 'trimmedNote' in e.change) notes.push(e.change.trimmedNote);
    });
    await api.chat.send(paragraph(4));
    watch.dispose();
    assert.ok(
      notes.every((n) => n !== undefined),
      `the note was not cleared during the Send (${JSON.stringify(notes)})`,
    );
    assert.match(api.chat.conversation.header.trimmedNote ?? '', /Left out/, 'the fourth request was trimmed');
    const counts = server.requests.map((r) => tokensOf(r.body.messages));
    assert.ok(
      counts.every((n) => n < 4096),
      `every request under 4096 tokens: ${counts.join(', ')}`,
    );
    const last = server.requests.at(-1)!.body.messages as Sent;
    assert.ok(last.length < 7, 'earlier messages were left out');
    assert.strictEqual(last.at(-1)!.content, paragraph(4));
    assert.match(
      api.chat.conversation.header.trimmedNote ?? '',
      /Left out to fit the model's context \([\d,]+ tokens for the prompt\): \d+ earlier messages/,
    );
    assert.deepStrictEqual(
      server.lookups.slice(lookupsBefore).map((r) => `${r.method} ${r.path}`),
      ['GET /v1/models'],
      'the window was asked of the server, once',
    );
    // Opened again from its file (from the history; a reload reads it the same way), it shows the same note.
    const trimmed = api.chat.current().id;
    const note = api.chat.conversation.header.trimmedNote;
    await api.chat.newChat();
    assert.strictEqual(api.chat.conversation.header.trimmedNote, undefined, 'a new chat has no note');
    await api.chat.open(trimmed);
    assert.strictEqual(api.chat.conversation.header.trimmedNote, note);
    // Asked again from the first question, the request fits whole: the note goes.
    await api.chat.editResend(api.chat.messages[0].id, 'Short now.');
    assert.strictEqual(api.chat.messages.length, 2);
    assert.strictEqual(api.chat.conversation.header.trimmedNote, undefined, 'a request that fits whole has no note');
  });

  it('an Agent mode run over a 4k window: its oldest results give way, and the note says how many, once', async () => {
    server = await useServer({ window: { style: 'vllm', tokens: 4096 } });
    const api = await parley();
    api.service.contextWindows.forget();
    await api.chat.newChat();
    // About 90 tokens a step: 40 are well over the prompt's 2,662 (more steps than asked without a "go on?").
    const reads = 40;
    await vscode.workspace.getConfiguration('parley').update('agent.maxSteps', 100, vscode.ConfigurationTarget.Global);
    for (let i = 1; i <= reads; i++) {
      server.enqueue(toolCallReply([{ id: `call_r${i}`, name: 'read_file', arguments: JSON.stringify({ path: 'src/math.ts' }) }]));
    }
    server.enqueue(textReply('Read it.'));
    try {
      await api.chat.send('Read src/math.ts again and again.', undefined, {}, 'agent');
      await api.chat.idle();
    } finally {
      await vscode.workspace.getConfiguration('parley').update('agent.maxSteps', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.strictEqual(api.chat.messages.at(-1)?.content, 'Read it.');
    const last = server.requests.at(-1)!.body.messages as Sent;
    assert.ok(tokensOf(last) < 4096, `${tokensOf(last)} tokens`);
    const gaveWay = last.filter((m) => m.role === 'tool' && m.content === RESULT_LEFT_OUT).length;
    assert.ok(gaveWay > 0 && gaveWay < reads, `${gaveWay} of ${reads} results gave way, ${tokensOf(last)} tokens sent`);
    const note = api.chat.conversation.header.trimmedNote ?? '';
    assert.match(note, new RegExp(`: ${gaveWay} earlier tool results\\.$`), note);
  });

  it('a context-length 400 is recovered by one trimmed retry, and the reply says so', async () => {
    server = await useServer({ profileName: 'Overflow server' });
    const api = await parley();
    api.service.contextWindows.forget();
    await api.chat.newChat();
    for (let i = 1; i <= 3; i++) await api.chat.send(paragraph(i));
    const before = server.requests.length;
    server.enqueue(
      errorReply(
        400,
        "This model's maximum context length is 2048 tokens. However, you requested 5200 tokens (5200 in the messages, 0 in the completion). Please reduce the length of the messages or completion.",
      ),
      textReply('Recovered.'),
    );
    await api.chat.send('And the last one?');
    const chats = server.requests.slice(before);
    assert.strictEqual(chats.length, 2, 'one retry');
    const [first, retry] = chats.map((r) => tokensOf(r.body.messages));
    assert.ok(first > 2048 && retry < 2048, `${first} then ${retry}`);
    const reply = api.chat.messages.at(-1)!;
    assert.strictEqual(reply.content, 'Recovered.');
    assert.match(
      reply.note ?? '',
      /too long for the model's context \(2,048 tokens\), so it was sent again with less\. Left out: \d+ earlier messages/,
    );
    await waitFor('no error', () => !reply.error);
  });
});
