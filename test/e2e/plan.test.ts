import { describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { Meeting } from '../../shared/protocol';
import { ManualClock } from '../helpers/manual-clock';
import { setUpMeeting } from '../helpers/meeting-people';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();

describe.skipIf(!available)('the meeting plan and invitations in a real browser', () => {
  // Friday before the Coffee Morning of Monday 13 June 2022: it is still upcoming.
  const e2e = useE2E({ app: { clock: new ManualClock(Date.parse('2022-06-10T00:00:00Z')) } });
  const errors = e2e.errors;

  it('S20 S21 S22 S23 I1 I6 the admin plans the agenda and sesi, sees the timeline warn, copies an invitation; the OPD sees its time and upcoming meetings', async () => {
    const { admin, meeting, linkFor } = await setUpMeeting(e2e.app, ['Dinkes', 'Dinsos', 'Disdik']);
    const ctx = await e2e.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.app.baseUrl });
    await ctx.addCookies([{ name: 'rakor_session', value: admin.cookie.slice(admin.cookie.indexOf('=') + 1), url: e2e.app.baseUrl }]);
    const page = await ctx.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));

    // S22: the default agenda and the speakers, planned from 08.30 WITA.
    await page.goto(`${e2e.app.baseUrl}/admin/meetings/${meeting.id}`);
    const rows = page.getByTestId('timeline-row');
    await expect.poll(() => rows.count()).toBe(6);
    expect(await rows.nth(1).textContent()).toContain('08.40 WITA');
    expect(await rows.nth(1).textContent()).toContain('Dinkes');
    expect(await page.getByTestId('timeline-warning').count()).toBe(0);

    // S23: a long topic pushes the plan past 11.45: the timeline warns before anything is saved.
    await page.getByTestId('agenda-add').click();
    await page.getByTestId('agenda-title').nth(3).fill('Netralitas ASN');
    await page.getByTestId('agenda-minutes').nth(2).fill('150');
    await expect.poll(() => page.getByTestId('timeline-warning').textContent()).toContain('15 menit melewati');

    // S20: sesi 2 overlapping sesi 1 is refused, the field says why in Indonesian.
    await page.getByTestId('session-2-add').click();
    await page.getByTestId('session-2-start').fill('09:00');
    await page.getByTestId('session-2-start').blur();
    await page.getByTestId('meeting-save').click();
    await expect.poll(() => page.getByTestId('session-windows').locator('.field-error').first().textContent()).toContain('bertumpang dengan sesi 1');
    expect(await page.getByTestId('session-2-start').getAttribute('aria-invalid')).toBe('true');

    // Back to one session: the plan saves with its topic.
    await page.getByRole('button', { name: 'Hapus waktu sesi 2' }).click();
    await page.getByRole('button', { name: 'Hapus waktu sesi 1' }).click();
    await page.getByTestId('meeting-save').click();
    await expect.poll(async () => (await admin.get<Meeting>(API.meeting(meeting.id))).body.agenda.map((a) => a.title)).toContain('Netralitas ASN');

    // I1: the links page copies each OPD's invitation, also readable in its <details>.
    await page.goto(`${e2e.app.baseUrl}/admin/meetings/${meeting.id}/links`);
    await expect.poll(() => page.getByTestId('copy-invitation').count()).toBe(3);
    await page.getByTestId('copy-invitation').nth(1).click();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toContain('Hari/tanggal: Senin, 13 Juni 2022');
    expect(copied).toContain('Waktu: 08.30–11.45 WITA');
    expect(copied).toContain('Jadwal paparan Dinsos');
    expect(copied).toContain(linkFor('participant', 1).url);
    expect(await page.getByTestId('invitation-text').nth(1).inputValue()).toBe(copied);

    // S22 I6: the OPD's own page shows its planned time and its upcoming meetings.
    const phone = await e2e.open(linkFor('participant', 0).url, { phone: true, errors });
    await phone.getByTestId('speaker-plan').locator('summary').click();
    await expect.poll(() => phone.getByTestId('speaker-planned').first().textContent()).toContain('08.40 WITA');
    await expect.poll(() => phone.getByTestId('upcoming-meeting').count()).toBe(1);
    const upcoming = (await phone.getByTestId('upcoming-meeting').first().textContent()) ?? '';
    expect(upcoming).toContain('rapat ini');
    expect(upcoming).toContain('Senin, 13 Juni 2022');
    expect(upcoming).toContain('Giliran Anda sekitar 08.40–08.50 WITA');

    // I5: the directory offers each OPD's calendar address.
    await page.goto(`${e2e.app.baseUrl}/admin/opd`);
    await expect.poll(() => page.getByTestId('opd-calendar').count()).toBe(3);
    expect(await page.getByTestId('opd-calendar').first().getAttribute('data-url')).toMatch(/\/api\/feeds\/opd\/[^/]+\/calendar\.ics\?token=/);

    // The one refused save shows as its 400; nothing else may.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });
});
