// Lint holds the layers (see ARCHITECTURE.md): what each folder may import is a rule here,
// not a good intention. Type-aware rules are left to `tsc`; this config is about structure.
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

const FEATURES = ['chat', 'explain', 'rewrite', 'connection', 'context', 'commit', 'terminal', 'actions', 'lm', 'autocomplete'];
const zone = (target, from, message) => ({ target: `./src/${target}`, from: from.map((f) => `./src/${f}`), message });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.base],
    plugins: { import: importPlugin },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } },
    },
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('core', ['common', 'shared', 'webview', ...FEATURES, 'extension.ts'], 'core is VS Code-free: it imports only core.'),
            zone('shared', ['common', 'webview', ...FEATURES, 'extension.ts'], 'shared (the webview protocol) imports only core.'),
            zone('webview', ['common', ...FEATURES, 'extension.ts'], 'the webview imports only core and shared.'),
            // Each core folder keeps what needs Node (require, Buffer, the tokenizer, the SDK) in its
            // `node/` folder; the rest runs anywhere and never reaches into a `node/` folder.
            {
              target: './src/webview',
              from: './src/core/*/node/**',
              message: 'the webview imports only browser-safe core (no core/*/node).',
            },
            {
              target: './src/shared',
              from: './src/core/*/node/**',
              message: 'the webview protocol imports only browser-safe core (no core/*/node).',
            },
            {
              target: ['./src/core/*.ts', './src/core/*/*.ts'],
              from: './src/core/*/node/**',
              message: 'browser-safe core never imports a node/ folder.',
            },
            zone('common', [...FEATURES, 'webview', 'extension.ts'], 'common serves every feature and imports none.'),
            zone(
              'context',
              ['chat', 'explain', 'rewrite', 'connection', 'commit', 'terminal', 'actions', 'lm', 'webview', 'extension.ts'],
              'editor context is shared by features and imports none of them.',
            ),
            zone(
              'connection',
              ['chat', 'explain', 'rewrite', 'context', 'commit', 'terminal', 'actions', 'lm', 'webview', 'extension.ts'],
              'the connection serves features and imports none of them.',
            ),
            zone(
              'chat',
              ['rewrite', 'explain', 'commit', 'terminal', 'actions', 'lm', 'webview'],
              'chat and rewrite never import each other; chat imports no feature that uses it.',
            ),
            zone(
              'rewrite',
              ['chat', 'explain', 'commit', 'terminal', 'actions', 'lm', 'webview'],
              'chat and rewrite never import each other.',
            ),
            zone('explain', ['rewrite', 'commit', 'terminal', 'actions', 'lm', 'webview'], 'explain uses chat, never rewrite.'),
            zone(
              'commit',
              ['chat', 'explain', 'rewrite', 'terminal', 'actions', 'lm', 'webview'],
              'the commit message uses the connection and the workspace context (git) only.',
            ),
            zone(
              'terminal',
              ['rewrite', 'explain', 'commit', 'actions', 'lm', 'webview'],
              'the terminal sends to the chat, as explain does.',
            ),
            zone(
              'actions',
              ['rewrite', 'explain', 'commit', 'terminal', 'lm', 'webview'],
              'actions use the chat, and reach rewrite only through its command.',
            ),
            zone(
              'lm',
              ['chat', 'explain', 'rewrite', 'commit', 'terminal', 'actions', 'webview', 'extension.ts'],
              "VS Code's chat models use core, common, connection and context; nothing but extension.ts imports them.",
            ),
            zone(
              'agent',
              ['chat', 'explain', 'rewrite', 'connection', 'commit', 'terminal', 'actions', 'lm', 'webview', 'extension.ts'],
              "the agent's tools use core, common and context; the chat wires them.",
            ),
            zone(
              'autocomplete',
              ['chat', 'explain', 'rewrite', 'commit', 'terminal', 'actions', 'lm', 'agent', 'mcp', 'webview', 'extension.ts'],
              'autocomplete uses core, common, connection and context; nothing but extension.ts imports it.',
            ),
            { target: './src', from: './test', message: 'src never imports test.' },
          ],
        },
      ],
      'no-restricted-imports': ['error', { patterns: [{ group: ['vscode'], message: 'core and webview code is VS Code-free.' }] }],
    },
  },
  {
    // Small files, short functions: one file, one job. Tables of strings say so where they are.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 250 }],
      'max-lines-per-function': ['error', { max: 60 }],
    },
  },
  {
    // Browser-safe core, the protocol and the page: no Node built-ins, no Node globals.
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/webview/**/*.ts'],
    ignores: ['src/core/*/node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['path', 'fs', 'os', 'crypto', 'child_process', 'http', 'https', 'url', 'util', 'stream'].map((name) => ({
            name,
            message: 'Node code goes in a core/*/node folder.',
          })),
          patterns: [
            { group: ['vscode'], message: 'core and webview code is VS Code-free.' },
            { group: ['node:*'], message: 'Node code goes in a core/*/node folder.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['Buffer', 'require', '__dirname', '__filename', 'process'].map((name) => ({
          name,
          message: 'Node code goes in a core/*/node folder.',
        })),
      ],
    },
  },
  {
    // Everywhere but the pure layers, importing vscode is the point.
    files: ['src/**/*.ts', 'test/**/*.ts'],
    ignores: ['src/core/**', 'src/webview/**', 'src/shared/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
