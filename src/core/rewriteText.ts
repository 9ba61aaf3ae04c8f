/**
 * Turns a model's rewrite reply into the exact text that replaces the selection: reasoning,
 * fences and chatter removed; indentation, line endings and the trailing newline made to
 * match the selection. Works on partial replies too, so the editor can show the rewrite as
 * it streams.
 */
import { ThinkSplitter } from './thinkSplitter';

export interface SelectionShape {
  /** The selected text, as it is in the document. */
  original: string;
  /** The document's line ending. */
  eol: '\n' | '\r\n';
  /** What precedes the selection on its first line (for a selection that starts mid-line). */
  linePrefix: string;
  /** The editor's tab size, for converting between tabs and spaces. */
  tabSize: number;
}

export interface CleanedRewrite {
  text: string;
  /** True when the reply has no code at all (empty, whitespace, or only reasoning). */
  empty: boolean;
}

const FENCE = /^[ \t]*(`{3,}|~{3,})[^\n]*$/;

/** Removes reasoning: `<think>` blocks, and everything before a lone `</think>`. */
export function stripReasoning(reply: string): string {
  const splitter = new ThinkSplitter();
  const a = splitter.push(reply);
  const b = splitter.end();
  return a.content + b.content;
}

/**
 * The code in a reply: with fences, the content of the longest fenced block (an unclosed
 * final fence, as while streaming, runs to the end); without, the whole reply.
 */
export function extractCode(reply: string): string {
  const lines = reply.split('\n');
  const blocks: string[][] = [];
  let current: string[] | undefined;
  let fence = '';
  for (const line of lines) {
    const m = FENCE.exec(line.replace(/\r$/, ''));
    if (!current) {
      if (m) {
        current = [];
        fence = m[1];
      }
      continue;
    }
    if (m && m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1]) {
      blocks.push(current);
      current = undefined;
      continue;
    }
    current.push(line);
  }
  if (current) blocks.push(current);
  if (blocks.length === 0) return reply;
  let best = blocks[0];
  for (const block of blocks) if (block.join('\n').length > best.join('\n').length) best = block;
  return best.join('\n');
}

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

function width(ws: string, tabSize: number): number {
  let w = 0;
  for (const ch of ws) w += ch === '\t' ? tabSize - (w % tabSize) : 1;
  return w;
}

function makeIndent(columns: number, useTabs: boolean, tabSize: number): string {
  return useTabs ? '\t'.repeat(Math.floor(columns / tabSize)) + ' '.repeat(columns % tabSize) : ' '.repeat(columns);
}

export function cleanRewrite(reply: string, shape: SelectionShape): CleanedRewrite {
  let code = extractCode(stripReasoning(reply.replace(/\r\n/g, '\n')));
  // Blank lines around the code are never part of the answer.
  code = code.replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
  if (!code.trim()) return { text: '', empty: true };

  const original = shape.original.replace(/\r\n/g, '\n');
  const prefixIsIndent = /^[ \t]*$/.test(shape.linePrefix);
  const origLines = original.split('\n');
  // The first selected line's indentation may sit before the selection start.
  const origIndents: string[] = [];
  if (origLines[0].trim() && prefixIsIndent) origIndents.push(shape.linePrefix + leadingWhitespace(origLines[0]));
  for (const line of origLines.slice(1)) if (line.trim()) origIndents.push(leadingWhitespace(line));
  const origMin = origIndents.length ? Math.min(...origIndents.map((ws) => width(ws, shape.tabSize))) : 0;

  let lines = code.split('\n');
  const tabStyle = (indents: string[]) => indents.some((ws) => ws.includes('\t')) && !indents.some((ws) => / {2}/.test(ws));
  const indented = origIndents.filter((ws) => ws.length > 0);
  // Indent with what the selection uses; where it has no indentation, keep the reply's style.
  const useTabs = indented.length > 0 ? tabStyle(indented) : tabStyle(lines.map(leadingWhitespace));
  const replyIndents = lines.filter((l) => l.trim()).map((l) => width(leadingWhitespace(l), shape.tabSize));
  const replyMin = Math.min(...replyIndents);
  const shift = prefixIsIndent ? origMin - replyMin : 0;
  lines = lines.map((line) => {
    if (!line.trim()) return '';
    const ws = leadingWhitespace(line);
    const columns = Math.max(0, width(ws, shape.tabSize) + shift);
    return makeIndent(columns, useTabs, shape.tabSize) + line.slice(ws.length);
  });
  // The document already holds the first line's indentation (or text) before the selection.
  if (prefixIsIndent) {
    const already = width(shape.linePrefix, shape.tabSize);
    const ws = leadingWhitespace(lines[0]);
    const keep = Math.max(0, width(ws, shape.tabSize) - already);
    lines[0] = makeIndent(keep, useTabs, shape.tabSize) + lines[0].slice(ws.length);
  } else {
    lines[0] = lines[0].trimStart();
  }

  let text = lines.join(shape.eol);
  if (/\r?\n$/.test(shape.original)) text += shape.eol;
  return { text, empty: false };
}
