/**
 * What the model reads after the user reviewed its edit: accepted, rejected, or which changes
 * were taken; and, whenever the file is not what the model asked for, what the changed lines hold
 * now, so its next step starts from the file as it is.
 */
import type { Hunk, HunkDecision } from '../rewrite/rewriteHunks';
import type { ToolOutcome } from './agentTool';
import type { EditChange } from './editBlocks';

/** How the review ended; `stopped`: the run was stopped while the user was still deciding. */
export type ReviewEnd = 'decided' | 'conflict' | 'closed' | 'stopped';

export interface EditReport {
  /** The path as the model gave it. */
  path: string;
  end: ReviewEnd;
  /** The review's changes and what the user decided for each. */
  hunks: readonly { hunk: Hunk; decision: HunkDecision }[];
  /** 0-based line of the file where the reviewed lines start. */
  firstLine: number;
  /** What the reviewed lines hold now. */
  text: string;
  /** The blocks' changes in the edited text (`applyEditBlocks`), to name each change's blocks. */
  changes?: readonly EditChange[];
  /** The file on disk holds what the review left (false: it had unsaved changes of the user's, or the user is editing it). */
  saved: boolean;
}

/** Lines of the changed region quoted back at most (a model that needs more reads the file). */
const MAX_LINES = 200;
const MAX_CHARS = 20_000;

export function editOutcome(r: EditReport): ToolOutcome {
  if (r.end === 'stopped') {
    return {
      text:
        `Stopped while the user was still reviewing the edit of ${r.path}: the review stays open in the editor, ` +
        'and what the user decides there is what the file will hold. Read the file again before relying on it.',
      summary: 'Still under review',
    };
  }
  if (r.end === 'closed') {
    return {
      text: `The user closed ${r.path} before deciding on the edit, so it was not applied. Read the file before changing it again.`,
      denied: true,
      summary: 'Closed without a decision',
    };
  }
  if (r.end === 'conflict') {
    // The review is still taking out the removed lines the user left: the text is not known yet.
    return {
      text: `The user edited inside the change during the review, which ended it with their text.${savedNote(r)} Read ${r.path} before changing it again.`,
      summary: 'Edited by the user',
    };
  }
  const taken = r.hunks.filter((h) => h.decision === 'accepted').length;
  if (taken === r.hunks.length) {
    const changes = r.hunks.length === 1 ? 'the change' : `all ${r.hunks.length} changes`;
    return { text: `The user accepted ${changes} to ${r.path}.${savedNote(r)}`, summary: 'Accepted' };
  }
  if (taken === 0) {
    return {
      text:
        `The user rejected the edit of ${r.path}: the file is as it was before it. ` +
        'Do not send the same edit again; ask the user what they want instead, or take another way.',
      denied: true,
      summary: 'Rejected',
    };
  }
  const list = changeList(r).join('\n');
  return {
    text: `The user accepted ${taken} of ${r.hunks.length} changes to ${r.path} and rejected the others.${savedNote(r)}\n${list}\n${nowReads(r)}`,
    summary: `${taken} of ${r.hunks.length} changes accepted`,
  };
}

/** A new file's review: one change, the whole text. */
export function createOutcome(r: EditReport): ToolOutcome {
  if (r.end === 'stopped') {
    return {
      text:
        `Stopped while the user was still reviewing the new file ${r.path}: the review stays open in the editor. ` +
        'If the user rejects it there, the file is removed.',
      summary: 'Still under review',
    };
  }
  if (r.end === 'conflict') {
    return {
      text: `Created ${r.path}; the user edited it during the review.${savedNote(r)} Read it before changing it.`,
      summary: 'Edited by the user',
    };
  }
  if (r.end === 'closed' || r.hunks.every((h) => h.decision !== 'accepted')) {
    const how = r.end === 'closed' ? 'closed the new file before deciding' : 'rejected the new file';
    return { text: `The user ${how}: ${r.path} was not created.`, denied: true, summary: 'Rejected' };
  }
  return { text: `Created ${r.path} (${lineCount(r.text)}).${savedNote(r)}`, summary: 'Created' };
}

function savedNote(r: EditReport): string {
  return r.saved ? '' : ' The file is not saved yet: commands that read it from disk do not see these changes.';
}

/** One line per change: where it is in the file now, its blocks, and what was decided. */
function changeList(r: EditReport): string[] {
  let nowShift = 0;
  let proposedShift = 0;
  return r.hunks.map(({ hunk, decision }, i) => {
    const accepted = decision === 'accepted';
    const at = r.firstLine + hunk.start + nowShift + 1;
    const proposedAt = r.firstLine + hunk.start + proposedShift + 1;
    const size = accepted ? hunk.added.length : hunk.removed.length;
    const blocks = blocksOf(r.changes ?? [], proposedAt, proposedAt + Math.max(hunk.added.length, 1) - 1);
    if (accepted) nowShift += hunk.added.length - hunk.removed.length;
    proposedShift += hunk.added.length - hunk.removed.length;
    const from = blocks.length ? ` (block${blocks.length > 1 ? 's' : ''} ${blocks.join(', ')})` : '';
    const outcome = accepted ? 'accepted' : 'rejected, the original text is there';
    return `- change ${i + 1}${from}, ${lines(at, size)}: ${outcome}`;
  });
}

/** The blocks whose change touches the 1-based lines `first`–`last` of the edited text. */
function blocksOf(changes: readonly EditChange[], first: number, last: number): number[] {
  const found = changes.filter((c) => c.startLine <= last && c.endLine >= first).flatMap((c) => c.blocks);
  return [...new Set(found)].sort((a, b) => a - b);
}

function lines(first: number, count: number): string {
  if (count === 0) return `at line ${first}`;
  return count === 1 ? `line ${first}` : `lines ${first}–${first + count - 1}`;
}

function lineCount(text: string): string {
  const n = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return n === 1 ? '1 line' : `${n} lines`;
}

/** The reviewed lines as they are now, fenced, cut to a screenful or two. */
function nowReads(r: EditReport): string {
  const all = r.text.split('\n');
  if (r.text.endsWith('\n')) all.pop();
  if (all.length === 0 || r.text === '') return `Nothing is left there: line ${r.firstLine + 1} of ${r.path} follows what was before it.`;
  let shown = all.slice(0, MAX_LINES).join('\n');
  // Cut by code point: half an emoji is not text.
  if (shown.length > MAX_CHARS) shown = shown.slice(0, MAX_CHARS).replace(/[\uD800-\uDBFF]$/, '');
  const cut = shown.length < all.join('\n').length ? '\n(cut here: read the file for the rest)' : '';
  const fence = '`'.repeat(Math.max(3, longestRun(shown, '`') + 1));
  const last = r.firstLine + all.length;
  return `Lines ${r.firstLine + 1}–${last} of ${r.path} now read:\n${fence}\n${shown.replace(/\r$/gm, '')}\n${fence}${cut}`;
}

function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
