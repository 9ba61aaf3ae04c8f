import * as assert from 'assert';
import { messageTokens, requestTokens, trimToBudget } from '../../src/core/context/node/trim';
import { toChatMessages, type Turn } from '../../src/core/conversation/turn';
import { countTokens } from '../../src/core/tokens/node/tokenCount';
import { TokenCountCache } from '../../src/core/tokens/node/tokenCountCache';
import type { ChatMessage, ContextBlock } from '../../src/core/types';

/** The real tokenizer, with how many texts it was asked to count. */
function countingTokenizer() {
  const counter = { calls: 0, count: (text: string) => (counter.calls++, countTokens(text)) };
  return counter;
}

/** A small seeded generator: the same varied conversations on every run. */
function seeded(seed: number) {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
  return { int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), next };
}

const WORDS = ['const', 'value', 'return', 'the', 'file', '{', '}', 'if', 'x', '=>', 'éé', '日本', 'a'.repeat(120), '\n'];
const text = (r: ReturnType<typeof seeded>, words: number) =>
  Array.from({ length: words }, () => WORDS[r.int(0, WORDS.length - 1)]).join(' ');
const block = (r: ReturnType<typeof seeded>, label: string): ContextBlock => ({
  kind: 'file',
  label,
  path: label,
  text: text(r, r.int(20, 400)),
});

/** An agent run as the chat holds it: earlier history, a question, then `steps` calls each with its result. */
function agentTurns(r: ReturnType<typeof seeded>, steps: number): Turn[] {
  const turns: Turn[] = [
    { id: 'u0', role: 'user', content: text(r, 30), context: [block(r, 'old.ts')] },
    { id: 'a0', role: 'assistant', content: text(r, 80) },
    { id: 'u1', role: 'user', content: text(r, 20), mode: 'agent' },
  ];
  for (let i = 1; i <= steps; i++) {
    const call = { id: `c${i}`, name: 'read_file', arguments: JSON.stringify({ path: `src/f${r.int(1, 9)}.ts` }) };
    turns.push({ id: `a${i}`, role: 'assistant', content: r.next() < 0.3 ? text(r, 10) : '', toolCalls: [call] });
    turns.push({
      id: `t${i}`,
      role: 'tool',
      toolCallId: call.id,
      name: 'read_file',
      step: 'Read',
      status: 'done',
      content: text(r, r.int(5, 120)),
    });
  }
  return turns;
}

/** Ask mode: questions with context blocks and answers, the newest question last. */
function askMessages(r: ReturnType<typeof seeded>, questions: number): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: text(r, 40) }];
  for (let i = 0; i < questions; i++) {
    messages.push({ role: 'user', content: text(r, 15), context: [block(r, `a${i}.ts`), block(r, `b${i}.ts`)] });
    if (i < questions - 1) messages.push({ role: 'assistant', content: text(r, r.int(20, 300)) });
  }
  return messages;
}

