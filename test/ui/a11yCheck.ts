/**
 * Accessibility checks on the chat view's frame, for the UI tests: axe-core injected into the
 * frame, a recorder of what enters live regions, and a focus-ring check from computed style
 * and from the pixels of a screenshot.
 */
import * as fs from 'fs';
import type { ElementHandle, Frame, Page } from 'playwright-core';

/**
 * The Frame (not a FrameLocator) of the chat view's content: what evaluate() needs. The webview
 * host swaps a frame in as `#active-frame` once its page has loaded, and swaps in another when
 * the page is set again, so a handle taken as the view opens can name a frame that is then
 * removed: wait for the chat's input inside, and take the handle again if its frame went away.
 */
export async function chatFrameHandle(page: Page, timeout = 30_000): Promise<Frame> {
  const host = page.frameLocator('iframe.webview.ready');
  const deadline = Date.now() + timeout;
  for (;;) {
    const left = () => Math.max(1, deadline - Date.now());
    await host.frameLocator('#active-frame').locator('#input').waitFor({ state: 'attached', timeout: left() });
    // A frame removed between these steps makes them throw ("Frame was detached"): try again.
    const frame = await (await host.locator('#active-frame').elementHandle({ timeout: left() }))?.contentFrame().catch(() => null);
    if (frame && (await holdsInput(frame))) return frame;
    if (Date.now() >= deadline) throw new Error(`the chat view has no content frame with its input after ${timeout} ms`);
  }
}

/** Whether `frame` is still in the page and holds the chat's input. */
async function holdsInput(frame: Frame): Promise<boolean> {
  if (frame.isDetached()) return false;
  const inputs = await frame
    .locator('#input')
    .count()
    .catch(() => 0);
  return inputs > 0;
}

export interface AxeFinding {
  id: string;
  impact?: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the frame with WCAG 2.1 A/AA and best-practice rules. The source goes in
 * through the debugger protocol, which the page's CSP does not apply to (it has no 'unsafe-eval').
 */
export async function runAxe(frame: Frame): Promise<{ violations: AxeFinding[]; incomplete: AxeFinding[] }> {
  if (!(await frame.evaluate(() => 'axe' in window))) {
    await frame.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  }
  return frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<any> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations', 'incomplete'],
    });
    const brief = (list: any[]) =>
      list.map((r) => ({
        id: r.id,
        impact: r.impact,
        help: r.help,
        nodes: r.nodes.map((n: any) => `${n.target.join(' ')}: ${n.failureSummary ?? ''} ${n.any[0]?.message ?? ''}`.trim()),
      }));
    return { violations: brief(result.violations), incomplete: brief(result.incomplete) };
  });
}

/**
 * Starts recording every piece of text that enters a live region of the frame (an element with
 * aria-live, or role status/log/alert, or inside one), as a screen reader would be told.
 */
export async function recordLiveRegions(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = window as unknown as { liveHeard: string[]; liveObserver?: MutationObserver };
    w.liveObserver?.disconnect();
    w.liveHeard = [];
    const live = '[aria-live]:not([aria-live="off"]), [role="status"], [role="log"], [role="alert"]';
    const within = (node: Node | null) => (node instanceof Element ? node : node?.parentElement)?.closest(live);
    w.liveObserver = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'characterData' && within(r.target)) w.liveHeard.push(r.target.textContent ?? '');
        for (const added of r.addedNodes) {
          const isLive = within(r.target) || (added instanceof Element && (added.matches(live) || added.querySelector(live)));
          if (isLive) w.liveHeard.push(added.textContent ?? '');
        }
      }
    });
    w.liveObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

export async function liveHeard(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => (window as unknown as { liveHeard: string[] }).liveHeard);
}

