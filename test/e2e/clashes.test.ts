import path from 'node:path';
import fs from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';
import { adminClient, meetingInput, opdInput } from '../factories';
import type { HttpClient } from '../helpers/http-client';
import { API, PAGES } from '../../shared/protocol/api';
import type { Meeting, Opd } from '../../shared/protocol';
import { addDays } from '../../shared/domain/time';
import { meetingInputOf } from '../../shared/domain/meeting/input';

const available = e2eAvailable();
const SHOTS = path.resolve('test-results/e2e');

/** A Monday two weeks or so ahead: in the future whatever day the test runs. */
function mondayAhead(): string {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + 8);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

describe.skipIf(!available)('clash warnings in a real browser', () => {
  const e2e = useE2E();
  const errors = e2e.errors;
  let admin: HttpClient;
  const day = mondayAhead();
  let kesehatan: Meeting;
  const opd = new Map<string, Opd>();

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    admin = await adminClient(e2e.app);
    for (const shortName of ['Dinkes', 'Dishub']) {
      const res = await admin.post<Opd>(API.opds, opdInput(shortName, { group: 'Asisten I' }));
      if (res.status !== 201) throw new Error(`create opd failed: ${JSON.stringify(res.body)}`);
      opd.set(shortName, res.body);
    }
    // Rakor Kesehatan: the Bupati in Ruang Rapat Lantai 2 with Dinkes, 09.00–11.00 WITA.
    const res = await admin.post<Meeting>(
      API.meetings,
      meetingInput([opd.get('Dinkes')!], {
        title: 'Rakor Kesehatan',
        date: day,
        startTime: '09:00',
        endTime: '11:00',
        timeZone: 'Asia/Makassar',
        place: 'Ruang Rapat Lantai 2',
        chairName: 'Bupati Kutai Timur',
      }),
    );
    if (res.status !== 201) throw new Error(`create meeting failed: ${JSON.stringify(res.body)}`);
    kesehatan = res.body;
  });
  beforeEach(() => {
    errors.length = 0;
  });

  async function adminPage(viewport: 'laptop' | 'phone' = 'laptop'): Promise<Page> {
    const page = await e2e.newPage({ viewport, cookie: admin.cookie });
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    return page;
  }

  it('CW8 the secretariat picks a time the Bupati is already taken: the form warns, names the meeting and links it, and still saves', async () => {
    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}${PAGES.meetingNew}`);
    await page.getByTestId('meeting-title').fill('Rakor Stunting');
    await page.getByTestId('meeting-timezone').selectOption('Asia/Makassar');
    await page.getByTestId('meeting-chair').fill('bupati  kutai timur');
    await page.getByTestId('meeting-notulis-0').fill('Rina');
    const start = page.getByTestId('meeting-start');
    await start.fill('10.00');
    await page.getByTestId('meeting-end').fill('12.00');
    const panel = page.getByTestId('meeting-clashes');
    // Today has nothing: once checked, no warning.
    expect(await panel.getAttribute('role')).toBe('status');
    await expect.poll(() => panel.getAttribute('aria-busy'), { timeout: 5000 }).toBe('false');
    expect(await page.getByTestId('meeting-clash').count()).toBe(0);

    // The day of Rakor Kesehatan: the Bupati chairs it from 09.00 to 11.00 WITA.
    await page.getByTestId('meeting-date').fill(day);
    const clash = page.getByTestId('meeting-clash');
    await expect.poll(() => clash.count(), { timeout: 5000 }).toBe(1);
    expect(await clash.getAttribute('data-meeting')).toBe(kesehatan.id);
    expect(await clash.textContent()).toContain('Bentrok: Bupati Kutai Timur juga memimpin «Rakor Kesehatan» 09.00–11.00 WITA pada tanggal yang sama');
    expect(await clash.locator('a').getAttribute('href')).toBe(PAGES.meetingEdit(kesehatan.id));
    expect(await panel.textContent()).toContain('Rapat ini tetap bisa disimpan');

    // The same room too, typed otherwise: a second reason on the same meeting.
    await page.getByTestId('meeting-place').fill('ruang rapat lantai 2');
    await expect.poll(() => clash.getAttribute('data-kinds')).toBe('chair place');
    expect(await clash.textContent()).toContain('Bentrok: Ruang Rapat Lantai 2 dipakai «Rakor Kesehatan»');
    await page.screenshot({ path: path.join(SHOTS, 'meeting-form-clash.png'), fullPage: true });

    // Saving is never blocked: the meeting is saved, and on its own page it still warns (of the other, never of itself).
    await page.getByTestId('meeting-save').click();
    await page.waitForURL(/\/admin\/meetings\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() ?? '';
    const saved = (await admin.get<Meeting>(API.meeting(id))).body;
    expect([saved.title, saved.date, saved.startTime, saved.endTime, saved.place]).toEqual(['Rakor Stunting', day, '10:00', '12:00', 'ruang rapat lantai 2']);
    await expect.poll(() => page.getByTestId('meeting-clash').getAttribute('data-meeting'), { timeout: 5000 }).toBe(kesehatan.id);

    // Starting as Rakor Kesehatan ends is no clash: the warning goes.
    await page.getByTestId('meeting-start').fill('11.00');
    await expect.poll(() => panel.getAttribute('data-count'), { timeout: 5000 }).toBe('0');
    expect(await page.getByTestId('meeting-clash').count()).toBe(0);
    expect(errors).toEqual([]);

    // Back to 10.00 for the calendar below.
    expect((await admin.put(API.meeting(id), { ...meetingInputOf(saved), startTime: '10:00' })).status).toBe(200);
  });

  it('CW8 the calendar marks both meetings of the clash, with the reason in the label', async () => {
    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}${PAGES.calendar}?view=list&date=${day}`);
    const entry = page.locator(`[data-testid="calendar-entry"][data-date="${day}"]`);
    await expect.poll(() => entry.count()).toBe(2);
    await expect
      .poll(() => entry.evaluateAll((els: { getAttribute(name: string): string | null }[]) => els.map((el) => el.getAttribute('data-clashes'))))
      .toEqual(['1', '1']);
    // By its own title (the other's label names Rakor Kesehatan too).
    const kes = page.locator(`[data-testid="calendar-entry"][data-date="${day}"][title^="Rakor Kesehatan"]`);
    expect(await kes.getByTestId('clash-chip').textContent()).toContain('Bentrok');
    expect(await kes.getByTestId('clash-chip').getAttribute('title')).toContain('bupati  kutai timur juga memimpin «Rakor Stunting» 10.00–12.00 WITA');
    expect(await kes.getAttribute('title')).toContain('Bentrok dengan 1 rapat');
    expect(await page.getByTestId('calendar-clash-count').textContent()).toContain('2 bentrok');

    // On a phone's month grid the icon alone, its word still read out.
    const phone = await adminPage('phone');
    await phone.goto(`${e2e.app.baseUrl}${PAGES.calendar}?view=month&date=${day}`);
    const cell = phone.locator(`[data-testid="calendar-entry"][data-date="${day}"]`).first();
    await cell.waitFor();
    expect(await cell.getByTestId('clash-chip').isVisible()).toBe(true);
    expect(await cell.getByTestId('clash-chip').innerText()).toContain('⚠');
    expect(await cell.getByTestId('clash-chip').textContent()).toContain('Bentrok');
    expect(errors).toEqual([]);
  });

  it('CW8 the series preview marks the Monday the room is taken, and says why', async () => {
    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}${PAGES.seriesNew}`);
    await page.getByTestId('series-name').fill('Coffee Morning');
    await page.getByTestId('series-recurrence-kind').selectOption('weekly');
    await page.getByTestId('series-weekday').selectOption('MO');
    await page.getByTestId('series-start-date').fill(day);
    await page.getByTestId('series-start-time').fill('08:30');
    await page.getByTestId('series-duration').fill('180');
    await page.getByTestId('series-timezone').selectOption('Asia/Makassar');
    await page.getByTestId('series-place').fill('Ruang Rapat Lantai 2');
    await page.getByTestId('series-chair').fill('Kasmidi Bulang');
    await page.getByTestId('series-notulis-0').fill('Rina');
    await page.getByTestId('rotation-group-select').selectOption('Asisten I');
    await page.getByTestId('rotation-group-add').click();

    const first = page.locator(`[data-testid="series-preview-row"][data-date="${day}"]`);
    await expect.poll(() => first.getAttribute('data-clashes'), { timeout: 5000 }).toBe('2');
    expect(await first.getByTestId('clash-chip').textContent()).toContain('Bentrok');
    const said = await first.getByTestId('series-preview-clash').textContent();
    expect(said).toContain('Bentrok: Ruang Rapat Lantai 2 dipakai «Rakor Kesehatan» 09.00–11.00 WITA pada tanggal yang sama');
    expect(said).toContain('Bentrok: Dinkes juga diundang ke «Rakor Kesehatan»');
    // Rakor Stunting took the room too (as its form spelt it), and brought no OPD.
    expect(said).toContain('Bentrok: ruang rapat lantai 2 dipakai «Rakor Stunting» 10.00–12.00 WITA');
    const next = page.locator(`[data-testid="series-preview-row"][data-date="${addDays(day, 7)}"]`);
    expect(await next.getAttribute('data-clashes')).toBe('0');
    expect(await page.getByTestId('series-preview-clashes').textContent()).toContain('1 pertemuan bentrok');
    await page.screenshot({ path: path.join(SHOTS, 'series-preview-clash.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
