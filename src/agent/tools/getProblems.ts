import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import type { AgentTool, ToolOutcome } from '../../core/agent/agentTool';
import { CappedLines } from '../../core/agent/cappedLines';
import { plural } from '../../core/agent/linePage';
import { GET_PROBLEMS, getProblemsTool as definition, PROBLEMS_MAX } from '../../core/agent/readTools';
import { readScopeArgs } from '../../core/agent/readToolArgs';
import { asProblem } from '../../context/problems';
import { argWords, failed, field, fileError } from './toolText';
import { diskFolders, placeOfUri, placePath, rootOf, type Place, type WorkspaceAccess } from './workspaceAccess';

/** get_problems: the diagnostics VS Code holds (the Problems view's, hints left out) for a file, a folder or the workspace. */
export function createGetProblemsTool(access: WorkspaceAccess): AgentTool {
  return {
    definition,
    kind: 'read',
    describe(args) {
      const path = argWords(field(args, 'path'));
      return path && path !== '.' ? vscode.l10n.t('Get the problems in {0}', path) : vscode.l10n.t('Get the problems in the workspace');
    },
    async run(args) {
      const checked = readScopeArgs(GET_PROBLEMS, args);
      if (!checked.ok) return failed(checked.error);
      if (diskFolders(access).length === 0) return failed('No workspace folder is open, so there are no problems to report.');
      let scope: Place | undefined;
      if (checked.value.path !== undefined) {
        const placed = await placePath(access, checked.value.path);
        if (!placed.ok) return failed(placed.error);
        scope = placed.place;
        // A file that is not there has no problems; saying so keeps the model from trusting a typo.
        const exists = await fs.stat(scope.fsPath).then(
          () => undefined,
          (e: unknown) => e,
        );
        if (exists !== undefined) return fileError(scope.shown, exists);
      }
      return problemsOutcome(collect(access, scope), scope);
    },
  };
}

interface Found {
  place: Place;
  diagnostic: vscode.Diagnostic;
}

function collect(access: WorkspaceAccess, scope: Place | undefined): Found[] {
  const found: Found[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    const place = placeOfUri(access, uri);
    if (!place || (place.relative !== '' && access.excluded(place.relative, rootOf(place.folder)))) continue;
    if (scope && !(place.folder.uri.toString() === scope.folder.uri.toString() && within(place.relative, scope.relative))) continue;
    for (const diagnostic of diagnostics) {
      if (diagnostic.severity !== vscode.DiagnosticSeverity.Hint) found.push({ place, diagnostic });
    }
  }
  return found.sort(
    (a, b) =>
      compare(a.place.shown, b.place.shown) ||
      a.diagnostic.range.start.line - b.diagnostic.range.start.line ||
      a.diagnostic.range.start.character - b.diagnostic.range.start.character,
  );
}

function problemsOutcome(found: readonly Found[], scope: Place | undefined): ToolOutcome {
  const where = scope ? (scope.shown === '.' ? 'the workspace' : scope.shown) : 'the workspace';
  if (found.length === 0) {
    return {
      text: `No problems reported in ${where}. (Language tools often check only the files open in the editor.)`,
      summary: 'no problems',
    };
  }
  const lines = new CappedLines(PROBLEMS_MAX);
  for (const f of found) lines.add(problemLine(f));
  const files = new Set(found.map((f) => f.place.shown)).size;
  const counted = `${plural(found.length, 'problem')} in ${plural(files, 'file')}`;
  const text = [`${counted}:`, ...lines.lines];
  if (lines.leftOut) text.push(`[Only the first ${PROBLEMS_MAX} are shown: ask for one file's with path.]`);
  return { text: text.join('\n'), summary: counted };
}

/** `src/a.ts:3:5 error: message (ts 2322)`; a message of several lines goes on, indented. */
function problemLine({ place, diagnostic }: Found): string {
  const p = asProblem(diagnostic);
  const origin = [p.source, p.code].filter(Boolean).join(' ');
  const message = p.message.trim().replace(/\r?\n/g, '\n  ');
  return `${place.shown}:${p.line}:${diagnostic.range.start.character + 1} ${p.severity}: ${message}${origin ? ` (${origin})` : ''}`;
}

function within(relative: string, scope: string): boolean {
  return scope === '' || relative === scope || relative.startsWith(`${scope}/`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
