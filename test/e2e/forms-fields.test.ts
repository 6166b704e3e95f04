import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';
import { adminClient, createOpds, meetingInput, seriesBody } from '../factories';
import type { HttpClient } from '../helpers/http-client';
import { API } from '../../shared/protocol/api';
import type { Meeting, Opd, Series } from '../../shared/protocol';
import { addDays, dateInZone } from '../../shared/domain/time';

const available = e2eAvailable();

describe.skipIf(!available)('the secretariat’s forms in an English browser', () => {
  const e2e = useE2E();
  let admin: HttpClient;
  let opds: Opd[];
  const errors = e2e.errors;
  const today = dateInZone(Date.now(), 'Asia/Makassar');

  beforeAll(async () => {
    admin = await adminClient(e2e.app);
    opds = await createOpds(admin, ['Dinkes', 'Dinsos']);
  });
  beforeEach(() => {
    errors.length = 0;
  });

  /** The admin's browser in en-US, logged in; the app speaks `appLocale` (Indonesian unless told). */
  async function adminPage(appLocale: 'id' | 'en' = 'id'): Promise<Page> {
    const page = await e2e.newPage({ locale: 'en-US', cookie: admin.cookie });
    await page.addInitScript(`localStorage.setItem('rakor.locale', '${appLocale}')`);
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    return page;
  }

  const createMeeting = async (title: string, date: string, startTime = '08:30', endTime = '11:45') => {
    const res = await admin.post<Meeting>(API.meetings, meetingInput(opds, { title, date, startTime, endTime }));
    if (res.status !== 201) throw new Error(`create meeting failed: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  it('G7 the meeting list shows today and what comes next first, soonest first, and the past apart, latest first', async () => {
    await createMeeting('Rakor TW III camat', '2024-11-01');
    await createMeeting('Rakor bulan depan', addDays(today, 30));
    await createMeeting('Coffee Morning 2022', '2022-06-13');
    await createMeeting('Rakor pekan depan', addDays(today, 7));
    await createMeeting('Rakor sore ini', today, '14:00', '16:00');
    await createMeeting('Rakor pagi ini', today, '08:00');
    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}/admin`);
    const upcoming = page.getByTestId('meetings-upcoming').getByTestId('meeting-item');
    await expect.poll(() => upcoming.count()).toBe(4);
    expect(await upcoming.locator('h3').allTextContents()).toEqual(['Rakor pagi ini', 'Rakor sore ini', 'Rakor pekan depan', 'Rakor bulan depan']);
    expect(await upcoming.first().getByTestId('meeting-today').textContent()).toBe('Hari ini');
    // The past waits folded, under its own heading with its count.
    const past = page.getByTestId('meetings-past');
    expect(await past.locator('summary').textContent()).toContain('Sudah lewat (2)');
    expect(await past.getByTestId('meeting-item').first().isVisible()).toBe(false);
    await past.locator('summary').click();
    expect(await past.getByTestId('meeting-item').locator('h3').allTextContents()).toEqual(['Rakor TW III camat', 'Coffee Morning 2022']);
    expect(errors).toEqual([]);
  });

  it('G1 G2 G3 the time field reads 24-hour "08.30" and takes 830 or 0830; the date reads in words; the meeting saves HH:MM', async () => {
    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}/admin/meetings/new`);
    const start = page.getByTestId('meeting-start');
    const end = page.getByTestId('meeting-end');
    await start.waitFor();
    // No browser time picker: an en-US one would show "08:30 AM".
    expect(await start.getAttribute('type')).toBe('text');
    expect(await start.getAttribute('inputmode')).toBe('numeric');
    expect(await start.inputValue()).toBe('08.30');
    expect(await end.inputValue()).toBe('11.30');

    await start.fill('930');
    await start.blur();
    expect(await start.inputValue()).toBe('09.30');
    await end.fill('1145');
    await end.blur();
    expect(await end.inputValue()).toBe('11.45');

    // G1: what is no time says so beside the field, and stops saying so once it is one.
    await end.fill('25.00');
    await end.blur();
    expect(await page.getByTestId('meeting-end-error').textContent()).toBe('jam harus dari 00.00 sampai 23.59');
    expect(await end.getAttribute('aria-invalid')).toBe('true');
    await end.fill('8.3');
    await end.blur();
    expect(await page.getByTestId('meeting-end-error').textContent()).toContain('jam.menit');
    await end.fill('11:45');
    expect(await page.getByTestId('meeting-end-error').count()).toBe(0);
    expect(await end.getAttribute('aria-invalid')).toBe('false');

    // G2: the date in words, live, whatever order the browser's picker writes it in.
    await page.getByTestId('meeting-date').fill('2026-12-07');
    expect(await page.getByTestId('meeting-date-words').textContent()).toBe('Senin, 7 Desember 2026');
    await page.getByTestId('meeting-date').fill('2026-12-08');
    expect(await page.getByTestId('meeting-date-words').textContent()).toBe('Selasa, 8 Desember 2026');

    await page.getByTestId('meeting-title').fill('Rakor Desember');
    await page.getByTestId('meeting-chair').fill('Kasmidi Bulang');
    await page.getByTestId('meeting-notulis-0').fill('Rina');
    await page.getByTestId('meeting-save').click();
    await page.waitForURL(/\/admin\/meetings\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() ?? '';
    const saved = (await admin.get<Meeting>(API.meeting(id))).body;
    expect([saved.date, saved.startTime, saved.endTime]).toEqual(['2026-12-08', '09:30', '11:45']);
    // Loaded again, the saved times read back the same way.
    await expect.poll(() => page.getByTestId('meeting-start').inputValue()).toBe('09.30');

    // In English, the words and the 24-hour clock follow the app's language, not the browser's.
    const english = await adminPage('en');
    await english.goto(`${e2e.app.baseUrl}/admin/meetings/${id}`);
    await expect.poll(() => english.getByTestId('meeting-date-words').textContent()).toBe('Tuesday, 8 December 2026');
    expect(await english.getByTestId('meeting-start').inputValue()).toBe('09:30');
    expect(await english.getByTestId('meeting-end').inputValue()).toBe('11:45');
    expect(errors).toEqual([]);
  });

  it('G4 a field error clears once the field is fixed, and stays while it is still wrong', async () => {
    const meeting = await createMeeting('Rakor perbaikan', addDays(today, 3));
    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}/admin/meetings/${meeting.id}`);
    const end = page.getByTestId('meeting-end');
    await expect.poll(() => end.inputValue()).toBe('11.45');
    await end.fill('07.00');
    await page.getByTestId('meeting-title').fill('');
    await page.getByTestId('meeting-save').click();
    await expect.poll(() => page.getByTestId('meeting-end-error').textContent()).toContain('rencana selesai harus setelah waktu mulai');
    expect(await page.getByTestId('error-box').count()).toBe(1);

    // The title fixed: its error goes, the end's stays.
    await page.getByTestId('meeting-title').fill('Rakor perbaikan');
    await expect.poll(() => page.getByTestId('meeting-title').getAttribute('aria-invalid')).toBe('false');
    expect(await page.getByTestId('meeting-end-error').textContent()).toContain('rencana selesai harus setelah waktu mulai');
    // Still before the start: still wrong, and it still says so.
    await end.fill('08.00');
    expect(await page.getByTestId('meeting-end-error').textContent()).toContain('rencana selesai harus setelah waktu mulai');
    expect(await end.getAttribute('aria-invalid')).toBe('true');
    // Fixed: the field and the box under the form say nothing any more, before any save.
    await end.fill('12.00');
    await expect.poll(() => page.getByTestId('meeting-end-error').count()).toBe(0);
    expect(await end.getAttribute('aria-invalid')).toBe('false');
    expect(await page.getByTestId('error-box').count()).toBe(0);
    await page.getByTestId('meeting-save').click();
    await expect.poll(async () => (await admin.get<Meeting>(API.meeting(meeting.id))).body.endTime).toBe('12:00');
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });

  it('G6 a new meeting and series start in the configured zone, else in the zone of the last series created, else WIB', async () => {
    // Nothing configured, no series yet, a browser outside Indonesia: WIB.
    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}/admin/meetings/new`);
    await expect.poll(() => page.getByTestId('meeting-timezone').inputValue()).toBe('Asia/Jakarta');

    // Kutai Timur creates its series in WITA: the next new meeting starts in WITA.
    const start = addDays(today, 400);
    const created = await admin.post<Series>(API.series, seriesBody({ startDate: start, endDate: addDays(start, 6), timeZone: 'Asia/Makassar' }));
    expect(created.status).toBe(201);
    await page.goto(`${e2e.app.baseUrl}/admin/meetings/new`);
    await expect.poll(() => page.getByTestId('meeting-timezone').inputValue()).toBe('Asia/Makassar');

    // A regency configured in WIT (DEFAULT_TIME_ZONE, which the server gives the forms in the session) wins over the last series.
    const wit = await e2e.startApp({ defaultTimeZone: 'Asia/Jayapura' });
    const witAdmin = await adminClient(wit);
    await createOpds(witAdmin, ['Dinkes', 'Dinsos']);
    expect((await witAdmin.post<Series>(API.series, seriesBody({ startDate: start, endDate: addDays(start, 6), timeZone: 'Asia/Makassar' }))).status).toBe(201);
    const configured = await e2e.newPage({ locale: 'en-US', cookie: witAdmin.cookie });
    configured.on('pageerror', (err) => errors.push(err.message));
    await configured.goto(`${wit.baseUrl}/admin/series/new`);
    await expect.poll(() => configured.getByTestId('series-timezone').inputValue()).toBe('Asia/Jayapura');
    await configured.goto(`${wit.baseUrl}/admin/meetings/new`);
    await expect.poll(() => configured.getByTestId('meeting-timezone').inputValue()).toBe('Asia/Jayapura');
    expect(errors).toEqual([]);
  });
});
