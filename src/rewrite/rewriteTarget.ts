import type * as vscode from 'vscode';
import type { DiffLine, Hunk, HunkDecision } from '../core/rewrite/rewriteHunks';

/** One change of the rewrite and what the user decided for it so far. */
export interface ReviewedHunk {
  hunk: Hunk;
  decision: HunkDecision;
}

/**
 * Review change by change (hunk by hunk). A target that shows the diff in the file reviews this
 * way; one that leaves the file alone (a preview, accepted or rejected whole) has no hunks and no
 * layout, holds no removed lines, and ignores a decision on a hunk.
 */
export interface HunkReview {
  /** The changes, in order, with what was decided for each. */
  readonly hunks: readonly ReviewedHunk[];
  /** Each line of the region as the document shows it (removed, added, same, pending). */
  readonly layout: readonly DiffLine[];
  /** The document shows a different layout (decorations and CodeLens follow). */
  readonly onDidChangeLayout: vscode.Event<void>;
  /** Removed lines are in the document: they must never be saved. */
  readonly holdsRemovedLines: boolean;
  /** Decides one change; resolves when the document shows it. */
  decide(index: number, decision: 'accepted' | 'rejected'): Promise<void>;
  /** Decides every change still open the same way. */
  decideRest(decision: 'accepted' | 'rejected'): Promise<void>;
  /** Takes the removed lines out of the document (before a save), keeping every change open. */
  hideRemoved(): Promise<void>;
  /** Whether the region's `text` is one the review showed (not the original, not a decided result). */
  showsReview(text: string): boolean;
  /** Someone else edited inside the region: keep their text, take out the removed lines they left, write nothing more. */
  settleAfterUserEdit(): Promise<void>;
}

/**
 * Where a rewrite shows its text while it streams: in the file itself (`InlineTarget`) or in a
 * proposal beside it (`PreviewTarget`). The session decides when; the target knows how, and the
 * session never asks which target it has. Disposing a target stops it writing anything more.
 */
export interface RewriteTarget extends HunkReview, vscode.Disposable {
  /** Shows the rewrite so far (`streaming`: more is coming); a later call supersedes an earlier one. */
  show(text: string, streaming?: boolean): Promise<void>;
  /** Puts the original back, byte for byte, and shows nothing more. */
  restore(): Promise<void>;
  /** Makes the shown text the file's (every change still open is taken), as one undo step. */
  commit(): Promise<void>;
}
