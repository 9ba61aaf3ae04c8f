import * as vscode from 'vscode';
import { maskSecrets } from '../core/context/maskSecrets';
import { tokensWithin } from '../core/tokens/node/tokenCount';
import { cutBlock } from '../core/context/node/trim';
import type { ContextBlock } from '../core/types';

/** Lines around the explained code that already go with it (editorContext's CONTEXT_LINES). */
const NEARBY_LINES = 8;
/** Names looked up at most: a long selection uses many; the first ones matter most. */
const MAX_NAMES = 40;
/** External symbols described by their hover at most, and the tokens each may take. */
const MAX_HOVERS = 6;
const HOVER_TOKENS = 200;

/** Words that are never worth a definition look-up, in the languages Parley sees most. */
const KEYWORDS = new Set(
  (
    'abstract as async await boolean break case catch class const constructor continue def default delete do elif else enum ' +
    'except export extends false final finally fn for from func function get go if impl implements import in instanceof interface is ' +
    'lambda let match mod module mut namespace new nil none null number object of package pass private protected pub public raise ' +
    'readonly return self set static string struct super switch this throw true try type typeof undefined use var void while with yield'
  ).split(' '),
);

export interface DefinitionOptions {
  /** Tokens all definitions together may take. */
  budgetTokens: number;
  /** One definition takes at most this many tokens (a whole class is cut). */
  maxEachTokens: number;
  mask: boolean;
  /** The language servers get this long; what has not answered by then is left out. */
  timeoutMs: number;
  /** Why a file must not be sent implicitly (exclusion settings, git-ignored), if it must not. */
  excluded?: (uri: vscode.Uri) => Promise<string | undefined>;
}

export interface FoundDefinitions {
  blocks: ContextBlock[];
  /** Definitions found but left out to stay within the budget. */
  leftOut: number;
  /** True when the language servers did not all answer in time. */
  timedOut: boolean;
}

interface Target {
  name: string;
  uri: vscode.Uri;
  /** The whole declaration, when the provider says (TypeScript's LocationLink does). */
  range?: vscode.Range;
  at: vscode.Position;
  /** Where the name is used in the explained document (for a hover). */
  usedAt: vscode.Position;
}

/**
 * The definitions of the names the explained code uses that live elsewhere in the workspace,
 * from the language servers: the definition provider finds each, the document symbols give the
 * whole declaration. Names defined outside the workspace (a library, the standard library) are
 * described by their hover instead. Nothing from the workspace goes in Restricted Mode.
 */
export async function findDefinitions(
  doc: vscode.TextDocument,
  range: vscode.Range,
  options: DefinitionOptions,
): Promise<FoundDefinitions> {
  const none = { blocks: [], leftOut: 0, timedOut: false };
  if (!vscode.workspace.isTrusted || options.budgetTokens <= 0) return none;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), options.timeoutMs)));
  try {
    return await collect(doc, range, options, deadline);
  } finally {
    clearTimeout(timer);
  }
}

async function collect(
  doc: vscode.TextDocument,
  range: vscode.Range,
  options: DefinitionOptions,
  deadline: Promise<'timeout'>,
): Promise<FoundDefinitions> {
  const looked = await lookUp(doc, namesIn(doc, range), deadline);
  const { inWorkspace, external } = sortTargets(doc, range, looked.targets);
  const budget = new BlockBudget(options.budgetTokens);
  // Declarations in the workspace first (whole), then a few hovers for libraries: each waits for
  // the deadline, and the first that misses it ends the search with what was found.
  const steps = [
    ...inWorkspace.map((t) => () => definitionBlock(t, options)),
    ...external.slice(0, MAX_HOVERS).map((t) => () => hoverBlock(doc, t, options)),
  ];
  let timedOut = looked.timedOut;
  for (const step of steps) {
    const block = await raceDeadline(step(), deadline);
    if (block === 'timeout') {
      timedOut = true;
      break;
    }
    if (block) budget.add(block);
  }
  return { blocks: budget.blocks, leftOut: budget.leftOut, timedOut };
}

/** Where each name is defined, as the language's definition provider says, until the deadline. */
async function lookUp(
  doc: vscode.TextDocument,
  names: { name: string; at: vscode.Position }[],
  deadline: Promise<'timeout'>,
): Promise<{ targets: Target[]; timedOut: boolean }> {
  let timedOut = false;
  const lookups = names.map(async ({ name, at }) => {
    const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      doc.uri,
      at,
    );
    const first = found?.[0];
    if (!first) return undefined;
    const target: Target =
      'targetUri' in first
        ? { name, uri: first.targetUri, range: first.targetRange, at: (first.targetSelectionRange ?? first.targetRange).start, usedAt: at }
        : { name, uri: first.uri, at: first.range.start, usedAt: at };
    return target;
  });
  const settled = await Promise.all(
    lookups.map((l) =>
      Promise.race([
        l.catch(() => undefined),
        deadline.then(() => {
          timedOut = true;
          return undefined;
        }),
      ]),
    ),
  );
  return { targets: settled.filter((t): t is Target => t !== undefined), timedOut };
}

