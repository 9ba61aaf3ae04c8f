import * as assert from 'assert';
import {
  DEFAULT_CONTEXT_EXCLUDE,
  enabledGlobs,
  globToRegExp,
  implicitAllowed,
  matchesAnyGlob,
} from '../../src/core/context/contextPrivacy';

describe('context privacy: what never goes implicitly', () => {
  it('the default exclude list catches env files, keys and certificates at any depth', () => {
    for (const path of [
      '.env',
      '.env.local',
      'config/.env.production',
      'certs/server.pem',
      'a/b/private.key',
      'home/.ssh/id_rsa',
      'id_rsa.pub',
    ]) {
      assert.ok(matchesAnyGlob(path, DEFAULT_CONTEXT_EXCLUDE), path);
    }
    for (const path of ['src/env.ts', 'src/keys.ts', 'README.md', 'docs/environment.md']) {
      assert.ok(!matchesAnyGlob(path, DEFAULT_CONTEXT_EXCLUDE), path);
    }
  });

  it('files.exclude-style globs match a file and everything in a matching folder', () => {
    const globs = enabledGlobs({
      '**/.git': true,
      '**/node_modules': true,
      'build/**': true,
      '**/*.log': false,
      '**/*.js': { when: '$(basename).ts' },
    });
    assert.deepStrictEqual(globs, ['**/.git', '**/node_modules', 'build/**', '**/*.js']);
    assert.ok(matchesAnyGlob('.git/config', globs));
    assert.ok(matchesAnyGlob('pkg/node_modules/x/index.ts', globs));
    assert.ok(matchesAnyGlob('build/out/a.txt', globs));
    assert.ok(!matchesAnyGlob('src/app.log', globs), 'a glob set to false is off');
    assert.ok(!matchesAnyGlob('src/builder.ts', globs));
  });

  it('globs: braces, ? and character classes', () => {
    assert.ok(globToRegExp('*.{pem,key}').test('a.key'));
    assert.ok(!globToRegExp('*.{pem,key}').test('a.keys'));
    assert.ok(globToRegExp('file?.txt').test('file1.txt'));
    assert.ok(globToRegExp('[ab].md').test('b.md'));
    assert.ok(!globToRegExp('*.md').test('dir/x.md'), '* stays within a folder');
  });

  it('Restricted Mode sends nothing implicitly; nor an excluded file; nor with the setting off', () => {
    assert.strictEqual(implicitAllowed({ trusted: true, enabled: true, excluded: false }), true);
    assert.strictEqual(implicitAllowed({ trusted: false, enabled: true, excluded: false }), false);
    assert.strictEqual(implicitAllowed({ trusted: true, enabled: true, excluded: true }), false);
    assert.strictEqual(implicitAllowed({ trusted: true, enabled: false, excluded: false }), false);
  });
});
