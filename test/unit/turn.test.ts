import * as assert from 'assert';
import { toChatMessages, type Turn } from '../../src/core/conversation/turn';

describe("Turns into the request's messages", () => {
  const image = { name: 'dot.png', mimeType: 'image/png', dataUrl: 'data:image/png;base64,AA==' };
  const turns: Turn[] = [
    {
      id: 'u1',
      role: 'user',
      content: 'the whole prompt',
      display: '**Explain** a.ts',
      context: [{ kind: 'selection', label: 'a.ts:1', text: 'x' }],
      images: [image],
    },
    {
      id: 'a1',
      role: 'assistant',
      content: 'an answer',
      reasoning: 'thought',
      usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 },
    },
    { id: 'u2', role: 'user', content: 'again', context: [], images: [] },
    { id: 'a2', role: 'assistant', content: '', error: 'HTTP 500' },
  ];

  it('sends what was typed and what it carried, leaves out replies that said nothing and everything only the view shows', () => {
    assert.deepStrictEqual(toChatMessages(turns), [
      { role: 'user', content: 'the whole prompt', context: [{ kind: 'selection', label: 'a.ts:1', text: 'x' }], images: [image] },
      { role: 'assistant', content: 'an answer' },
      { role: 'user', content: 'again' },
    ]);
  });

  it('puts the system prompt first, and none when it is empty', () => {
    assert.deepStrictEqual(
      toChatMessages(turns.slice(0, 1), 'Be brief.').map((m) => [m.role, m.content]),
      [
        ['system', 'Be brief.'],
        ['user', 'the whole prompt'],
      ],
    );
    assert.strictEqual(toChatMessages(turns.slice(0, 1), '')[0].role, 'user');
  });
});
