import * as assert from 'assert';
import { ChatError } from '../../src/core/client/chatError';
import { supportsImages } from '../../src/core/client/imageSupport';
import { supportsTools, withToolsRefused } from '../../src/core/client/toolSupport';
import { PROBE_IMAGE, probeRequest, probeVerdict, withSupport, type ProbeKind } from '../../src/core/client/supportProbe';
import { DEFAULT_CAPS, type EndpointCaps } from '../../src/core/types';
import { schemaValidator } from '../server/specValidator';

const http = (status: number, detail: string) => new ChatError({ kind: 'http', status, detail, host: 'localhost:8080' });

/**
 * Servers' real refusals, in their words and with their statuses (from the servers' sources and
 * their users' reports): each must read as "the model cannot".
 */
const REFUSALS: [ProbeKind, string, number, string][] = [
  ['tools', 'Ollama, a model whose template has no tools', 400, 'registry.ollama.ai/library/gemma3:4b does not support tools'],
  ['tools', 'llama.cpp started without --jinja', 500, 'tools param requires --jinja flag'],
  ['tools', 'an older llama.cpp', 500, 'Unsupported param: tools'],
  [
    'tools',
    'vLLM without --enable-auto-tool-choice',
    400,
    '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
  ],
  [
    'tools',
    'OpenAI, gpt-5-chat-latest',
    400,
    'tools is not supported in this model. For a list of supported models, refer to https://platform.openai.com/docs/guides/function-calling#models-supporting-function-calling.',
  ],
  ['tools', 'Azure OpenAI, an older API version', 404, 'Unrecognized request argument supplied: tools'],
  ['images', 'OpenAI, a text-only model', 400, 'Invalid content type. image_url is only supported by certain models.'],
  [
    'images',
    'llama.cpp started without --mmproj',
    500,
    'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj',
  ],
  ['images', 'an older llama.cpp', 500, 'image input is not supported by this server'],
  ['images', 'Ollama, a model without a projector', 500, 'this model is missing data required for image input'],
  ['images', 'vLLM, a text-only model', 400, 'Qwen/Qwen3-8B is not a multimodal model'],
  ['images', 'LM Studio, a text-only model', 400, 'Model does not support images. Please use a model that does.'],
  [
    'images',
    'DeepSeek',
    400,
    'Failed to deserialize the JSON body into the target type: messages[1]: unknown variant `image_url`, expected `text` at line 1 column 2901',
  ],
  [
    'images',
    'DeepSeek, earlier',
    422,
    'Failed to deserialize the JSON body into the target type: messages[2]: invalid type: sequence, expected a string at line 1 column 2901',
  ],
];

/** Failures that say nothing of what the model takes: what is known must stay as it is. */
const NOT_REFUSALS: [ProbeKind, string, unknown][] = [
  ['tools', 'a rate limit', http(429, 'Rate limit reached for gpt-4o: tools requests are limited. Please try again in 20s.')],
  ['images', 'a rate limit whose words would read as a refusal', http(429, 'image input is not supported while throttled')],
  ['tools', 'a server busy loading the model', http(503, 'Loading model')],
  ['images', 'a gateway that timed out', http(504, '504 Gateway Time-out')],
  ['images', 'Ollama, an image it could not decode', http(400, 'illegal base64 data at input byte 5')],
  ['images', 'a Qwen-VL processor, an image it finds too small', http(500, 'height:16 or width:16 must be larger than factor:28')],
  ['images', 'a crash while reading the image', http(500, 'Internal server error')],
  ['tools', 'a model that is not there', http(404, 'The model `gpt-9` does not exist or you do not have access to it.')],
  ['tools', 'a parameter refused', http(400, "Unsupported parameter: 'max_tokens' is not supported with this model.")],
  ['tools', 'a tool choice refused (tools themselves are taken)', http(400, "Unsupported parameter: 'tool_choice'")],
  ['images', 'a wrong key', http(401, 'Incorrect API key provided.')],
  ['tools', 'a timeout', new ChatError({ kind: 'timeout', detail: 'no first token after 60 s' })],
  ['images', 'the user stopping it', new ChatError({ kind: 'aborted', detail: 'Stopped.' })],
  ['tools', 'a refused connection', new ChatError({ kind: 'network', detail: 'ECONNREFUSED' })],
  ['images', 'anything else thrown', new Error('image input is not supported')],
];

