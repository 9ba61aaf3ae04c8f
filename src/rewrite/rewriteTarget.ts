import type * as vscode from 'vscode';

/**
 * Where a rewrite shows its text while it streams: in the file itself (`InlineTarget`) or in a
 * proposal beside it (`PreviewTarget`). The session decides when; the target knows how.
 * Disposing a target stops it writing anything more.
 */
export interface RewriteTarget extends vscode.Disposable {
  /** Shows the rewrite so far (`streaming`: more is coming); a later call supersedes an earlier one. */
  show(text: string, streaming?: boolean): Promise<void>;
  /** Puts the original back, byte for byte, and shows nothing more. */
  restore(): Promise<void>;
  /** Makes the shown text the file's, as one undo step. */
  commit(): Promise<void>;
}
