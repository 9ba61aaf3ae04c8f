import * as assert from 'assert';
import { buildChatRequest } from '../../src/core/client/chatRequest';
import { fenceFor, isImageRejection, renderBlock, renderContent, renderText } from '../../src/core/context/contextRender';
import { trimToBudget } from '../../src/core/context/node/trim';
import { DEFAULT_CAPS, type ChatMessage, type ContextBlock } from '../../src/core/types';
import { schemaValidator } from '../server/specValidator';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('context rendering: what an attached message sends', function () {
  this.timeout(20_000);

  it('a fence is longer than any backtick run inside, and never shorter than three', () => {
    assert.strictEqual(fenceFor('plain'), '```');
    assert.strictEqual(fenceFor('a ``` b'), '````');
    assert.strictEqual(fenceFor('x `````` y ` z'), '```````');
  });

  it('a block is labelled with its kind, label and path, fenced with its language', () => {
    const block: ContextBlock = {
      kind: 'selection',
      label: 'src/a.ts:3-4',
      path: 'src/a.ts',
      language: 'typescript',
      text: 'let a = 1;\nlet b = 2;',
    };
    assert.strictEqual(renderBlock(block), 'Selection: src/a.ts:3-4 (src/a.ts)\n```typescript\nlet a = 1;\nlet b = 2;\n```');
    assert.strictEqual(
      renderBlock({ kind: 'file', label: 'README.md', path: 'README.md', language: 'markdown', text: '```js\nx\n```\n' }),
      'File: README.md\n````markdown\n```js\nx\n```\n````',
    );
    assert.match(renderBlock({ kind: 'changes', label: 'changes', text: '--- a/x\n+++ b/x\n' }), /^Changes: changes\n```diff\n/);
  });

  it('the blocks come first, then what the user typed; a message with nothing attached is unchanged', () => {
    const message: ChatMessage = {
      role: 'user',
      content: 'Why does this fail?',
      context: [{ kind: 'problems', label: 'src/a.ts', text: 'src/a.ts:1:1 error: x' }],
    };
    assert.strictEqual(
      renderText(message),
      'Attached context:\n\nProblems: src/a.ts\n```\nsrc/a.ts:1:1 error: x\n```\n\nWhy does this fail?',
    );
    assert.strictEqual(renderText({ content: 'hi' }), 'hi');
  });

  it('images become image_url parts after the text, and the request stays valid against the spec', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: 'What is in this picture?',
        images: [{ name: 'dot.png', mimeType: 'image/png', dataUrl: PNG }],
        context: [{ kind: 'file', label: 'a.ts', text: 'x' }],
      },
    ];
    const content = renderContent(messages[1]);
    assert.ok(Array.isArray(content));
    assert.deepStrictEqual(content[1], { type: 'image_url', image_url: { url: PNG } });
    assert.match(content[0].type === 'text' ? content[0].text : '', /File: a\.ts[\s\S]*What is in this picture\?$/);
    const body = buildChatRequest(messages, { model: 'gpt-4o' }, DEFAULT_CAPS);
    assert.deepStrictEqual(schemaValidator()(body), []);
    assert.strictEqual(typeof body.messages[0].content, 'string', 'the system prompt stays a string');
  });

  it('the spec rejects an image part without a URL (the validator can fail)', () => {
    const body = buildChatRequest([{ role: 'user', content: 'x' }], { model: 'm' }, DEFAULT_CAPS);
    body.messages[0].content = [{ type: 'text', text: 'x' }, { type: 'image_url', image_url: {} } as never];
    assert.notDeepStrictEqual(schemaValidator()(body), []);
  });

  it('trimming counts the attached context, not only the typed text', () => {
    const big: ChatMessage = { role: 'user', content: 'short', context: [{ kind: 'file', label: 'big.ts', text: 'word '.repeat(5000) }] };
    const trimmed = trimToBudget([{ role: 'user', content: 'old question' }, { role: 'assistant', content: 'old answer' }, big], 1000);
    // History goes first; the newest message's block is then cut to fit (its typed text never is).
    assert.deepStrictEqual(
      trimmed.messages.map((m) => m.content),
      ['short'],
    );
    assert.deepStrictEqual(
      trimmed.leftOut.map((l) => l.kind),
      ['messages', 'block'],
    );
  });

  it('reads the ways servers refuse images', () => {
    for (const detail of [
      'Invalid content type. image_url is only supported by certain models.',
      'This model does not support image input',
      'model does not support vision',
      'Multimodal inputs are not supported by this model',
    ])
      assert.ok(isImageRejection(detail), detail);
    assert.ok(!isImageRejection('max_tokens is too large'));
  });
});