/** WCAG's contrast ratio of two sRGB colours (0-255 channels). */
export function contrast(a: number[], b: number[]): number {
  const lum = (c: number[]) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export interface Ring {
  style: string;
  width: number;
  ringPixels: number;
  perimeter: number;
  bestContrast: number;
}

/**
 * The focus ring of the focused element, measured: its computed outline, and in a screenshot
 * the pixels around the element's edge that differ from the unfocused look by at least 3:1
 * (taken with focus on, then off, then focus put back with the keyboard look kept).
 */
export async function measureRing(page: Page, target: ElementHandle<Element>, decoder: Page): Promise<Ring> {
  const style = await target.evaluate((el) => {
    const cs = getComputedStyle(el);
    // What of the element the conversation's scrolling shows (frame coordinates).
    const r = el.getBoundingClientRect();
    const scroller = el.parentElement?.closest('.messages')?.getBoundingClientRect();
    const top = scroller ? Math.max(r.top, scroller.top) : r.top;
    const bottom = scroller ? Math.min(r.bottom, scroller.bottom) : r.bottom;
    return {
      style: cs.outlineStyle,
      width: parseFloat(cs.outlineWidth) || 0,
      offset: parseFloat(cs.outlineOffset) || 0,
      top: r.top,
      shownTop: top,
      shownBottom: bottom,
    };
  });
  const box = await target.boundingBox();
  if (!box) throw new Error('the focused element has no box');
  const viewport = page.viewportSize()!;
  const pad = Math.max(6, style.offset + style.width + 3);
  const shownTop = box.y + (style.shownTop - style.top);
  const shownBottom = box.y + (style.shownBottom - style.top);
  const clip = {
    x: Math.max(0, Math.floor(box.x - pad)),
    y: Math.max(0, Math.floor(shownTop - (shownTop > box.y ? 0 : pad))),
    width: 0,
    height: 0,
  };
  clip.width = Math.min(viewport.width, Math.ceil(box.x + box.width + pad)) - clip.x;
  clip.height = Math.min(viewport.height, Math.ceil(shownBottom + (shownBottom < box.y + box.height ? 0 : pad))) - clip.y;
  const focused = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
  await target.evaluate((el) => (el as HTMLElement).blur());
  const unfocused = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
  await target.evaluate((el) => (el as HTMLElement).focus({ preventScroll: true }));
  // The band where a ring can be: from `offset` to `offset + width` outside the box (negative: inside).
  const inner = Math.floor(style.offset) - 1;
  const outer = Math.ceil(style.offset + style.width) + 1;
  const rel = { x: box.x - clip.x, y: box.y - clip.y, w: box.width, h: box.height };
  const result = await decoder.evaluate(
    async ({ a, b, rel, inner, outer }) => {
      const pixels = async (b64: string) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [fa, fb] = [await pixels(a), await pixels(b)];
      const lum = (d: Uint8ClampedArray, i: number) => {
        const ch = [d[i], d[i + 1], d[i + 2]].map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
      };
      let ringPixels = 0;
      let best = 1;
      for (let y = 0; y < fa.height; y++) {
        for (let x = 0; x < fa.width; x++) {
          // Distance outside the box (negative inside), by the nearer edge.
          const dx = x < rel.x ? rel.x - x : x >= rel.x + rel.w ? x - (rel.x + rel.w) + 1 : -Math.min(x - rel.x, rel.x + rel.w - 1 - x) - 1;
          const dy = y < rel.y ? rel.y - y : y >= rel.y + rel.h ? y - (rel.y + rel.h) + 1 : -Math.min(y - rel.y, rel.y + rel.h - 1 - y) - 1;
          const d = dx > 0 || dy > 0 ? Math.max(dx, dy) : Math.max(dx, dy);
          if (d < inner || d > outer) continue;
          const i = (y * fa.width + x) * 4;
          const [l1, l2] = [lum(fa.data, i), lum(fb.data, i)];
          const c = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
          if (c >= 3) ringPixels++;
          best = Math.max(best, c);
        }
      }
      return { ringPixels, best };
    },
    { a: focused.toString('base64'), b: unfocused.toString('base64'), rel, inner, outer },
  );
  const perimeter = 2 * (Math.min(box.width, clip.width) + Math.min(box.height, clip.height, shownBottom - shownTop));
  return { style: style.style, width: style.width, ringPixels: result.ringPixels, perimeter, bestContrast: result.best };
}
