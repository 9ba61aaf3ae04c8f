import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { iconButton } from './dom';
import { shortenLongLines as shortenLines } from '../core/text/longLines';
import { format, strings as s } from './strings';

/**
 * Model output is untrusted: Markdown with raw HTML off, then DOMPurify over the result with
 * a short allow-list. Images never load (they become their alt text), links carry no target
 * and are opened by the extension on click.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: false });

md.renderer.rules.fence = (tokens, idx) => {
  const token = tokens[idx];
  const language = token.info.trim().split(/\s+/)[0] ?? '';
  // Plain here: colours come from the highlighting worker once the block is finished (highlight.ts).
  const highlighted = md.utils.escapeHtml(token.content);
  const lang = md.utils.escapeHtml(language);
  // The scrollable <pre> is a tab stop (so the keyboard can scroll it) and so needs a name;
  // accessibleNames.ts names it and the buttons after the block and its message are in place.
  return (
    `<div class="code-block" data-language="${lang}"><div class="code-toolbar"><span class="code-lang" aria-hidden="true">${lang}</span>` +
    iconButton('type="button" class="code-action" data-action="copy"', 'copy', s.copy) +
    iconButton('type="button" class="code-action" data-action="insert"', 'insert', s.insertTitle) +
    iconButton('type="button" class="code-action" data-action="replace"', 'replace', s.replaceTitle) +
    iconButton('type="button" class="code-action" data-action="newEditor"', 'go-to-file', s.newEditorTitle) +
    `</div><pre tabindex="0" role="group"${lang ? ` aria-label="${lang}"` : ''}><code class="hljs">${highlighted}</code></pre></div>`
  );
};

md.renderer.rules.image = (tokens, idx) => {
  const alt = md.utils.escapeHtml(format(s.image, tokens[idx].content || s.imageNoAlt));
  return `<span class="blocked-image" title="${md.utils.escapeHtml(s.imageBlocked)}">[${alt}]</span>`;
};

const ALLOWED_TAGS = [
  'a',
  'b',
  'blockquote',
  'br',
  'button',
  'code',
  'del',
  'div',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];
const ALLOWED_ATTR = [
  'role',
  'href',
  'title',
  'class',
  'data-action',
  'data-language',
  'aria-label',
  'aria-hidden',
  'tabindex',
  'type',
  'align',
  'start',
];

/**
 * A link keeps its target in `data-href`, not `href`: the webview host opens any clicked
 * `<a href>` on its own (preventDefault does not stop it), which opened a model's link at once
 * and again after VS Code's prompt. Without `href` only Parley's click handler acts, and it
 * asks VS Code to open the link, which prompts once. `role`/`tabindex` keep it a link for the
 * keyboard and screen readers; the title shows where it goes.
 */
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    node.removeAttribute('href');
    node.removeAttribute('target');
    if (/^(https?:|mailto:)/i.test(href)) {
      node.setAttribute('data-href', href);
      node.setAttribute('role', 'link');
      node.setAttribute('tabindex', '0');
      if (!node.getAttribute('title')) node.setAttribute('title', href);
    }
  }
});

export function renderMarkdown(text: string): string {
  return DOMPurify.sanitize(md.render(text), { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false });
}

/** Bidi control characters can make code read differently from how it runs: show them. */
export function revealBidi(text: string): string {
  return text.replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => `⟦U+${c.charCodeAt(0).toString(16).toUpperCase()}⟧`);
}

/**
 * Lines over `max` characters are shortened for display: laying out one enormous line costs
 * the browser seconds and freezes the view. Copy and the code actions still get everything.
 */
export function shortenLongLines(text: string, max = 10_000): string {
  return shortenLines(text, max, (left) => ` … [${format(s.lineShortened, left.toLocaleString('en'))}]`);
}
