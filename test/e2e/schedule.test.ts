import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';
import { adminClient, opdInput } from '../factories';
import type { HttpClient } from '../helpers/http-client';
import { API } from '../../shared/protocol/api';
import type { OccurrenceSummary, Opd, OpdKind, Series } from '../../shared/protocol';
import { at } from '../helpers/at';

const available = e2eAvailable();

/** Seed 000: Kutai Timur's directory, by the group each OPD reports under. */
const DIRECTORY: [short: string, group: string, kind: OpdKind][] = [
  ['Dinkes', 'Asisten I', 'dinas'],
  ['Dinsos', 'Asisten I', 'dinas'],
  ['Disdikbud', 'Asisten I', 'dinas'],
  ['Bappeda', 'Asisten II', 'badan'],
  ['DPUPR', 'Asisten II', 'dinas'],
  ['BPKAD', 'Asisten III', 'badan'],
  ['Bapenda', 'Asisten III', 'badan'],
  ['Kec. Sangatta Selatan', 'Camat', 'kecamatan'],
  ['Kec. Bengalon', 'Camat', 'kecamatan'],
  ['Desa Sangatta Utara', 'Kepala Desa', 'desa'],
  ['Desa Swarga Bara', 'Kepala Desa', 'desa'],
];
const ROTATION = ['Asisten I', 'Asisten II', 'Asisten III', 'Camat'];

/** The first Monday after today: the series starts in the future, whatever day the test runs. */
function nextMonday(): string {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() !== 1);
  return d.toISOString().slice(0, 10);
}

