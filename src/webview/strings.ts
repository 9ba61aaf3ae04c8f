import type { WebviewStrings } from '../shared/webviewStrings';

/** The view's words, localized by the extension and carried on the page (chat/webviewHtml.ts). */
export const strings: WebviewStrings = readStrings();

function readStrings(): WebviewStrings {
  const data = document.getElementById('app')?.dataset.strings;
  if (!data) throw new Error('Parley: the chat page carries no strings');
  return JSON.parse(data) as WebviewStrings;
}

/** Fills `{0}`, `{1}`… the way `vscode.l10n.t` does. */
export function format(template: string, ...args: string[]): string {
  return template.replace(/\{(\d+)\}/g, (match, i: string) => args[Number(i)] ?? match);
}
