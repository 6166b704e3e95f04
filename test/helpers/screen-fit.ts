import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { Clock } from '../../server/clock';

/** Where a failing layout test leaves its screenshot (test/.artifacts, ignored by git). */
export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.artifacts');

export interface Viewport {
  width: number;
  height: number;
}

/** One measured element: its box in the viewport and whether its text overflows it. */
export interface Measured {
  testid: string;
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
  scrollWidth: number;
  clientWidth: number;
  /** Lines of text, from the box height and the line height (1 for a one-line clock). */
  lines: number;
  inline: boolean;
}

/**
 * Every element with these test ids, measured in the page at its current scroll. A string expression:
 * the test files carry no DOM types.
 */
export async function measure(page: Page, testids: readonly string[]): Promise<{ viewport: Viewport; boxes: Measured[] }> {
  return page.evaluate(`(() => {
    const boxes = [];
    for (const testid of ${JSON.stringify(testids)}) {
      for (const el of document.querySelectorAll('[data-testid="' + testid + '"]')) {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
        boxes.push({
          testid,
          text: (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 80),
          left: r.left, top: r.top, right: r.right, bottom: r.bottom,
          scrollWidth: el.scrollWidth, clientWidth: el.clientWidth,
          lines: Math.round(r.height / lineHeight),
          inline: style.display === 'inline',
        });
      }
    }
    return { viewport: { width: innerWidth, height: innerHeight }, boxes };
  })()`);
}

/**
 * What is wrong with the first screen: a named element missing, outside the viewport, or with text
 * wider than its box (`scrollWidth > clientWidth`). Empty when all is well.
 */
export async function misfits(page: Page, required: readonly string[], opts: { oneLine?: readonly string[] } = {}): Promise<string[]> {
  const { viewport, boxes } = await measure(page, [...new Set([...required, ...(opts.oneLine ?? [])])]);
  const problems: string[] = [];
  for (const testid of required) if (!boxes.some((b) => b.testid === testid)) problems.push(`${testid}: not on the page`);
  for (const b of boxes) {
    const where = `${b.testid} "${b.text}" [${Math.round(b.left)},${Math.round(b.top)} → ${Math.round(b.right)},${Math.round(b.bottom)}]`;
    // Half a pixel of sub-pixel layout is not clipping.
    if (b.left < -0.5 || b.top < -0.5 || b.right > viewport.width + 0.5 || b.bottom > viewport.height + 0.5)
      problems.push(`${where} outside the ${viewport.width}x${viewport.height} viewport`);
    if (!b.inline && b.scrollWidth > b.clientWidth + 1) problems.push(`${where} clips its text: scrollWidth ${b.scrollWidth} > clientWidth ${b.clientWidth}`);
    if (opts.oneLine?.includes(b.testid) && b.lines > 1) problems.push(`${where} wraps onto ${b.lines} lines`);
  }
  return problems;
}

/** Runs `check`; when it throws, the page's screenshot goes to test/.artifacts/<name>.png first. */
export async function shotOnFailure<T>(page: Page, name: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) }).catch(() => undefined);
    throw err;
  }
}

/**
 * A page's Screen Wake Lock, recorded: `window.__wake` counts requests and releases, and
 * `window.__setHidden(true|false)` hides or shows the tab as the browser would (a hidden tab loses
 * its lock, then a visibilitychange). Headless Chromium grants no real lock, so the API is stood in for.
 */
export const WAKE_LOCK_RECORDER = `(() => {
  const wake = { requests: 0, releases: 0, held: 0 };
  window.__wake = wake;
  let hidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
  const sentinels = [];
  const drop = (s) => {
    if (s.released) return;
    s.released = true;
    wake.held--;
    s.dispatchEvent(new Event('release'));
  };
  const api = {
    request: async (type) => {
      if (type !== 'screen') throw new TypeError('screen only');
      wake.requests++;
      wake.held++;
      const s = new EventTarget();
      s.type = type;
      s.released = false;
      s.onrelease = null;
      s.release = async () => {
        if (!s.released) wake.releases++;
        drop(s);
      };
      sentinels.push(s);
      return s;
    },
  };
  Object.defineProperty(Navigator.prototype, 'wakeLock', { configurable: true, get: () => api });
  window.__setHidden = (value) => {
    hidden = value;
    if (value) sentinels.forEach(drop);
    document.dispatchEvent(new Event('visibilitychange'));
  };
})();`;

/** Counts the soft chimes a page plays (each is one oscillator): `window.__chimes`. */
export const CHIME_RECORDER = `(() => {
  window.__chimes = 0;
  const create = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () {
    window.__chimes++;
    return create.call(this);
  };
})();`;

/** A person opening a personal link in a context the test prepared (init scripts, viewport); resolves on the meeting page. */
export async function openIn(ctx: BrowserContext, url: string, errors: string[]): Promise<Page> {
  const page = await ctx.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${url}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`${url}: ${err.message}`));
  await page.goto(url);
  await page.waitForURL(/\/m\/[0-9a-f-]{36}$/);
  return page;
}

/** The server's clock, moved by the test: real time plus a shift, so timers still run between moves. */
export class ShiftedClock implements Clock {
  #shiftMs = 0;

  now(): Date {
    return new Date(Date.now() + this.#shiftMs);
  }

  /** From now on the server's time reads `iso` (and runs on from there). */
  setTo(iso: string): void {
    this.#shiftMs = Date.parse(iso) - Date.now();
  }

  advance(ms: number): void {
    this.#shiftMs += ms;
  }
}
