import * as assert from 'assert';
import { enabledFor, gate, isLoopbackUrl, type GateInput } from '../../src/core/autocomplete/autocompleteGate';
import { chatFillMessages, CURSOR_MARK, withoutThinking } from '../../src/core/autocomplete/chatFill';
import { maskKeyFragments } from '../../src/core/context/maskSecrets';

const base: GateInput = { enabled: true, nowMs: 1_000, trusted: true, baseUrl: 'http://127.0.0.1:8080/v1', chosen: false };

describe('autocomplete: whether to ask at all', () => {
  it('a language entry wins over "*", and "*" over the default (on)', () => {
    const setting = { '*': true, markdown: false };
    assert.strictEqual(enabledFor(setting, 'markdown'), false);
    assert.strictEqual(enabledFor(setting, 'python'), true);
    assert.strictEqual(enabledFor({ '*': false, python: true }, 'python'), true);
    assert.strictEqual(enabledFor({ '*': false, python: true }, 'go'), false);
    assert.strictEqual(enabledFor(undefined, 'go'), true);
    assert.strictEqual(enabledFor(false, 'go'), false);
    assert.strictEqual(enabledFor({ go: 'yes' }, 'go'), true, 'a value that is not a boolean is ignored');
  });

  it('loopback is localhost, 127.0.0.0/8 and ::1; nothing else, whatever the name looks like', () => {
    for (const url of ['http://localhost:11434/v1', 'http://127.0.0.1:8080', 'http://127.1.2.3/v1', 'http://[::1]:1234/v1'])
      assert.ok(isLoopbackUrl(url), url);
    for (const url of [
      'https://api.openai.com/v1',
      'http://10.0.0.5:8080/v1',
      'http://127.0.0.1.evil.com/v1',
      'http://localhost.evil.com/v1',
      'http://api.localhost/v1',
      'not a url',
    ])
      assert.ok(!isLoopbackUrl(url), url);
  });

  it('runs for a local server nobody chose, trusted or not', () => {
    assert.deepStrictEqual(gate(base), { run: true });
    assert.deepStrictEqual(gate({ ...base, trusted: false }), { run: true });
  });

  it('a remote server is asked only when chosen for autocomplete, and never in Restricted Mode', () => {
    const remote = { ...base, baseUrl: 'https://api.openai.com/v1' };
    assert.deepStrictEqual(gate(remote), { run: false, why: 'notChosen' });
    assert.deepStrictEqual(gate({ ...remote, chosen: true }), { run: true });
    assert.deepStrictEqual(gate({ ...remote, chosen: true, trusted: false }), { run: false, why: 'restricted' });
  });

  it('off, snoozed, excluded, paused and no profile each say so; a snooze or pause that ended does not hold', () => {
    assert.deepStrictEqual(gate({ ...base, enabled: false }), { run: false, why: 'off' });
    assert.deepStrictEqual(gate({ ...base, snoozedUntil: 2_000 }), { run: false, why: 'snoozed' });
    assert.deepStrictEqual(gate({ ...base, snoozedUntil: 1_000 }), { run: true });
    assert.deepStrictEqual(gate({ ...base, excluded: 'it matches files.exclude' }), { run: false, why: 'excluded' });
    assert.deepStrictEqual(gate({ ...base, pausedUntil: 61_000 }), { run: false, why: 'paused' });
    assert.deepStrictEqual(gate({ ...base, pausedUntil: 500 }), { run: true });
    assert.deepStrictEqual(gate({ ...base, baseUrl: undefined }), { run: false, why: 'noProfile' });
  });
});

describe('autocomplete: the chat fallback', () => {
  it('marks the cursor once, even when the file already holds the marker', () => {
    const [, user] = chatFillMessages({
      prefix: `const s = "${CURSOR_MARK}";\nconst x = `,
      suffix: ';\n',
      languageId: 'typescript',
      filePath: 'src/a.ts',
    });
    const text = String(user.content);
    assert.strictEqual(text.split(CURSOR_MARK).length - 1, 1);
    assert.ok(text.startsWith('File: src/a.ts (typescript)\n'));
    assert.ok(text.endsWith(`const x = ${CURSOR_MARK};\n`));
  });

  it("drops a reasoning model's leading think block, and only that", () => {
    assert.strictEqual(withoutThinking('<think>\nplan\n</think>\n\nreturn a + b;'), 'return a + b;');
    assert.strictEqual(withoutThinking('x = "<think>"'), 'x = "<think>"');
  });
});

describe('autocomplete: what must never reach the file', () => {
  it('a reasoning model cut off inside <think> has no answer', () => {
    assert.strictEqual(withoutThinking('<think>\nThe user wants'), '');
  });

  it("a private key cut by the window's edge has its base64 lines masked", () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';
    assert.strictEqual(maskKeyFragments(`x = 1\n-----BEGIN PRIVATE KEY-----\n${body}\n`), 'x = 1\n-----BEGIN PRIVATE KEY-----\n⟦secret⟧\n');
    assert.strictEqual(maskKeyFragments(`${body}\n-----END RSA PRIVATE KEY-----\n`), '⟦secret⟧\n-----END RSA PRIVATE KEY-----\n');
    assert.strictEqual(maskKeyFragments(`const hash = "${body}";\n`), `const hash = "${body}";\n`, 'no key edge: left alone');
  });
});
