/**
 * Whether a fence's info string names the file's language: VS Code language ids against the
 * words models tag their blocks with (```ts for `typescript`, ```yml for `yaml`).
 */

/** Info words per VS Code language id, beyond the id itself. */
const INFO_WORDS: Record<string, string[]> = {
  typescript: ['ts', 'tsx', 'mts', 'cts'],
  typescriptreact: ['tsx', 'ts', 'typescript'],
  javascript: ['js', 'jsx', 'mjs', 'cjs', 'node'],
  javascriptreact: ['jsx', 'js', 'javascript'],
  python: ['py', 'python3', 'py3', 'pyi'],
  go: ['golang'],
  rust: ['rs'],
  shellscript: ['sh', 'bash', 'zsh', 'shell', 'ksh'],
  powershell: ['ps1', 'pwsh', 'ps'],
  bat: ['cmd', 'batch'],
  yaml: ['yml'],
  json: ['jsonc', 'json5'],
  jsonc: ['json', 'json5'],
  markdown: ['md', 'mdx'],
  csharp: ['cs', 'c#'],
  fsharp: ['fs', 'f#'],
  cpp: ['c++', 'cc', 'cxx', 'hpp', 'h'],
  c: ['h'],
  'objective-c': ['objc', 'objectivec'],
  kotlin: ['kt', 'kts'],
  ruby: ['rb'],
  perl: ['pl'],
  elixir: ['ex', 'exs'],
  haskell: ['hs'],
  clojure: ['clj'],
  latex: ['tex'],
  html: ['htm', 'xhtml'],
  dockerfile: ['docker'],
  makefile: ['make', 'mk'],
  dockercompose: ['yaml', 'yml'],
  // Plain text is tagged as text or not at all: a bare fence names it.
  plaintext: ['', 'text', 'txt', 'plain'],
};

/** The first word of an info string, lowercased: ```ts title="sum.ts" and ```markdown README.md name ts and markdown. */
export function infoLanguage(info: string): string {
  return (info.trim().split(/\s+/)[0] ?? '').toLowerCase();
}

export function namesLanguage(info: string, languageId: string | undefined): boolean {
  if (languageId === undefined) return false;
  const id = languageId.toLowerCase();
  const word = infoLanguage(info);
  return word === id || (INFO_WORDS[id]?.includes(word) ?? false);
}
