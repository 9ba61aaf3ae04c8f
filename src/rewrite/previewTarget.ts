import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import type { DiffLine } from '../core/rewrite/rewriteHunks';
import type { ReviewedHunk, RewriteTarget } from './rewriteTarget';
import type { TrackedRegion } from './trackedRegion';

/**
 * Leaves the file alone while the rewrite streams into an in-memory proposal (shown in a diff
 * editor by `ProposalDocuments`); Accept writes the proposal into the file. A preview is taken
 * or left whole: it has no changes to decide one by one, and the file never shows removed lines.
 */
export class PreviewTarget extends Disposable implements RewriteTarget {
  private proposed: string;
  private showing = true;
  private readonly didChange = this._register(new vscode.EventEmitter<void>());
  /** The proposal document's text changed. */
  readonly onDidChange = this.didChange.event;
  private readonly didChangeLayout = this._register(new vscode.EventEmitter<void>());
  /** Never fires: the file shows no diff while a preview runs, so its layout stays empty. */
  readonly onDidChangeLayout = this.didChangeLayout.event;
  readonly hunks: readonly ReviewedHunk[] = [];
  readonly layout: readonly DiffLine[] = [];
  readonly holdsRemovedLines = false;

  constructor(
    private readonly region: TrackedRegion,
    private readonly original: string,
  ) {
    super();
    this.proposed = original;
    // The proposal is the whole file: a change anywhere outside the region shows in it too.
    this._register(region.onDidMove(() => this.didChange.fire()));
  }

  /** The whole file as it would be with the rewrite in place. */
  get document(): string {
    return this.region.documentWith(this.proposed);
  }

  async show(text: string): Promise<void> {
    if (!this.showing || text === this.proposed) return;
    this.proposed = text;
    this.didChange.fire();
  }

  async restore(): Promise<void> {
    this.showing = false;
    this.proposed = this.original;
    this.didChange.fire();
  }

  async commit(): Promise<void> {
    this.showing = false;
    await this.region.replace(this.proposed, () => !this.isDisposed);
  }

  // Review change by change does not apply: the diff editor shows the whole proposal.
  async decide(): Promise<void> {}
  async decideRest(): Promise<void> {}
  async hideRemoved(): Promise<void> {}
  async settleAfterUserEdit(): Promise<void> {}
  showsReview(): boolean {
    return false;
  }
}
