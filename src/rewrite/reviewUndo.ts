import { createHash } from 'crypto';
import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import { followRegion, type Region } from '../core/rewrite/rewriteRegion';

/** How many steps at most Parley takes on its own after one Undo or Redo (a long stream written while the file was in the background is one step per write). */
const MAX_STEPS = 2_000;

/** One inline review: the texts its region showed, and the texts it may rest on. */
interface Review {
  readonly document: vscode.TextDocument;
  readonly shown: Set<string>;
  readonly resting: Set<string>;
  /** Where the region is, once the review is over and this class follows it. */
  region?: Region;
}

/** What an inline diff tells the guard while it is reviewed. */
export interface ReviewRecord {
  /** The region shows `text` as part of the review (removed lines, pending lines, changes still open). */
  showed(text: string): void;
  /** `text` is a state undo may rest on: the original, or a decided result. */
  rests(text: string): void;
  /** Whether `text` is a state of the review that is not a resting one. */
  showsReview(text: string): boolean;
  /** The review is over; the region is at `region` now. */
  end(region: Region): void;
}

/**
 * The edits that showed an inline diff stay on VS Code's undo stack, and the user's cursor keys,
 * a save or typing during the review close the undo group between them and the edits that decide
 * it. So Ctrl+Z could rest on a document that shows removed lines with no review around it (and
 * a save would write them). There is no API to take edits off the stack; instead, when Undo or
 * Redo lands on a text the review showed, this steps on in the same direction until the region
 * holds the original or a decided result. During the review the session handles undo itself
 * (it puts the original back); this takes over when the review ends, until the document closes.
 */
export class ReviewUndo extends Disposable {
  private readonly reviews = new Map<vscode.TextDocument, Review[]>();
  /** Steps taken on our own since the user's last Undo or Redo, per document. */
  private readonly steps = new Map<vscode.TextDocument, number>();

  constructor() {
    super();
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.reviews.delete(d);
        this.steps.delete(d);
      }),
    );
  }

  /** Starts recording a review of `original` in `document`. */
  begin(document: vscode.TextDocument, original: string): ReviewRecord {
    const review: Review = { document, shown: new Set(), resting: new Set([hash(original)]) };
    return {
      showed: (text) => void review.shown.add(hash(text)),
      rests: (text) => void review.resting.add(hash(text)),
      showsReview: (text) => showsReview(review, text),
      end: (region) => {
        if (review.shown.size === 0 || this.isDisposed || document.isClosed) return;
        review.region = region;
        this.reviews.set(document, [...(this.reviews.get(document) ?? []), review]);
      },
    };
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    const reviews = this.reviews.get(e.document);
    if (!reviews || e.contentChanges.length === 0) return;
    const replay = e.reason === vscode.TextDocumentChangeReason.Undo || e.reason === vscode.TextDocumentChangeReason.Redo;
    const kept = reviews.filter((r) => {
      r.region = r.region && followRegion(r.region, e.contentChanges, replay);
      return r.region !== undefined;
    });
    if (kept.length) this.reviews.set(e.document, kept);
    else this.reviews.delete(e.document);
    if (!replay) {
      this.steps.delete(e.document);
      return;
    }
    const text = e.document.getText();
    const onReview = kept.some((r) => showsReview(r, text.slice(r.region!.start, r.region!.start + r.region!.length)));
    const taken = this.steps.get(e.document) ?? 0;
    if (!onReview || taken >= MAX_STEPS) {
      this.steps.delete(e.document);
      return;
    }
    this.steps.set(e.document, taken + 1);
    void vscode.commands.executeCommand(e.reason === vscode.TextDocumentChangeReason.Undo ? 'undo' : 'redo');
  }
}

function showsReview(review: Review, text: string): boolean {
  const h = hash(text);
  return review.shown.has(h) && !review.resting.has(h);
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}
