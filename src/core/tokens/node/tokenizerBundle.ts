import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import * as zlib from 'zlib';

/**
 * Loads the tokenizer's bundle from `dir`. The VSIX carries it brotli-compressed
 * (`tokenizer.js.br`, 0.8 MB, where the zip would hold `tokenizer.js` in 1.09 MB: the VSIX stays
 * within its 1.5 MB). It is decompressed in memory (about 25 ms, on the first count only) and run
 * as the CommonJS module it is. Where there is no `.br` (the unbundled tests under out/), the plain file.
 */
export function loadTokenizerBundle<T>(dir: string): T {
  const filename = path.join(dir, 'tokenizer.js');
  const compressed = `${filename}.br`;
  // A path computed at run time, so esbuild leaves the file out of the bundle requiring this.
  if (!fs.existsSync(compressed)) return require(filename) as T;
  const source = zlib.brotliDecompressSync(fs.readFileSync(compressed)).toString('utf8');
  const wrapped = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename }) as (
    ...args: unknown[]
  ) => void;
  const module = { exports: {} };
  wrapped(module.exports, require, module, filename, dir);
  return module.exports as T;
}
