// The syntax highlighter, in a Web Worker: highlight.js (and compiling a language's grammar
// the first time it appears, 25 ms and more) never runs on the page's thread, so a code block
// never costs a frame. Bundled on its own and carried as text by highlightWorkerScript.ts.
import hljs from 'highlight.js/lib/common';
import { grammarsToWarm } from '../core/view/grammarWarmup';

export interface HighlightRequest {
  id: number;
  code: string;
  language: string;
}
/** Compile the next grammar not yet compiled, those of `first` before the rest. */
export interface WarmRequest {
  warm: true;
  first: string[];
}
export type ToHighlighter = HighlightRequest | WarmRequest;
export interface HighlightReply {
  id: number;
  html?: string;
}
/** A grammar was compiled (`more`: others are left). */
export interface WarmReply {
  warmed: string | null;
  more: boolean;
}
export type FromHighlighter = HighlightReply | WarmReply;

const scope = self as unknown as { onmessage: ((e: MessageEvent<ToHighlighter>) => void) | null; postMessage(m: FromHighlighter): void };
/** Grammars compiled here, by highlight.js's name for them (an alias resolves to its language). */
const compiled = new Set<string>();

function highlight({ id, code, language }: HighlightRequest): HighlightReply {
  try {
    const grammar = hljs.getLanguage(language);
    if (!grammar) return { id };
    compiled.add(grammar.name ?? language);
    return { id, html: hljs.highlight(code, { language, ignoreIllegals: true }).value };
  } catch {
    return { id };
  }
}

/** Compiles one grammar (highlight.js compiles a language on its first use; an empty text is enough). */
function warm({ first }: WarmRequest): WarmReply {
  const [next, ...rest] = grammarsToWarm(first, hljs.listLanguages(), (l) => hljs.getLanguage(l)?.name, compiled);
  if (next === undefined) return { warmed: null, more: false };
  compiled.add(hljs.getLanguage(next)?.name ?? next);
  try {
    hljs.highlight('', { language: next, ignoreIllegals: true });
  } catch {
    // a grammar that does not compile here fails the same way when a block needs it: plain text
  }
  return { warmed: next, more: rest.length > 0 };
}

scope.onmessage = ({ data }) => scope.postMessage('warm' in data ? warm(data) : highlight(data));
