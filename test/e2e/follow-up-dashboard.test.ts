import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PAGES } from '../../shared/protocol/api';
import { FOLLOW_UP_API, type TrackedFollowUp } from '../../shared/protocol/follow-ups';
import { followUpWorld, P3K } from '../helpers/follow-up-world';
import { HttpClient } from '../helpers/http-client';
import { ShiftedClock } from '../helpers/screen-fit';
import { at, must } from '../helpers/at';
import { axeViolations } from './axe';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();
const LAPTOP = { width: 1366, height: 768 };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PHONE = { width: 390, height: 844 };
/** Screenshots for a person to look at, when RAKOR_SHOTS_DIR is set. */
const SHOTS = process.env.RAKOR_SHOTS_DIR;

type ChartRow = { opd: string; done: number; inProgress: number; open: number; cancelled: number; total: number; overdue: number; percent: number | null };

/** The per-OPD chart as drawn: each bar's figures, from its data attributes. */
const chartRows = (page: Page) =>
  page.evaluate<ChartRow[]>(`[...document.querySelectorAll('[data-testid="opd-chart-row"]')].map((g) => ({
    opd: g.dataset.opd,
    done: Number(g.dataset.done),
    inProgress: Number(g.dataset.inProgress),
    open: Number(g.dataset.open),
    cancelled: Number(g.dataset.cancelled),
    total: Number(g.dataset.total),
    overdue: Number(g.dataset.overdue),
    percent: g.dataset.percent === '' ? null : Number(g.dataset.percent),
  }))`);

/** The "Rekap per OPD" sheet of a downloaded workbook, as the chart's rows. */
async function recapOf(file: string): Promise<ChartRow[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = must(book.getWorksheet('Rekap per OPD'), 'the recap sheet');
  const out: ChartRow[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const v = (i: number) => row.getCell(i).value;
    out.push({
      opd: row.getCell(2).text,
      done: Number(v(4)),
      inProgress: Number(v(5)),
      open: Number(v(6)),
      cancelled: Number(v(7)),
      total: Number(v(8)),
      overdue: Number(v(9)),
      percent: v(10) === null ? null : Number(v(10)),
    });
  });
  return out;
}

/** Clicks the page's XLSX link and keeps the file it downloads. */
async function downloadXlsx(page: Page, name: string): Promise<{ file: string; href: string }> {
  const link = page.getByTestId('download-xlsx');
  const href = must(await link.getAttribute('href'), 'the XLSX link');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'rakor-fd-'));
  const file = path.join(dir, name);
  await download.saveAs(file);
  return { file, href };
}

/** An attribute of every element with a test id, in document order (a string expression: the tests carry no DOM types). */
const attrs = (page: Page, testid: string, name: string) =>
  page.evaluate<string[]>(`[...document.querySelectorAll('[data-testid="${testid}"]')].map((el) => el.getAttribute('${name}'))`);

/** How wide the page is against its viewport, and the elements that stick out on the right (for the failure's message). */
const overflow = (page: Page) =>
  page.evaluate<{ scroll: number; width: number; wide: string[] }>(`({
    scroll: document.documentElement.scrollWidth,
    width: innerWidth,
    wide: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
      // What a scrolling box (the top bar's links on a phone) clips does not widen the page.
      .filter((el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return false; return true; })
      .slice(0, 8)
      .map((el) => el.tagName.toLowerCase() + (el.getAttribute('data-testid') ? '[' + el.getAttribute('data-testid') + ']' : '') + '.' + [...el.classList].join('.') + ' ' + Math.round(el.getBoundingClientRect().right)),
  })`);

