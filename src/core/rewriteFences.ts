/**
 * Markdown code fences in a rewrite reply: which lines open and close a block, with the
 * nesting models use when a fenced reply itself holds fenced examples.
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

function closes(line: Fence, open: Fence): boolean {
  return !line.info && line.marker[0] === open.marker[0] && line.marker.length >= open.marker.length;
}

/** A fence with an info string that, if read as content, would let its closer end `open`. */
function couldNest(line: Fence, open: Fence): boolean {
  return !!line.info && line.marker[0] === open.marker[0] && line.marker.length >= open.marker.length;
}

/**
 * Whether reading the fence at `at` as a nested opener leaves every block closed by the end:
 * then reading it as content would close the outer block early and strand a fence.
 */
function nestingBalances(lines: (Fence | undefined)[], at: number, depth: number, outer: Fence): boolean {
  for (let i = at + 1; i < lines.length; i++) {
    const f = lines[i];
    if (!f) continue;
    if (closes(f, outer)) depth--;
    else if (couldNest(f, outer)) depth++;
    if (depth === 0) return true;
  }
  return false;
}

/**
 * The top-level fenced blocks of a reply. Inside an open block, an info-string fence of the
 * same kind is a nested opener when the nesting balances, or always when the text is Markdown
 * (the file's language or the block's own info string say so) or still streaming (its closer
 * may yet come): models wrap Markdown that holds fenced examples in a fence of the same length.
 */
export function topLevelBlocks(lines: string[], languageId?: string, streaming = false): Block[] {
  const fences = lines.map(fenceOf);
  const blocks: Block[] = [];
  let stack: Fence[] = [];
  let open = 0;
  fences.forEach((f, i) => {
    if (!f) return;
    if (stack.length === 0) {
      stack = [f];
      open = i;
      return;
    }
    const top = stack[stack.length - 1];
    if (closes(f, top)) {
      stack.pop();
      if (stack.length === 0) blocks.push({ open, close: i });
    } else if (couldNest(f, top)) {
      const eager = streaming || isMarkdown(languageId) || isMarkdown(stack[0].info);
      if (eager || nestingBalances(fences, i, stack.length + 1, top)) stack.push(f);
    }
  });
  if (stack.length > 0) blocks.push({ open });
  return blocks;
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
 * fence (so a lone ` never reaches the editor) or, outside a fenced block, chatter. Inside an
 * open block it is code and streams as it comes.
 */
export function settledPart(reply: string, languageId?: string): string {
  const cut = reply.lastIndexOf('\n') + 1;
  const last = reply.slice(cut);
  if (!last || PARTIAL_FENCE.test(last)) return reply.slice(0, cut);
  const blocks = topLevelBlocks(reply.slice(0, cut).split('\n'), languageId, true);
  const inOpenBlock = blocks.length > 0 && blocks[blocks.length - 1].close === undefined;
  return inOpenBlock ? reply : reply.slice(0, cut);
}
