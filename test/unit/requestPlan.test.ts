import * as assert from 'assert';
import {
  FRESH_PROBE,
  RECHECK_MS,
  afterFailure,
  afterSuccess,
  nextKind,
  readProbeState,
  requestOrder,
  saysNotServed,
  type EndpointTraits,
  type ProbeState,
  type RequestFailure,
} from '../../src/core/autocomplete/requestPlan';

const OLLAMA: EndpointTraits = { llamaCpp: false, familyKnown: true };
const UNKNOWN_FAMILY: EndpointTraits = { llamaCpp: false, familyKnown: false };
const LLAMA_CPP: EndpointTraits = { llamaCpp: true, familyKnown: true };
const NOW = Date.parse('2026-12-01T00:00:00Z');

/** Fails each kind in turn with `failure`, collecting the kinds tried until none is left. */
function walk(traits: EndpointTraits, failure: RequestFailure): string[] {
  let state: ProbeState = FRESH_PROBE;
  const tried: string[] = [];
  for (let kind = nextKind(state, traits, NOW); kind; kind = nextKind(state, traits, NOW)) {
    tried.push(kind);
    state = afterFailure(state, kind, failure, NOW);
    if (tried.length > 10) break;
  }
  return tried;
}

describe('autocomplete request plan', () => {
  it('orders the kinds best first: completions, then the family template, then chat', () => {
    assert.deepStrictEqual(requestOrder(OLLAMA), ['completions', 'fimPrompt', 'chat']);
    assert.deepStrictEqual(requestOrder(UNKNOWN_FAMILY), ['completions', 'chat'], 'no template for an unknown family');
  });

  it('on llama.cpp /infill takes the place of /completions, whose suffix it ignores', () => {
    assert.deepStrictEqual(requestOrder(LLAMA_CPP), ['infill', 'fimPrompt', 'chat']);
    assert.deepStrictEqual(requestOrder({ llamaCpp: true, familyKnown: false }), ['infill', 'chat']);
  });

  it('a 404 on /completions moves on to the next kind', () => {
    const state = afterFailure(FRESH_PROBE, 'completions', { status: 404, message: 'Not Found' }, NOW);
    assert.strictEqual(nextKind(state, OLLAMA, NOW), 'fimPrompt');
    assert.strictEqual(nextKind(state, UNKNOWN_FAMILY, NOW), 'chat');
  });

  it('405, 501 and a 400 or 422 refusing the request move on, each in turn, until none is left', () => {
    for (const status of [404, 405, 501, 400, 422])
      assert.deepStrictEqual(walk(LLAMA_CPP, { status, message: 'x' }), ['infill', 'fimPrompt', 'chat'], String(status));
  });

  it("Ollama's 400 for a model without insert moves on; vLLM's 400 on suffix too", () => {
    const ollama = { status: 400, message: 'registry.ollama.ai/library/llama3:latest does not support insert' };
    assert.strictEqual(nextKind(afterFailure(FRESH_PROBE, 'completions', ollama, NOW), OLLAMA, NOW), 'fimPrompt');
    const vllm = { status: 400, message: 'suffix is not currently supported' };
    assert.strictEqual(nextKind(afterFailure(FRESH_PROBE, 'completions', vllm, NOW), OLLAMA, NOW), 'fimPrompt');
  });

  it('llama.cpp: a model with no FIM tokens fails /infill (501) and goes on to its own FIM tokens, never /completions with a suffix ignored', () => {
    const state = afterFailure(FRESH_PROBE, 'infill', { status: 501, message: 'Infill is not supported by this model' }, NOW);
    assert.strictEqual(nextKind(state, LLAMA_CPP, NOW), 'fimPrompt');
    assert.strictEqual(nextKind(state, { llamaCpp: true, familyKnown: false }, NOW), 'chat');
  });

  it("an older llama.cpp's 500 refusing suffix moves on, should /completions be asked before the server is known", () => {
    const state = afterFailure(FRESH_PROBE, 'completions', { status: 500, message: 'Unsupported param: suffix' }, NOW);
    assert.strictEqual(nextKind(state, OLLAMA, NOW), 'fimPrompt');
  });

  it('a 401 or 403 does not move on: a key problem, not a missing endpoint', () => {
    for (const status of [401, 403]) {
      const state = afterFailure(FRESH_PROBE, 'completions', { status, message: 'Invalid API key' }, NOW);
      assert.strictEqual(state, FRESH_PROBE, String(status));
      assert.strictEqual(nextKind(state, OLLAMA, NOW), 'completions');
    }
  });

  it('429, 408, a 5xx crash and a connection failure do not move on', () => {
    for (const failure of [{ status: 429 }, { status: 408 }, { status: 500, message: 'CUDA error' }, { status: 502 }, { status: 503 }, {}])
      assert.strictEqual(saysNotServed(failure), false, JSON.stringify(failure));
  });

  it('a prompt too long for the context, or a model that is not there, does not move on', () => {
    assert.strictEqual(
      saysNotServed({ status: 400, message: 'request (4476 tokens) exceeds the available context size (4096 tokens)' }),
      false,
    );
    assert.strictEqual(saysNotServed({ status: 404, message: "model 'qwen2.5-coder:1.5b' not found, try pulling it first" }), false);
  });

  it('success pins the kind: it is used from then on, even where a better one is listed', () => {
    let state = afterFailure(FRESH_PROBE, 'completions', { status: 404 }, NOW);
    state = afterSuccess(state, 'fimPrompt');
    assert.strictEqual(nextKind(state, OLLAMA, NOW), 'fimPrompt');
    assert.strictEqual(nextKind(state, OLLAMA, NOW + RECHECK_MS * 2), 'fimPrompt', 'a pinned kind is not re-probed');
  });

  it('a pinned kind that then says it is not served is unpinned and ruled out; a 429 leaves it pinned', () => {
    const pinned = afterSuccess(FRESH_PROBE, 'completions');
    assert.strictEqual(afterFailure(pinned, 'completions', { status: 429 }, NOW), pinned);
    const state = afterFailure(pinned, 'completions', { status: 404 }, NOW);
    assert.strictEqual(state.pinned, undefined);
    assert.strictEqual(nextKind(state, OLLAMA, NOW), 'fimPrompt');
  });

  it('a pinned kind no longer in the order (the family became unknown) is passed over', () => {
    const state = afterSuccess(FRESH_PROBE, 'fimPrompt');
    assert.strictEqual(nextKind(state, UNKNOWN_FAMILY, NOW), 'completions');
  });

  it('a kind ruled out is tried again after a week', () => {
    const state = afterFailure(FRESH_PROBE, 'completions', { status: 404 }, NOW);
    assert.strictEqual(nextKind(state, OLLAMA, NOW + RECHECK_MS - 1), 'fimPrompt');
    assert.strictEqual(nextKind(state, OLLAMA, NOW + RECHECK_MS), 'completions');
  });

  it('round-trips through JSON, as globalState keeps it', () => {
    let state = afterFailure(FRESH_PROBE, 'infill', { status: 501 }, NOW);
    state = afterSuccess(state, 'completions');
    const back = readProbeState(JSON.parse(JSON.stringify(state)));
    assert.deepStrictEqual(back, { pinned: 'completions', ruledOut: { infill: NOW } });
    assert.strictEqual(nextKind(back, OLLAMA, NOW), 'completions');
  });

  it('reads anything malformed as a fresh probe, keeping what is valid', () => {
    for (const junk of [undefined, null, 'completions', 42, []]) assert.deepStrictEqual(readProbeState(junk), FRESH_PROBE);
    assert.deepStrictEqual(readProbeState({ pinned: 'telepathy', ruledOut: { chat: 'yesterday', infill: 5, bogus: 1 } }), {
      ruledOut: { infill: 5 },
    });
  });
});
