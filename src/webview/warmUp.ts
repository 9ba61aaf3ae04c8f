import { messageElement } from './messages';

/** A reply with what replies hold: the sample drawn once, out of sight, while the page is idle. */
const SAMPLE =
  'See **bold**, *em*, `code` and https://example.com/a.\n\n- one\n- two\n\n> quoted\n\n' +
  '| a | b |\n|---|---|\n| 1 | 2 |\n\n```ts\nconst total = items.reduce((a, b) => a + b.price, 0);\n```\n';

/**
 * The first reply in a view opened on an empty chat was drawn slowly: its first redraws took
 * 25-45 ms where later ones take 3, and the frames they were in were missed. Drawing a message
 * the first time builds what Markdown and the sanitiser keep (linkify's patterns, DOMPurify's
 * config), runs code the engine has not compiled yet, and lays out a code block's monospace
 * text and icons the first time (the fonts looked up). Done here once, while the page is idle,
 * on a reply that is laid out out of sight and thrown away; nothing of it stays in the page.
 */
export function warmUpRendering(): void {
  const scratch = document.createElement('div');
  scratch.className = 'messages';
  scratch.setAttribute('aria-hidden', 'true');
  scratch.style.cssText = 'position:absolute;left:0;top:0;width:100%;visibility:hidden;pointer-events:none';
  scratch.append(messageElement({ id: 'warm-up', role: 'assistant', content: SAMPLE, streaming: true }));
  document.body.append(scratch);
  void scratch.offsetHeight; // laid out now: the fonts and the rules a reply uses are resolved
  scratch.remove();
  performance.mark('parley:warm');
}
