import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { FOLLOW_UP_API } from '../../shared/protocol/follow-ups';
import { openIn, ShiftedClock } from '../helpers/screen-fit';
import { setUpMeeting } from '../helpers/meeting-people';
import { at, must } from '../helpers/at';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';
import { laterMeeting, writeFollowUp } from './follow-up-meetings';

const available = e2eAvailable();

/** Seed 000: the first Coffee Morning is Monday 13 June 2022; the next is a week later, and the server's clock is on its morning (08.25 WITA). */
const SECOND_MORNING = '2022-06-20T00:25:00Z';
const TABLET = { width: 1024, height: 768 };
const SIZES = [
  { name: '390x844', width: 390, height: 844 },
  { name: '1024x768', width: 1024, height: 768 },
  { name: '1366x768', width: 1366, height: 768 },
] as const;
/** Screenshots of both screens at each size, for a person to look at (RAKOR_SHOTS_DIR, else a temp folder). */
const SHOTS = process.env.RAKOR_SHOTS_DIR ?? path.join(process.env.TMPDIR ?? '/tmp', 'rakor-follow-up-shots');

const P3K = 'Usulkan formasi P3K dalam APBD Perubahan 2022';
const REALISASI = 'Laporkan realisasi anggaran TW II ke Bappeda';
const BANSOS = 'Verifikasi data penerima bansos';
const PROGRESS = 'Usulan formasi sudah dikirim ke BKPSDM, menunggu jawaban.';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * Elements matching `selector` that are shown but shorter or narrower than a finger (44 px), described.
 * A visually hidden control (a file input under its styled label) is pressed through its label.
 */
function smallTargets(page: Page, selector: string): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll(${JSON.stringify(selector)})]
    .filter((e) => e.checkVisibility() && !e.classList.contains('visually-hidden'))
    .map((e) => ({ e, r: e.getBoundingClientRect() }))
    .filter(({ r }) => r.width > 0 && r.height > 0 && (r.height < 43.5 || r.width < 43.5))
    .map(({ e, r }) => e.tagName.toLowerCase() + ' "' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40) + '" ' + Math.round(r.width) + 'x' + Math.round(r.height))`);
}

/**
 * The page at each of the three sizes: a screenshot of the whole page for a person to look at, and
 * what no size may have, content wider than the screen (a phone would scroll sideways). `part`, when
 * given, is shot on its own too: the screen's part under review, at a size a person can read.
 */
async function atEverySize(page: Page, name: string, part?: Locator): Promise<string[]> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const problems: string[] = [];
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const wide = await page.evaluate<number>('document.documentElement.scrollWidth');
    if (wide > size.width) problems.push(`${name} at ${size.name}: the page is ${wide} px wide`);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.name}.png`), fullPage: true });
    if (part) await part.screenshot({ path: path.join(SHOTS, `${name}-${size.name}-part.png`) });
  }
  if (before) await page.setViewportSize(before);
  return problems;
}

