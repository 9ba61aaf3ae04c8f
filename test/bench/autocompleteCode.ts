/**
 * The autocomplete bench's code: TypeScript files of a given length that read like a service's
 * modules (imports, interfaces, classes, functions, comments, blank lines), the 300 characters
 * typed, and the server's answer, which is what a good model would say: the next characters
 * of the text being typed, so typing through a suggestion is a cache hit.
 */

/** Where typing starts in its file: the server finds the typed part after it. */
export const TYPING_MARK = '// The bench types below this line.\n';

/** 300 characters of code, typed one character a keystroke (indentation spelled out: autoIndent is off). */
export const TYPED = [
  'export function totalOf(orders: Order[], region: string): number {',
  '  let total = 0;',
  '  for (const order of orders) {',
  '    if (order.region !== region) continue;',
  '    total += order.items.reduce((sum, item) => sum + item.price * item.quantity, 0);',
  '  }',
  '  return Math.round(total * 100) / 100;',
  '}',
  '// summed',
  '',
].join('\n');

/** How much of the text ahead a suggestion offers. */
const AHEAD = 20;

/** How many characters of TYPED the prompt ends with (after the mark); undefined when the prompt is elsewhere. */
export function typedCount(prompt: string): number | undefined {
  const at = prompt.lastIndexOf(TYPING_MARK);
  if (at < 0) return undefined;
  const typed = prompt.slice(at + TYPING_MARK.length);
  return TYPED.startsWith(typed) ? typed.length : undefined;
}

/** The next characters of TYPED after what the prompt has typed of it. */
export function typedAhead(prompt: string): string | undefined {
  const typed = typedCount(prompt);
  return typed === undefined ? undefined : TYPED.slice(typed, typed + AHEAD) || undefined;
}

/** A plausible next line for anywhere else in a file (the bench's first figure asks at line ends and blank lines). */
export function plausibleLine(prompt: string): string {
  const line = prompt.slice(prompt.lastIndexOf('\n') + 1);
  if (line.trim() === '') return 'const checked = validate(input, options);';
  if (/[{(,]\s*$/.test(line)) return '\n  return cache.get(key) ?? load(key);';
  return ' // kept for the next release';
}

const NAMES = ['order', 'invoice', 'customer', 'shipment', 'payment', 'product', 'account', 'report', 'session', 'ticket'];
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

/** One module's building block, about 30 lines: an interface, a class with methods, a function. */
function block(name: string, i: number): string[] {
  const T = `${cap(name)}${i}`;
  return [
    `/** A ${name} as the API returns it (revision ${i}). */`,
    `export interface ${T} {`,
    `  id: string;`,
    `  createdAt: number;`,
    `  status: 'open' | 'closed' | 'pending';`,
    `  tags: string[];`,
    `  amount?: number;`,
    `}`,
    ``,
    `export class ${T}Store {`,
    `  private readonly items = new Map<string, ${T}>();`,
    ``,
    `  constructor(private readonly client: HttpClient, private readonly log: Logger) {}`,
    ``,
    `  async load(id: string): Promise<${T} | undefined> {`,
    `    const cached = this.items.get(id);`,
    `    if (cached) return cached;`,
    `    const response = await this.client.get(\`/api/${name}s/\${encodeURIComponent(id)}\`);`,
    `    if (response.status === 404) return undefined;`,
    `    const value = parse${T}(await response.json());`,
    `    this.items.set(id, value);`,
    `    return value;`,
    `  }`,
    ``,
    `  open(): ${T}[] {`,
    `    return [...this.items.values()].filter((item) => item.status === 'open');`,
    `  }`,
    `}`,
    ``,
    `export function parse${T}(raw: unknown): ${T} {`,
    `  const value = raw as Partial<${T}>;`,
    `  if (typeof value.id !== 'string') throw new Error('${name} without an id');`,
    `  return { id: value.id, createdAt: Number(value.createdAt ?? 0), status: value.status ?? 'open', tags: value.tags ?? [] };`,
    `}`,
    ``,
  ];
}

/** A TypeScript module of exactly `lines` lines. */
export function tsModule(lines: number, seed: number): string {
  const out = [
    `import type { HttpClient } from './http';`,
    `import type { Logger } from './log';`,
    `import type { Order } from './orders';`,
    ``,
  ];
  for (let i = 0; out.length < lines; i++) out.push(...block(NAMES[(seed + i) % NAMES.length], seed * 1000 + i));
  return out.slice(0, lines).join('\n') + '\n';
}

/** The ten other open files' lengths: ~300 to 2,000 lines. */
export const OTHER_FILE_LINES = [300, 450, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000];
