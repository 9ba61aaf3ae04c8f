import * as assert from 'assert';
import { isLocalEndpoint, normalizeBaseUrl, originOf } from '../../src/core/connection/baseUrl';
import { SettingError } from '../../src/core/connection/settingError';

describe('normalizeBaseUrl', () => {
  const cases: [string, string][] = [
    ['https://api.openai.com/v1', 'https://api.openai.com/v1'],
    ['https://api.openai.com/v1/', 'https://api.openai.com/v1'],
    ['  https://api.openai.com/v1//  ', 'https://api.openai.com/v1'],
    ['https://api.openai.com/v1/chat/completions', 'https://api.openai.com/v1'],
    ['http://localhost:11434/v1/chat/completions/', 'http://localhost:11434/v1'],
    ['http://localhost:8080/v1/models', 'http://localhost:8080/v1'],
    ['https://openrouter.ai/api/v1#frag', 'https://openrouter.ai/api/v1'],
    ['https://res.openai.azure.com', 'https://res.openai.azure.com'],
    ['https://res.openai.azure.com/', 'https://res.openai.azure.com'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${expected}`, () => assert.strictEqual(normalizeBaseUrl(input), expected));
  }

  it('rejects what is not an http(s) URL, naming the setting', () => {
    for (const bad of ['', 'api.openai.com/v1', 'ftp://x/v1', 'javascript:alert(1)', 'https://user:pw@host/v1']) {
      assert.throws(
        () => normalizeBaseUrl(bad, 'parley.profiles[0].baseUrl'),
        (e: unknown) => e instanceof SettingError && /parley\.profiles\[0\]\.baseUrl/.test(e.message),
      );
    }
  });

  it('knows origins and local endpoints', () => {
    assert.strictEqual(originOf('https://api.groq.com/openai/v1'), 'https://api.groq.com');
    assert.strictEqual(originOf('http://localhost:1234/v1'), 'http://localhost:1234');
    assert.ok(isLocalEndpoint('http://127.0.0.1:8000/v1'));
    assert.ok(isLocalEndpoint('http://localhost:11434/v1'));
    assert.ok(!isLocalEndpoint('https://api.deepseek.com/v1'));
  });
});
