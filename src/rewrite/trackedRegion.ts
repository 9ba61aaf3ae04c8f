import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import { moveRegion, type OffsetChange, type Region } from '../core/rewrite/rewriteRegion';

/** One edit we are making, to recognise its change event as ours. */
interface ExpectedEdit {
  offset: number;
  length: number;
  text: string;
  /** The region's whole text once this edit lands. */
  full: string;
}

/** How many times a write over the region is tried when the user's typing keeps getting there first. */
const MAX_ATTEMPTS = 10;

/** How an edit inside the region came about: typing, or Undo/Redo of an earlier step. */
export type InsideEditReason = 'edit' | 'undo' | 'redo';

/**
 * The range one rewrite owns in a live document (the document-tracker role). It is tracked by
 * offset and length: edits before it shift it, an edit wholly inside it changes its text (the
 * owner hears how it came, `onDidEditInside`), and one across its edge is a conflict. Only this
 * class writes there, so it can tell its own edits from the user's.
 */
export class TrackedRegion extends Disposable {
  private region: Region;
  private current: string;
  private expected: ExpectedEdit[] = [];
  private firstEdit = true;
  private readonly didMove = this._register(new vscode.EventEmitter<void>());
  /** The region moved or its text changed: an edit of ours, or someone's outside it. */
  readonly onDidMove = this.didMove.event;
  private readonly didConflict = this._register(new vscode.EventEmitter<void>());
  /** Someone else's change crossed the region's edge: where it ends is no longer known, and the text there is theirs. */
  readonly onDidConflict = this.didConflict.event;
  private readonly didClose = this._register(new vscode.EventEmitter<void>());
  readonly onDidClose = this.didClose.event;
  private readonly didEditInside = this._register(new vscode.EventEmitter<InsideEditReason>());
  /**
   * Someone else's change lay wholly inside the region (any others before or after it): the
   * region now holds their result (read `text`), and the event says whether typing, Undo or Redo
   * made it. The owner decides what that means; this class never treats it as a conflict.
   */
  readonly onDidEditInside = this.didEditInside.event;

  constructor(
    readonly document: vscode.TextDocument,
    range: vscode.Range,
  ) {
    super();
    this.current = document.getText(range);
    this.region = { start: document.offsetAt(range.start), length: this.current.length };
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document) this.onDocumentChange(e);
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === document) this.didClose.fire();
      }),
    );
  }

  /** The region's current range in the document. */
  get range(): vscode.Range {
    return new vscode.Range(this.document.positionAt(this.region.start), this.document.positionAt(this.region.start + this.region.length));
  }

  /** The region's text as we last wrote or found it. */
  get text(): string {
    return this.current;
  }

  /** The whole document as it would be with `replacement` in place of the region. */
  documentWith(replacement: string): string {
    const text = this.document.getText();
    return text.slice(0, this.region.start) + replacement + text.slice(this.region.start + this.region.length);
  }

  /**
   * Writes `text` over the region; true once the region holds it. An edit fails when the user's
   * typing changed the document first, so it is tried again on the new text, up to
   * MAX_ATTEMPTS times. `wanted` is asked before each attempt (the writer may have moved on):
   * false, or a closed document, stops it.
   */
  async replace(text: string, wanted: () => boolean = () => true): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (this.document.isClosed || !wanted()) return false;
      if (text === this.current || (await this.tryReplace(text))) return true;
    }
    return false;
  }

  /** One attempt at writing `text` over the region; false when the edit did not apply. */
  private async tryReplace(text: string): Promise<boolean> {
    // Only what differs is written: unchanged lines keep their decorations and do not flicker.
    const { prefix, suffix } = commonEnds(this.current, text);
    const offset = this.region.start + prefix;
    const length = this.region.length - prefix - suffix;
    const piece = text.slice(prefix, text.length - suffix);
    const range = new vscode.Range(this.document.positionAt(offset), this.document.positionAt(offset + length));
    const expected: ExpectedEdit = { offset, length, text: piece, full: text };
    this.expected.push(expected);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    let ok: boolean;
    try {
      if (editor) {
        // Only the first edit opens an undo step, so the whole rewrite undoes at once.
        ok = await editor.edit((b) => b.replace(range, piece), { undoStopBefore: this.firstEdit, undoStopAfter: false });
      } else {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(this.document.uri, range, piece);
        ok = await vscode.workspace.applyEdit(edit);
      }
    } catch {
      ok = false;
    }
    this.expected = this.expected.filter((x) => x !== expected);
    if (ok) this.firstEdit = false;
    return ok;
  }

  private onDocumentChange(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const [only] = e.contentChanges;
    const mine =
      e.contentChanges.length === 1 &&
      this.expected.find((x) => x.offset === only.rangeOffset && x.length === only.rangeLength && x.text === only.text);
    if (mine) {
      this.region = { start: this.region.start, length: mine.full.length };
      this.current = mine.full;
      this.didMove.fire();
      return;
    }
    const moved = moveRegion(this.region, e.contentChanges);
    if (moved === 'conflict') {
      const inside = moveInside(this.region, e.contentChanges);
      if (!inside) {
        this.didConflict.fire();
        return;
      }
      this.region = inside;
      this.current = this.document.getText(this.range);
      const reason =
        e.reason === vscode.TextDocumentChangeReason.Undo ? 'undo' : e.reason === vscode.TextDocumentChangeReason.Redo ? 'redo' : 'edit';
      this.didEditInside.fire(reason);
      return;
    }
    const shift = moved.start - this.region.start;
    this.region = moved;
    // Edits of ours still in flight were aimed at the old offsets.
    for (const x of this.expected) x.offset += shift;
    this.didMove.fire();
  }
}

/** Lengths of the common start and end of two texts, never splitting a CRLF. */
function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a[prefix] === b[prefix]) prefix++;
  if (prefix > 0 && a[prefix - 1] === '\r') prefix--;
  let suffix = 0;
  while (suffix < max - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  if (suffix > 0 && a[a.length - suffix] === '\n' && a[a.length - suffix - 1] === '\r') suffix--;
  return { prefix, suffix };
}

/** The region after changes that each lie before, after or wholly inside it; undefined if one straddles its edge. */
function moveInside(region: Region, changes: readonly OffsetChange[]): Region | undefined {
  const end = region.start + region.length;
  let { start, length } = region;
  for (const c of changes) {
    const delta = c.text.length - c.rangeLength;
    if (c.rangeOffset + c.rangeLength <= region.start && c.rangeOffset < region.start) start += delta;
    else if (c.rangeOffset >= end) continue;
    else if (c.rangeOffset >= region.start && c.rangeOffset + c.rangeLength <= end) length += delta;
    else return undefined;
  }
  return { start, length };
}
