// What a model returns in fill-in-the-middle mode is raw: end tokens leak, chat models wrap it
// in a fence and repeat the line, and every model runs past the block and re-types the code after
// the cursor. These small steps turn it into the text an inline suggestion shows, or nothing.
import { cutBeforeSuffixLines, cutWhereSuffixCloses, indentWidth, quoteChars, trimLineEndOverlap } from './completionSuffix';

export interface CompletionInput {
  /** The document's text before the cursor (the part the request sent is enough). */
  prefix: string;
  /** The document's text after the cursor. */
  suffix: string;
  /** The model's raw text. */
  completion: string;
  languageId?: string;
  /** The document's line ending; found in prefix and suffix when not given. */
  eol?: '\n' | '\r\n';
  /** Columns of a tab, to compare tab and space indentation. */
  tabSize?: number;
}

/** Never in the middle of a word: a suggestion there would split an identifier the user is editing. */
// (Only what follows decides; the prefix is taken so callers ask with the cursor's two sides.)
export function shouldSuggestAt(_prefix: string, suffix: string): boolean {
  return !/^[\p{L}\p{N}_$]/u.test(suffix);
}

/** The text to show as an inline suggestion at the cursor, or undefined to show nothing. */
export function cleanCompletion(input: CompletionInput): string | undefined {
  if (!shouldSuggestAt(input.prefix, input.suffix)) return undefined;
  const eol = input.eol ?? (/\r\n/.test(input.prefix + input.suffix) ? '\r\n' : '\n');
  const tabSize = input.tabSize ?? 4;
  const prefix = toLf(input.prefix);
  const suffix = toLf(input.suffix);
  const prefixLine = prefix.slice(prefix.lastIndexOf('\n') + 1);
  const suffixLine = suffix.split('\n')[0];
  let text = cutAtEndToken(toLf(input.completion));
  text = stripCodeFence(text, input.languageId);
  text = stripRepeatedLine(text, prefixLine);
  text = allowsMultiLine(suffixLine) ? stopAtBlockEnd(text, prefixLine, tabSize) : text.split('\n')[0];
  text = cutBeforeSuffixLines(prefixLine, text, suffix, tabSize);
  text = trimTrailingBlankLines(text);
  const quotes = quoteChars(input.languageId);
  text = cutWhereSuffixCloses(prefixLine, text, suffixLine, quotes);
  text = trimLineEndOverlap(prefixLine, text, suffixLine, quotes);
  if (!text.trim()) return undefined;
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

function toLf(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

// End-of-text and FIM control tokens of Qwen2.5-Coder, DeepSeek-Coder, StarCoder2, CodeLlama and
// Codestral: a server that does not stop on them (or a template it does not know) passes them on,
// and everything after one is another file or the prompt echoed back.
const END_TOKENS = [
  '<|endoftext|>',
  '<|im_end|>',
  '<|fim_prefix|>',
  '<|fim_suffix|>',
  '<|fim_middle|>',
  '<|fim_pad|>',
  '<|file_sep|>',
  '<|repo_name|>',
  '<｜end▁of▁sentence｜>',
  '<|EOT|>',
  '<｜fim▁begin｜>',
  '<｜fim▁hole｜>',
  '<｜fim▁end｜>',
  '<fim_prefix>',
  '<fim_suffix>',
  '<fim_middle>',
  '<file_sep>',
  '<EOT>',
  '<MID>',
  '<SUF>',
  '[SUFFIX]',
  '[PREFIX]',
  '[MIDDLE]',
];

function cutAtEndToken(text: string): string {
  let end = text.length;
  for (const token of END_TOKENS) {
    const at = text.indexOf(token);
    if (at >= 0 && at < end) end = at;
  }
  // CodeLlama puts a space before <EOT>; that space is the token's, not the code's.
  return end < text.length ? text.slice(0, end).replace(/[ \t]+$/, '') : text;
}

const FENCE_OPEN = /^[ \t]*\n?[ \t]*(`{3,}|~{3,})[\w+#.-]*[ \t]*\n/;

/**
 * A chat model answering a fill-in request wraps the code in a fence: the opening line goes,
 * and the text from the closing fence on (with any chatter after it). A lone closing fence at
 * the end goes too. Never in Markdown, where a fence is what the user may be writing.
 */
function stripCodeFence(text: string, languageId: string | undefined): string {
  if (languageId === 'markdown') return text;
  const open = FENCE_OPEN.exec(text);
  if (!open) return text.replace(/\n[ \t]*(`{3,}|~{3,})[ \t]*$/, '');
  const body = text.slice(open[0].length);
  const close = new RegExp(`(^|\\n)[ \\t]*${open[1]}[ \\t]*(\\n|$)`).exec(body);
  return close ? body.slice(0, close.index) : body;
}

