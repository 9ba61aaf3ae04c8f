import * as assert from 'assert';
import {
  askingExtension,
  parseDecisions,
  verdict,
  withDecision,
  withoutDecisions,
  type AccessDecision,
  type AccessRequest,
} from '../../src/core/lm/modelAccess';

const SELF = 'parley-dev.parley';
const ORIGIN = 'https://api.example.com';
const OTHER = 'someone.other-extension';
const keyed = (initiator: string | undefined): AccessRequest => ({ initiator, self: SELF, sendsKey: true, origin: ORIGIN });
const allowed: AccessDecision = { extension: OTHER, origin: ORIGIN, allowed: true, profile: 'Work' };
const refused: AccessDecision = { ...allowed, allowed: false };

describe("Other extensions' use of a model that sends the user's key", () => {
  it('asks nothing of VS Code itself, of its own chat, of Parley, or where VS Code does not say who asks', () => {
    const free: [string | undefined, string][] = [
      ['core', 'VS Code itself'],
      ['github.copilot-chat', "VS Code's own chat"],
      ['GitHub.copilot-chat', "VS Code's own chat, in any case"],
      [SELF, 'Parley'],
      ['Parley-Dev.Parley', 'Parley, in any case'],
      [undefined, 'a host that does not pass requestInitiator'],
      ['', 'an empty initiator'],
    ];
    for (const [initiator, who] of free) {
      assert.strictEqual(askingExtension(keyed(initiator)), undefined, who);
      assert.deepStrictEqual(verdict([], keyed(initiator)), { kind: 'send' }, who);
    }
  });

  it('asks nothing for a profile that sends no key (a local server, a keyless profile)', () => {
    assert.deepStrictEqual(verdict([], { ...keyed(OTHER), sendsKey: false }), { kind: 'send' });
  });

  it('asks another extension the first time, as the lower-case id VS Code gives', () => {
    assert.deepStrictEqual(verdict([], keyed(OTHER)), { kind: 'ask', extension: OTHER });
    assert.deepStrictEqual(verdict([], keyed('Someone.Other-Extension')), { kind: 'ask', extension: OTHER });
  });

  it('keeps to the answer for that extension and that origin only', () => {
    assert.deepStrictEqual(verdict([allowed], keyed(OTHER)), { kind: 'send' });
    assert.deepStrictEqual(verdict([refused], keyed(OTHER)), { kind: 'refuse', extension: OTHER });
    assert.deepStrictEqual(verdict([allowed], { ...keyed(OTHER), origin: 'https://other.example.com' }), { kind: 'ask', extension: OTHER });
    assert.deepStrictEqual(verdict([allowed], keyed('third.extension')), { kind: 'ask', extension: 'third.extension' });
  });

  it('a new answer replaces the old one for the same extension and origin; forgetting removes only those picked', () => {
    const other = { ...allowed, origin: 'https://other.example.com' };
    const answers = withDecision(withDecision([allowed, other], refused), { ...refused, profile: 'Work 2' });
    assert.deepStrictEqual(answers, [other, { ...refused, profile: 'Work 2' }]);
    assert.deepStrictEqual(withoutDecisions(answers, [refused]), [other]);
    assert.deepStrictEqual(verdict(withoutDecisions(answers, [refused]), keyed(OTHER)), { kind: 'ask', extension: OTHER });
  });

  it('reads stored answers leniently: anything malformed is dropped, never taken as allowed', () => {
    const stored: unknown = [
      allowed,
      { extension: 'A.B', origin: ORIGIN, allowed: false },
      { extension: 'c.d', origin: ORIGIN, allowed: 'yes' },
      { extension: '', origin: ORIGIN, allowed: true },
      { extension: 'e.f', allowed: true },
      null,
      'x',
    ];
    assert.deepStrictEqual(parseDecisions(stored), [allowed, { extension: 'a.b', origin: ORIGIN, allowed: false, profile: '' }]);
    assert.deepStrictEqual(parseDecisions(undefined), []);
    assert.deepStrictEqual(parseDecisions({ [OTHER]: true }), []);
  });
});
