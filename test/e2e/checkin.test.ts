import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setUpMeeting } from '../helpers/meeting-people';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();
/** Screenshots of what this test walks through, for a person to look at (RAKOR_SHOTS_DIR, else a temp folder). */
const SHOTS = process.env.RAKOR_SHOTS_DIR ?? path.join(process.env.TMPDIR ?? '/tmp', 'rakor-checkin-shots');

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** The select of one OPD's row in the chair's daftar hadir. */
const attendanceSelect = (chair: Page, shortName: string) =>
  chair
    .getByTestId('attendance-row')
    .filter({ has: chair.locator('strong', { hasText: shortName }) })
    .locator('select');

describe.skipIf(!available)('the room check-in in real browsers', () => {
  const e2e = useE2E();
  const errors = e2e.errors;

  const open = (url: string, opts: { phone?: boolean } = {}) => e2e.open(url, { ...opts, errors });

  it('H2 H4 the projector shows the check-in QR before the start; a phone with its link checks in and the chair sees it in the room; a represented OPD is named by its representative', async () => {
    const { linkFor } = await setUpMeeting(e2e.app, ['Dinsos', 'Dinkes', 'Disdik']);
    const chair = await open(linkFor('chair').url);
    const projector = await open(linkFor('projector').url);
    await projector.setViewportSize({ width: 1366, height: 768 });

    // Before the start the projector shows the room's check-in code.
    const qr = projector.getByTestId('checkin-qr');
    await qr.waitFor();
    const checkInUrl = await qr.getAttribute('data-url');
    expect(checkInUrl).toMatch(new RegExp(`^${e2e.app.baseUrl}/m/[0-9a-f-]{36}/hadir/[A-Za-z0-9_-]{43}$`));
    expect(await projector.getByTestId('checkin-code').textContent()).toContain('Pindai untuk mengisi daftar hadir');
    await shot(projector, 'projector-before-1366x768');

    // A phone that never opened its personal link is told to open it first.
    const stranger = await e2e.newContext({ viewport: { width: 390, height: 844 }, locale: 'id-ID' });
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(checkInUrl!);
    await strangerPage.getByTestId('checkin-problem').waitFor();
    expect(await strangerPage.getByTestId('checkin-problem').getAttribute('data-problem')).toBe('noSession');
    expect(await strangerPage.getByTestId('checkin-page').textContent()).toContain('Buka tautan pribadi Anda dulu');
    expect(await strangerPage.getByTestId('checkin-meeting').textContent()).toContain('Coffee Morning Asisten I');
    await shot(strangerPage, 'checkin-no-session-390x844');

    // Disdik sits in the room (the factory alternates room and remote): its phone holds its personal link, then scans the code.
    const phone = await open(linkFor('participant', 2).url, { phone: true });
    expect(await phone.getByTestId('my-attendance').getAttribute('data-status')).toBe('unknown');
    await phone.goto(checkInUrl!);
    await phone.getByTestId('checkin-outcome').waitFor();
    expect(await phone.getByTestId('checkin-outcome').getAttribute('data-outcome')).toBe('checked_in');
    expect(await phone.getByTestId('checkin-opd').textContent()).toBe('Disdik');
    expect(await phone.getByTestId('checkin-page').textContent()).toContain('Anda tercatat hadir di ruang rapat');
    await shot(phone, 'checkin-done-390x844');

    // The chair's daftar hadir shows it in the room, live.
    await expect.poll(() => attendanceSelect(chair, 'Disdik').inputValue(), { timeout: 5000 }).toBe('present_room');
    expect(await chair.getByTestId('attendance-row').filter({ hasText: 'Disdik' }).getByTestId('attendance-source').textContent()).toContain('pindai QR');

    // The chair marks Dinsos, first in the order, represented by Siti Aminah; starts and calls it.
    await attendanceSelect(chair, 'Dinsos').selectOption('represented');
    await chair.getByLabel('Nama wakil').fill('Siti Aminah');
    await chair.getByLabel('Jabatan wakil').fill('Sekretaris Dinas');
    await chair.getByRole('button', { name: 'Simpan' }).click();
    await expect.poll(() => attendanceSelect(chair, 'Dinsos').inputValue(), { timeout: 5000 }).toBe('represented');
    await chair.setViewportSize({ width: 1366, height: 768 });
    await shot(chair, 'chair-attendance-1366x768');

    await chair.getByTestId('start-meeting').click();
    await chair.getByTestId('start-anyway').click(); // the meeting is dated in the past: the console asks first (X6)
    await chair.getByTestId('next').click();
    await expect.poll(() => projector.getByTestId('current-speaker').textContent(), { timeout: 5000 }).toContain('Dinsos');
    expect(await projector.getByTestId('current-detail').textContent()).toBe('Dinas Dinsos · Diwakili oleh Siti Aminah, Sekretaris Dinas');
    // While the meeting runs, latecomers still find the code in a corner.
    expect(await projector.getByTestId('checkin-qr').isVisible()).toBe(true);
    await shot(projector, 'projector-running-1366x768');

    // The participant's phone names the representative too, and its own line says it is in the room.
    await phone.goto(`${e2e.app.baseUrl}/m/${new URL(checkInUrl!).pathname.split('/')[2]}`);
    await expect
      .poll(() => phone.getByTestId('current-detail').textContent(), { timeout: 5000 })
      .toBe('Dinas Dinsos · Diwakili oleh Siti Aminah, Sekretaris Dinas');
    expect(await phone.getByTestId('my-attendance').getAttribute('data-status')).toBe('present_room');
    await shot(phone, 'participant-running-390x844');

    // The poster for the door, from the chair's daftar hadir (the links page has the same button).
    const [poster] = await Promise.all([chair.context().waitForEvent('page'), chair.getByText('QR daftar hadir (cetak untuk pintu)').click()]);
    await poster.setViewportSize({ width: 1366, height: 768 });
    await poster.getByTestId('checkin-poster').getByTestId('checkin-qr').waitFor();
    expect(await poster.getByTestId('checkin-qr').getAttribute('data-url')).toBe(checkInUrl);
    await shot(poster, 'poster-1366x768');

    expect(errors).toEqual([]);
  });
});
