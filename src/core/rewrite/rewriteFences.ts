/**
 * Markdown code fences in a rewrite reply: which lines open and close a block, balanced the
 * way models nest them when a fenced reply itself holds fenced examples.
 */

export interface Fence {
  /** The run of backticks or tildes. */
  marker: string;
  /** The info string after the marker (a language), trimmed; empty for a bare fence. */
  info: string;
  /** Leading whitespace before the marker. */
  indent: string;
}

/** A top-level fenced block, by line index. `close` is undefined while the block is open. */
export interface Block {
  open: number;
  close?: number;
  fence: Fence;
}

const FENCE_LINE = /^([ \t]*)(`{3,}|~{3,})(.*)$/;
/** Languages whose text is Markdown, where fences inside a fenced reply are content. */
const MARKDOWN = new Set(['markdown', 'md', 'mdx', 'quarto', 'rmd', 'rmarkdown']);

export function fenceOf(line: string): Fence | undefined {
  const m = FENCE_LINE.exec(line);
  if (!m) return undefined;
  const info = m[3].trim();
  // CommonMark: a backtick fence's info string has no backticks (```js``` is inline code).
  if (m[2][0] === '`' && info.includes('`')) return undefined;
  return { marker: m[2], info, indent: m[1] };
}

export function isMarkdown(languageId: string | undefined): boolean {
  return languageId !== undefined && MARKDOWN.has(languageId.toLowerCase());
}

/** A bare fence of the same kind, at least as long: it closes `open`. */
function closes(line: Fence, open: Fence): boolean {
  return !line.info && line.marker[0] === open.marker[0] && line.marker.length >= open.marker.length;
}

/** An info-string fence of the same kind, at least as long: inside `open` it opens a nested block. */
function nests(line: Fence, open: Fence): boolean {
  return !!line.info && line.marker[0] === open.marker[0] && line.marker.length >= open.marker.length;
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;

/**
 * A fence indented under the code before it (a docstring's example) belongs to that code: it
 * opens no block of the reply. Prose before a wrapper sits at column 0, code at any depth.
 */
function indentedUnderCode(lines: string[], at: number, fence: Fence): boolean {
  if (!fence.indent) return false;
  for (let i = at - 1; i >= 0; i--) if (lines[i].trim()) return indentOf(lines[i]) >= indentOf(fence.indent);
  return false;
}

/** Indented deeper than the fence that opened the block: a wrapper closes where it opened. */
const deeper = (line: Fence, open: Fence) => indentOf(line.indent) > indentOf(open.indent);

/**
 * The top-level fenced blocks of a reply, by balancing: inside an open block an info-string
 * fence of the same kind opens a nested block and a bare one closes the innermost (models
 * wrap Markdown that holds fenced examples in a fence of the same length); a shorter or other
 * kind of fence is content, as in CommonMark. A bare fence indented under the code inside a
 * block, deeper than the block's own fence, opens an inner block too (a docstring's example).
 */
export function topLevelBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  const stack: Fence[] = [];
  let open = 0;
  lines.forEach((line, i) => {
    const f = fenceOf(line);
    if (!f) return;
    if (stack.length === 0) {
      if (indentedUnderCode(lines, i, f)) return;
      stack.push(f);
      open = i;
      return;
    }
    const top = stack[stack.length - 1];
    if (stack.length === 1 && !f.info && deeper(f, top) && indentedUnderCode(lines, i, f)) stack.push(f);
    else if (closes(f, top)) {
      const outer = stack[0];
      stack.pop();
      if (stack.length === 0) blocks.push({ open, close: i, fence: outer });
    } else if (nests(f, top)) stack.push(f);
  });
  if (stack.length > 0) blocks.push({ open, fence: stack[0] });
  return blocks;
}

/**
 * `block` read to the reply's last fence, when that fence closes it and the fences between
 * pair up (a bare one opening where none is open): a wrapper with an info string whose inner
 * block opens with a bare fence (```markdown holding ``` … ```), which plain balancing closes
 * at that bare opener. Undefined when the fences do not fit that reading.
 */
export function toLastFence(lines: string[], block: Block): Block | undefined {
  if (block.close === undefined || !block.fence.info) return undefined;
  const later = lines.map((line, i) => ({ i, f: i > block.open ? fenceOf(line) : undefined })).filter((x) => x.f);
  const last = later[later.length - 1];
  if (!last || last.i === block.close || !closes(last.f!, block.fence)) return undefined;
  const inner: Fence[] = [];
  for (const { f } of later.slice(0, -1)) {
    if (inner.length === 0) inner.push(f!);
    else if (closes(f!, inner[inner.length - 1])) inner.pop();
    else if (nests(f!, inner[inner.length - 1])) inner.push(f!);
  }
  return inner.length === 0 ? { ...block, close: last.i } : undefined;
}

/** Lines strictly inside a block (to the end when it is still open). */
export function blockContent(lines: string[], block: Block): string[] {
  return lines.slice(block.open + 1, block.close ?? lines.length);
}

/** A last line that may still grow into a fence: ``, ~~, or a fence whose info is arriving. */
const PARTIAL_FENCE = /^[ \t]*(?:`{1,2}|~{1,2}|`{3,}[^`]*|~{3,}.*)$/;

/**
 * The part of a streaming reply whose meaning is settled. An unfinished last line waits for
 * its end, the way the think splitter holds back a partial tag, when it may still become a
 * fence (so a lone ` never reaches the editor) or, outside a fenced block, prose. Inside an
 * open block it is code and streams as it comes.
 */
export function settledPart(reply: string): string {
  const cut = reply.lastIndexOf('\n') + 1;
  const last = reply.slice(cut);
  if (!last || PARTIAL_FENCE.test(last)) return reply.slice(0, cut);
  const blocks = topLevelBlocks(reply.slice(0, cut).split('\n'));
  const inOpenBlock = blocks.length > 0 && blocks[blocks.length - 1].close === undefined;
  return inOpenBlock ? reply : reply.slice(0, cut);
}