/** Distinct targets not already in view of the range, in the workspace or outside it (libraries). */
function sortTargets(doc: vscode.TextDocument, range: vscode.Range, targets: Target[]): { inWorkspace: Target[]; external: Target[] } {
  const nearby = new vscode.Range(Math.max(0, range.start.line - NEARBY_LINES), 0, range.end.line + NEARBY_LINES, 0);
  const seen = new Set<string>();
  const inWorkspace: Target[] = [];
  const external: Target[] = [];
  for (const t of targets) {
    if (t.uri.toString() === doc.uri.toString() && nearby.contains(t.at)) continue;
    const key = `${t.uri.toString()}#${t.at.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const local = vscode.workspace.getWorkspaceFolder(t.uri) && !/[\\/]node_modules[\\/]/.test(t.uri.path);
    (local ? inWorkspace : external).push(t);
  }
  return { inWorkspace, external };
}

/** Blocks taken while they fit the token budget; the ones that did not are counted. */
class BlockBudget {
  readonly blocks: ContextBlock[] = [];
  leftOut = 0;
  private used = 0;

  constructor(private readonly budgetTokens: number) {}

  add(block: ContextBlock): void {
    const tokens = tokensWithin(`${block.label}\n${block.text}`, this.budgetTokens - this.used) + 12;
    if (this.used + tokens > this.budgetTokens) {
      this.leftOut++;
      return;
    }
    this.used += tokens;
    this.blocks.push(block);
  }
}

function raceDeadline<T>(work: Promise<T>, deadline: Promise<'timeout'>): Promise<T | 'timeout'> {
  return Promise.race([work.catch(() => undefined as T), deadline]);
}

/** Each distinct name in the range, at its first use, skipping keywords and names declared in the range itself. */
function namesIn(doc: vscode.TextDocument, range: vscode.Range): { name: string; at: vscode.Position }[] {
  const text = doc.getText(range);
  const start = doc.offsetAt(range.start);
  const out: { name: string; at: vscode.Position }[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z_$][\w$]*/g)) {
    const name = m[0];
    if (seen.has(name) || KEYWORDS.has(name) || name.length < 2) continue;
    seen.add(name);
    out.push({ name, at: doc.positionAt(start + m.index!) });
    if (out.length >= MAX_NAMES) break;
  }
  return out;
}

/** The whole declaration around the target: the innermost document symbol that holds it. */
async function definitionBlock(t: Target, options: DefinitionOptions): Promise<ContextBlock | undefined> {
  if (await options.excluded?.(t.uri)) return undefined;
  const doc = await vscode.workspace.openTextDocument(t.uri);
  const symbols =
    (await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>(
      'vscode.executeDocumentSymbolProvider',
      t.uri,
    )) ?? [];
  let range = innermost(symbols, t.at) ?? (t.range && t.range.end.line > t.range.start.line ? t.range : undefined);
  range ??= new vscode.Range(t.at.line, 0, Math.min(doc.lineCount - 1, t.at.line + 10), 0);
  // Whole lines, with the doc comment above (symbols start at the declaration, not its comment).
  let first = range.start.line;
  while (first > 0 && /^\s*(\/\*\*|\*|\/\/|#(?!include|define|!)|--|""")/.test(doc.lineAt(first - 1).text)) first--;
  const whole = new vscode.Range(first, 0, range.end.line, doc.lineAt(range.end.line).text.length);
  let text = doc.getText(whole);
  if (options.mask) text = maskSecrets(text).text;
  const path = vscode.workspace.asRelativePath(t.uri, false);
  const lines = whole.start.line === whole.end.line ? `${whole.start.line + 1}` : `${whole.start.line + 1}-${whole.end.line + 1}`;
  const block: ContextBlock = { kind: 'definition', label: `${t.name} (${path}:${lines})`, path, language: doc.languageId, text };
  return tokensWithin(text, options.maxEachTokens) > options.maxEachTokens ? cutBlock(block, options.maxEachTokens) : block;
}

function innermost(symbols: (vscode.DocumentSymbol | vscode.SymbolInformation)[], at: vscode.Position): vscode.Range | undefined {
  let best: vscode.Range | undefined;
  const visit = (list: (vscode.DocumentSymbol | vscode.SymbolInformation)[]) => {
    for (const s of list) {
      const range = 'location' in s ? s.location.range : s.range;
      if (!range.contains(at)) continue;
      if (!best || best.contains(range)) best = range;
      if ('children' in s) visit(s.children);
    }
  };
  visit(symbols);
  return best;
}

/** A library's symbol: what its hover says (the signature and a line of docs), short. */
async function hoverBlock(doc: vscode.TextDocument, t: Target, options: DefinitionOptions): Promise<ContextBlock | undefined> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, t.usedAt)) ?? [];
  const parts = hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .filter((s) => s.trim());
  if (parts.length === 0) return undefined;
  let text = parts
    .join('\n')
    .replace(/```\w*\n?/g, '')
    .trim();
  if (options.mask) text = maskSecrets(text).text;
  const block: ContextBlock = { kind: 'definition', label: `${t.name} (${vscode.l10n.t('hover')})`, language: doc.languageId, text };
  return tokensWithin(text, HOVER_TOKENS) > HOVER_TOKENS ? cutBlock(block, HOVER_TOKENS) : block;
}
