import fs from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';
import { adminClient, meetingInput, opdInput, seriesBody } from '../factories';
import type { HttpClient } from '../helpers/http-client';
import { API, PAGES } from '../../shared/protocol/api';
import type { Meeting, Opd, OpdInput, Series } from '../../shared/protocol';
import { addDays, dateInZone } from '../../shared/domain/time';

const available = e2eAvailable();

describe.skipIf(!available)('the secretariat’s first run, and its pages on a phone', () => {
  const e2e = useE2E();
  let admin: HttpClient;
  const errors = e2e.errors;

  beforeAll(async () => {
    admin = await adminClient(e2e.app);
  });
  beforeEach(() => {
    errors.length = 0;
  });

  async function adminPage(viewport: 'laptop' | 'phone' = 'laptop'): Promise<Page> {
    const page = await e2e.newPage({ viewport, cookie: admin.cookie, context: { acceptDownloads: true } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    return page;
  }

  it('G8 G9 an empty directory offers "Impor CSV" and "Tambah OPD", and the template it offers downloads with the importer’s columns', async () => {
    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}${PAGES.directory}`);
    const firstRun = page.getByTestId('directory-first-run');
    await firstRun.waitFor();
    expect(await firstRun.locator('h2').textContent()).toBe('Direktori OPD masih kosong');
    expect(await page.getByTestId('first-run-import').textContent()).toBe('Impor CSV');
    expect(await page.getByTestId('first-run-add').textContent()).toBe('Tambah OPD');
    // An empty state, not an empty table.
    expect(await page.locator('table').count()).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('first-run-template').click()]);
    expect(download.suggestedFilename()).toBe('templat-direktori-opd.csv');
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1).split('\r\n')[0]).toBe('nama;singkatan;jenis;kelompok;nama_kepala;jabatan;no_wa');

    // "Tambah OPD" opens the form right there; "Impor CSV" leads to the import, which offers the template too.
    await page.getByTestId('first-run-add').click();
    await page.getByTestId('opd-form').waitFor();
    await page.getByTestId('first-run-import').click();
    await page.waitForURL(`**${PAGES.directoryImport}`);
    expect(await page.getByTestId('import-template').getAttribute('href')).toBe('/templat-direktori-opd.csv');
    expect(await page.getByText('Jenis yang sah').textContent()).toContain('lainnya');
    expect(errors).toEqual([]);
  });

  it('G10 an import error on the page names the row and the column as the file writes it', async () => {
    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}${PAGES.directoryImport}`);
    await page.getByTestId('import-csv').fill('nama;singkatan;jenis;kelompok\nDinas Sosial;;dinas;Asisten I\nDinas Kesehatan;Dinkes;dinas;Asisten I');
    await page.getByTestId('import-preview').click();
    await expect.poll(() => page.getByTestId('import-error').first().textContent()).toMatch(/^\s*Baris 2, kolom "singkatan": wajib diisi\s*$/);
    expect(errors).toEqual([]);
  });

  it('G12 a used setup link says the admin exists and leads to the login page', async () => {
    const page = await e2e.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    await page.goto(`${e2e.app.baseUrl}${PAGES.setup}?token=${'a'.repeat(43)}`);
    await expect.poll(() => page.getByTestId('setup-done').textContent()).toContain('akun admin sudah dibuat');
    expect(await page.getByTestId('setup-username').count()).toBe(0);
    await page.getByTestId('setup-login').click();
    await page.waitForURL(`**${PAGES.login}`);
    await page.getByTestId('login-username').waitFor();
    expect(errors).toEqual([]);
  });

  /** Nothing wider than the phone, and each named element inside the screen's width. */
  async function fitsPhone(page: Page, testids: string[]): Promise<void> {
    // What sticks out, outside any box that scrolls on its own (the top bar's links do): to say why in a failure.
    const wide = await page.evaluate<string[]>(
      `[...document.querySelectorAll('body *')].filter((el) => { if (el.getBoundingClientRect().right <= 391 && el.scrollWidth <= el.clientWidth + 1) return false; for (let a = el.parentElement; a; a = a.parentElement) if (a.tagName === 'NAV') return false; return true; }).slice(0, 4).map((el) => el.outerHTML.slice(0, 120))`,
    );
    expect(await page.evaluate<number>('document.documentElement.scrollWidth'), `${page.url()} ${wide.join(' | ')}`).toBeLessThanOrEqual(390);
    for (const id of testids) {
      const box = await page.getByTestId(id).first().boundingBox();
      expect(box, id).not.toBeNull();
      if (!box) continue;
      expect(box.x, id).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, id).toBeLessThanOrEqual(390);
    }
  }

  it('G13 the admin pages fit 390 px: no sideways scroll, the directory as cards, the week as a list by day', async () => {
    const directory: [string, Partial<OpdInput>][] = [
      ['Dinkes', { name: 'Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana', group: 'Asisten I' }],
      ['DPMPTSP', { name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', group: 'Asisten II' }],
      ['Kec. Sangatta Selatan', { name: 'Kecamatan Sangatta Selatan', group: 'Camat', kind: 'kecamatan' }],
    ];
    const opds: Opd[] = [];
    for (const [short, o] of directory) opds.push((await admin.post<Opd>(API.opds, opdInput(short, o))).body);
    const today = dateInZone(Date.now(), 'Asia/Makassar');
    const meeting = (await admin.post<Meeting>(API.meetings, meetingInput(opds, { title: 'Coffee Morning Asisten I dan Asisten II', date: today }))).body;
    const series = await admin.post<Series>(API.series, seriesBody({ startDate: today, endDate: addDays(today, 13) }));
    expect(series.status).toBe(201);

    const page = await adminPage('phone');
    const at = async (path: string, ready: string, testids: string[]) => {
      await page.goto(`${e2e.app.baseUrl}${path}`);
      await page.getByTestId(ready).first().waitFor();
      await fitsPhone(page, testids);
    };
    await at(PAGES.adminHome, 'meeting-item', ['meeting-new', 'meeting-item']);
    await at(PAGES.meetingNew, 'meeting-start', ['meeting-title', 'meeting-date', 'meeting-start', 'meeting-end', 'meeting-timezone', 'meeting-save']);
    await at(PAGES.meetingEdit(meeting.id), 'participant-row', ['meeting-title', 'meeting-date-words', 'participant-row', 'session-windows', 'meeting-save']);
    await at(PAGES.seriesNew, 'series-start-time', ['series-name', 'series-start-date', 'series-start-time', 'series-timezone', 'series-save']);
    await at(PAGES.seriesEdit(series.body.id), 'series-title', ['series-title', 'series-edit-toggle']);
    await at(PAGES.seriesList, 'series-item', ['series-new', 'series-item']);
    await at(PAGES.holidays, 'holiday-date', ['holiday-date', 'holiday-name', 'holiday-add']);
    await at(PAGES.directoryImport, 'import-csv', ['import-file', 'import-csv', 'import-template']);
    await at(PAGES.meetingLinks(meeting.id), 'link-row', ['link-row', 'links-csv']);

    // The directory: each OPD a card, its actions inside the screen.
    await at(PAGES.directory, 'opd-row', ['opd-add', 'directory-search', 'opd-row']);
    expect(await page.locator('table.opd-table thead').isVisible()).toBe(false);
    const row = await page.getByTestId('opd-row').first().boundingBox();
    expect(row && row.width).toBeGreaterThan(300);

    // The calendar's week: a list by day, not seven hour columns.
    await at(`${PAGES.calendar}?view=week`, 'calendar-week-list', ['calendar-title', 'calendar-week-list', 'calendar-next']);
    expect(await page.locator('.week-grid').isVisible()).toBe(false);
    await expect.poll(() => page.getByTestId('calendar-week-list').locator('[data-day]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