describe.skipIf(!available)('the secretariat’s follow-up dashboard', () => {
  const clock = new ShiftedClock();
  const e2e = useE2E({ app: { clock } });
  let world: Awaited<ReturnType<typeof followUpWorld>>;

  beforeAll(async () => {
    world = await followUpWorld(e2e.app, clock);
  });

  const openDashboard = async (viewport: { width: number; height: number }, search = '') => {
    const page = await e2e.newPage({ viewport, cookie: world.admin.cookie });
    page.on('pageerror', (err) => e2e.errors.push(err.message));
    await page.goto(`${e2e.app.baseUrl}${PAGES.followUpsAdmin}${search}`);
    await page.getByTestId('follow-up-table').waitFor();
    return page;
  };

  it('FD7 at 1366x768 the chart’s per-OPD counts are those of the XLSX downloaded from the page, unfiltered and filtered by an OPD, and the filter is in the address', async () => {
    const page = await openDashboard(LAPTOP);
    await page.getByTestId('opd-chart-svg').waitFor();
    expect(await page.getByRole('img', { name: 'Penyelesaian per OPD' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Penyelesaian per bulan' }).count()).toBe(1);
    const drawn = await chartRows(page);
    expect(drawn.map((r) => r.opd)).toEqual(['Dinkes', 'Dinsos', 'Disdik']);
    const { file } = await downloadXlsx(page, 'semua.xlsx');
    expect(await recapOf(file)).toEqual(drawn);
    // The figures themselves: Dinkes has 1 of 3 done (one cancelled), 2 overdue.
    expect(at(drawn, 0, 'Dinkes')).toEqual({ opd: 'Dinkes', done: 1, inProgress: 1, open: 1, cancelled: 1, total: 4, overdue: 2, percent: 33 });
    // The month chart says its months are the source meetings': June and July 2022.
    expect(await attrs(page, 'month-chart-column', 'data-month')).toEqual(['2022-06', '2022-07']);
    expect(await page.getByTestId('month-chart').textContent()).toContain('bulan tanggal rapat asal');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'follow-up-dashboard-1366.png'), fullPage: true });
    // Nothing serious for a screen reader or a keyboard (axe-core), charts and list included.
    expect(await axeViolations(page)).toEqual([]);

    // Dinsos only: the address says so, one bar, the download links carry the filter.
    const dinsos = at(world.opds, 1, 'Dinsos');
    await page.getByTestId('filter-opd').selectOption(dinsos.id);
    await page.getByTestId('follow-up-count').filter({ hasText: '3 tindak lanjut' }).waitFor();
    expect(new URL(page.url()).searchParams.get('opdId')).toBe(dinsos.id);
    const filtered = await chartRows(page);
    expect(filtered.map((r) => [r.opd, r.total, r.overdue])).toEqual([['Dinsos', 3, 2]]);
    const { file: only, href } = await downloadXlsx(page, 'dinsos.xlsx');
    expect(href).toBe(FOLLOW_UP_API.xlsx({ opdId: dinsos.id }));
    expect(await recapOf(only)).toEqual(filtered);

    // The address opens the same view: statuses and overdue too.
    const shared = await openDashboard(LAPTOP, `?opdId=${encodeURIComponent(dinsos.id)}&status=open,in_progress&overdue=1`);
    expect(await shared.getByTestId('filter-opd').inputValue()).toBe(dinsos.id);
    expect(await shared.getByTestId('filter-overdue').isChecked()).toBe(true);
    expect(await shared.getByTestId('filter-status-open').isChecked()).toBe(true);
    expect(await shared.getByTestId('filter-status-done').isChecked()).toBe(false);
    expect(await attrs(shared, 'follow-up-row', 'data-id')).toEqual(['gizi', 'p3k']);
    expect((await overflow(shared)).scroll).toBeLessThanOrEqual(LAPTOP.width);
    expect(e2e.errors).toEqual([]);
  });

  it('FD6 a row opens its item by keyboard: its history with the file, a change of status recorded and drawn at once, a note of the secretariat', async () => {
    const page = await openDashboard(LAPTOP);
    const row = page.getByTestId('follow-up-row').filter({ hasText: P3K });
    await row.getByRole('button').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('follow-up-detail');
    await dialog.getByTestId('detail-history').waitFor();
    expect(await dialog.getByTestId('detail-history').textContent()).toContain('Usulan formasi dikirim ke BKPSDM.');
    expect(await axeViolations(page)).toEqual([]);

    const before = must(
      (await chartRows(page)).find((r) => r.opd === 'Dinkes'),
      'Dinkes',
    );
    await dialog.getByTestId('detail-status-select').selectOption('done');
    await dialog.getByTestId('detail-save').click();
    await dialog.getByText('Perubahan disimpan.').waitFor();
    expect(await dialog.getByTestId('detail-status').textContent()).toBe('Selesai');
    expect(await dialog.getByTestId('detail-history').textContent()).toContain('Status: Belum → Selesai');
    // The chart behind follows: Dinkes has one more done, one overdue less.
    await page.waitForFunction(
      `[...document.querySelectorAll('[data-testid="opd-chart-row"]')].some((g) => g.dataset.opd === 'Dinkes' && Number(g.dataset.done) === ${before.done + 1})`,
    );
    const after = must(
      (await chartRows(page)).find((r) => r.opd === 'Dinkes'),
      'Dinkes',
    );
    expect([after.done, after.open, after.overdue]).toEqual([before.done + 1, before.open - 1, before.overdue - 1]);

    // A note with its file, sent as the form it is (multipart); the history links the file, byte for byte.
    await dialog.getByTestId('detail-note-text').fill('Formasi sudah masuk APBD Perubahan.');
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'perda-apbd-p.pdf', mimeType: 'application/pdf', buffer: PDF });
    await dialog.getByTestId('detail-note-submit').click();
    await dialog.getByText('Laporan terkirim.').waitFor();
    const latest = dialog.getByTestId('detail-history').locator('li').first();
    expect(await latest.textContent()).toContain('Formasi sudah masuk APBD Perubahan.');
    const href = must(await latest.getByRole('link', { name: 'perda-apbd-p.pdf' }).getAttribute('href'), 'the file link');
    const file = await world.admin.getBuffer(href);
    expect([file.status, file.headers.get('content-type'), file.body.equals(PDF)]).toEqual([200, 'application/pdf', true]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // As the server holds it.
    const items = (await world.admin.get<{ items: TrackedFollowUp[] }>(FOLLOW_UP_API.list)).body.items;
    expect(
      must(
        items.find((i) => i.id === 'p3k'),
        'p3k',
      ).status,
    ).toBe('done');
    expect(e2e.errors).toEqual([]);
  });

  it('FD8 at 390x844 nothing overflows sideways; an OPD page link is shown once with its copy button, then only said to be active, and revoked after a confirmation', async () => {
    const ctx = await e2e.newContext({ viewport: PHONE, locale: 'id-ID' });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.app.baseUrl });
    await ctx.addCookies([{ name: 'rakor_session', value: world.admin.cookie.slice(world.admin.cookie.indexOf('=') + 1), url: e2e.app.baseUrl }]);
    const page = await ctx.newPage();
    page.on('pageerror', (err) => e2e.errors.push(err.message));
    await page.goto(`${e2e.app.baseUrl}${PAGES.followUpsAdmin}`);
    await page.getByTestId('follow-up-table').waitFor();
    await page.getByTestId('opd-chart-svg').waitFor();
    await page.getByTestId('month-chart-svg').waitFor();
    expect(await overflow(page)).toEqual({ scroll: PHONE.width, width: PHONE.width, wide: [] });
    // The rows are cards: a cell is a block of its own, with its column's name.
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('[data-testid="follow-up-row"]')).display`)).toBe('block');
    for (const id of ['opd-chart-svg', 'month-chart-svg']) {
      const box = must(await page.getByTestId(id).boundingBox(), id);
      expect(box.x + box.width, id).toBeLessThanOrEqual(PHONE.width);
    }

    const disdik = at(world.opds, 2, 'Disdik');
    const links = page.getByTestId('opd-page-links');
    await links.getByTestId('page-link-opd').selectOption(disdik.id);
    await links.getByText('Belum ada tautan halaman OPD.').waitFor();
    await links.getByTestId('page-link-create').click();
    const shown = links.getByTestId('page-link-shown');
    await shown.waitFor();
    expect(await shown.textContent()).toContain('Salin tautan ini sekarang: demi keamanan tautan hanya ditampilkan sekali.');
    const url = await links.getByTestId('page-link-url').inputValue();
    expect(url.startsWith(`${e2e.app.baseUrl}/opd/`)).toBe(true);
    await links.getByTestId('page-link-copy').click();
    await links.getByText('Tautan disalin.').waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(url);
    expect((await overflow(page)).scroll).toBe(PHONE.width);
    expect(await axeViolations(page)).toEqual([]);
    if (SHOTS) {
      await page.screenshot({ path: path.join(SHOTS, 'follow-up-dashboard-390.png'), fullPage: true });
      for (const id of ['follow-up-filters', 'opd-chart', 'month-chart', 'opd-page-links'])
        await page.getByTestId(id).screenshot({ path: path.join(SHOTS, `follow-up-dashboard-390-${id}.png`) });
      await page
        .getByTestId('follow-up-row')
        .first()
        .screenshot({ path: path.join(SHOTS, 'follow-up-dashboard-390-row.png') });
    }
    // The link works, for anyone, without a session.
    const token = must(url.split('/opd/')[1], 'token');
    expect((await new HttpClient(e2e.app.baseUrl).get(FOLLOW_UP_API.page(token))).status).toBe(200);

    // Once: a fresh look says a link is active, and shows none.
    await page.reload();
    await links.getByTestId('page-link-opd').selectOption(disdik.id);
    await links.locator('[data-testid="page-link-status"][data-active="true"]').waitFor();
    expect(await links.getByTestId('page-link-shown').count()).toBe(0);
    expect(await links.textContent()).not.toContain(token);

    // Revoked after a confirmation (a cancel first changes nothing).
    await links.getByTestId('page-link-revoke').click();
    await links.getByRole('button', { name: 'Batal' }).click();
    expect((await new HttpClient(e2e.app.baseUrl).get(FOLLOW_UP_API.page(token))).status).toBe(200);
    await links.getByTestId('page-link-revoke').click();
    expect(await links.getByTestId('page-link-confirm').textContent()).toContain('Cabut tautan halaman Disdik?');
    await links.getByTestId('page-link-confirm-yes').click();
    await links.locator('[data-testid="page-link-status"][data-active="false"]').waitFor();
    expect((await new HttpClient(e2e.app.baseUrl).get(FOLLOW_UP_API.page(token))).status).toBe(410);
    expect(e2e.errors).toEqual([]);
  });
});
