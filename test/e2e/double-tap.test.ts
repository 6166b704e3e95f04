import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { setUpMeeting } from '../helpers/meeting-people';
import { e2eAvailable, launchChromium, openLink } from './chromium';
import { E2E_CLIENT_DIR } from './global-setup';

const available = e2eAvailable();

/** Polls until `check` passes, failing after `ms`. */
async function until(ms: number, check: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not seen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!available)('a double tap on Berikutnya', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ clientDir: E2E_CLIENT_DIR });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
  });

  it('R7 Q2 a double click on Berikutnya advances exactly one speaker and shows no error', async () => {
    const { meeting, linkFor } = await setUpMeeting(t, ['Dinkes', 'Dinsos', 'Disdik', 'Dispar']);
    const chair = await openLink(browser, linkFor('chair').url, { errors, contexts });
    const projector = await openLink(browser, linkFor('projector').url, { errors, contexts });
    const queue = t.app.services.queue;
    const current = async () => {
      const s = await queue.state(meeting.id);
      return s.currentTurnId ? s.turns[s.currentTurnId] : null;
    };

    await chair.getByTestId('start-meeting').click();
    await chair.getByTestId('next').waitFor();
    await until(3000, async () => (await queue.state(meeting.id)).phase === 'running');
    const seqBefore = (await queue.state(meeting.id)).seq;

    // Two clicks a few milliseconds apart, as a hurried finger does: Dinkes gets the floor, and only Dinkes.
    await chair.getByTestId('next').dblclick();
    await until(3000, async () => (await projector.getByTestId('current-speaker').textContent().catch(() => null))?.includes('Dinkes') ?? false);
    // Every answer is in (the console is no longer busy): nothing alarming was said.
    await until(3000, async () => (await chair.getByTestId('chair-console').getAttribute('aria-busy')) === 'false');
    expect(await chair.locator('[data-testid=chair-console] > .alert').count()).toBe(0);
    // A marker after the double click: the chair's socket keeps its order, so once the pause is
    // stored, anything the double click sent has been decided too.
    await chair.getByTestId('pause').click();
    await until(3000, async () => (await current())?.status === 'paused');

    const events = await t.store.queue.eventsSince(meeting.id, seqBefore, 100);
    expect(events.filter((e) => e.body.type === 'turn.started')).toHaveLength(1);
    expect((await current())?.label).toBe('Dinkes');
    expect(await chair.getByTestId('current-speaker').textContent()).toContain('Dinkes');
    // Nothing alarming: no "Tampilan Anda tertinggal… Silakan ulangi", no error banner at all.
    expect(await chair.locator('[data-testid=chair-console] > .alert').count()).toBe(0);
    expect(await chair.locator('body').textContent()).not.toContain('tertinggal');
    expect(errors).toEqual([]);
  });
});
