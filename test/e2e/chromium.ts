import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, or CHROMIUM_PATH; null when neither exists. */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

export const e2eRequired = process.env.RAKOR_REQUIRE_E2E === '1';

/** True when the e2e tests can run; a loud notice when they will be skipped. */
export function e2eAvailable(): boolean {
  const found = chromiumPath();
  if (found) return true;
  if (e2eRequired) throw new Error('RAKOR_REQUIRE_E2E=1 but no Chromium was found (set CHROMIUM_PATH or apt-get install chromium)');
  console.warn('\n\n  !!! END-TO-END TESTS SKIPPED: no Chromium found (set CHROMIUM_PATH or apt-get install chromium) !!!\n\n');
  return false;
}

export interface LaunchOptions {
  /**
   * Camera and microphone from Chromium's fake devices (a test pattern and a beep), granted without
   * asking, and WebRTC over loopback: for calls against a real LiveKit server on 127.0.0.1.
   */
  fakeMedia?: boolean;
}

const FAKE_MEDIA_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...(opts.fakeMedia ? FAKE_MEDIA_ARGS : []),
    ],
  });
}

export interface OpenLinkOptions {
  /** A phone's viewport instead of a laptop's. */
  phone?: boolean;
  /** The page's own clock is off by this much: every Date.now() in it is shifted. */
  skewMs?: number;
  /** Console errors and uncaught exceptions of the page are pushed here. */
  errors: string[];
  /** The new context is pushed here, for the test to close. */
  contexts: BrowserContext[];
}

/** A person opening their personal link in a browser of their own; resolves on the meeting page. */
export async function openLink(browser: Browser, url: string, opts: OpenLinkOptions): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: opts.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    locale: 'id-ID',
  });
  opts.contexts.push(ctx);
  if (opts.skewMs) {
    await ctx.addInitScript((skew: number) => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + skew;
    }, opts.skewMs);
  }
  const page = await ctx.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') opts.errors.push(`${url}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => opts.errors.push(`${url}: ${err.message}`));
  // confirm() of "end the meeting" or "finalise": the person says yes.
  page.on('dialog', (d) => void d.accept());
  await page.goto(url);
  await page.waitForURL(/\/m\/[0-9a-f-]{36}$/);
  return page;
}
