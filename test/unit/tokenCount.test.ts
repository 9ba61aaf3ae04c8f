import * as assert from 'assert';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens, isExactFor, MESSAGE_OVERHEAD_TOKENS } from '../../src/core/tokens/node/tokenCount';
import { REPLY_PRIMING_TOKENS, trimToBudget } from '../../src/core/context/node/trim';

describe('tokenCount', () => {
  it('counts with o200k_base, the encoding of OpenAI current models', () => {
    // "hello world" is two tokens in o200k_base; code counts differently from characters / 4.
    assert.strictEqual(countTokens('hello world'), 2);
    const code = 'function add(a: number, b: number): number {\n\treturn a + b;\n}\n';
    assert.strictEqual(countTokens(code), encode(code).length);
    assert.notStrictEqual(countTokens(code), Math.ceil(code.length / 4));
    assert.strictEqual(countTokens(''), 0);
  });

  it('says for which models the count is exact', () => {
    for (const m of ['gpt-4o-mini', 'gpt-5', 'o3-mini', 'openai/gpt-4.1', 'gpt-oss-20b']) assert.ok(isExactFor(m), m);
    for (const m of ['llama3.2', 'deepseek-chat', 'gpt-3.5-turbo', 'gpt-4', 'qwen2.5-coder']) assert.ok(!isExactFor(m), m);
  });

  it('trims history by real token counts, newest kept', () => {
    const word = 'token ';
    const msg = (role: 'user' | 'assistant', n: number) => ({ role, content: word.repeat(n) });
    const messages = [{ role: 'system' as const, content: 'sys' }, msg('user', 100), msg('assistant', 100), msg('user', 100)];
    const each = countTokens(word.repeat(100)) + MESSAGE_OVERHEAD_TOKENS;
    const budget = REPLY_PRIMING_TOKENS + countTokens('sys') + MESSAGE_OVERHEAD_TOKENS + 2 * each;
    const trimmed = trimToBudget(messages, budget);
    // Two fit, but a conversation must not start with the assistant: only the newest stays.
    assert.deepStrictEqual(
      trimmed.messages.map((m) => m.role),
      ['system', 'user'],
    );
    assert.strictEqual(trimmed.dropped, 2);
    assert.strictEqual(trimToBudget(messages, budget + each).dropped, 0);
  });
});

describe('tokenCount on runs without whitespace', () => {
  it('counts a 1 MB line of one letter in pieces (whole, it took minutes and froze the host)', () => {
    const n = countTokens('A'.repeat(1_000_000));
    // Every piece of 100 letters is a handful of tokens; the count is positive and at most one per byte.
    assert.ok(n > 1_000_000 / 100 && n <= 1_000_000, String(n));
  });

  it('stays close to the exact count on a long run that can still be counted whole', () => {
    const run = 'x'.repeat(300) + Buffer.from('parley'.repeat(300)).toString('base64');
    const exact = encode(run).length;
    const counted = countTokens(run);
    assert.ok(counted >= exact && counted <= exact * 1.1 + 5, `${counted} vs exact ${exact}`);
  });

  it('leaves ordinary text exactly as the tokenizer counts it', () => {
    const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(200);
    assert.strictEqual(countTokens(prose), encode(prose).length);
  });
});
