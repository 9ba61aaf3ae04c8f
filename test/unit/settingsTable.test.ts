import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Settings, settingId } from '../../src/common/settingsTable';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const properties: Record<string, { default?: unknown; minimum?: number; enum?: unknown[]; scope?: string }> = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
).contributes.configuration.properties;

describe('settings in code match package.json', () => {
  it('the table and the manifest list the same settings', () => {
    assert.deepStrictEqual(Object.values(Settings).map(settingId).sort(), Object.keys(properties).sort());
  });

  for (const spec of Object.values(Settings)) {
    it(`${settingId(spec)}: same default, minimum, choices and scope`, () => {
      const declared = properties[settingId(spec)];
      assert.ok(declared, 'declared in package.json');
      assert.deepStrictEqual(spec.default, declared.default, 'default');
      assert.strictEqual(spec.minimum, declared.minimum, 'minimum');
      assert.deepStrictEqual(spec.enum, declared.enum, 'enum');
      assert.strictEqual(spec.scope, declared.scope, 'scope');
    });
  }
});