describe('token counts remembered between requests', () => {
  // Loading the tokenizer (about half a second) is no part of any test here.
  before(() => countTokens('warm up'));

  it('trims every step of varied agent runs and Ask conversations exactly as counting afresh does', () => {
    const fits: string[] = [];
    /** The trim with each cache, and with the shared one, against the tokenizer's own counts. */
    const same = (messages: ChatMessage[], budget: number, caches: TokenCountCache[], where: string) => {
      const fresh = trimToBudget(messages, budget, countTokens);
      for (const cache of caches) assert.deepStrictEqual(trimToBudget(messages, budget, cache.count), fresh, where);
      assert.deepStrictEqual(trimToBudget(messages, budget), fresh, `${where}, the shared cache`);
      fits.push(fresh.leftOut.length ? 'trimmed' : 'whole');
    };
    for (const seed of [1, 2]) {
      const r = seeded(seed);
      const turns = agentTurns(r, 20);
      // A small cache too, so texts are let go and counted again mid-run.
      const small = new TokenCountCache(countTokens, { chars: 20_000, entries: 40 });
      const caches = [new TokenCountCache(), small];
      for (let step = 1; step <= 20; step++) {
        // Rebuilt from the turns at every step, as each request is: new objects, the same texts.
        const messages = toChatMessages(turns.slice(0, 3 + 2 * step), 'You are an agent. '.repeat(30));
        const full = requestTokens(messages, countTokens);
        for (const budget of [full, Math.floor(full * 0.8), Math.floor(full * 0.5), 300]) {
          same(messages, budget, caches, `seed ${seed}, step ${step}, budget ${budget}`);
        }
      }
      assert.ok(small.size <= 40);
      const ask = askMessages(r, 8);
      const full = requestTokens(ask, countTokens);
      for (const budget of [full, Math.floor(full * 0.7), Math.floor(full * 0.3), 600, 100])
        same(ask, budget, caches, `Ask, budget ${budget}`);
    }
    assert.deepStrictEqual(
      [fits.length, fits.filter((f) => f === 'trimmed').length >= 100, fits.includes('whole')],
      [170, true, true],
      'most trims left something out, some nothing',
    );
  });

  it('a message whose text changed is counted again; the same text in a new message is not', () => {
    const tokenizer = countingTokenizer();
    const cache = new TokenCountCache(tokenizer.count);
    const reply: ChatMessage = { role: 'assistant', content: 'The first part of the answer.' };
    assert.strictEqual(messageTokens(reply, cache.count), messageTokens(reply, countTokens));
    assert.strictEqual(messageTokens({ ...reply }, cache.count), messageTokens(reply, countTokens));
    assert.strictEqual(tokenizer.calls, 1, 'a copy with the same text is not counted again');

    reply.content += ' And a second part, much longer than the first one was.';
    assert.strictEqual(messageTokens(reply, cache.count), messageTokens(reply, countTokens), 'the grown reply, counted anew');
    reply.toolCalls = [{ id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' }];
    assert.strictEqual(messageTokens(reply, cache.count), messageTokens(reply, countTokens), 'a call added counts');
    const user: ChatMessage = { role: 'user', content: 'Why?', context: [{ kind: 'file', label: 'a.ts', text: 'let a = 1;' }] };
    messageTokens(user, cache.count);
    user.context = [{ kind: 'file', label: 'a.ts', text: 'let a = 1;\nlet b = 2;' }];
    assert.strictEqual(messageTokens(user, cache.count), messageTokens(user, countTokens), 'a changed context block counts');
    assert.strictEqual(tokenizer.calls, 5);
  });

  it("an agent run's later steps count only what is new, however long the run", () => {
    const tokenizer = countingTokenizer();
    const cache = new TokenCountCache(tokenizer.count);
    const turns = agentTurns(seeded(7), 200);
    const perStep: number[] = [];
    for (let step = 1; step <= 200; step++) {
      const before = tokenizer.calls;
      const trimmed = trimToBudget(toChatMessages(turns.slice(0, 3 + 2 * step), 'system'), 3_000, cache.count);
      if (step === 200) {
        // Far over its budget: most results gave way, said in one entry (the note once listed each).
        const results = trimmed.leftOut.find((l) => l.kind === 'results');
        assert.ok(results && results.count > 150 && trimmed.leftOut.length <= 2, JSON.stringify(trimmed.leftOut));
      }
      perStep.push(tokenizer.calls - before);
    }
    // New at a step: its call, its result and the note a result left out becomes (once).
    assert.ok(Math.max(...perStep.slice(20)) <= 3, `texts counted per step: ${perStep.slice(20).join(',')}`);
  });

  it('holds at most its limits, the least recently used going first, and never a text longer than them', () => {
    const tokenizer = countingTokenizer();
    const cache = new TokenCountCache(tokenizer.count, { chars: 30, entries: 3 });
    for (const t of ['one', 'two', 'three']) cache.count(t);
    cache.count('one'); // used: 'two' is now the oldest
    cache.count('four');
    assert.strictEqual(cache.size, 3);
    const calls = tokenizer.calls;
    cache.count('one');
    cache.count('three');
    assert.strictEqual(tokenizer.calls, calls, 'the recently used are still held');
    cache.count('two');
    assert.strictEqual(tokenizer.calls, calls + 1, 'the least recently used was let go');
    assert.strictEqual(cache.count('x'.repeat(31)), countTokens('x'.repeat(31)));
    assert.ok(cache.size <= 3);
    cache.count('x'.repeat(25));
    assert.ok(cache.size <= 2, 'over the characters allowed: older texts go');
  });
});
