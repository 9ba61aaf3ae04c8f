import * as assert from 'assert';
import { buildChatRequest } from '../../src/core/client/chatRequest';
import { decodeConversation, encodeConversation } from '../../src/core/conversation/conversationFile';
import { IMAGES_NOT_SENT, toChatMessages, type Turn } from '../../src/core/conversation/turn';
import { toFencedHistory } from '../../src/core/agent/fencedTools';
import { RESULT_LEFT_OUT, trimToBudget } from '../../src/core/context/node/trim';
import { DEFAULT_CAPS, type ImageAttachment } from '../../src/core/types';
import { schemaValidator } from '../server/specValidator';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR42mP4X8GAFTEMLQkA4aRdwX3YbhUAAAAASUVORK5CYII=';
const image = (name: string): ImageAttachment => ({ name, mimeType: 'image/png', dataUrl: PNG });
const call = (id: string, name: string) => ({ id, name, arguments: '{}' });
const step = (toolCallId: string, content: string, images?: ImageAttachment[]): Turn => ({
  id: `t-${toolCallId}`,
  role: 'tool',
  toolCallId,
  name: 'mcp_fixture_picture',
  step: 'fixture · picture',
  status: 'done',
  content,
  ...(images ? { images } : {}),
});

describe('Images a tool returned, in the request and in the file', function () {
  this.timeout(20_000);
  const turns: Turn[] = [
    { id: 'u', role: 'user', content: 'draw' },
    {
      id: 'a',
      role: 'assistant',
      content: '',
      toolCalls: [call('c1', 'mcp_fixture_picture'), call('c2', 'read_file'), call('c3', 'mcp_web_shot')],
    },
    step('c1', '[image image/png, 74 bytes: image-1.png, shown to the model after the tool results]', [image('image-1.png')]),
    step('c2', 'text only'),
    step('c3', 'two', [image('image-1.png'), image('image-2.png')]),
    { id: 'a2', role: 'assistant', content: 'Orange.' },
  ];

  it('after the results of one reply, one user message carries every image, naming the call of each; the request is spec-valid', () => {
    const body = buildChatRequest(toChatMessages(turns, 'sys'), { model: 'm' }, DEFAULT_CAPS);
    assert.deepStrictEqual(
      body.messages.map((m) => m.role),
      ['system', 'user', 'assistant', 'tool', 'tool', 'tool', 'user', 'assistant'],
    );
    assert.deepStrictEqual(body.messages[3], { role: 'tool', tool_call_id: 'c1', content: turns[2].content });
    assert.deepStrictEqual(body.messages[6].content, [
      {
        type: 'text',
        text: 'Images returned by the tool calls above (mcp_fixture_picture (call c1): image-1.png; mcp_web_shot (call c3): image-1.png, image-2.png):',
      },
      { type: 'image_url', image_url: { url: PNG } },
      { type: 'image_url', image_url: { url: PNG } },
      { type: 'image_url', image_url: { url: PNG } },
    ]);
    assert.deepStrictEqual(schemaValidator()(body), []);
  });

  it('a run that ends with the results ends with their images; none when no result had any', () => {
    const running = buildChatRequest(toChatMessages(turns.slice(0, 5)), { model: 'm' }, DEFAULT_CAPS);
    assert.strictEqual(running.messages.at(-1)!.role, 'user');
    assert.strictEqual(running.messages.at(-2)!.role, 'tool');
    const plain = turns.map((t) => (t.role === 'tool' ? { ...t, images: undefined } : t));
    const none = buildChatRequest(toChatMessages(plain), { model: 'm' }, DEFAULT_CAPS);
    assert.deepStrictEqual(
      none.messages.map((m) => m.role),
      ['user', 'assistant', 'tool', 'tool', 'tool', 'assistant'],
    );
  });

  it('to a model that takes no images: the text only, saying its images were not sent', () => {
    const messages = toChatMessages(turns, undefined, { toolImages: false });
    assert.ok(messages.every((m) => !m.images));
    assert.deepStrictEqual(
      messages.filter((m) => m.role === 'tool').map((m) => m.content),
      [`${turns[2].content}\n\n${IMAGES_NOT_SENT}`, 'text only', `two\n\n${IMAGES_NOT_SENT}`],
    );
    const body = buildChatRequest(messages, { model: 'm' }, DEFAULT_CAPS);
    assert.ok(!JSON.stringify(body).includes('image_url'));
  });

  it('in the fenced form (a model without tool calling), the images ride on the results’ user message', () => {
    const fenced = toFencedHistory(toChatMessages(turns));
    assert.deepStrictEqual(
      fenced.map((m) => [m.role, m.images?.length ?? 0]),
      [
        ['user', 0],
        ['assistant', 0],
        ['user', 3],
        ['assistant', 0],
      ],
    );
  });

  it('trimming counts the images, and an old result left out to fit leaves its images out too', () => {
    const long: Turn[] = [
      ...turns.slice(0, 5),
      { id: 'a3', role: 'assistant', content: '', toolCalls: [call('c4', 'read_file')] },
      step('c4', 'x'.repeat(400)),
    ];
    const count = (text: string) => Math.ceil(text.length / 4);
    const messages = toChatMessages(long);
    const trimmed = trimToBudget(messages, 300, count);
    const c1 = trimmed.messages.find((m) => m.toolCallId === 'c1')!;
    assert.strictEqual(c1.content, RESULT_LEFT_OUT);
    assert.strictEqual(c1.images, undefined);
    assert.ok(trimToBudget(messages, 100_000, count).tokens > 3 * 85, 'each image costs at least one tile');
  });

  it("a step's images are written to its file and read back; a damaged one is dropped, the step kept", () => {
    const c = { id: 'c', title: 'T', updatedAt: 1, messages: turns };
    const d = decodeConversation(encodeConversation(c));
    assert.ok(d.kind === 'ok' && d.version === 2);
    assert.deepStrictEqual(d.conversation.messages[4].images, [image('image-1.png'), image('image-2.png')]);
    const damaged = JSON.parse(encodeConversation(c));
    damaged.messages[2].images = [{ name: 'x', mimeType: 'image/png', dataUrl: 'javascript:alert(1)' }, image('ok.png')];
    const e = decodeConversation(JSON.stringify(damaged));
    assert.ok(e.kind === 'ok');
    assert.deepStrictEqual(e.conversation.messages[2].images, [image('ok.png')]);
  });
});
