// The syntax highlighter, in a Web Worker: highlight.js (and compiling a language's grammar
// the first time it appears, 25 ms and more) never runs on the page's thread, so a code block
// never costs a frame. Bundled on its own and carried as text by highlightWorkerScript.ts.
import hljs from 'highlight.js/lib/common';

export interface HighlightRequest {
  id: number;
  code: string;
  language: string;
}
export interface HighlightReply {
  id: number;
  html?: string;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<HighlightRequest>) => void) | null; postMessage(m: HighlightReply): void };

scope.onmessage = ({ data: { id, code, language } }) => {
  let html: string | undefined;
  try {
    if (hljs.getLanguage(language)) html = hljs.highlight(code, { language, ignoreIllegals: true }).value;
  } catch {
    html = undefined;
  }
  scope.postMessage({ id, html });
};
