/**
 * Which part of a model's rewrite reply is the answer, decided by the reply's structure (its
 * fences), never by how the prose around them is phrased: models phrase lead-ins and remarks
 * in endless ways and languages, and a phrase list only knows the ones someone thought of.
 *
 * - In a code file whose selection has no fences, a fence is never content: a reply with
 *   fenced blocks answers with one of them and nothing outside them reaches the file.
 * - Where fences can be content (Markdown, plain text, a selection holding fences such as a
 *   docstring's example), a block is removed only when it is the wrapper; otherwise the reply
 *   is the text, fences and all.
 * - A reply without fences (or whose fences are all content) is the text; only there do the
 *   chatter phrases trim its ends, dropping lines clearly addressed to the user.
 */
import { chatterTest, looksLikeCode, trimChatter } from './rewriteChatter';
import { blockContent, fenceOf, isMarkdown, toLastFence, topLevelBlocks, type Block } from './rewriteFences';
import { namesLanguage } from './rewriteLanguages';

export interface AnswerContext {
  /** The selected text (LF): its fences decide whether fences can be content. */
  original: string;
  languageId?: string;
  /** The reply so far, while it streams: only what the final answer will hold is returned. */
  partial?: boolean;
}

/**
 * While the reply streams, the lines before its first fence may be a lead-in to a block still
 * to come, or the answer itself when no fence comes. They are held back (a lead-in must not
 * flash in the editor) until the reply shows which: a fence arrives (the structure decides
 * from there); in a code file, a line arrives that can only be code (`looksLikeCode`: code
 * without fences streams from its first such line); or there are more than LEAD_IN_LINES of
 * them (no lead-in is that long: the reply is taken to have no fence). In Markdown and plain
 * text any line may be prose, so only the count applies: a reply without fences shows once it
 * is longer than a lead-in, or at the end.
 */
const LEAD_IN_LINES = 8;

export function extractCode(answer: string, ctx: AnswerContext = { original: '' }): string {
  const lines = answer.split('\n');
  const blocks = topLevelBlocks(lines);
  const chatter = chatterTest(ctx.original, ctx.languageId);
  const fencesAreContent = isMarkdown(ctx.languageId) || ctx.languageId === 'plaintext' || hasFences(ctx.original);
  if (blocks.length === 0) return undecided(lines, ctx) ? '' : trimChatter(lines, chatter).join('\n');
  if (!fencesAreContent) return codeAnswer(lines, blocks, ctx, chatter);
  const wrapper = findWrapper(lines, blocks, ctx);
  // No wrapper: the fences are the text's own, and so is the text around them.
  return wrapper ? blockContent(lines, wrapper).join('\n') : trimChatter(lines, chatter).join('\n');
}

function hasFences(text: string): boolean {
  return text.split('\n').some((l) => fenceOf(l));
}

/** While streaming, whether these lines (no fence among them yet) may still be a lead-in. */
function undecided(lines: string[], ctx: AnswerContext): boolean {
  if (!ctx.partial) return false;
  const text = lines.filter((l) => l.trim());
  if (text.length > LEAD_IN_LINES) return false;
  // In Markdown and plain text any line may be prose: only the count decides.
  if (isMarkdown(ctx.languageId) || ctx.languageId === 'plaintext') return true;
  return !text.some(looksLikeCode);
}

/**
 * A code file: among the blocks whose info string names the file's language (else among all),
 * the one most like the selection, the longest when that does not tell them apart: a rewrite
 * resembles what it rewrites, while a usage example or an alternative the model adds may be
 * shorter or longer than the answer (and with nothing selected, the answer is the longest). While
 * streaming, a block tagged with another language (a command to run first) is not shown: the
 * answer may still come. One exception keeps code: a bare fence at column 0 after code, never
 * closed, is a closing fence whose opener the model left out.
 */
function codeAnswer(lines: string[], blocks: Block[], ctx: AnswerContext, chatter: (line: string) => boolean): string {
  const [first] = blocks;
  if (
    blocks.length === 1 &&
    first.close === undefined &&
    !first.fence.info &&
    !first.fence.indent &&
    lines.slice(0, first.open).some(looksLikeCode)
  ) {
    return trimChatter(lines.slice(0, first.open), chatter).join('\n');
  }
  const matching = blocks.filter((b) => namesLanguage(b.fence.info, ctx.languageId));
  const shown = ctx.partial && ctx.languageId !== undefined ? blocks.filter((b) => !b.fence.info || matching.includes(b)) : blocks;
  const pool = matching.length ? matching : shown;
  return pool.length
    ? likeSelection(
        pool.map((b) => blockContent(lines, b).join('\n')),
        ctx.original,
      )
    : '';
}

/**
 * The text holding most of the selection's words, else the longest. Most of them, not the best
 * overlap: a rewrite that adds much keeps the selection's names, and a one-line call of it
 * shares a few names and little else.
 */
function likeSelection(texts: string[], original: string): string {
  const own = words(original);
  const likeness = (t: string) => {
    const theirs = words(t);
    return [...own].filter((w) => theirs.has(w)).length;
  };
  const scored = texts.map((text) => ({ text, score: likeness(text) }));
  return scored.reduce((best, t) => (t.score > best.score || (t.score === best.score && t.text.length > best.text.length) ? t : best)).text;
}

function words(text: string): Set<string> {
  return new Set(text.match(/\w+/g) ?? []);
}

/**
 * Where fences can be content, the wrapper: a block whose info string names the file's
 * language (```markdown in a Markdown file; ```text or a bare fence in plain text), with prose
 * before and after it or not, or any block that is the whole reply. Removing it must keep the
 * selection's shape: when the selection has fences, the wrapper holds fences too, starting
 * with one if the selection does. Several candidates: the longest.
 */
function findWrapper(lines: string[], blocks: Block[], ctx: AnswerContext): Block | undefined {
  const whole = blocks.length === 1 && lines.every((l, i) => !l.trim() || (i >= blocks[0].open && i <= (blocks[0].close ?? lines.length)));
  const named = blocks.filter((b) => namesLanguage(b.fence.info, ctx.languageId) || (whole && b === blocks[0]));
  // A bare inner opener closes a ```markdown wrapper early; read to the last fence, it fits.
  const spanning = named.map((b) => toLastFence(lines, b)).find((b) => b !== undefined);
  const candidates = (spanning ? [spanning] : named).filter((b) => keepsShape(lines, b, ctx));
  const size = (b: Block) => blockContent(lines, b).join('\n').length;
  return candidates.length ? candidates.reduce((best, b) => (size(b) > size(best) ? b : best)) : undefined;
}

function keepsShape(lines: string[], block: Block, ctx: AnswerContext): boolean {
  const selection = ctx.original.split('\n').filter((l) => l.trim());
  if (!selection.some((l) => fenceOf(l))) return true;
  const inner = blockContent(lines, block).filter((l) => l.trim());
  if (fenceOf(selection[0]) && inner.length > 0 && !fenceOf(inner[0])) return false;
  // While streaming, what the block will hold is not known yet: it is open, or, with an info
  // string, a later fence may still turn out to close it (`toLastFence`).
  if (ctx.partial && (block.close === undefined || block.fence.info)) return true;
  return inner.some((l) => fenceOf(l));
}
