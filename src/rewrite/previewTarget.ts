import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import type { RewriteTarget } from './rewriteTarget';
import type { TrackedRegion } from './trackedRegion';

/**
 * Leaves the file alone while the rewrite streams into an in-memory proposal (shown in a diff
 * editor by `ProposalDocuments`); Accept writes the proposal into the file.
 */
export class PreviewTarget extends Disposable implements RewriteTarget {
  private proposed: string;
  private showing = true;
  private readonly didChange = this._register(new vscode.EventEmitter<void>());
  /** The proposal document's text changed. */
  readonly onDidChange = this.didChange.event;

  constructor(private readonly region: TrackedRegion, private readonly original: string) {
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
    // A write fails when the user's typing changed the file first: try again on the new text.
    for (let attempt = 0; attempt < 10 && !this.isDisposed && this.proposed !== this.region.text; attempt++) {
      await this.region.replace(this.proposed);
    }
  }
}
