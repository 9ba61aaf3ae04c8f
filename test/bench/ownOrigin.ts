/**
 * Webviews served from an origin of their own, as desktop VS Code serves them (#33).
 *
 * code-server serves a webview's frames from the workbench's own origin, so Chromium keeps them
 * in the workbench's renderer process, on its main thread. Desktop VS Code serves them from
 * `vscode-webview://<id>`, a site of its own, and Chromium gives each its own process. The
 * bench does the same here: the workbench's configuration names `http://{{uuid}}.localhost:<port>`
 * as the webview endpoint (Chromium resolves any `*.localhost` to this machine and counts it a
 * secure context, so the view's service worker runs), and each view's origin is then a site of
 * its own. The webview host page accepts that origin because its host name is the hash VS Code
 * derives from the workbench's origin (`{{uuid}}`). The workbench's Content-Security-Policy gets
 * that origin added to `frame-src`; nothing else changes, the view's own policy included.
 */
import type { Browser, CDPSession, Frame, Page } from 'playwright-core';

/**
 * Chromium flags: every site in its own process (the desktop default, said outright), and no
 * local-network check on the workbench's page, which is answered by the bench's route (a
 * fulfilled response has no address, so Chromium would count the page public and refuse its
 * WebSocket to 127.0.0.1).
 */
export const OWN_ORIGIN_BROWSER_ARGS = ['--site-per-process', '--disable-features=LocalNetworkAccessChecks'];

/** Rewrites the workbench page as it loads: the webview endpoint, and the frame-src allowing it. */
export async function serveWebviewsFromOwnOrigin(page: Page): Promise<void> {
  await page.route(/\/\?folder=/, async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const setting = /webviewEndpoint&quot;:&quot;([^&]*)&quot;/.exec(html);
    if (!setting) throw new Error("the workbench page has no webviewEndpoint setting: code-server's page changed");
    const endpoint = new URL(setting[1], route.request().url());
    const origin = `${endpoint.protocol}//{{uuid}}.localhost:${endpoint.port}`;
    const headers = response.headers();
    const policy = headers['content-security-policy'];
    if (!policy?.includes('frame-src ')) throw new Error('the workbench page has no frame-src policy to extend');
    headers['content-security-policy'] = policy.replace('frame-src ', `frame-src http://*.localhost:${endpoint.port} `);
    await route.fulfill({
      response,
      headers,
      body: html.replace(setting[0], `webviewEndpoint&quot;:&quot;${origin}${endpoint.pathname}&quot;`),
    });
  });
}

/**
 * Whether `frame` runs out of the workbench's process: its origin differs from the page's and
 * the browser lists a DevTools target of type `iframe` (an out-of-process frame) at that origin.
 */
export async function runsInOwnProcess(browser: Browser, page: Page, frame: Frame): Promise<boolean> {
  const origin = new URL(frame.url()).origin;
  if (origin === new URL(page.url()).origin) return false;
  const session = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
    return targetInfos.some((t) => t.type === 'iframe' && t.url.startsWith(origin));
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/**
 * A DevTools session on the target `frame` runs in: an out-of-process frame's own, found by
 * walking up (the chat page's frame is inside the webview host's frame, the target's root), or
 * the page's when the frame shares its process.
 */
export async function sessionFor(page: Page, frame: Frame): Promise<CDPSession> {
  for (let f: Frame | null = frame; f && f !== page.mainFrame(); f = f.parentFrame()) {
    const session = await page
      .context()
      .newCDPSession(f)
      .catch(() => undefined);
    if (session) return session;
  }
  return page.context().newCDPSession(page);
}