describe("Test Connection's probes: what counts as a refusal", () => {
  for (const [kind, server, status, message] of REFUSALS) {
    it(`${server} (${status} "${message.slice(0, 60)}…") says no to ${kind}`, () => {
      assert.strictEqual(probeVerdict(kind, http(status, message)), 'no');
    });
  }

  it("a refusal of one kind is not taken for the other's", () => {
    for (const [kind, , status, message] of REFUSALS) {
      const other: ProbeKind = kind === 'tools' ? 'images' : 'tools';
      assert.strictEqual(probeVerdict(other, http(status, message)), 'unknown', message);
    }
  });

  for (const [kind, what, error] of NOT_REFUSALS) {
    it(`${what} tells nothing of ${kind}`, () => {
      assert.strictEqual(probeVerdict(kind, error), 'unknown');
    });
  }

  it('an answer is a yes', () => {
    assert.strictEqual(probeVerdict('tools'), 'yes');
    assert.strictEqual(probeVerdict('images'), 'yes');
  });
});

describe("Test Connection's probes: the requests", () => {
  const validate = schemaValidator();
  const generation = { model: 'qwen3', temperature: 0.9, maxTokens: 4096, reasoningEffort: 'low' as const, extraBody: { top_k: 20 } };

  it('asks about tools with one tool, not streamed, a short reply, and no tool choice (so vLLM says whether it chooses)', () => {
    const body = probeRequest('tools', generation, DEFAULT_CAPS);
    assert.deepStrictEqual(validate(body), []);
    assert.strictEqual(body.stream, false);
    assert.strictEqual(body.stream_options, undefined);
    assert.strictEqual(body.max_tokens, 16);
    assert.strictEqual(body.temperature, undefined, "the profile's sampling is left out: only the answer matters");
    assert.strictEqual(body.reasoning_effort, 'low');
    assert.strictEqual(body.top_k, 20, "the profile's extra fields go along (a gateway may need them)");
    assert.deepStrictEqual(
      body.tools?.map((t) => t.function.name),
      ['current_time'],
    );
    assert.strictEqual(body.tool_choice, undefined);
    assert.strictEqual(body.parallel_tool_calls, undefined);
    assert.ok(
      body.messages.every((m) => typeof m.content === 'string'),
      'no image in the tools question',
    );
  });

  it('asks a model remembered as without tools again, with the tool', () => {
    const caps = withToolsRefused(DEFAULT_CAPS, 'qwen3');
    assert.strictEqual(probeRequest('tools', generation, caps).tools?.length, 1);
  });

  it('asks about images with one small PNG, not streamed, no tools, with the token limit the endpoint takes', () => {
    const caps: EndpointCaps = { ...DEFAULT_CAPS, maxTokensParam: 'max_completion_tokens' };
    const body = probeRequest('images', generation, caps);
    assert.deepStrictEqual(validate(body), []);
    assert.strictEqual(body.stream, false);
    assert.strictEqual(body.max_completion_tokens, 16);
    assert.strictEqual(body.max_tokens, undefined);
    assert.strictEqual(body.tools, undefined);
    const parts = body.messages.at(-1)?.content;
    assert.ok(Array.isArray(parts));
    assert.deepStrictEqual(parts[1], { type: 'image_url', image_url: { url: PROBE_IMAGE } });
    const png = Buffer.from(PROBE_IMAGE.split(',')[1], 'base64');
    assert.strictEqual(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.deepStrictEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [64, 64], 'width and height, from the IHDR chunk');
  });
});

describe("Test Connection's probes: what is remembered", () => {
  it('a no marks the model, a yes unmarks it, an unknown leaves it as it was; other models are untouched', () => {
    const other = withToolsRefused(DEFAULT_CAPS, 'other');
    const refused = withSupport(other, 'm', { tools: 'no', images: 'no' });
    assert.strictEqual(supportsTools(refused, 'm'), false);
    assert.strictEqual(supportsImages(refused, 'm'), false);
    assert.strictEqual(withSupport(refused, 'm', { tools: 'unknown', images: 'unknown' }), refused);
    const taken = withSupport(refused, 'm', { tools: 'yes', images: 'unknown' });
    assert.strictEqual(supportsTools(taken, 'm'), true);
    assert.strictEqual(supportsImages(taken, 'm'), false);
    const both = withSupport(taken, 'm', { tools: 'unknown', images: 'yes' });
    assert.strictEqual(supportsImages(both, 'm'), true);
    assert.strictEqual(supportsTools(both, 'other'), false);
    assert.strictEqual(withSupport(DEFAULT_CAPS, 'm', { tools: 'yes', images: 'yes' }), DEFAULT_CAPS, 'nothing to unmark: the same caps');
  });
});
