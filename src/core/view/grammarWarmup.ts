/**
 * The order in which the highlighting worker compiles its grammars while the view is idle.
 * highlight.js compiles a language's grammar on its first use, 10-80 ms of a core each (Java's is
 * the dearest); in a view just opened that was during the first reply, on a core the page's own
 * frames needed. The languages the conversation shows come first, then those replies use most.
 */
const MOST_USED = [
  'python',
  'typescript',
  'javascript',
  'bash',
  'json',
  'java',
  'cpp',
  'c',
  'csharp',
  'go',
  'rust',
  'sql',
  'xml',
  'css',
  'yaml',
];

/**
 * The grammars still to compile, in order: `first` (the languages on the page), MOST_USED, then
 * every other `available` one. `nameOf` resolves an alias (`ts`) to its grammar's name, undefined
 * when there is none; a grammar named in `compiled`, or already listed, is left out.
 */
export function grammarsToWarm(
  first: readonly string[],
  available: readonly string[],
  nameOf: (language: string) => string | undefined,
  compiled: ReadonlySet<string>,
): string[] {
  const seen = new Set(compiled);
  const order: string[] = [];
  for (const language of [...first, ...MOST_USED, ...available]) {
    const name = nameOf(language);
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    order.push(language);
  }
  return order;
}