describe.skipIf(!available)('scheduling in a real browser', () => {
  const e2e = useE2E();
  let admin: HttpClient;
  const errors = e2e.errors;

  beforeAll(async () => {
    admin = await adminClient(e2e.app);
    for (const [short, group, kind] of DIRECTORY) {
      const res = await admin.post<Opd>(API.opds, opdInput(short, { group, kind }));
      if (res.status !== 201) throw new Error(`create opd failed: ${JSON.stringify(res.body)}`);
    }
  });
  beforeEach(() => {
    errors.length = 0;
  });

  /** The admin's browser, already logged in (the cookie of the API client). */
  async function adminPage(phone = false): Promise<Page> {
    const page = await e2e.newPage({ viewport: phone ? 'phone' : 'laptop', cookie: admin.cookie });
    // A CSP violation, an uncaught error or a refused request in the page fails the test.
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('dialog', (d) => void d.accept());
    return page;
  }

  const attr = (page: Page, testid: string, name: string) =>
    page.getByTestId(testid).evaluateAll((els: { getAttribute(name: string): string | null }[], n: string) => els.map((el) => el.getAttribute(n) ?? ''), name);

  it('S8 S9 S11 S12 S13 S14 S15 S16 S7 the admin plans the Kutai Timur Coffee Morning: rotation in order, village heads every 2 months, and the meetings land in the calendar', async () => {
    const start = nextMonday();
    const page = await adminPage();

    // Seed 000: Wabup chairs every Monday at 08.30 WITA in Ruang Meranti, for three hours.
    await page.goto(`${e2e.app.baseUrl}/admin/series/new`);

    // Saved empty: refused, each field says why in Indonesian, the preview waits for a rotation.
    await page.getByTestId('series-save').click();
    await expect.poll(() => page.getByTestId('series-name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('rotation-error').textContent()).toBe('rotasi memerlukan minimal satu kelompok');
    expect(await page.getByTestId('series-chair').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('series-preview-waiting').textContent()).toContain('Rotasi kelompok');

    await page.getByTestId('series-name').fill('Coffee Morning Kutai Timur');
    await page.getByTestId('series-kind').fill('Coffee Morning');
    await page.getByTestId('series-recurrence-kind').selectOption('weekly');
    await page.getByTestId('series-weekday').selectOption('MO');
    await page.getByTestId('series-interval').fill('1');
    await expect.poll(() => page.getByTestId('series-recurrence-text').textContent()).toBe('Setiap Senin');
    await page.getByTestId('series-start-date').fill(start);
    await page.getByTestId('series-start-time').fill('08:30');
    await page.getByTestId('series-duration').fill('180');
    await page.getByTestId('series-timezone').selectOption('Asia/Makassar');
    await page.getByTestId('series-place').fill('Ruang Meranti');
    await page.getByTestId('series-chair').fill('Kasmidi Bulang');
    await page.getByTestId('series-chair-title').fill('Wakil Bupati');
    await page.getByTestId('series-notulis-0').fill('Rina Wulandari');

    // The rotation, with Camat added too early and moved down by keyboard.
    for (const group of ['Asisten I', 'Asisten II', 'Camat', 'Asisten III']) {
      await page.getByTestId('rotation-group-select').selectOption(group);
      await page.getByTestId('rotation-group-add').click();
    }
    await page.getByTestId('rotation-row').nth(2).locator('button.handle').focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => attr(page, 'rotation-row', 'data-group')).toEqual(ROTATION);

    // Every two months, the village heads instead.
    await page.getByTestId('series-extra-toggle').check();
    await page.getByTestId('extra-recurrence-kind').selectOption('monthly_nth');
    await page.getByTestId('extra-nth').selectOption('1');
    await page.getByTestId('extra-weekday').selectOption('MO');
    await page.getByTestId('extra-interval').fill('2');
    await page.getByTestId('extra-group-select').selectOption('Kepala Desa');
    await expect.poll(() => page.getByTestId('extra-recurrence-text').textContent()).toBe('Setiap 2 bulan pada Senin pertama');
    // Twelve weeks always reach a first Monday two months on.
    await page.getByTestId('series-horizon').fill('12');

    // The preview, before anything is saved: the rotation in turn, and a village-head meeting.
    const rows = page.getByTestId('series-preview-row');
    // Wait for the twelve-week preview itself: when the series starts on a first Monday, the default
    // eight-week one already has a village-head row (and one main meeting fewer).
    await expect
      .poll(
        async () => {
          const extra = await attr(page, 'series-preview-row', 'data-extra');
          return extra.includes('true') && extra.filter((x) => x === 'false').length >= 8;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    const groups = await attr(page, 'series-preview-row', 'data-group');
    const extras = await attr(page, 'series-preview-row', 'data-extra');
    const main = groups.filter((_, i) => extras[i] === 'false');
    expect(main.length).toBeGreaterThanOrEqual(8);
    expect(main).toEqual(main.map((_, i) => ROTATION[i % ROTATION.length]));
    expect(groups.filter((_, i) => extras[i] === 'true')).toContain('Kepala Desa');
    const firstRow = (await rows.first().textContent()) ?? '';
    expect(firstRow).toMatch(/Senin, \d{1,2} \w+ \d{4}/);
    expect(firstRow).toContain('08.30 WITA');
    const village = rows.and(page.locator('[data-extra="true"]')).first();
    expect(await village.textContent()).toContain('Desa Sangatta Utara');
    expect((await admin.get<{ items: Series[] }>(API.series)).body.items).toEqual([]);

    // Save: the series page lists the generated meetings.
    await page.getByTestId('series-save').click();
    await page.waitForURL(/\/admin\/series\/[0-9a-f-]{36}$/);
    const seriesId = page.url().split('/').pop()!;
    const saved = (await admin.get<Series & { occurrences: OccurrenceSummary[] }>(API.seriesOne(seriesId))).body;
    const occurrences = saved.occurrences;
    expect(occurrences.map((o) => o.groupLabel)).toEqual(groups);
    await expect.poll(() => page.getByTestId('occurrence-row').count()).toBe(occurrences.length);
    expect(await attr(page, 'occurrence-row', 'data-group')).toEqual(groups);
    expect(await page.getByTestId('series-title').textContent()).toBe('Coffee Morning Kutai Timur');

    // One occurrence is cancelled on its own: the calendar shows it struck through.
    const cancelled = occurrences.find((o) => !o.extra && o.date > at(occurrences, 0, 'occurrence').date)!;
    await page.locator(`[data-testid="occurrence-row"][data-date="${cancelled.date}"]`).getByTestId('occurrence-cancel').click();
    await expect.poll(() => page.locator(`[data-testid="occurrence-row"][data-date="${cancelled.date}"]`).getAttribute('data-cancelled')).toBe('true');

    // The month view: every meeting of the month, at its time in its own zone, with its group.
    const first = at(occurrences, 0, 'occurrence');
    await page.goto(`${e2e.app.baseUrl}/admin/calendar?date=${first.date}`);
    await expect.poll(() => page.getByTestId('calendar').getAttribute('data-view')).toBe('month');
    expect(await page.getByTestId('calendar-view-month').getAttribute('aria-pressed')).toBe('true');
    const month = first.date.slice(0, 7);
    const inMonth = occurrences.filter((o) => o.date.startsWith(month)).map((o) => o.date);
    await expect.poll(async () => (await attr(page, 'calendar-entry', 'data-date')).filter((d) => d.startsWith(month))).toEqual(inMonth);
    const firstEntry = page.locator(`[data-testid="calendar-entry"][data-date="${first.date}"]`);
    expect(await firstEntry.textContent()).toContain('08.30 WITA');
    expect(await firstEntry.textContent()).toContain(first.groupLabel);
    expect(await page.getByTestId('calendar-title').textContent()).toMatch(/^\p{Lu}\p{Ll}+ \d{4}$/u);

    // The village-head meeting's month, filtered by its group: only that meeting.
    const villageDate = occurrences.find((o) => o.extra)!.date;
    await page.goto(`${e2e.app.baseUrl}/admin/calendar?date=${villageDate}`);
    await page.getByTestId('calendar-filter-group').selectOption('Kepala Desa');
    await expect.poll(() => attr(page, 'calendar-entry', 'data-date')).toEqual([villageDate]);
    expect(await attr(page, 'calendar-entry', 'data-group')).toEqual(['Kepala Desa']);

    // The cancelled one, in its month.
    await page.goto(`${e2e.app.baseUrl}/admin/calendar?date=${cancelled.date}`);
    const struck = page.locator(`[data-testid="calendar-entry"][data-date="${cancelled.date}"]`);
    await expect.poll(() => struck.getAttribute('data-cancelled')).toBe('true');
    expect(await struck.textContent()).toContain('Dibatalkan');

    // The series moves to 09.00: the future meetings follow, the cancelled one stays cancelled.
    await page.goto(`${e2e.app.baseUrl}/admin/series/${seriesId}`);
    await page.getByTestId('series-edit-toggle').click();
    await expect.poll(() => page.getByTestId('series-name').inputValue()).toBe('Coffee Morning Kutai Timur');
    expect(await attr(page, 'rotation-row', 'data-group')).toEqual(ROTATION);
    await page.getByTestId('series-start-time').fill('09:00');
    await page.getByTestId('series-save').click();
    await expect.poll(() => page.getByTestId('series-notice').isVisible()).toBe(true);
    const edited = (await admin.get<Series & { occurrences: OccurrenceSummary[] }>(API.seriesOne(seriesId))).body;
    expect(edited.startTime).toBe('09:00');
    expect(edited.occurrences.filter((o) => !o.cancelled).map((o) => o.startTime)).toEqual(edited.occurrences.filter((o) => !o.cancelled).map(() => '09:00'));
    expect(edited.occurrences.find((o) => o.date === cancelled.date)?.cancelled).toBe(true);
    expect(await page.getByTestId('occurrence-row').first().textContent()).toContain('09.00 WITA');

    // A phone gets the list: a day heading in Indonesian, then the meeting, linking to its editor.
    const phone = await adminPage(true);
    await phone.goto(`${e2e.app.baseUrl}/admin/calendar?date=${first.date}`);
    await expect.poll(() => phone.getByTestId('calendar').getAttribute('data-view')).toBe('list');
    await expect.poll(async () => (await attr(phone, 'calendar-entry', 'data-date')).filter((d) => d.startsWith(month))).toEqual(inMonth);
    const listText = (await phone.getByTestId('calendar').textContent()) ?? '';
    expect(listText).toMatch(/Senin, \d{1,2} \w+ \d{4}/);
    expect(listText).toContain('Coffee Morning');
    await phone.locator(`[data-testid="calendar-entry"][data-date="${first.date}"]`).click();
    await phone.waitForURL(`**/admin/meetings/${first.meetingId}`);

    // The one refused save shows in the console as its 400; nothing else may.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    expect(errors.filter((e) => e.includes('status of 400'))).toHaveLength(1);
  });

  it('S10 a holiday listed by the admin moves the meeting on it to the next working day, and back when removed', async () => {
    // Seed 002: the camats' rakor, here weekly so the holiday lands on its second meeting.
    const created = await admin.post<Series>(API.series, {
      name: 'Rakor Camat',
      kind: 'Rakor Mingguan',
      recurrence: { kind: 'weekly', weekday: 'MO', interval: 1 },
      startDate: nextMonday(),
      startTime: '09:00',
      durationMinutes: 120,
      timeZone: 'Asia/Makassar',
      chairName: 'Sekda',
      notulis: ['Andi'],
      rotation: [{ kind: 'group', group: 'Camat' }],
      horizonWeeks: 4,
    });
    expect(created.status).toBe(201);
    const occurrencesOf = async () => (await admin.get<Series & { occurrences: OccurrenceSummary[] }>(API.seriesOne(created.body.id))).body.occurrences;
    const monday = at(await occurrencesOf(), 1, 'occurrence').date;
    const tuesday = new Date(Date.parse(`${monday}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}/admin/holidays`);
    await page.getByTestId('holiday-date').fill(monday);
    await page.getByTestId('holiday-name').fill('Cuti bersama');
    await page.getByTestId('holiday-add').click();
    await expect.poll(() => attr(page, 'holiday-row', 'data-date')).toEqual([monday]);
    expect(await page.getByTestId('holiday-row').textContent()).toMatch(/^Senin, \d{1,2} \w+ \d{4}/);

    // The series page shows the meeting on Tuesday, marked as moved; the calendar names the holiday.
    await page.goto(`${e2e.app.baseUrl}/admin/series/${created.body.id}`);
    const moved = page.locator(`[data-testid="occurrence-row"][data-date="${tuesday}"]`);
    await expect.poll(() => moved.count()).toBe(1);
    expect(await moved.textContent()).toContain('Digeser dari');
    expect(await attr(page, 'occurrence-row', 'data-date')).not.toContain(monday);
    await page.goto(`${e2e.app.baseUrl}/admin/calendar?date=${monday}`);
    await expect.poll(() => page.locator(`[data-day="${monday}"]`).textContent()).toContain('Cuti bersama');
    expect(await page.locator(`[data-day="${tuesday}"] [data-testid="calendar-entry"]`).count()).toBe(1);

    // Removed: the meeting goes back to its Monday.
    await page.goto(`${e2e.app.baseUrl}/admin/holidays`);
    await page.getByTestId('holiday-row').getByTestId('holiday-delete').click();
    await expect.poll(() => page.getByTestId('holiday-row').count()).toBe(0);
    expect((await admin.get<{ items: unknown[] }>(API.holidays)).body.items).toEqual([]);
    expect((await occurrencesOf()).filter((o) => !o.cancelled).map((o) => o.date)).toContain(monday);
    expect(errors).toEqual([]);
  });
});
