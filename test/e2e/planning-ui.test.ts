import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { API, PAGES } from '../../shared/protocol/api';
import type { Opd, Series } from '../../shared/protocol';
import { adminClient, opdInput, seriesBody } from '../factories';
import type { HttpClient } from '../helpers/http-client';
import { eventually } from '../helpers/wait';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';
import { at, atLeast } from '../helpers/at';

const available = e2eAvailable();
/** Screenshots for a person to look at (RAKOR_SHOTS_DIR, else a temp folder); never compared. */
const SHOTS = process.env.RAKOR_SHOTS_DIR ?? path.join(os.tmpdir(), 'rakor-shots');

/** The first Monday after today: the series starts in the future, whatever day the test runs. */
function nextMonday(): string {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() !== 1);
  return d.toISOString().slice(0, 10);
}

describe.skipIf(!available)('planning in a real browser: group order and plans past their slot', () => {
  const e2e = useE2E();
  let admin: HttpClient;
  const errors = e2e.errors;
  const asistenI: Opd[] = [];

  beforeAll(async () => {
    admin = await adminClient(e2e.app);
    // Kutai Timur's Asisten I has 22 OPDs; listed here in the secretariat's order, not the alphabet's.
    for (let i = 0; i < 22; i++) {
      const short = i === 0 ? 'Disdikbud' : i === 21 ? 'Baznas' : `OPD ${String(22 - i).padStart(2, '0')}`;
      const res = await admin.post<Opd>(API.opds, opdInput(short, { name: i === 21 ? 'Badan Amil Zakat Nasional' : `Dinas ${short}` }));
      if (res.status !== 201) throw new Error(`create opd failed: ${JSON.stringify(res.body)}`);
      asistenI.push(res.body);
    }
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  async function adminPage(): Promise<Page> {
    const page = await e2e.newPage({ viewport: { width: 1366, height: 768 }, cookie: admin.cookie });
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    return page;
  }

  const serverOrder = async () =>
    (await admin.get<{ items: Opd[] }>(`${API.opds}?group=${encodeURIComponent('Asisten I')}`)).body.items.map((o) => o.shortName);

  it('D6 the directory page reorders a group by keyboard, and "add a whole group" in the meeting editor follows', async () => {
    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}${PAGES.directory}`);
    expect(await serverOrder()).toEqual(asistenI.map((o) => o.shortName));
    const third = at(asistenI, 2, 'Asisten I OPD');
    await page.locator(`[data-opd-handle="${third.id}"]`).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await eventually(async () => (await serverOrder())[1] === third.shortName, { timeoutMs: 3000, what: `${third.shortName} second in the stored order` });
    // The handle keeps the focus: a second Alt+↑ moves it to the top of its group.
    await page.keyboard.press('Alt+ArrowUp');
    await eventually(async () => (await serverOrder())[0] === third.shortName, { timeoutMs: 3000, what: `${third.shortName} first in the stored order` });
    const expected = await serverOrder();
    expect(expected.slice(0, 3)).toEqual([third.shortName, at(asistenI, 0, 'Asisten I OPD').shortName, at(asistenI, 1, 'Asisten I OPD').shortName]);
    await page
      .getByRole('button', { name: new RegExp(`${at(asistenI, 21, 'Asisten I OPD').shortName}`) })
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'directory-order.png') });

    await page.goto(`${e2e.app.baseUrl}${PAGES.meetingNew}`);
    await page.getByTestId('opd-picker-group').selectOption('Asisten I');
    await page.getByTestId('opd-picker-add-group').click();
    await eventually(async () => (await page.getByTestId('participant-row').count()) === 22, { timeoutMs: 3000, what: '22 participant rows' });
    expect(await page.getByTestId('participant-row').locator('.who strong').allTextContents()).toEqual(expected);
    expect(errors).toEqual([]);
  });

  it('S23 S12 a series of 22 speakers of 10 minutes in 195 minutes is flagged in its preview and its occurrence list', async () => {
    const monday = nextMonday();
    const created = await admin.post<Series>(
      API.series,
      seriesBody({
        kind: 'Coffee Morning',
        startDate: monday,
        durationMinutes: 195,
        place: 'Ruang Meranti',
        chairTitle: 'Wakil Bupati',
        defaultAllotmentMinutes: 10,
        horizonWeeks: 2,
      }),
    );
    expect(created.status).toBe(201);
    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}${PAGES.seriesEdit(created.body.id)}`);
    await page.getByTestId('occurrence-row').first().waitFor();
    // 10 + 22 x 10 + 15 + 5 = 250 minutes: 12.40 WITA against 11.45, 55 minutes over.
    const notes = page.getByTestId('occurrence-row').getByTestId('occurrence-over');
    await eventually(async () => (await notes.count()) === 2, { timeoutMs: 3000, what: 'two overrun notes' });
    expect(await notes.first().textContent()).toContain('55 menit melewati jadwal');
    expect(await notes.first().textContent()).toContain('12.40 WITA');
    expect(await notes.first().textContent()).toContain('11.45 WITA');
    await page.getByTestId('occurrence-row').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'series-occurrences-overrun.png') });
    // Editing the series shows its live preview: the same warning, before anything is saved.
    await page.getByTestId('series-edit-toggle').click();
    await page.getByTestId('series-preview-row').first().waitFor();
    await eventually(async () => (await page.getByTestId('series-preview-row').getByTestId('occurrence-over').count()) === 2, {
      timeoutMs: 3000,
      what: 'two flagged preview rows',
    });
    expect(await page.getByTestId('series-preview-over').textContent()).toContain('2 pertemuan');
    await page.getByTestId('series-preview').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'series-preview-overrun.png') });

    // The occurrence itself, in the meeting editor: its timeline warns the same (S23).
    await page.getByTestId('occurrence-open').first().click();
    await page.getByTestId('timeline-warning').first().waitFor();
    expect(await page.getByTestId('timeline-warning').first().textContent()).toContain('55 menit');
    expect(errors).toEqual([]);
  });

  it('D7 the one OPD picker, by keyboard alone: a head and a group are found in the meeting editor and in the series rotation', async () => {
    // Three camats, one of them with a head whose name has an apostrophe the admin does not type.
    const camats: Opd[] = [];
    for (const [short, head] of [
      ['Kec. Sangatta Selatan', 'Hasdiah'],
      ['Kec. Bengalon', 'Muhammad Rifa’i'],
      ['Kec. Kaliorang', 'Suparman'],
    ] as const) {
      const res = await admin.post<Opd>(API.opds, opdInput(short, { name: `Kecamatan ${short.slice(5)}`, kind: 'kecamatan', group: 'Camat', headName: head }));
      expect(res.status).toBe(201);
      camats.push(res.body);
    }
    const [sangatta, bengalon, kaliorang] = atLeast(camats, 3, 'Kecamatan OPD');
    const optionIdOf = (page: Page, testid: string) => page.getByTestId(testid).getAttribute('id');
    const focusedTestid = (page: Page) => page.locator(':focus').getAttribute('data-testid');

    // The meeting editor, on a 1024x768 laptop.
    const page = await adminPage();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${e2e.app.baseUrl}${PAGES.meetingNew}`);
    const field = page.getByRole('combobox', { name: 'Tambah OPD' });
    await field.focus();
    await page.keyboard.type('rifai');
    await eventually(async () => (await field.getAttribute('aria-expanded')) === 'true', {
      timeoutMs: 3000,
      what: '(field.getAttribute("aria-expanded")) === "true"',
    });
    expect(await field.getAttribute('aria-activedescendant')).toBe(await optionIdOf(page, `opd-option-${bengalon.shortName}`));
    await page.keyboard.press('Enter');
    await eventually(async () => (await page.getByTestId('participant-row').count()) === 1, {
      timeoutMs: 3000,
      what: '(page.getByTestId("participant-row").count()) === 1',
    });
    expect(await field.inputValue()).toBe('');

    // The group: its three camats, the one in the meeting listed as such and skipped by ↓.
    await page.keyboard.type('Camat');
    const options = page.getByRole('listbox', { name: 'Tambah OPD' }).getByRole('option');
    await eventually(async () => (await options.count()) === 3, { timeoutMs: 3000, what: '(options.count()) === 3' });
    expect(await options.locator('strong').allTextContents()).toEqual(camats.map((o) => o.shortName));
    expect(await page.getByTestId(`opd-option-${bengalon.shortName}`).getAttribute('aria-disabled')).toBe('true');
    expect(await field.getAttribute('aria-activedescendant')).toBe(await optionIdOf(page, `opd-option-${sangatta.shortName}`));
    await page.keyboard.press('ArrowDown');
    expect(await field.getAttribute('aria-activedescendant')).toBe(await optionIdOf(page, `opd-option-${kaliorang.shortName}`));
    await page.screenshot({ path: path.join(SHOTS, 'opd-picker-meeting-1024.png') });
    await page.keyboard.press('Enter');
    await eventually(async () => (await page.getByTestId('participant-row').count()) === 2, {
      timeoutMs: 3000,
      what: '(page.getByTestId("participant-row").count()) === 2',
    });
    expect(await page.getByTestId('participant-row').locator('.who strong').allTextContents()).toEqual([bengalon.shortName, kaliorang.shortName]);

    // Esc closes the list and keeps the text; a second Esc empties the field. The focus never moved.
    await page.keyboard.type('hasdiah');
    await eventually(async () => (await field.getAttribute('aria-expanded')) === 'true', {
      timeoutMs: 3000,
      what: '(field.getAttribute("aria-expanded")) === "true"',
    });
    await page.keyboard.press('Escape');
    expect(await field.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('listbox', { name: 'Tambah OPD' }).isVisible()).toBe(false);
    expect(await field.inputValue()).toBe('hasdiah');
    await page.keyboard.press('Escape');
    expect(await field.inputValue()).toBe('');
    expect(await focusedTestid(page)).toBe('opd-picker-search');
    expect(await page.getByTestId('participant-row').count()).toBe(2);

    // The series rotation's hand-picked list, on a 390x844 phone.
    const phone = await adminPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${e2e.app.baseUrl}${PAGES.seriesNew}`);
    await phone.getByTestId('rotation-list-open').click();
    const list = phone.getByTestId('rotation-list-search');
    await list.focus();
    await phone.keyboard.type('Hasdiah');
    await eventually(async () => (await list.getAttribute('aria-expanded')) === 'true', {
      timeoutMs: 3000,
      what: '(list.getAttribute("aria-expanded")) === "true"',
    });
    await phone.keyboard.press('Enter');
    await eventually(async () => (await phone.getByTestId('rotation-list-search-chosen').count()) === 1, {
      timeoutMs: 3000,
      what: '(phone.getByTestId("rotation-list-search-chosen").count()) === 1',
    });
    await phone.keyboard.type('camat');
    await eventually(async () => (await phone.getByTestId('rotation-list-search-option').count()) === 3, {
      timeoutMs: 3000,
      what: '(phone.getByTestId("rotation-list-search-option").count()) === 3',
    });
    await phone.keyboard.press('ArrowDown');
    expect(await list.getAttribute('aria-activedescendant')).toBe(await phone.getByTestId('rotation-list-search-option').nth(2).getAttribute('id'));
    await list.scrollIntoViewIfNeeded();
    await phone.screenshot({ path: path.join(SHOTS, 'opd-picker-rotation-390.png') });
    // Nothing sticks out sideways on the phone, the open list included.
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await phone.keyboard.press('Enter');
    await eventually(async () => (await phone.getByTestId('rotation-list-search-chosen').count()) === 2, {
      timeoutMs: 3000,
      what: '(phone.getByTestId("rotation-list-search-chosen").count()) === 2',
    });
    expect(await phone.getByTestId('rotation-list-search-chosen').locator('span').allTextContents()).toEqual([sangatta.shortName, kaliorang.shortName]);
    await phone.keyboard.type('bengalon');
    await eventually(async () => (await list.getAttribute('aria-expanded')) === 'true', {
      timeoutMs: 3000,
      what: '(list.getAttribute("aria-expanded")) === "true"',
    });
    await phone.keyboard.press('Escape');
    expect(await list.getAttribute('aria-expanded')).toBe('false');
    expect(await phone.getByTestId('rotation-list-search-chosen').count()).toBe(2);
    expect(errors).toEqual([]);
  });
});
