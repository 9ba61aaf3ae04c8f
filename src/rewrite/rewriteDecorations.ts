import * as vscode from 'vscode';
import { Disposable } from '../common/dispose';
import type { RewriteSession } from './rewriteSession';
import type { RewriteSessions } from './rewriteSessions';

/** The ranges Parley marked in a document, by kind (the integration tests read them). */
export interface RewriteMarks {
  removed: vscode.Range[];
  added: vscode.Range[];
}

/**
 * Marks an inline rewrite as a diff, in every editor showing its document: removed lines red and
 * struck through, added lines green, unchanged lines plain. A diff preview (the file untouched)
 * marks the region it will replace. Only a change of ranges is sent to the editor, so lines that
 * stay the same do not flicker while the reply streams.
 */
export class RewriteDecorations extends Disposable {
  private readonly removedType = this._register(
    vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
      textDecoration: 'line-through',
      opacity: '0.7',
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    }),
  );
  private readonly addedType = this._register(
    vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    }),
  );
  private readonly regionType = this._register(
    vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    }),
  );
  private readonly marks = new Map<vscode.TextDocument, { marks: RewriteMarks; key: string }>();

  constructor(sessions: RewriteSessions) {
    super();
    this._register(sessions.onDidChange((session) => this.decorate(session)));
    this._register(sessions.onDidMove((session) => this.decorate(session)));
    this._register(sessions.onDidChangeLayout((session) => this.decorate(session)));
    this._register(
      vscode.window.onDidChangeVisibleTextEditors(() => {
        for (const session of sessions.all()) this.decorate(session, true);
      }),
    );
  }

  /** What Parley marks in `document` now. */
  marksIn(document: vscode.TextDocument): RewriteMarks {
    return this.marks.get(document)?.marks ?? { removed: [], added: [] };
  }

  private decorate(session: RewriteSession, force = false): void {
    const marks: RewriteMarks = { removed: [], added: [] };
    /** First added line of a hunk whose removed lines a save took out → what they were. */
    const replaced = new Map<number, string>();
    const hunksSeen = new Set<number>();
    let region: vscode.Range[] = [];
    if (session.active && session.layout.length === 0) region = [session.range];
    if (session.active) {
      const first = session.range.start.line;
      session.layout.forEach((line, i) => {
        const range = new vscode.Range(first + i, 0, first + i, 0);
        if (line.kind === 'removed') marks.removed.push(range);
        if (line.kind === 'added') marks.added.push(range);
        // After a save took the removed lines out, the hunk's first added line says what they were.
        if (line.kind === 'added' && line.hunk !== undefined && !hunksSeen.has(line.hunk)) {
          hunksSeen.add(line.hunk);
          const removed = session.hunks[line.hunk]?.hunk.removed.join('') ?? '';
          if (removed && !session.layout.some((l) => l.kind === 'removed' && l.hunk === line.hunk)) replaced.set(first + i, removed);
        }
      });
    }
    const key = JSON.stringify([
      marks.removed.map((r) => r.start.line),
      marks.added.map((r) => r.start.line),
      region.map((r) => [r.start, r.end]),
    ]);
    const previous = this.marks.get(session.document);
    if (!force && previous?.key === key) return;
    if (session.active) this.marks.set(session.document, { marks, key });
    else this.marks.delete(session.document);
    const added: vscode.DecorationOptions[] = marks.added.map((range) => {
      const removed = replaced.get(range.start.line);
      if (!removed) return { range };
      const hover = new vscode.MarkdownString(vscode.l10n.t('Parley: this change replaces these lines (Reject puts them back):'));
      hover.appendCodeblock(removed, session.document.languageId);
      return { range, hoverMessage: hover };
    });
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== session.document) continue;
      editor.setDecorations(this.removedType, marks.removed);
      editor.setDecorations(this.addedType, added);
      editor.setDecorations(this.regionType, region);
    }
  }
}
