import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eAvailable } from './chromium';
import { useE2E, type NewPageOptions } from './fixture';
import { adminClient, meetingInput, opdInput } from '../factories';
import type { HttpClient } from '../helpers/http-client';
import { API, PAGES } from '../../shared/protocol/api';
import type { Meeting, MeetingLink, Opd } from '../../shared/protocol';
import { addDays, dateInZone } from '../../shared/domain/time';

const available = e2eAvailable();

describe.skipIf(!available)('WhatsApp numbers and H-1 reminders in a real browser', () => {
  const e2e = useE2E();
  const errors = e2e.errors;
  let admin: HttpClient;
  let dinkes: Opd;
  let dinsos: Opd;

  beforeAll(async () => {
    admin = await adminClient(e2e.app);
    dinkes = (await admin.post<Opd>(API.opds, opdInput('Dinkes', { name: 'Dinas Kesehatan', headName: 'dr. Ahmad Rifa’i' }))).body;
    dinsos = (await admin.post<Opd>(API.opds, opdInput('Dinsos', { name: 'Dinas Sosial' }))).body;
  });

  async function adminPage(opts: NewPageOptions = {}): Promise<Page> {
    const page = await e2e.newPage({ cookie: admin.cookie, ...opts });
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    return page;
  }

  it('WA9 the directory takes a number as typed, refuses a landline, and keeps the digits, shown as "+62 812-…"', async () => {
    errors.length = 0;
    const page = await adminPage({ viewport: 'phone' });
    await page.goto(`${e2e.app.baseUrl}${PAGES.directory}`);
    const row = page.getByTestId('opd-row').filter({ hasText: 'Dinkes' });
    await expect.poll(() => row.getByTestId('opd-whatsapp').textContent()).toContain('WhatsApp belum diisi');
    await row.getByRole('button', { name: 'Ubah Dinkes' }).click();

    const input = page.getByTestId('opd-whatsapp-input');
    expect(await input.getAttribute('type')).toBe('tel');
    expect(await input.getAttribute('inputmode')).toBe('tel');
    await input.fill('(0541) 741 234');
    await page.getByTestId('opd-save').click();
    await expect.poll(() => page.locator('[data-field="whatsapp"] .field-error').textContent()).toContain('bukan nomor ponsel');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect((await admin.get<{ items: Opd[] }>(API.opds)).body.items.find((o) => o.id === dinkes.id)?.whatsapp).toBe('');

    await input.fill('0812-3456-7890');
    await page.getByTestId('opd-save').click();
    await expect.poll(() => row.getByTestId('opd-whatsapp').getAttribute('data-number')).toBe('6281234567890');
    expect((await row.getByTestId('opd-whatsapp').textContent())?.trim()).toBe('+62 812-3456-7890');
    expect((await admin.get<{ items: Opd[] }>(API.opds)).body.items.find((o) => o.id === dinkes.id)?.whatsapp).toBe('6281234567890');
    // Opened again, the form shows the number as people read it.
    await row.getByRole('button', { name: 'Ubah Dinkes' }).click();
    expect(await page.getByTestId('opd-whatsapp-input').inputValue()).toBe('+62 812-3456-7890');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    // The landline's refusal was the server's 400, which Chromium logs; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });

  it('WA9 the meeting form takes the representative’s own number, with the OPD’s as its placeholder', async () => {
    errors.length = 0;
    await admin.patch(API.opd(dinkes.id), { whatsapp: '0812-3456-7890' });
    const meeting = (await admin.post<Meeting>(API.meetings, meetingInput([dinkes, dinsos], { title: 'Rakor nomor perwakilan' }))).body;
    const page = await adminPage();
    await page.goto(`${e2e.app.baseUrl}${PAGES.meetingEdit(meeting.id)}`);
    const fields = page.getByTestId('participant-whatsapp');
    await expect.poll(() => fields.count()).toBe(2);
    expect(await fields.first().getAttribute('type')).toBe('tel');
    expect(await fields.first().getAttribute('inputmode')).toBe('tel');
    expect(await fields.first().getAttribute('placeholder')).toBe('+62 812-3456-7890');
    await fields.nth(1).fill('0856 1234 5678');
    await page.getByTestId('meeting-save').click();
    await expect
      .poll(async () => (await admin.get<Meeting>(API.meeting(meeting.id))).body.participants.map((p) => p.representativeWhatsapp))
      .toEqual(['', '6285612345678']);
    expect(errors).toEqual([]);
  });

  it('WA10 the links page sends the H-1 reminder by wa.me with the title and the personal link, copies its text, and explains a missing number', async () => {
    errors.length = 0;
    await admin.patch(API.opd(dinkes.id), { whatsapp: '0812-3456-7890' });
    await admin.patch(API.opd(dinsos.id), { whatsapp: '' });
    const tomorrow = addDays(dateInZone(Date.now(), 'Asia/Makassar'), 1);
    const input = meetingInput([dinkes, dinsos], { title: 'Coffee Morning Asisten I', date: tomorrow });
    const meeting = (await admin.post<Meeting>(API.meetings, input)).body;
    const links = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(meeting.id))).body.items;
    const linkOf = (opd: Opd) => links.find((l) => l.participantId === meeting.participants.find((p) => p.opdId === opd.id)?.id);

    const ctx = await e2e.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.app.baseUrl });
    await ctx.addCookies([{ name: 'rakor_session', value: admin.cookie.slice(admin.cookie.indexOf('=') + 1), url: e2e.app.baseUrl }]);
    const page = await ctx.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${e2e.app.baseUrl}${PAGES.meetingLinks(meeting.id)}`);

    const dinkesRow = page.locator(`[data-testid="link-row"][data-url="${linkOf(dinkes)?.url}"]`);
    const send = dinkesRow.getByTestId('reminder-wa');
    await send.waitFor();
    expect(await send.textContent()).toContain('Kirim pengingat H-1');
    expect(await send.getAttribute('target')).toBe('_blank');
    expect(await send.getAttribute('rel')).toBe('noopener');
    const href = (await send.getAttribute('href')) ?? '';
    expect(href.startsWith('https://wa.me/62')).toBe(true);
    const url = new URL(href);
    expect(url.pathname).toBe('/6281234567890');
    const text = url.searchParams.get('text') ?? '';
    expect(text).toContain('*Coffee Morning Asisten I*');
    expect(text).toContain(linkOf(dinkes)!.url);
    expect(text).toContain('Yth. Bapak/Ibu dr. Ahmad Rifa’i (Dinas Kesehatan)');
    expect(text).toContain('mengingatkan rapat besok');
    expect(await dinkesRow.getByTestId('reminder-to').textContent()).toContain('+62 812-3456-7890 (nomor OPD)');
    expect(await dinkesRow.locator('.reminder-when').textContent()).toContain('rapat besok');

    // "Salin teks": the same text on the clipboard, for WhatsApp Web on another machine.
    await dinkesRow.getByTestId('reminder-copy').click();
    await expect.poll(() => dinkesRow.getByTestId('reminder-copy').textContent()).toContain('Teks tersalin');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(text);

    // No number for Dinsos: the button is there, disabled, and says why.
    const dinsosRow = page.locator(`[data-testid="link-row"][data-url="${linkOf(dinsos)?.url}"]`);
    expect(await dinsosRow.getByTestId('reminder-wa').count()).toBe(0);
    expect(await dinsosRow.getByTestId('reminder-wa-disabled').isDisabled()).toBe(true);
    expect(await dinsosRow.getByTestId('reminder-no-number').textContent()).toContain('Nomor WhatsApp belum diisi di direktori');

    // A meeting further off still gets its reminder, which names its date.
    const later = (await admin.post<Meeting>(API.meetings, { ...input, date: addDays(tomorrow, 6), title: 'Rakor pekan depan' })).body;
    await page.goto(`${e2e.app.baseUrl}${PAGES.meetingLinks(later.id)}`);
    await page.getByTestId('reminder-wa').first().waitFor();
    expect(await page.locator('.reminder-when').first().textContent()).toContain('Rapat pada');
    const laterText = new URL((await page.getByTestId('reminder-wa').first().getAttribute('href')) ?? '').searchParams.get('text') ?? '';
    expect(laterText).toContain('*Rakor pekan depan*');
    expect(laterText).toContain('mengingatkan rapat pada');
    expect(errors).toEqual([]);
  });
});
