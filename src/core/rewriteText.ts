/**
 * Turns a model's rewrite answer into the exact text that replaces the selection: an outer
 * fence and chatter removed; indentation, line endings and the trailing newline made to
 * match the selection. Works on partial answers too, so the editor can show the rewrite as
 * it streams. Reasoning is not its business: the client split it off the stream already, and
 * stripping it again would cut answers that merely contain `</think>`.
 */
import { chatterTest, trimChatter } from './rewriteChatter';
import { blockContent, fenceOf, isMarkdown, settledPart, topLevelBlocks, type Block } from './rewriteFences';
import { fitIndentation } from './rewriteIndent';

export interface SelectionShape {
  /** The selected text, as it is in the document. */
  original: string;
  /** The document's line ending. */
  eol: '\n' | '\r\n';
  /** What precedes the selection on its first line (for a selection that starts mid-line). */
  linePrefix: string;
  /** The editor's tab size, for converting between tabs and spaces. */
  tabSize: number;
  /** The document's language (`markdown`, `python`…): it decides some fence and chatter cases. */
  languageId?: string;
  /** One indentation level as the editor writes it, for code generated where nothing was selected. */
  indentUnit?: string;
}

export interface CleanedRewrite {
  text: string;
  /** True when the reply has no code at all (empty, whitespace, or only chatter). */
  empty: boolean;
}

export interface CleanOptions {
  /** The answer so far, while it streams: an unfinished last line waits until it is decided. */
  partial?: boolean;
}

type Context = Pick<SelectionShape, 'original' | 'languageId'> & CleanOptions;

/**
 * The code in an answer. Fences are content unless they are an outer wrapper: the whole
 * answer in one fence, or a first fence with only chatter before it and nothing or an
 * explanation after it (several fences with only chatter around them: the longest). When the
 * selection has fences, a wrapper must hold fences too, starting with one if the selection
 * does. A bare fence after code (closing a block that was never opened) ends the code.
 * Leading and trailing chatter is dropped.
 */
export function extractCode(answer: string, ctx: Context = { original: '' }): string {
  const lines = answer.split('\n');
  const chatter = chatterTest(ctx.original, ctx.languageId);
  const blocks = topLevelBlocks(lines, ctx.languageId, ctx.partial);
  const selection = selectionFences(ctx.original);
  // In Markdown a bare fence after text opens a block; elsewhere it may close one never opened.
  const strayPossible = !selection.hasFences && !isMarkdown(ctx.languageId) && blocks.length === 1;
  if (strayPossible && isStrayCloser(lines, blocks[0], chatter)) {
    return trimChatter(lines.slice(0, blocks[0].open), chatter).join('\n');
  }
  if (blocks.length === 1 && isWrapper(lines, blocks[0], chatter, selection, ctx.partial)) return blockContent(lines, blocks[0]).join('\n');
  const inBlock = new Set(blocks.flatMap((b) => range(b.open, (b.close ?? lines.length - 1) + 1)));
  if (blocks.length > 1 && !selection.hasFences && lines.every((line, i) => inBlock.has(i) || chatter(line))) {
    return longest(blocks.map((b) => blockContent(lines, b).join('\n')));
  }
  return trimChatter(lines, chatter).join('\n');
}

interface SelectionFences {
  hasFences: boolean;
  startsWithFence: boolean;
}

function selectionFences(original: string): SelectionFences {
  const lines = original.replace(/\r\n/g, '\n').split('\n');
  const first = lines.find((l) => l.trim());
  return { hasFences: lines.some((l) => fenceOf(l)), startsWithFence: first !== undefined && !!fenceOf(first) };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function longest(texts: string[]): string {
  return texts.reduce((best, t) => (t.length > best.length ? t : best));
}

/** Chatter before the block; after it nothing, or an explanation that opens with chatter. */
function isWrapper(lines: string[], block: Block, chatter: (line: string) => boolean, selection: SelectionFences, streaming = false): boolean {
  if (!lines.slice(0, block.open).every(chatter)) return false;
  const after = block.close === undefined ? undefined : lines.slice(block.close + 1).find((l) => l.trim());
  if (after !== undefined && !chatter(after)) return false;
  // Removing the fence must keep the selection's shape: its fences are content. While the
  // block is still open, what it holds is not known yet: it is taken for a wrapper until then.
  if (!selection.hasFences || (streaming && block.close === undefined)) return true;
  const inner = blockContent(lines, block).filter((l) => l.trim());
  return inner.some((l) => fenceOf(l)) && (!selection.startsWithFence || !!fenceOf(inner[0]));
}

/** An unclosed bare fence at column 0 after code: a closing fence with no opening one. */
function isStrayCloser(lines: string[], block: Block, chatter: (line: string) => boolean): boolean {
  const fence = fenceOf(lines[block.open])!;
  return block.close === undefined && !fence.info && !fence.indent && lines.slice(0, block.open).some((l) => !chatter(l));
}

export function cleanRewrite(answer: string, shape: SelectionShape, options: CleanOptions = {}): CleanedRewrite {
  let reply = answer.replace(/\r\n/g, '\n');
  if (options.partial) reply = settledPart(reply, shape.languageId);
  const original = shape.original.replace(/\r\n/g, '\n');
  let code = extractCode(reply, { original, languageId: shape.languageId, partial: options.partial });
  // Blank lines around the code are never part of the answer.
  code = code.replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
  if (!code.trim()) return { text: '', empty: true };
  const lines = fitIndentation(code.split('\n'), { original, linePrefix: shape.linePrefix, tabSize: shape.tabSize, indentUnit: shape.indentUnit });
  let text = lines.join(shape.eol);
  if (/\r?\n$/.test(shape.original)) text += shape.eol;
  return { text, empty: false };
}
