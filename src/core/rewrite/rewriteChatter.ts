/**
 * Chatter: prose a model addresses to the user around the code ("Here is the code:",
 * "I added types."). In a reply without fences, leading and trailing chatter lines are
 * dropped; code and comments, including code lines that end in `:` (`else:`, `try:`), stay.
 * The phrases only ever trim the ends of such a reply: where the reply has fences, its
 * structure decides (`rewriteAnswer.ts`), however the prose is phrased.
 */
import { isMarkdown } from './rewriteFences';

/** Openings of sentences said to the user, in any language's file. */
const ADDRESSED =
  /^(?:[Hh]ere(?:'s|’s| is| are)\b|(?:Sure|Certainly|Of course|Okay|OK|Ok)\b(?:[ ,.!]|$)|[Bb]elow (?:is|are)\b|(?:I|We)(?:'ve|’ve| have| added| changed| replaced| updated| made| renamed| removed| kept| used| also| rewrote| refactored)\b|Let me know\b|Hope this\b|Feel free\b|In this version\b|This (?:version|rewrite|change|code|updated)\b|The (?:rewritten|updated|refactored|modified|revised|corrected|improved) (?:code|version|function|text|snippet)\b)/;
/** Headings models put before or after the code, as a whole line. */
const LABEL = /^(?:Explanation|Changes(?: made)?|Key changes|Summary|Notes?|Output|Result|Updated code|Rewritten code)\s*:?$/;
/** Words that open code lines ending in `:` (Python, YAML-free keywords, C labels). */
const CODE_WORD =
  /^(?:else|elif|if|for|while|try|except|finally|with|def|class|async|match|case|default|public|private|protected|return|lambda)\b/;
/** Data languages where a capitalised `Key:` line is content (CloudFormation's `Resources:`). */
const DATA = new Set(['yaml', 'dockercompose', 'toml', 'ini', 'properties', 'makefile']);
/** Comment openers in common languages: a comment is the file's text, not chatter. */
const COMMENT = /^(?:\/\/|\/\*|\*|#|--|<!--|;|%|')/;

/**
 * A sentence to the user: an addressed opening or a label anywhere; in code (not Markdown or
 * plain text, where sentences are content) also a capitalised sentence ending in `.` or `!`,
 * or a capitalised heading ending in `:` ("Usage:"), with no code punctuation in it.
 */
export function isChatter(line: string, languageId?: string): boolean {
  if (!line.trim() || /^\s/.test(line)) return false; // models say chatter at column 0
  if (COMMENT.test(line) || CODE_WORD.test(line)) return false;
  if (ADDRESSED.test(line) || LABEL.test(line)) return true;
  if (isMarkdown(languageId) || languageId === 'plaintext') return false;
  if (/[;{}=<>[\]]/.test(line)) return false;
  const words = line.trim().split(/\s+/).length;
  const colonWords = languageId !== undefined && DATA.has(languageId) ? 2 : 1;
  return /^[A-Z][a-z’']*\b/.test(line) && (/:$/.test(line) ? words >= colonWords : /[.!]$/.test(line) && words >= 3);
}

/** Chatter or blank, for this selection: a line that is in the selection is content, whatever it looks like. */
export function chatterTest(original: string, languageId?: string): (line: string) => boolean {
  const own = new Set(
    original
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return (line) => !line.trim() || (!own.has(line.trim()) && isChatter(line, languageId));
}

/** Drops chatter and blank lines from both ends. A reply of nothing but chatter leaves nothing. */
export function trimChatter(lines: string[], chatter: (line: string) => boolean): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && chatter(lines[start])) start++;
  while (end > start && chatter(lines[end - 1])) end--;
  return lines.slice(start, end);
}

/** Inline code (`reduce`): prose quotes code this way, so what it quotes says nothing about the line. */
const INLINE_CODE = /`[^`]*`/g;
/** Line ends that only code has: a statement, a block or a list going on. */
const CODE_END = /(?:[;{}[\](,\\=]|=>|&&|\|\|)$/;
/** Operators prose does not write outside inline code. */
const CODE_OPERATOR = / = |==|!=|:=|[-+*/%]=|=>|::/;
/** A key and its value at column 0, lowercase as data keys are (`runs-on: x`, `name = "x"`), or a JSON key. */
const DATA_KEY = /^(?:[a-z_][\w.-]*\s*[:=](?:\s|$)|"[^"]*"\s*:)/;
const MARKUP = /^<[A-Za-z/!?]/;
/** Comment openers no prose line starts with (`#` is a Markdown heading as often as a comment). */
const CODE_COMMENT = /^\s*(?:\/\/|\/\*|\*\/|<!--|#!|#(?:include|define|pragma|ifn?def|endif|import)\b)/;

/**
 * A line that can only be code, by its syntax, never by its words: it ends like a statement
 * or block, holds an operator, is a data key, markup, a comment, a call (`print(x)`), or a
 * keyword line ending in `:` (`else:`). A line this does not recognise may still be code; it
 * is only shown later, once the reply is known to be code.
 */
export function looksLikeCode(line: string): boolean {
  const text = line.replace(INLINE_CODE, '``').trim();
  if (!text || text === '``') return false;
  if (CODE_COMMENT.test(line) || MARKUP.test(text) || DATA_KEY.test(line)) return true;
  if (CODE_END.test(text) || CODE_OPERATOR.test(text)) return true;
  // A call at the end of a line that does not open like a sentence ("Replaced f() with g()").
  if (/\w\(.*\)$/.test(text) && !/^[A-Z][a-z]+ /.test(text)) return true;
  return CODE_WORD.test(text) && /:$/.test(text);
}
