import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN } from '../factories';
import { setUpMeeting } from '../helpers/meeting-people';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();

describe.skipIf(!available)('the Content-Security-Policy in a real browser', () => {
  const e2e = useE2E();

  /** Every `securitypolicyviolation` of the page, recorded from before its first script runs. */
  async function recordViolations(ctx: BrowserContext): Promise<void> {
    await ctx.addInitScript({
      content: `window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' (' + e.sourceFile + ':' + e.lineNumber + ')');
        });`,
    });
  }

  // The page's own script (no DOM types in the tests' TypeScript).
  const violations = (page: Page) => page.evaluate<string[]>('window.__cspViolations ?? []');
  const cspConsole = (errors: string[]) => errors.filter((e) => /content security policy|unsafe-eval|EvalError/i.test(e));

  it("A11 no page load breaks the CSP: login, the admin home and a participant's meeting page", async () => {
    const { meeting, linkFor } = await setUpMeeting(e2e.app);
    const errors: string[] = [];

    const ctx = await e2e.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    await recordViolations(ctx);
    const page = await ctx.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${e2e.app.baseUrl}/login`);
    await page.getByTestId('login-username').fill(ADMIN.username);
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-password').press('Enter');
    await page.waitForURL('**/admin');
    await page.getByRole('heading').first().waitFor();
    expect(await violations(page)).toEqual([]);

    // A participant's page: the socket, the queue and the clock all start on load.
    const phoneErrors: string[] = [];
    const phone = await e2e.open(linkFor('participant', 0).url, { phone: true, errors: phoneErrors });
    // openLink makes its own context: add the recorder to it and load the meeting page again.
    await recordViolations(phone.context());
    await phone.reload();
    await phone.getByText(meeting.title).first().waitFor();
    expect(await violations(phone)).toEqual([]);
    expect(cspConsole([...errors, ...phoneErrors])).toEqual([]);
  });
});
