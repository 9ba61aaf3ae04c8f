/**
 * Turns a model's rewrite answer into the exact text that replaces the selection: the answer
 * taken out of the reply (`rewriteAnswer.ts`); indentation, line endings and the trailing newline made to
 * match the selection. Works on partial answers too, so the editor can show the rewrite as
 * it streams. Reasoning is not its business: the client split it off the stream already, and
 * stripping it again would cut answers that merely contain `</think>`.
 */
import { unmaskSecrets } from '../context/maskSecrets';
import { extractCode } from './rewriteAnswer';
import { settledPart } from './rewriteFences';
import { fitIndentation } from './rewriteIndent';

export interface SelectionShape {
  /** The selected text, as it is in the document. */
  original: string;
  /** The document's line ending. */
  eol: '\n' | '\r\n';
  /** What precedes the selection on its first line (for a selection that starts mid-line). */
  linePrefix: string;
  /** The editor's tab size, for converting between tabs and spaces. */
  tabSize: number;
  /** The document's language (`markdown`, `python`…): it decides some fence and chatter cases. */
  languageId?: string;
  /** One indentation level as the editor writes it, for code generated where nothing was selected. */
  indentUnit?: string;
}

export interface CleanedRewrite {
  text: string;
  /** True when the reply has no code at all (empty, whitespace, or only chatter). */
  empty: boolean;
}

export interface CleanOptions {
  /** The answer so far, while it streams: an unfinished last line waits until it is decided. */
  partial?: boolean;
}

export function cleanRewrite(answer: string, shape: SelectionShape, options: CleanOptions = {}): CleanedRewrite {
  let reply = answer.replace(/\r\n/g, '\n');
  if (options.partial) reply = settledPart(reply);
  const original = shape.original.replace(/\r\n/g, '\n');
  let code = extractCode(reply, { original, languageId: shape.languageId, partial: options.partial });
  // Blank lines around the code are never part of the answer.
  code = code.replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
  if (!code.trim()) return { text: '', empty: true };
  const lines = fitIndentation(code.split('\n'), {
    original,
    linePrefix: shape.linePrefix,
    tabSize: shape.tabSize,
    indentUnit: shape.indentUnit,
  });
  let text = lines.join(shape.eol);
  if (/\r?\n$/.test(shape.original)) text += shape.eol;
  return { text, empty: false };
}

/** Code generated at the cursor: nothing is replaced, and `lead` (a line break, the indentation) goes first. */
export interface Insertion {
  lead: string;
  indent: string;
}

/**
 * The text a rewrite shows for `answer`: cleaned against the selection with the secrets masked
 * in the prompt put back; or, for code generated at the cursor, cleaned as a reply for an empty
 * selection indented to the cursor (the lead holds that indentation), after its lead.
 */
export function rewriteToShow(
  answer: string,
  shape: SelectionShape,
  options: CleanOptions & { maskedSecrets: string[]; insertion?: Insertion },
): CleanedRewrite {
  const { insertion, partial } = options;
  if (insertion) {
    const cleaned = cleanRewrite(answer, { ...shape, original: '', linePrefix: insertion.indent }, { partial });
    return { ...cleaned, text: cleaned.empty ? '' : insertion.lead + cleaned.text };
  }
  const cleaned = cleanRewrite(answer, shape, { partial });
  return { ...cleaned, text: unmaskSecrets(cleaned.text, options.maskedSecrets) };
}
