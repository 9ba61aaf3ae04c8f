import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

// Tests run from out/test/unit; the sources and manifests are at the repository root.
const REPO = path.resolve(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO, file), 'utf8')) as Record<string, unknown>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The first argument of every `l10n.t('…')` call, unescaped as the compiler would. */
function l10nStrings(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(path.join(REPO, 'src'))) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) {
      found.push(JSON.parse(`"${match[1].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
    }
  }
  return found;
}

describe('localization', () => {
  it('the shipped l10n bundle holds every string the code localizes (run `npm run l10n` after adding one)', () => {
    const bundle = readJson('l10n/bundle.l10n.json');
    const strings = l10nStrings();
    assert.ok(strings.length > 40, `found ${strings.length} l10n.t calls`);
    const missing = strings.filter((s) => !(s in bundle));
    assert.deepStrictEqual(missing, []);
    assert.strictEqual(readJson('package.json').l10n, './l10n');
  });

  it('every %key% in package.json has an English string in package.nls.json, and none is unused', () => {
    const manifest = fs.readFileSync(path.join(REPO, 'package.json'), 'utf8');
    const keys = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
    const nls = readJson('package.nls.json');
    assert.ok(keys.size > 10, `found ${keys.size} keys`);
    assert.deepStrictEqual(
      [...keys].filter((k) => typeof nls[k] !== 'string'),
      [],
      'missing in package.nls.json',
    );
    assert.deepStrictEqual(
      Object.keys(nls).filter((k) => !keys.has(k)),
      [],
      'unused in package.nls.json',
    );
  });
});