describe.skipIf(!available)("the tracker in a browser: an OPD's phone reports, the next meeting's chair sees it and closes it", () => {
  const clock = new ShiftedClock();
  clock.setTo(SECOND_MORNING);
  const e2e = useE2E({ app: { clock } });
  const errors = e2e.errors;

  it('FT8 Dinkes reports progress with a file from its phone; at the next meeting the chair sees it when Dinkes has the floor, closes it once, and a reload keeps it closed', async () => {
    const first = await setUpMeeting(e2e.app, ['Dinkes', 'Dinsos', 'Disdik']);
    const [dinkes, dinsos] = [at(first.opds, 0, 'Dinkes'), at(first.opds, 1, 'Dinsos')];
    const notulis = first.linkFor('notulis');
    await writeFollowUp(e2e.app, notulis, first.meeting.id, { id: 'p3k', action: P3K, opdIds: [dinkes.id, dinsos.id], dueDate: '2022-09-30' });
    // Due before the second meeting: overdue on its morning.
    await writeFollowUp(e2e.app, notulis, first.meeting.id, { id: 'realisasi', action: REALISASI, opdIds: [dinkes.id], dueDate: '2022-06-17' });
    await writeFollowUp(e2e.app, notulis, first.meeting.id, { id: 'bansos', action: BANSOS, opdIds: [dinsos.id], dueDate: '' });
    const second = await laterMeeting(first.admin, first.meeting, { title: 'Coffee Morning Asisten I, pekan 2', date: '2022-06-20' });

    // The Dinkes representative opens the second meeting's personal link on a phone and taps through.
    const phone = await e2e.open(second.linkOf(0).url, { phone: true, errors });
    const toFollowUps = phone.getByTestId('my-follow-ups');
    expect(await toFollowUps.textContent()).toBe('Tindak lanjut OPD Anda');
    await toFollowUps.click();
    await phone.waitForURL(/\/tindak-lanjut$/);
    await phone.locator('h1', { hasText: 'Tindak lanjut Dinkes' }).waitFor();
    const rows = phone.getByTestId('opd-follow-up');
    await expect.poll(() => rows.count()).toBe(2);
    const mine = (await rows.allTextContents()).join(' | ');
    expect(mine).toContain(P3K);
    expect(mine).toContain(REALISASI);
    expect(mine).not.toContain(BANSOS);
    expect(await rows.filter({ hasText: REALISASI }).textContent()).toContain('Lewat batas waktu');
    expect(await smallTargets(phone, '.opd-follow-ups button, .opd-follow-ups a, .opd-follow-ups select')).toEqual([]);
    expect(await atEverySize(phone, 'opd-follow-ups-list')).toEqual([]);

    const item = rows.filter({ hasText: P3K });
    await item.getByRole('button', { expanded: false }).click();
    const form = item.getByTestId('progress-form');
    await form.getByTestId('progress-text').fill(PROGRESS);
    await form.getByTestId('progress-status').selectOption({ label: 'Dalam proses' });
    await form.getByTestId('progress-file').setInputFiles({ name: 'surat-usulan.pdf', mimeType: 'application/pdf', buffer: PDF });
    expect(await form.getByTestId('progress-file-name').textContent()).toBe('surat-usulan.pdf');
    await form.getByTestId('progress-submit').click();
    await form.getByRole('status').filter({ hasText: 'Laporan terkirim.' }).waitFor();
    const note = item.getByTestId('progress-note').first();
    const noteText = must(await note.textContent(), 'the note');
    expect(noteText).toContain(PROGRESS);
    expect(noteText).toContain('Dinkes (Kepala Dinkes)');
    expect(noteText).toContain('Status: Belum → Dalam proses');
    expect(noteText).toContain(`(${PDF.length} B)`);
    expect(await note.getByRole('link', { name: 'surat-usulan.pdf' }).getAttribute('href')).toContain('/my-follow-ups/');
    expect(await item.getByTestId('opd-follow-up-status').textContent()).toBe('Dalam proses');
    // The form is cleared for the next report, the file too.
    expect(await form.getByTestId('progress-text').inputValue()).toBe('');
    expect(await form.getByTestId('progress-file').inputValue()).toBe('');
    expect(await form.getByTestId('progress-file-name').textContent()).toBe('Belum ada berkas dipilih.');
    expect(
      await smallTargets(phone, '.opd-follow-ups button, .opd-follow-ups select, .opd-follow-ups textarea, .opd-follow-ups input, .opd-follow-ups label.btn'),
    ).toEqual([]);
    expect(await atEverySize(phone, 'opd-follow-ups-item', item)).toEqual([]);
    const stored = await e2e.app.store.followUps.notes(first.meeting.id, 'p3k');
    expect(stored.map((n) => [n.text, n.statusTo])).toEqual([[PROGRESS, 'in_progress']]);

    // The chair of the second meeting starts it on its morning and calls the first in the order, Dinkes.
    const chair = await openIn(await e2e.newContext({ viewport: TABLET, locale: 'id-ID' }), second.chairLink.url, errors);
    await chair.getByTestId('start-meeting').click();
    await chair.getByTestId('next').click();
    await expect.poll(() => chair.getByTestId('current-speaker').first().textContent()).toBe('Dinkes');
    const panel = chair.getByTestId('previous-follow-ups');
    await expect.poll(() => panel.locator('h2').first().textContent()).toContain('Tindak lanjut Dinkes dari rapat sebelumnya');
    expect(await panel.locator('h2').first().textContent()).toContain('1 lewat batas waktu');
    const floor = panel.getByTestId('floor-follow-ups');
    await expect.poll(() => floor.getByTestId('previous-follow-up').count()).toBe(2);
    const p3k = floor.getByTestId('previous-follow-up').filter({ hasText: P3K });
    expect(await p3k.getByTestId('previous-status').textContent()).toBe('Dalam proses');
    expect(await p3k.textContent()).toContain('1 catatan');
    const carry = p3k.getByRole('button', { name: 'Lanjutkan' });
    const close = p3k.getByRole('button', { name: 'Tutup (selesai)' });
    expect([await carry.isVisible(), await close.isVisible()]).toEqual([true, true]);
    // Every earlier item of the meeting is one tap away, folded while an OPD has the floor.
    const all = panel.locator('details');
    expect(await all.getAttribute('open')).toBeNull();
    await all.locator('summary', { hasText: 'Semua tindak lanjut rapat sebelumnya (3)' }).click();
    await expect.poll(() => all.getByTestId('previous-follow-up').filter({ visible: true }).count()).toBe(3);
    expect(await all.getByTestId('previous-follow-up').filter({ hasText: BANSOS }).textContent()).toContain('Dinsos');
    await all.locator('summary').click();
    // A tablet is touched: the two decisions are finger-sized.
    expect(await smallTargets(chair, '[data-testid="previous-follow-ups"] button, [data-testid="previous-follow-ups"] summary')).toEqual([]);
    expect(await atEverySize(chair, 'chair-previous-follow-ups', panel)).toEqual([]);

    await close.click();
    await expect.poll(() => p3k.getByTestId('previous-decision').textContent()).toContain('Ditutup oleh Kasmidi Bulang');
    expect(await p3k.getByTestId('previous-status').textContent()).toBe('Selesai');
    expect(await p3k.getByRole('button').count()).toBe(0);
    expect(await atEverySize(chair, 'chair-previous-follow-ups-closed', panel)).toEqual([]);

    // After a reload, and on a second page of the chair, it stays closed, and it was recorded once.
    await chair.reload();
    const again = await openIn(await e2e.newContext({ viewport: TABLET, locale: 'id-ID' }), second.chairLink.url, errors);
    for (const page of [chair, again]) {
      const row = page.getByTestId('floor-follow-ups').getByTestId('previous-follow-up').filter({ hasText: P3K });
      await expect.poll(() => row.getByTestId('previous-decision').textContent()).toContain('Ditutup oleh Kasmidi Bulang');
      expect(await row.getByTestId('previous-status').textContent()).toBe('Selesai');
      expect(await row.getByRole('button').count()).toBe(0);
    }
    const reviews = await e2e.app.store.followUps.reviews(second.meeting.id);
    expect(reviews.map((r) => [r.followUpId, r.decision, r.decidedBy])).toEqual([['p3k', 'closed', 'Kasmidi Bulang']]);
    expect((await e2e.app.store.followUps.get(first.meeting.id, 'p3k'))?.status).toBe('done');

    // Back on the phone, the item has moved to the closed ones, with the chair's closing in its history.
    await phone.reload();
    await phone.locator('h2', { hasText: 'Sudah selesai atau dibatalkan (1)' }).waitFor();
    expect(await phone.getByTestId('opd-follow-up').filter({ hasText: P3K }).getByTestId('opd-follow-up-status').textContent()).toBe('Selesai');
    expect(errors).toEqual([]);
  });

  it('FT9 the standing page link opens the OPD page on a phone without a session; revoked, a reload says so in Bahasa Indonesia', async () => {
    const first = await setUpMeeting(e2e.app, ['Dispar', 'Diskop']);
    const dispar = at(first.opds, 0, 'Dispar');
    await writeFollowUp(e2e.app, first.linkFor('notulis'), first.meeting.id, {
      id: 'festival',
      action: 'Susun jadwal Festival Teluk Lombok',
      opdIds: [dispar.id],
      dueDate: '2022-07-15',
    });
    const created = await first.admin.post<{ url: string }>(FOLLOW_UP_API.pageLink(dispar.id));
    expect(created.status).toBe(201);
    const token = must(created.body.url.split('/opd/')[1], 'the token');

    const page = await e2e.newPage({ viewport: 'phone' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${e2e.app.baseUrl}/opd/${token}`);
    await page.locator('h1', { hasText: 'Tindak lanjut Dispar' }).waitFor();
    expect(await page.context().cookies()).toEqual([]);
    const row = page.getByTestId('opd-follow-up');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Susun jadwal Festival Teluk Lombok');
    expect(await row.getByTestId('opd-follow-up-status').textContent()).toBe('Belum');
    // No way back to a meeting: the page stands on its own.
    expect(await page.getByText('Kembali ke rapat').count()).toBe(0);

    // The page link reports too, in the OPD's name; the row opens from the keyboard.
    await row.getByRole('button', { expanded: false }).focus();
    await page.keyboard.press('Enter');
    await row.getByRole('button', { expanded: true }).waitFor();
    await row.getByTestId('progress-text').fill('Draf jadwal dibahas dengan panitia.');
    await row.getByTestId('progress-submit').click();
    await row.getByRole('status').filter({ hasText: 'Laporan terkirim.' }).waitFor();
    expect(await row.getByTestId('progress-note').first().textContent()).toContain('Dispar');
    expect(await atEverySize(page, 'opd-page-link')).toEqual([]);

    const revoked = await first.admin.request('DELETE', FOLLOW_UP_API.pageLink(dispar.id));
    expect([revoked.status, revoked.body]).toEqual([200, { revoked: 1 }]);
    await page.reload();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Tautan halaman OPD ini tidak berlaku lagi. Minta tautan baru ke sekretariat.');
    expect(await page.getByTestId('opd-follow-up').count()).toBe(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    expect(pageErrors).toEqual([]);
  });
});
