import * as assert from 'assert';
import { adaptCapsToRejection, buildChatRequest } from '../../src/core/client/chatRequest';
import { DEFAULT_CAPS, type ChatMessage, type EndpointCaps } from '../../src/core/types';
import { schemaValidator } from '../server/specValidator';

const messages: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'What is 2+2?' },
  { role: 'assistant', content: '4' },
  { role: 'user', content: 'And 3+3?' },
];

describe('request building (checked against the OpenAPI spec)', function () {
  this.timeout(20_000);
  const validate = schemaValidator();

  const variants: [string, Partial<EndpointCaps>, Parameters<typeof buildChatRequest>[1]][] = [
    ['minimal', {}, { model: 'gpt-4o-mini' }],
    ['all options', {}, { model: 'm', temperature: 0.2, topP: 0.9, maxTokens: 256, stop: ['\n\n'], extraBody: { seed: 7 } }],
    [
      'max_completion_tokens + developer role',
      { maxTokensParam: 'max_completion_tokens', systemRole: 'developer' },
      { model: 'o3-mini', maxTokens: 1000, reasoningEffort: 'low' },
    ],
    ['no stream_options, no temperature', { streamOptions: false, temperature: false }, { model: 'm', temperature: 1.5 }],
  ];
  for (const [name, caps, options] of variants) {
    it(`builds a valid body: ${name}`, () => {
      const body = buildChatRequest(messages, options, { ...DEFAULT_CAPS, ...caps });
      assert.deepStrictEqual(validate(body), []);
      assert.strictEqual(body.stream, true);
    });
  }

  it('the validator can fail: it rejects a body with a bad role and no messages', () => {
    assert.notDeepStrictEqual(validate({ model: 'm', messages: [] }), []);
    assert.notDeepStrictEqual(validate({ model: 'm', messages: [{ role: 'wizard', content: 'x' }] }), []);
  });

  it('sends optional fields only when set, and as the endpoint wants them', () => {
    const plain = buildChatRequest(messages, { model: 'm' }, DEFAULT_CAPS);
    assert.deepStrictEqual(Object.keys(plain).sort(), ['messages', 'model', 'stream', 'stream_options']);
    const dev = buildChatRequest(
      messages,
      { model: 'm', maxTokens: 9 },
      { ...DEFAULT_CAPS, systemRole: 'developer', maxTokensParam: 'max_completion_tokens' },
    );
    assert.strictEqual(dev.messages[0].role, 'developer');
    assert.strictEqual(dev.max_completion_tokens, 9);
    assert.strictEqual(dev.max_tokens, undefined);
    const noTemp = buildChatRequest(messages, { model: 'm', temperature: 0.5 }, { ...DEFAULT_CAPS, temperature: false });
    assert.strictEqual(noTemp.temperature, undefined);
  });

  it('extra body fields cannot replace model, messages or stream', () => {
    const body = buildChatRequest(
      messages,
      { model: 'm', extraBody: { model: 'evil', stream: false, messages: [], top_k: 20 } },
      DEFAULT_CAPS,
    );
    assert.strictEqual(body.model, 'm');
    assert.strictEqual(body.stream, true);
    assert.strictEqual(body.messages.length, 4);
    assert.strictEqual(body.top_k, 20);
  });

  it('adapts to a 400 that names an unsupported parameter', () => {
    const withMax = buildChatRequest(messages, { model: 'm', maxTokens: 5 }, DEFAULT_CAPS);
    const openai = "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.";
    assert.strictEqual(adaptCapsToRejection(openai, withMax, DEFAULT_CAPS)?.maxTokensParam, 'max_completion_tokens');
    const withMaxCompletion = buildChatRequest(
      messages,
      { model: 'm', maxTokens: 5 },
      { ...DEFAULT_CAPS, maxTokensParam: 'max_completion_tokens' },
    );
    assert.strictEqual(
      adaptCapsToRejection('Unrecognized request argument supplied: max_completion_tokens', withMaxCompletion, {
        ...DEFAULT_CAPS,
        maxTokensParam: 'max_completion_tokens',
      })?.maxTokensParam,
      'max_tokens',
    );
    assert.strictEqual(adaptCapsToRejection('stream_options is not supported', withMax, DEFAULT_CAPS)?.streamOptions, false);
    const hot = buildChatRequest(messages, { model: 'm', temperature: 0.1 }, DEFAULT_CAPS);
    assert.strictEqual(
      adaptCapsToRejection("Unsupported value: 'temperature' does not support 0.1 with this model.", hot, DEFAULT_CAPS)?.temperature,
      false,
    );
    assert.strictEqual(adaptCapsToRejection('The model `x` does not exist', withMax, DEFAULT_CAPS), undefined);
  });
});
