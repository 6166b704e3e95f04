import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { startTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app';
import { launchChromium, openLink, type LaunchOptions, type OpenLinkOptions } from './chromium';
import { E2E_CLIENT_DIR } from './global-setup';

export const VIEWPORTS = {
  laptop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

export interface NewPageOptions {
  viewport?: keyof typeof VIEWPORTS | { width: number; height: number };
  /** A session cookie (`rakor_session=…`, as HttpClient holds it): the page is that person, logged in. */
  cookie?: string;
  /** Defaults to id-ID, the locale of the people Rakor is for. */
  locale?: string;
  /** Anything else the context needs (permissions are granted on the context afterwards). */
  context?: BrowserContextOptions;
}

/** One e2e file's app, browser and contexts; everything is closed after the file. */
export interface E2E {
  /** The app of the file (started with the built client); throws if the file asked for none. */
  readonly app: TestApp;
  readonly browser: Browser;
  /** The default sink of `open`: console errors and uncaught exceptions of its pages. */
  readonly errors: string[];
  /** A person opening their personal link in a browser of their own; resolves on the meeting page. */
  open(url: string, opts?: Partial<Omit<OpenLinkOptions, 'contexts'>>): Promise<Page>;
  /** A fresh context (closed after the file) and its page, a laptop in id-ID unless told; nothing is listened to. */
  newPage(opts?: NewPageOptions): Promise<Page>;
  /** A fresh context with exactly these options, closed after the file. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Another app with the built client, closed after the file (video starts one per test). */
  startApp(opts?: TestAppOptions): Promise<TestApp>;
}

/**
 * Call at the top of a describe: starts the app (unless `app: false`) and Chromium before the
 * file's tests, and closes every context, the browser and every app after them.
 */
export function useE2E(opts: { app?: TestAppOptions | false; browser?: LaunchOptions } = {}): E2E {
  let browser: Browser | undefined;
  let main: TestApp | undefined;
  const apps: TestApp[] = [];
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  const startApp = async (appOpts: TestAppOptions = {}) => {
    const t = await startTestApp({ clientDir: E2E_CLIENT_DIR, ...appOpts });
    apps.push(t);
    return t;
  };
  const newContext = async (options: BrowserContextOptions = {}) => {
    if (!browser) throw new Error('no browser: useE2E() runs in beforeAll');
    const ctx = await browser.newContext(options);
    contexts.push(ctx);
    return ctx;
  };

  beforeAll(async () => {
    if (opts.app !== false) main = await startApp(opts.app ?? {});
    browser = await launchChromium(opts.browser);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    for (const t of apps) await t.close();
  });

  return {
    get app() {
      if (!main) throw new Error('this e2e file started no app of its own');
      return main;
    },
    get browser() {
      if (!browser) throw new Error('no browser: useE2E() runs in beforeAll');
      return browser;
    },
    errors,
    open: (url, o = {}) => openLink(browser!, url, { errors, ...o, contexts }),
    newContext,
    async newPage(o = {}) {
      const viewport = typeof o.viewport === 'string' ? VIEWPORTS[o.viewport] : (o.viewport ?? VIEWPORTS.laptop);
      const ctx = await newContext({ viewport, locale: o.locale ?? 'id-ID', ...o.context });
      if (o.cookie) {
        if (!main) throw new Error('a cookie needs the file app');
        await ctx.addCookies([{ name: 'rakor_session', value: o.cookie.slice(o.cookie.indexOf('=') + 1), url: main.baseUrl }]);
      }
      return ctx.newPage();
    },
    startApp,
  };
}

/**
 * Scrolls a chair's console down to its minutes, as the chair does: they load when near the
 * viewport (WhenVisible), and are already there when the screen is tall enough to show them.
 */
export async function scrollToMinutes(page: Page): Promise<void> {
  // The placeholder gives way to the editor as it comes near: scrolled from the page, not through a locator that may detach.
  await page.evaluate("document.querySelector('[data-testid=minutes-below]')?.scrollIntoView({ block: 'center' })");
  await page.getByTestId('minutes-editor').waitFor();
}
