import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import { moveRegion, type Region } from '../core/rewriteRegion';

/** One edit we are making, to recognise its change event as ours. */
interface ExpectedEdit {
  offset: number;
  length: number;
  text: string;
}

/**
 * The range one rewrite owns in a live document (the document-tracker role). It is tracked by
 * offset and length: edits before it shift it, an edit inside it is a conflict the session
 * hears about. Only this class writes there, so it can tell its own edits from the user's.
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
  /** Someone else edited inside the region: the text there is theirs now. */
  readonly onDidConflict = this.didConflict.event;
  private readonly didClose = this._register(new vscode.EventEmitter<void>());
  readonly onDidClose = this.didClose.event;

  constructor(readonly document: vscode.TextDocument, range: vscode.Range) {
    super();
    this.current = document.getText(range);
    this.region = { start: document.offsetAt(range.start), length: this.current.length };
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === document) this.onDocumentChange(e);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      if (d === document) this.didClose.fire();
    }));
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

  /** Writes `text` over the region; false when the edit did not apply (the document changed first). */
  async replace(text: string): Promise<boolean> {
    const range = this.range;
    const expected: ExpectedEdit = { offset: this.region.start, length: this.region.length, text };
    this.expected.push(expected);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    let ok: boolean;
    try {
      if (editor) {
        // Only the first edit opens an undo step, so the whole rewrite undoes at once.
        ok = await editor.edit((b) => b.replace(range, text), { undoStopBefore: this.firstEdit, undoStopAfter: false });
      } else {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(this.document.uri, range, text);
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
    const mine = e.contentChanges.length === 1 && this.expected.find((x) => x.offset === only.rangeOffset && x.length === only.rangeLength && x.text === only.text);
    if (mine) {
      this.region = { start: this.region.start, length: only.text.length };
      this.current = only.text;
      this.didMove.fire();
      return;
    }
    const moved = moveRegion(this.region, e.contentChanges);
    if (moved === 'conflict') {
      this.didConflict.fire();
      return;
    }
    const shift = moved.start - this.region.start;
    this.region = moved;
    // Edits of ours still in flight were aimed at the old offsets.
    for (const x of this.expected) x.offset += shift;
    this.didMove.fire();
  }
}