/**
 * Chat models often start by writing the line being completed again (`def add(a, b):` after
 * `def add(`), which would then appear twice. Taken away when the completion starts with the
 * line's whole text; a line of one or two characters (`i`, `x.`) is too likely a coincidence.
 */
function stripRepeatedLine(text: string, prefixLine: string): string {
  const typed = prefixLine.trimStart();
  const word = typed.trimEnd();
  if (word.length < 3 && !/\s/.test(word)) return text;
  if (text.startsWith(prefixLine)) return text.slice(prefixLine.length);
  const start = text.length - text.trimStart().length;
  if (text.slice(0, start).includes('\n')) return text;
  const body = text.slice(start);
  if (body.startsWith(typed)) return body.slice(typed.length);
  // `return ` typed, `return a + b` said: the space is already in the file
  if (body.startsWith(word)) return body.slice(word.length).replace(/^[ \t]+/, '');
  return text;
}

/**
 * Several lines only where they cannot mangle the line: at a blank line, or at its end with
 * nothing after the cursor but closers and a last `:`, `{`, `;` or `,` (the shape VS Code's own
 * inline completions accept as the middle of a line). Elsewhere only the first line is shown.
 */
function allowsMultiLine(suffixLine: string): boolean {
  return /^\s*[)\]}>"'`]*\s*[:{;,]?\s*$/.test(suffixLine);
}

const CLOSING_LINE = /^\s*([)\]}]|end\b|fi\b|done\b|esac\b|<\/)/;

/**
 * Stops where the suggestion's block ends, judged by indentation against the cursor's line
 * (with the completion's first line on it). When the completion opens a block (its next line is
 * deeper), the block ends at the first line back at that level or less; a closing line at the
 * same level (`}`, `)`, `end`, `</div>`) belongs to the block and ends it. Otherwise the lines
 * are the cursor's siblings: they go on until one goes lower than the cursor (leaving the
 * enclosing block, whose end the suffix has) or until a blank line followed by code no deeper
 * than the cursor (the next unit: another function, another paragraph).
 */
function stopAtBlockEnd(text: string, prefixLine: string, tabSize: number): string {
  const lines = text.split('\n');
  if (lines.length === 1) return text;
  const ref = indentWidth(prefixLine + lines[0], tabSize);
  const firstBody = lines.slice(1).find((l) => l.trim());
  const opensBlock = firstBody !== undefined && indentWidth(firstBody, tabSize) > ref;
  let kept = 1;
  let afterBlank = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) {
      afterBlank = true;
      continue;
    }
    const width = indentWidth(line, tabSize);
    if (opensBlock && width <= ref) {
      if (width === ref && CLOSING_LINE.test(line)) kept = i + 1;
      break;
    }
    if (!opensBlock && (width < ref || (afterBlank && width <= ref))) break;
    kept = i + 1;
    afterBlank = false;
  }
  return lines.slice(0, kept).join('\n');
}

/** Blank lines and trailing spaces at the end show as nothing but move the cursor on Tab. */
function trimTrailingBlankLines(text: string): string {
  return text.replace(/\s+$/, '');
}
