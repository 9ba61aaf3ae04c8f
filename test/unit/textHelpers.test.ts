import * as assert from 'assert';
import { escapeHtml } from '../../src/core/text/escapeHtml';
import { jsonInScript } from '../../src/core/text/jsonInScript';
import { maskSecrets, unmaskSecrets } from '../../src/core/context/maskSecrets';
import { explainPrompt, fillTemplate } from '../../src/core/prompts/prompts';
import { trimToBudget } from '../../src/core/context/node/trim';

describe('secret masking', () => {
  it('masks keys, tokens, private keys and secret-looking assignments', () => {
    const text = [
      'OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz012345',
      'token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB"',
      'aws = "AKIAABCDEFGHIJKLMNOP"',
      'DB_PASSWORD=h7Gk2pQ9zX4mW1vB',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const masked = maskSecrets(text);
    assert.strictEqual(masked.count, 5);
    for (const secret of ['sk-proj-abc', 'ghp_abc', 'AKIAABC', 'h7Gk2pQ9', 'MIIEow']) assert.ok(!masked.text.includes(secret), secret);
  });

  it('leaves ordinary code alone', () => {
    const code = 'const password = getPassword();\nconst tokenCount = 42;\nlet apiKey = config.apiKey;\n';
    assert.deepStrictEqual(maskSecrets(code), { text: code, count: 0, secrets: [] });
  });

  it('puts masked values back where the placeholders are', () => {
    const code = 'KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz012345"\nprint(KEY)';
    const masked = maskSecrets(code);
    assert.ok(!masked.text.includes('sk-proj'));
    const rewritten = masked.text.replace('print(KEY)', 'log(KEY)');
    assert.strictEqual(unmaskSecrets(rewritten, masked.secrets), code.replace('print(KEY)', 'log(KEY)'));
  });
});

describe('prompt templates', () => {
  it('fills placeholders and leaves unknown ones', () => {
    assert.strictEqual(fillTemplate('{{a}} and {{b}} and {{zzz}}', { a: '1', b: '2' }), '1 and 2 and {{zzz}}');
  });

  it('the explain prompt carries code, language and path', () => {
    const p = explainPrompt({ language: 'python', path: 'src/x.py', code: 'print(1)', before: 'import os', after: '' });
    assert.match(p, /python code from `src\/x\.py`/);
    assert.match(p, /```python\nprint\(1\)\n```/);
  });
});

describe('context trimming', () => {
  const turn = (i: number) => ({ role: (i % 2 ? 'assistant' : 'user') as 'user' | 'assistant', content: 'x'.repeat(400) });
  it('keeps the system prompt and drops the oldest turns first', () => {
    const msgs = [{ role: 'system' as const, content: 'sys' }, ...Array.from({ length: 10 }, (_, i) => turn(i))];
    const t = trimToBudget(msgs, 350);
    assert.strictEqual(t.messages[0].role, 'system');
    assert.ok(t.dropped > 0);
    assert.strictEqual(t.messages[1].role, 'user');
    assert.strictEqual(t.messages[t.messages.length - 1], msgs[msgs.length - 1]);
  });

  it('keeps everything that fits', () => {
    const msgs = [turn(0), turn(1), turn(2)];
    const t = trimToBudget(msgs, 10_000);
    assert.deepStrictEqual([t.messages, t.dropped, t.leftOut], [msgs, 0, []]);
  });
});

describe('HTML escaping', () => {
  it('a translated string cannot close the attribute it rides in or open a tag', () => {
    const strings = { a: 'say "hi" & <b>bye</b>', b: "it's" };
    const escaped = escapeHtml(JSON.stringify(strings));
    assert.doesNotMatch(escaped, /["'<>]/);
    const decoded = escaped.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    assert.deepStrictEqual(JSON.parse(decoded), strings);
  });
});

describe('JSON inside a script element', () => {
  it('has no `<` at all, so nothing in it can end the element or open a comment, and parses back', () => {
    const value = {
      text: 'a </script><script>alert(1)</script> b <!-- <script> </SCRIPT > c',
      lines: 'one\u2028two\u2029three',
      nested: [{ code: 'if (a < b && b > c) return "<tag>";' }],
    };
    const json = jsonInScript(value);
    assert.doesNotMatch(json, /</);
    assert.deepStrictEqual(JSON.parse(json), value);
  });
});
