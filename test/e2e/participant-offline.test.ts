import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPerson, pressOk, setUpMeeting, type Person } from '../helpers/meeting-people';
import { eventually } from '../helpers/wait';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();

const SHOTS = process.env.RAKOR_SHOTS_DIR ?? path.join(process.env.TMPDIR ?? '/tmp', 'rakor-participant-shots');

/** "09:58" -> 598 s. */
async function countdown(page: Page): Promise<number> {
  const text = await page.getByTestId('countdown').first().locator('.digits').textContent();
  const m = /(\d+):(\d{2})/.exec(text ?? '');
  if (!m) throw new Error(`no countdown in ${JSON.stringify(text)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

describe.skipIf(!available)("the participant's phone offline for a moment", () => {
  const e2e = useE2E();
  const errors = e2e.errors;
  const people: Person[] = [];
  afterEach(() => people.splice(0).forEach((p) => p.close()));

  it('Y6 offline the phone keeps the queue and a running countdown, says it is reconnecting, holds the buttons; back online it catches up without a reload', async () => {
    const { linkFor, meeting } = await setUpMeeting(e2e.app, ['Dinkes', 'Dinsos', 'Disdik']);
    const chair = await openPerson(e2e.app, linkFor('chair'), meeting.id);
    people.push(chair);
    await pressOk(chair, { type: 'meeting.start' });
    await pressOk(chair, { type: 'turn.next' });
    const phone = await e2e.open(linkFor('participant', 1).url, { phone: true, errors });
    await phone.getByTestId('ask-response').waitFor();
    expect(await phone.getByTestId('current-speaker').textContent()).toContain('Dinkes');
    // A mark that a reload would wipe.
    await phone.evaluate('window.__sameDocument = true');

    await phone.context().setOffline(true);
    const bannerMs = await eventually(() => phone.getByTestId('offline-banner').isVisible(), { what: 'the offline banner', timeoutMs: 5000 });
    console.log(`[e2e] Y6 the banner showed ${bannerMs} ms after the network went`);
    expect(await phone.getByTestId('offline-banner').textContent()).toContain('Koneksi terputus, menyambung ulang…');
    // The buttons wait for the link, and say why.
    expect(await phone.getByTestId('ask-response').isDisabled()).toBe(true);
    expect(await phone.getByTestId('ask-point-of-order').isDisabled()).toBe(true);
    expect(await phone.getByTestId('ask-offline').textContent()).toContain('setelah tersambung');
    fs.mkdirSync(SHOTS, { recursive: true });
    await phone.screenshot({ path: path.join(SHOTS, 'participant-offline-390x844.png') });
    // The last known queue stays, and the countdown runs on the stored timer and the last clock estimate.
    expect(await phone.getByTestId('queue-row').count()).toBe(3);
    expect(await phone.getByTestId('current-speaker').textContent()).toContain('Dinkes');
    const offlineAt = await countdown(phone);
    await eventually(async () => (await countdown(phone)) < offlineAt, { what: 'the countdown moving while offline', timeoutMs: 3000 });

    // Meanwhile the chair calls the next OPD: this phone's own turn.
    await pressOk(chair, { type: 'turn.next' });
    expect(await phone.getByTestId('current-speaker').textContent()).toContain('Dinkes');

    await phone.context().setOffline(false);
    const backMs = await eventually(async () => (await phone.getByTestId('your-turn').count()) === 1, {
      what: 'the turn given while offline, on the phone',
      timeoutMs: 15_000,
    });
    console.log(`[e2e] Y6 caught up ${backMs} ms after the network came back`);
    expect(await phone.getByTestId('current-speaker').textContent()).toContain('Dinsos');
    expect(await phone.getByTestId('offline-banner').count()).toBe(0);
    expect(await phone.getByTestId('ask-point-of-order').isDisabled()).toBe(false);
    expect(await phone.evaluate<boolean>('window.__sameDocument === true')).toBe(true);
    expect(errors.filter((e) => !/WebSocket|ERR_INTERNET_DISCONNECTED|Failed to load resource/i.test(e))).toEqual([]);
  });

  it("Y7 the chair's console and the notulis's screen say so too when their link drops, and catch up by themselves", async () => {
    const { linkFor, meeting } = await setUpMeeting(e2e.app, ['Bapenda', 'DPMPTSP', 'Inspektorat']);
    const driver = await openPerson(e2e.app, linkFor('chair'), meeting.id);
    people.push(driver);
    await pressOk(driver, { type: 'meeting.start' });
    await pressOk(driver, { type: 'turn.next' });
    const screens = [
      { page: await e2e.open(linkFor('chair').url, { errors }), hint: 'Tekan tombol lagi setelah tersambung' },
      { page: await e2e.open(linkFor('notulis').url, { errors }), hint: 'jangan tutup halaman sebelum notulen tersimpan' },
    ];
    for (const { page } of screens) await page.getByTestId('current-speaker').first().waitFor();
    for (const { page } of screens) await page.context().setOffline(true);
    for (const { page, hint } of screens) {
      await eventually(() => page.getByTestId('offline-banner').isVisible(), { what: 'the offline banner', timeoutMs: 5000 });
      const said = (await page.getByTestId('offline-banner').textContent()) ?? '';
      expect(said).toContain('Koneksi terputus, menyambung ulang…');
      expect(said).toContain(hint);
    }
    await pressOk(driver, { type: 'turn.next' });
    for (const { page } of screens) await page.context().setOffline(false);
    for (const { page } of screens) {
      await eventually(async () => (await page.getByTestId('offline-banner').count()) === 0, { what: 'the banner gone', timeoutMs: 15_000 });
      await expect.poll(() => page.getByTestId('current-speaker').first().textContent(), { timeout: 15_000 }).toContain('DPMPTSP');
    }
    expect(errors.filter((e) => !/WebSocket|ERR_INTERNET_DISCONNECTED|Failed to load resource/i.test(e))).toEqual([]);
  });
});
