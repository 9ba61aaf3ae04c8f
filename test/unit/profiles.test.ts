import * as assert from 'assert';
import { SettingError } from '../../src/core/connection/settingError';
import { parseProfiles, PRESETS, profileFromPreset } from '../../src/core/connection/profiles';

describe('profiles from settings', () => {
  it('every preset becomes a valid profile', () => {
    const profiles = parseProfiles(PRESETS.map(profileFromPreset));
    assert.strictEqual(profiles.length, PRESETS.length);
    const ollama = profiles.find((p) => p.name === 'Ollama')!;
    assert.strictEqual(ollama.baseUrl, 'http://localhost:11434/v1');
    assert.strictEqual(ollama.needsKey, false);
    const azure = profiles.find((p) => p.name === 'Azure OpenAI')!;
    assert.strictEqual(azure.apiStyle, 'azure');
    assert.strictEqual(azure.deployment, 'YOUR-DEPLOYMENT');
  });

  it('nativeTools: false is kept (Agent mode then uses fenced calls); true or absent leaves nothing set; a string is refused', () => {
    const base = { name: 'p', baseUrl: 'http://localhost:1/v1', model: 'm' };
    const [off, on, unset] = parseProfiles([
      { ...base, nativeTools: false },
      { ...base, name: 'q', nativeTools: true },
      { ...base, name: 'r' },
    ]);
    assert.deepStrictEqual([off.nativeTools, 'nativeTools' in on, 'nativeTools' in unset], [false, false, false]);
    assert.throws(() => parseProfiles([{ ...base, nativeTools: 'no' }]), /nativeTools/);
  });

  it('normalises a pasted /chat/completions URL', () => {
    const [p] = parseProfiles([{ name: 'x', baseUrl: 'http://localhost:1234/v1/chat/completions', model: 'm' }]);
    assert.strictEqual(p.baseUrl, 'http://localhost:1234/v1');
  });

  const bad: [unknown, RegExp][] = [
    [{ name: 'x', baseUrl: 'not a url', model: 'm' }, /profiles\[0\]\.baseUrl/],
    [{ name: 'x', baseUrl: 'http://h/v1' }, /profiles\[0\]\.model.*required/],
    [{ name: 'x', baseUrl: 'http://h/v1', model: 'm', maxTokens: -5 }, /profiles\[0\]\.maxTokens/],
    [{ name: 'x', baseUrl: 'http://h/v1', model: 'm', headers: '{"a":' }, /profiles\[0\]\.headers/],
    [{ name: 'x', baseUrl: 'http://h/v1', model: 'm', headers: { 'X-A': 'a\r\nInjected: 1' } }, /profiles\[0\]\.headers/],
    [{ name: 'x', baseUrl: 'http://h/v1', model: 'm', apiStyle: 'anthropic' }, /profiles\[0\]\.apiStyle/],
    [{ name: 'x', baseUrl: 'http://h/v1', model: 'm', temperature: 3 }, /profiles\[0\]\.temperature/],
  ];
  for (const [raw, message] of bad) {
    it(`names the setting for ${JSON.stringify(raw)}`, () => {
      assert.throws(
        () => parseProfiles([raw]),
        (e: unknown) => e instanceof SettingError && message.test(e.message),
      );
    });
  }

  it('rejects duplicate names and a non-list', () => {
    assert.throws(
      () =>
        parseProfiles([
          { name: 'a', baseUrl: 'http://h/v1', model: 'm' },
          { name: 'a', baseUrl: 'http://g/v1', model: 'm' },
        ]),
      /unique/,
    );
    assert.throws(() => parseProfiles({}), /must be a list/);
  });
});
