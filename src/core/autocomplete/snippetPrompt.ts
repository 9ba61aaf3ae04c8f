/**
 * Snippets of other files, and the current file's path, in the form each request kind takes:
 * comments at the top of the prompt (`completions`, `fimPrompt`, `chat`), the way models saw
 * neighbouring files in training (`// Path: src/other.ts` then the lines), or llama.cpp `/infill`'s
 * `input_extra` items, which its server lays out in the model's own repository tokens.
 *
 * A language whose comment syntax is not known gets no header at all: a wrong comment is code
 * the model would try to continue.
 */
import type { RequestKind } from './requestPlan';

type CommentSyntax = { line: string } | { open: string; close: string };

const LINE: Record<string, string[]> = {
  '//': [
    'c',
    'cpp',
    'cuda-cpp',
    'csharp',
    'dart',
    'fsharp',
    'go',
    'groovy',
    'java',
    'javascript',
    'javascriptreact',
    'jsonc',
    'kotlin',
    'less',
    'objective-c',
    'objective-cpp',
    'php',
    'proto3',
    'rust',
    'scala',
    'scss',
    'solidity',
    'swift',
    'typescript',
    'typescriptreact',
    'zig',
  ],
  '#': [
    'coffeescript',
    'cmake',
    'dockerfile',
    'elixir',
    'gdscript',
    'graphql',
    'julia',
    'makefile',
    'nim',
    'nix',
    'perl',
    'powershell',
    'python',
    'r',
    'raku',
    'ruby',
    'shellscript',
    'terraform',
    'toml',
    'yaml',
  ],
  '--': ['ada', 'elm', 'haskell', 'lua', 'sql', 'vhdl'],
  ';': ['clojure', 'ini', 'lisp', 'racket', 'scheme'],
  '%': ['bibtex', 'erlang', 'latex', 'matlab', 'tex'],
  "'": ['vb'],
  '!': ['fortran'],
};

const BLOCK: Record<string, { open: string; close: string }> = {
  html: { open: '<!--', close: '-->' },
  xml: { open: '<!--', close: '-->' },
  markdown: { open: '<!--', close: '-->' },
  vue: { open: '<!--', close: '-->' },
  svelte: { open: '<!--', close: '-->' },
  css: { open: '/*', close: '*/' },
};

const SYNTAX = new Map<string, CommentSyntax>([
  ...Object.entries(LINE).flatMap(([line, ids]) => ids.map((id): [string, CommentSyntax] => [id, { line }])),
  ...Object.entries(BLOCK),
]);

/** How `languageId` writes a comment, or undefined when Parley does not know. */
export function commentSyntax(languageId: string): CommentSyntax | undefined {
  return SYNTAX.get(languageId);
}

/** `lines` as one comment in `languageId`: each line commented, or one block around them all. */
function comment(lines: readonly string[], syntax: CommentSyntax): string {
  if ('line' in syntax) return lines.map((l) => (l ? `${syntax.line} ${l}` : syntax.line) + '\n').join('');
  // The closer inside the text would end the comment early: a zero-width space breaks it.
  const body = lines.map((l) => l.split(syntax.close).join(syntax.close[0] + '\u200b' + syntax.close.slice(1)));
  return body.length === 1 ? `${syntax.open} ${body[0]} ${syntax.close}\n` : `${syntax.open} ${body.join('\n')}\n${syntax.close}\n`;
}

/** The current file's `// Path: src/file.ts` line, or '' for a language without known comments. */
export function pathHeader(path: string, languageId: string): string {
  const syntax = commentSyntax(languageId);
  return syntax ? comment([`Path: ${path}`], syntax) : '';
}

export interface PromptSnippet {
  path: string;
  text: string;
}

/** The snippets as comments, each under its path, for the top of the prompt; '' when the language's comments are unknown. */
export function snippetComments(snippets: readonly PromptSnippet[], languageId: string): string {
  const syntax = commentSyntax(languageId);
  if (!syntax) return '';
  return snippets.map((s) => comment([`Path: ${s.path}`, ...s.text.split(/\r?\n/)], syntax)).join('');
}

/** llama.cpp `/infill`'s `input_extra`: one item per snippet, its text ending in a line break as the server expects. */
export interface InputExtra {
  filename: string;
  text: string;
}

export function snippetsAsInputExtra(snippets: readonly PromptSnippet[]): InputExtra[] {
  return snippets.map((s) => ({ filename: s.path, text: s.text.endsWith('\n') ? s.text : s.text + '\n' }));
}

export interface SnippetContext {
  /** Put before the prefix: the snippets as comments, then the current file's path. */
  header: string;
  /** For `/infill`'s `input_extra`. */
  inputExtra: InputExtra[];
}

/** What a request of `kind` carries of the snippets and of the current file's path. */
export function snippetContext(
  kind: RequestKind,
  snippets: readonly PromptSnippet[],
  current: { path: string; languageId: string },
): SnippetContext {
  // /infill's server places the extra files itself; its prefix must stay the file's own text.
  if (kind === 'infill') return { header: '', inputExtra: snippetsAsInputExtra(snippets) };
  const header = snippetComments(snippets, current.languageId) + pathHeader(current.path, current.languageId);
  return { header, inputExtra: [] };
}
