import type * as vscode from 'vscode';
import { maskSecrets } from '../core/context/maskSecrets';

/** What a request carries: the text around the cursor and the snippets, masked. */
export interface CompletionContext {
  prefix: string;
  suffix: string;
  preamble: string;
  extra: { filename: string; text: string }[];
  /** The masked values, to put back into the suggestion. */
  secrets: string[];
}

const PREFIX_CHARS = 6000;
const SUFFIX_CHARS = 2000;

export function completionContext(document: vscode.TextDocument, text: string, offset: number, mask: boolean): CompletionContext {
  let prefix = text.slice(Math.max(0, offset - PREFIX_CHARS), offset);
  let suffix = text.slice(offset, offset + SUFFIX_CHARS);
  const secrets: string[] = [];
  if (mask) {
    const p = maskSecrets(prefix);
    secrets.push(...p.secrets);
    prefix = p.text;
    const s = maskSecrets(suffix);
    suffix = s.text.replace(/⟦secret (\d+)⟧/g, (_w, n: string) => `⟦secret ${Number(n) + p.secrets.length}⟧`);
    secrets.push(...s.secrets);
  }
  void document;
  return { prefix, suffix, preamble: '', extra: [], secrets };
}
