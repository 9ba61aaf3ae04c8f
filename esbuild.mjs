// Builds the two bundles (extension: Node/CommonJS with `vscode` external; webview: browser)
// and transpiles the tests to out/. `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { globSync } from 'glob';
import * as path from 'path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const metafile = process.argv.includes('--metafile');

/** Prints errors the way the $esbuild-watch problem matcher expects. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * `import source from 'inline-worker:./file'`: bundles that file on its own and hands the
 * importer its code as a string, for a Web Worker started from a blob (webview resources are of
 * another origin and cannot start a worker themselves).
 */
const inlineWorker = {
  name: 'inline-worker',
  setup(build) {
    build.onResolve({ filter: /^inline-worker:/ }, (args) => ({
      path: path.resolve(args.resolveDir, `${args.path.slice('inline-worker:'.length)}.ts`),
      namespace: 'inline-worker',
    }));
    build.onLoad({ filter: /.*/, namespace: 'inline-worker' }, async (args) => {
      const result = await esbuild.build({
        entryPoints: [args.path],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        minify: production,
        logLevel: 'warning',
      });
      return { contents: result.outputFiles[0].text, loader: 'text', watchFiles: [args.path] };
    });
  },
};

/**
 * Every `import * as vscode from 'vscode'` in a CommonJS bundle becomes its own `__toESM(require('vscode'))`,
 * which copies the API's ~250 properties into a fresh object: 50 modules, 50 copies, ~40 ms of the
 * bundle's load on a 2-core machine. Routing them through one ES module that re-exports `vscode`
 * makes that a single copy shared by all.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({
      contents: 'export * from "vscode";',
      loader: 'js',
      resolveDir: '.',
    }));
  },
};

/**
 * The MCP SDK's client imports its ajv validator at load even when given another: Parley gives it
 * @cfworker/json-schema's (mcpClient.ts), so the ajv module becomes one that says so if ever used.
 */
const noAjv = {
  name: 'no-ajv',
  setup(build) {
    build.onResolve({ filter: /\/validation\/ajv-provider\.js$/ }, (args) => ({ path: args.path, namespace: 'no-ajv' }));
    build.onLoad({ filter: /.*/, namespace: 'no-ajv' }, () => ({
      contents:
        'export class AjvJsonSchemaValidator { constructor() { throw new Error("ajv is not bundled: pass jsonSchemaValidator"); } }',
      loader: 'js',
    }));
  },
};

/**
 * After the tokenizer's bundle is built: dist/tokenizer.js.br, what the VSIX carries of it (brotli
 * at its best is 0.8 MB where the zip's deflate is 1.09 MB; tokenizerBundle.ts reads it).
 */
const brotliTokenizer = {
  name: 'brotli-tokenizer',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length) return;
      const { readFileSync, writeFileSync } = await import('fs');
      const zlib = await import('zlib');
      const source = readFileSync('dist/tokenizer.js');
      const params = {
        [zlib.constants.BROTLI_PARAM_QUALITY]: production ? zlib.constants.BROTLI_MAX_QUALITY : 4,
        [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length,
      };
      writeFileSync('dist/tokenizer.js.br', zlib.brotliCompressSync(source, { params }));
    });
  },
};

const configs = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    plugins: [vscodeOnce],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    metafile,
    logLevel: 'warning',
  },
  {
    // The tokenizer's merge ranks (~2 MB) in a bundle of their own, loaded on the first count;
    // the openai SDK likewise, loaded by the first request; the MCP SDK by the first MCP server.
    entryPoints: {
      tokenizer: 'src/core/tokens/node/tokenizer.ts',
      openaiClient: 'src/core/client/node/openaiClient.ts',
      mcpClient: 'src/core/mcp/node/mcpClient.ts',
    },
    outdir: 'dist',
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    plugins: [noAjv, brotliTokenizer],
    minify: production,
    sourcemap: false,
    metafile,
    logLevel: 'warning',
  },
  {
    entryPoints: { boot: 'src/webview/boot.ts', webview: 'src/webview/main.ts', highlightWorker: 'src/webview/highlightWorkerScript.ts' },
    plugins: [inlineWorker],
    outdir: 'dist',
    entryNames: '[name]',
    assetNames: '[name]',
    loader: { '.ttf': 'file' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    metafile,
    logLevel: 'warning',
  },
  {
    // Tests and the test server, file by file (not bundled), so mocha and the host load them.
    entryPoints: globSync(['src/**/*.ts', 'test/**/*.ts'], { ignore: ['src/webview/**'] }),
    outdir: 'out',
    outbase: '.',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  },
];

const results = [];
for (const config of configs) {
  if (watch) {
    const ctx = await esbuild.context({ ...config, plugins: [...(config.plugins ?? []), problemMatcher] });
    await ctx.watch();
  } else {
    results.push(await esbuild.build(config));
  }
}
if (metafile) {
  const { writeFileSync } = await import('fs');
  writeFileSync('dist/meta.json', JSON.stringify(results.map((r) => r.metafile)));
}
