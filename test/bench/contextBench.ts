/**
 * Runs inside the extension host (from hostBench): the context for a 2,000-line current file
 * plus 5 attachments (a selection, the file's problems, two files, an image), built as a send
 * builds it: the chips' token counts, `take()` (the current file read and masked), the request
 * content rendered, and the whole message counted for the budget. The tokenizer's one-time load
 * is measured apart (the first count in a fresh host).
 */
import * as vscode from 'vscode';
import { renderContent, renderText } from '../../src/core/context/contextRender';
import { countTokens } from '../../src/core/tokens/node/tokenCount';
import type { ChatMessage } from '../../src/core/types';
import type { ParleyApi } from '../../src/extension';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ContextFigures {
  tokenizerLoadMs: number;
  attachMs: number[];
  buildMs: number[];
  contextTokens: number;
}

export async function contextBench(api: ParleyApi, runs = 10): Promise<ContextFigures> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const big = vscode.Uri.joinPath(folder, 'bench', 'big.ts');
  const lines = Array.from({ length: 2000 }, (_, i) =>
    i % 10 === 0
      ? `export function f${i}(a: number, b: string): string { // helper ${i}`
      : `  const v${i} = a * ${i} + b.length; if (v${i} > ${i * 3}) { return \`\${b}-\${v${i}}\`; } // line ${i}`,
  );
  await vscode.workspace.fs.writeFile(big, Buffer.from(lines.join('\n')));
  const editor = await vscode.window.showTextDocument(big);
  const diagnostics = vscode.languages.createDiagnosticCollection('bench');
  diagnostics.set(
    big,
    Array.from({ length: 20 }, (_, i) => new vscode.Diagnostic(new vscode.Range(i * 50, 2, i * 50, 12), `Problem number ${i}`)),
  );
  // The current file goes once its exclusion check (git, globs) has answered.
  while (!api.attachments.take().context) await sleep(10);
  const attachMs: number[] = [];
  const buildMs: number[] = [];
  let tokenizerLoadMs = 0;
  let contextTokens = 0;
  try {
    for (let run = 0; run <= runs; run++) {
      editor.selection = new vscode.Selection(100, 0, 160, 0);
      const a0 = performance.now();
      await api.view.receive({ type: 'attach', what: 'selection' });
      await api.view.receive({ type: 'attach', what: 'problems' });
      await api.view.receive({
        type: 'attachUris',
        uris: [vscode.Uri.joinPath(folder, 'src/math.ts').toString(), vscode.Uri.joinPath(folder, 'src/config.py').toString()],
      });
      await api.view.receive({ type: 'attachImage', name: 'dot.png', mimeType: 'image/png', dataUrl: PNG });
      const attached = performance.now() - a0;
      if (run === 0) {
        // Run 0 is cold: its first count loads the tokenizer bundle; the test's own copy is warmed too.
        const t0 = performance.now();
        api.attachments.countNow();
        tokenizerLoadMs = performance.now() - t0;
        countTokens('warm');
        api.attachments.take();
        continue;
      }
      // A new version of the file each run, so the current file is counted afresh every time.
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), `// run ${run}\n`));
      const b0 = performance.now();
      api.attachments.countNow();
      const { context, images } = api.attachments.take();
      const message: ChatMessage = { role: 'user', content: 'What does this code do?', context, images };
      renderContent(message);
      contextTokens = countTokens(renderText(message));
      buildMs.push(performance.now() - b0);
      attachMs.push(attached);
      if ((context?.length ?? 0) !== 5 || images?.length !== 1)
        throw new Error(`expected 5 context blocks and an image, got ${context?.length} and ${images?.length}`);
    }
  } finally {
    diagnostics.dispose();
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
  return { tokenizerLoadMs, attachMs, buildMs, contextTokens };
}
