/**
 * The agent's edits go through Rewrite's inline review: the same decorations, Accept and Reject
 * per change, Accept All / Reject All, one undo step. The tools see it through these roles only
 * (the extension's `RewriteApi` fills them), and follow one review to its end here.
 */
import type * as vscode from 'vscode';
import type { ReviewEnd } from '../../core/agent/editOutcome';
import type { Hunk, HunkDecision } from '../../core/rewrite/rewriteHunks';
import type { RewriteStatus } from '../../core/rewrite/rewriteStates';

/** One inline review as a tool follows it (a Rewrite session is one). */
export interface InlineReview {
  readonly document: vscode.TextDocument;
  readonly status: RewriteStatus;
  /** Still open: the user has not decided every change. */
  readonly active: boolean;
  readonly hunks: readonly { hunk: Hunk; decision: HunkDecision }[];
  /** Where the reviewed lines are in the document now. */
  readonly range: vscode.Range;
  /** The status changed; the last time, the review has ended. */
  readonly onDidChange: vscode.Event<unknown>;
}

/** Rewrite's inline review, as the edit tools use it. */
export interface InlineReviews {
  /** The review open in `document`, if any (a Rewrite, or an earlier edit). */
  session(document: vscode.TextDocument): { readonly active: boolean } | undefined;
  /** Shows `text` in place of `range` as changes to accept or reject; throws when a review is open there already. */
  review(document: vscode.TextDocument, range: vscode.Range, text: string): Promise<InlineReview>;
}

/** How a review ended, read the moment it ended (after that the session lets go of the document). */
export interface ReviewEnding {
  end: Exclude<ReviewEnd, 'stopped'>;
  hunks: { hunk: Hunk; decision: HunkDecision }[];
  /** 0-based line where the reviewed lines start, and what they hold. */
  firstLine: number;
  text: string;
}

/** Resolves once the user has decided every change (or the review ended another way). */
export function reviewEnded(review: InlineReview): Promise<ReviewEnding> {
  if (!review.active) return Promise.resolve(ending(review));
  return new Promise((resolve) => {
    const listening = review.onDidChange(() => {
      if (review.active) return;
      listening.dispose();
      // Now, inside the event: the document holds exactly what the review left.
      resolve(ending(review));
    });
  });
}

function ending(review: InlineReview): ReviewEnding {
  const closed = review.document.isClosed;
  const end = review.status === 'conflict' ? 'conflict' : review.status === 'closed' || closed ? 'closed' : 'decided';
  return {
    end,
    hunks: review.hunks.map((h) => ({ ...h })),
    firstLine: closed ? 0 : review.range.start.line,
    text: closed ? '' : review.document.getText(review.range),
  };
}

/** `done`'s value, or `stopped` as soon as the signal aborts (`done` goes on: the review stays open). */
export function unlessStopped<T>(done: Promise<T>, signal: AbortSignal): Promise<T | 'stopped'> {
  if (signal.aborted) return Promise.resolve('stopped');
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve('stopped');
    signal.addEventListener('abort', onAbort, { once: true });
    done.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
