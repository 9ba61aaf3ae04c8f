import * as vscode from 'vscode';
import { cursorWindow, windowLineCounts } from '../core/autocomplete/node/cursorWindow';
import { queryText, similarSnippets, type SimilarSnippet } from '../core/autocomplete/similarSnippets';
import { SnippetIndexCache, type SnippetDocument } from '../core/autocomplete/snippetIndex';
import { maskKeyFragments, maskSecrets } from '../core/context/maskSecrets';
import { countTokens, tokenizerLoadMs, tokensAtMost } from '../core/tokens/node/tokenCount';
import { TokenCountCache } from '../core/tokens/node/tokenCountCache';
import { Disposable } from '../common/dispose';

/** What a request carries: the text around the cursor and the snippets, masked. */
export interface CompletionContext {
  prefix: string;
  suffix: string;
  snippets: SimilarSnippet[];
  /** The masked values, to put back into the suggestion. */
  secrets: string[];
}

/** A small model answers fast from a short prompt: about 60 lines before, 20 after, 3 snippets. */
const BUDGETS = { prefixTokens: 1024, suffixTokens: 256 };
const SNIPPET_CHARS = 3000;
/** No keystroke for this long: a pause long enough to load the tokenizer unnoticed. */
const IDLE_MS = 2000;
/** Other files looked at for snippets, most recently edited first. */
const MAX_CANDIDATES = 20;

/** Until the tokenizer has loaded (it blocks the host for about half a second), bytes bound the window; it loads meanwhile. */
const byteCounts = new TokenCountCache(tokensAtMost, { chars: 200_000, entries: 5_000 });

/**
 * The context of a suggestion: the window around the cursor in real tokens, and windows of
 * recently edited and open files of the same language most like the code before the cursor.
 * Only files that may go to the model are looked at (`allowed`: the same exclusions as the file).
 */
export class CompletionContexts extends Disposable {
  private readonly index = new SnippetIndexCache();
  private readonly recent: string[] = [];

  constructor(private readonly allowed: (document: vscode.TextDocument) => boolean) {
    super();
    // Most recently edited, opened or shown first: the files the user works with now.
    const touched = (document: vscode.TextDocument) => {
      const key = document.uri.toString();
      if (this.recent[0] === key) return;
      const at = this.recent.indexOf(key);
      if (at >= 0) this.recent.splice(at, 1);
      this.recent.unshift(key);
      if (this.recent.length > MAX_CANDIDATES * 2) this.recent.pop();
    };
    this._register(vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && touched(e.document)));
    this._register(vscode.workspace.onDidOpenTextDocument(touched));
    this._register(vscode.window.onDidChangeActiveTextEditor((e) => e && touched(e.document)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.index.forget(snippetPath(d.uri))));
    // An exclusion added since: nothing indexed before may lend snippets without being looked at again.
    this._register(vscode.workspace.onDidChangeConfiguration(() => this.index.clear()));
  }

  build(document: vscode.TextDocument, text: string, offset: number, mask: boolean): CompletionContext {
    const counts = tokenizerLoadMs() === undefined ? byteCounts : windowLineCounts;
    if (counts === byteCounts) this.loadTokenizerWhenIdle();
    const window = cursorWindow(text, offset, BUDGETS, counts);
    const snippets = similarSnippets(queryText(window.prefix), document.languageId, this.candidates(document), this.index, {
      maxChars: SNIPPET_CHARS,
      mask,
    });
    if (!mask) return { prefix: window.prefix, suffix: window.suffix, snippets, secrets: [] };
    const prefix = maskSecrets(maskKeyFragments(window.prefix));
    const suffix = maskSecrets(maskKeyFragments(window.suffix));
    const shifted = suffix.text.replace(/⟦secret (\d+)⟧/g, (_w, n: string) => `⟦secret ${Number(n) + prefix.secrets.length}⟧`);
    return { prefix: prefix.text, suffix: shifted, snippets, secrets: [...prefix.secrets, ...suffix.secrets] };
  }

  private idle?: ReturnType<typeof setTimeout>;

  /** Loads the tokenizer (it blocks the host for about half a second) only after a pause in typing. */
  private loadTokenizerWhenIdle(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => countTokens('warm up'), IDLE_MS);
  }

  override dispose(): void {
    clearTimeout(this.idle);
    super.dispose();
  }

  /** Recently edited, opened or shown documents first, then visible ones, then the other open ones. */
  private candidates(current: vscode.TextDocument): SnippetDocument[] {
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    const order = [...this.recent, ...vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()), ...open.keys()];
    const seen = new Set<string>([current.uri.toString()]);
    const out: SnippetDocument[] = [];
    for (const key of order) {
      const doc = open.get(key);
      if (!doc || seen.has(key) || out.length >= MAX_CANDIDATES) continue;
      seen.add(key);
      if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') continue;
      if (!this.allowed(doc)) continue;
      out.push({
        path: snippetPath(doc.uri),
        languageId: doc.languageId,
        text: () => doc.getText(),
        version: doc.version,
      });
    }
    return out;
  }
}

/** A snippet's name: relative to its folder, with the folder's name when several are open (never two files under one name). */
function snippetPath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}
