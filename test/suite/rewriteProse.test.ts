import * as assert from 'assert';
import * as vscode from 'vscode';
import { tokens, type ChatServer } from '../server/chatServer';
import { cleanUpEditing, parley, useServer, waitFor } from './helpers';

/** A file with one known problem and one hint on its last line, so TypeScript has something to say about every version of it. */
const SOURCE = [
  'export function sum(xs: number[]): number {',
  '  let total = 0;',
  '  for (const x of xs) total += x;',
  '  return total;',
  '}',
  '',
  'const label: string = sum([1, 2]);',
  '',
].join('\n');
const REDUCED = 'export function sum(xs: number[]): number {\n  return xs.reduce((total, x) => total + x, 0);\n}';
/** A reply the way models answer: a lead-in on no phrase list, then the code in a ```ts fence. */
const REPLY = `Refactored to use reduce\n\`\`\`ts\n${REDUCED}\n\`\`\``;

/** What TypeScript reports, each problem with the text of its line (lines move with the rewrite). */
function problems(doc: vscode.TextDocument): string[] {
  return vscode.languages
    .getDiagnostics(doc.uri)
    .map(
      (d) =>
        `${vscode.DiagnosticSeverity[d.severity]} ${typeof d.code === 'object' ? d.code.value : d.code}: ${d.message} @ ${d.range.start.line < doc.lineCount ? doc.lineAt(d.range.start.line).text.trim() : '(past the end)'}`,
    )
    .sort();
}

/**
 * The problems once TypeScript has reported both kinds for the text now in the editor: the
 * error and the hint on the `label` line, wherever it is. A text where it reports something
 * else there never gets this far: after `timeoutMs` its problems are returned as they are, to
 * be compared.
 */
async function problemsOfCurrentText(doc: vscode.TextDocument, timeoutMs: number): Promise<string[]> {
  const seen = () => {
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('const label'));
    const at = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.range.start.line === line);
    return (
      at.some((d) => d.severity === vscode.DiagnosticSeverity.Error) &&
      at.some((d) => d.severity === vscode.DiagnosticSeverity.Hint) &&
      problems(doc)
    );
  };
  return waitFor('TypeScript reports on the text in the editor', seen, timeoutMs).catch(() => problems(doc));
}

describe("Rewrite with a reply phrased the model's own way, in the real host", () => {
  let server: ChatServer;
  let file: vscode.Uri;
  beforeEach(async () => {
    server = await useServer();
    file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src', 'sum.ts');
    await vscode.workspace.fs.writeFile(file, Buffer.from(SOURCE));
  });
  afterEach(async () => {
    await cleanUpEditing(server);
    await vscode.workspace.fs.delete(file);
  });

  it('"Refactored to use reduce" and a ```ts block leave a file TypeScript finds no new problem in; neither ever shows in the editor', async function () {
    this.timeout(180_000); // TypeScript's server starts with the first TypeScript file
    const api = await parley();
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    const before = await problemsOfCurrentText(doc, 90_000);
    assert.ok(
      before.some((p) => p.startsWith('Error 2322')),
      `TypeScript reports the known error: ${before.join('; ')}`,
    );

    const shown: string[] = [];
    const watching = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && /Refactored|```/.test(doc.getText())) shown.push(doc.getText());
    });
    try {
      editor.selection = new vscode.Selection(0, 0, 5, 0);
      server.enqueue({ steps: [...tokens(REPLY).map((t) => ({ content: t, delayMs: 10 })), { finish_reason: 'stop' }] });
      const session = (await api.rewrite.start('Use reduce'))!;
      assert.strictEqual(session.status, 'pending');
      await session.accept();
    } finally {
      watching.dispose();
    }
    assert.deepStrictEqual(await problemsOfCurrentText(doc, 30_000), before, 'TypeScript finds new problems');
    assert.strictEqual(doc.getText(), SOURCE.replace(/^export function[\s\S]*?\n}\n/, `${REDUCED}\n`));
    assert.deepStrictEqual(
      shown.length,
      0,
      `the lead-in or a fence reached the editor while the reply streamed: ${JSON.stringify(shown[0])}`,
    );
  });
});
