import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { loadTokenizerBundle } from '../../src/core/tokens/node/tokenizerBundle';

const REPO = path.resolve(__dirname, '../../..');

/** The tokenizer as the VSIX carries it: brotli-compressed, decompressed and run on the first count. */
describe('The tokenizer bundle as shipped (dist/tokenizer.js.br)', () => {
  it('counts exactly as the tokenizer itself, code, prose and non-Latin text alike', () => {
    // The build wrote the .br from this build's bundle (the loader would take the plain file without it).
    const [br, js] = ['tokenizer.js.br', 'tokenizer.js'].map((f) => fs.statSync(path.join(REPO, 'dist', f)).mtimeMs);
    assert.ok(br >= js, 'dist/tokenizer.js.br is older than dist/tokenizer.js');
    const { countTokens } = loadTokenizerBundle<{ countTokens: (text: string) => number }>(path.join(REPO, 'dist'));
    for (const text of [
      'export const total = items.reduce((a, b) => a + b.price, 0);\n',
      'The quick brown fox jumps over the lazy dog.',
      '\tindented\r\n  – “quotes” — 日本語のテキスト, кириллица, emoji 🙂👍🏽',
    ])
      assert.strictEqual(countTokens(text), encode(text).length, text);
  });

  it('is what the VSIX ships, not the plain file', () => {
    const ignore = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split(/\r?\n/);
    assert.ok(ignore.includes('!dist/tokenizer.js.br'));
    assert.ok(!ignore.includes('!dist/tokenizer.js'), 'the 2.7 MB plain bundle stays out');
  });

  it('runs the module as CommonJS, and takes the plain file where there is no .br', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-tokenizer-'));
    try {
      const source = 'exports.countTokens = (t) => t.length * 2; module.exports.where = __dirname;';
      fs.writeFileSync(path.join(dir, 'tokenizer.js'), source.replace('* 2', '* 3'));
      assert.strictEqual(loadTokenizerBundle<{ countTokens(t: string): number }>(dir).countTokens('abc'), 9, 'the plain file');
      fs.writeFileSync(path.join(dir, 'tokenizer.js.br'), zlib.brotliCompressSync(source));
      const loaded = loadTokenizerBundle<{ countTokens(t: string): number; where: string }>(dir);
      assert.strictEqual(loaded.countTokens('abc'), 6, 'the compressed one first');
      assert.strictEqual(loaded.where, dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
