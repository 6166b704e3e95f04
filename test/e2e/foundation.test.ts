import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';
import { setUpMeeting } from '../helpers/meeting-people';
import { ADMIN } from '../factories';
import { API } from '../../shared/protocol/api';
import type { Meeting, Opd } from '../../shared/protocol';

const available = e2eAvailable();
const CSV = [
  'name,short_name,kind,group,head_name,head_title',
  'Dinas Kesehatan,Dinkes,dinas,Asisten I,dr. Bahrani Hasanal,Kepala Dinas',
  'Dinas Sosial,Dinsos,dinas,Asisten I,Ernata Hadi Sujito,Kepala Dinas',
  'Dinas Pendidikan dan Kebudayaan,Disdikbud,dinas,Asisten I,Mulyono,Kepala Dinas',
  'Kecamatan Sangatta Selatan,Kec. Sangatta Selatan,kecamatan,Camat,Hasdiah,Camat',
].join('\n');

describe.skipIf(!available)('foundation in a real browser', () => {
  const e2e = useE2E();
  const errors = e2e.errors;

  function watch(page: Page) {
    // A CSP violation or an uncaught error in the page fails the test.
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
  }

  it('A1 D3 S2 A6 the admin sets up, imports the directory, plans a meeting, and a participant opens its link', async () => {
    const admin = await e2e.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await admin.newPage();
    watch(page);

    // First start: the one-time setup link from the console.
    await page.goto((await e2e.app.app.setupUrl())!);
    await page.getByTestId('setup-username').fill(ADMIN.username);
    await page.getByTestId('setup-password').fill(ADMIN.password);
    await page.getByTestId('setup-password-confirm').fill(ADMIN.password);
    await page.getByTestId('setup-password-confirm').press('Enter');
    await page.waitForURL('**/admin');

    // Log out and in again with the new password. The admin home is left first: a request it still
    // had in flight would otherwise go without the cookie and log a 401 the test did not cause.
    await page.goto('about:blank');
    await page.context().clearCookies();
    await page.goto(`${e2e.app.baseUrl}/login`);
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-password').press('Enter');
    await page.waitForURL('**/admin');

    // Import the directory from CSV: preview, then apply.
    await page.goto(`${e2e.app.baseUrl}/admin/opd/import`);
    await page.getByTestId('import-csv').fill(CSV);
    await page.getByTestId('import-preview').click();
    await expect.poll(() => page.getByText('Kec. Sangatta Selatan').count()).toBeGreaterThan(0);
    await page.getByTestId('import-apply').click();
    await expect.poll(() => page.getByTestId('import-result').textContent()).toContain('4');

    // A meeting with three OPDs.
    await page.goto(`${e2e.app.baseUrl}/admin/meetings/new`);
    await page.getByTestId('meeting-title').fill('Coffee Morning Asisten I');
    await page.getByTestId('meeting-date').fill('2022-06-13');
    await page.getByTestId('meeting-start').fill('08:30');
    await page.getByTestId('meeting-end').fill('11:45');
    await page.getByTestId('meeting-timezone').selectOption('Asia/Makassar');
    await page.getByTestId('meeting-place').fill('Ruang Meranti');
    await page.getByTestId('meeting-chair').fill('Kasmidi Bulang');
    await page.getByTestId('meeting-notulis-0').fill('Rina Wulandari');
    for (const short of ['Dinkes', 'Dinsos', 'Disdikbud']) {
      await page.getByTestId('opd-picker-search').fill(short);
      await page.getByTestId(`opd-option-${short}`).click();
    }
    await expect.poll(() => page.getByTestId('participant-row').count()).toBe(3);
    await page.getByTestId('meeting-save').click();
    await page.waitForURL(/\/admin\/meetings\/[0-9a-f-]{36}/);
    const meetingId = page.url().match(/meetings\/([0-9a-f-]{36})/)![1];

    // Every link of the meeting, with its QR code.
    await page.goto(`${e2e.app.baseUrl}/admin/meetings/${meetingId}/links`);
    const rows = page.locator('[data-testid="link-row"][data-role="participant"]');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.locator('[data-testid="link-row"] img').count()).toBeGreaterThanOrEqual(3);
    const url = (await rows.first().getAttribute('data-url'))!;
    expect(url).toMatch(/\/l\/[A-Za-z0-9_-]{43}$/);

    // The participant, in a browser of its own, sees the meeting in Bahasa Indonesia.
    const phone = await e2e.newContext({ viewport: { width: 390, height: 844 }, locale: 'id-ID' });
    const participant = await phone.newPage();
    watch(participant);
    await participant.goto(url);
    await participant.waitForURL(`**/m/${meetingId}`);
    await expect.poll(() => participant.getByTestId('meeting-title-heading').textContent()).toContain('Coffee Morning Asisten I');
    // The plan of speakers is closed on the phone until opened (its list is a chunk of its own).
    await participant.getByTestId('speaker-plan').locator('summary').click();
    await expect.poll(() => participant.getByTestId('speaker-row').count()).toBe(3);
    const body = (await participant.locator('body').textContent()) ?? '';
    expect(body).toContain('Senin, 13 Juni 2022');
    expect(body).toContain('WITA');
    expect(await participant.getByTestId('viewer-identity').textContent()).toContain('Dinkes');
    expect(await participant.locator('html').getAttribute('lang')).toBe('id');

    // A revoked link gets a clear page, not a stack trace.
    const revokedCtx = await e2e.newContext();
    const stranger = await revokedCtx.newPage();
    await stranger.goto(`${e2e.app.baseUrl}/l/${'x'.repeat(43)}`);
    await expect.poll(() => stranger.locator('body').textContent()).toMatch(/tidak dikenal|tidak berlaku|tidak valid/i);

    expect(errors).toEqual([]);
    await Promise.all([admin.close(), phone.close(), revokedCtx.close()]);
  });

  it('D1 D2 S2 S3 S5 S6 S1 the admin edits the directory, reorders speakers by keyboard, sees a bad field named, and copies a meeting', async () => {
    const { admin, meeting, linkFor } = await setUpMeeting(e2e.app, ['Bappeda', 'Diskominfo', 'BPKAD']);
    const ctx = await e2e.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addCookies([{ name: 'rakor_session', value: admin.cookie.slice(admin.cookie.indexOf('=') + 1), url: e2e.app.baseUrl }]);
    const page = await ctx.newPage();
    watch(page);

    // D1 D2: add an OPD, find it, archive it: it leaves the list.
    await page.goto(`${e2e.app.baseUrl}/admin/opd`);
    await page.getByTestId('opd-add').click();
    await page.getByTestId('opd-name').fill('Kecamatan Bengalon');
    await page.getByTestId('opd-short').fill('Kec. Bengalon');
    await page.getByTestId('opd-kind').selectOption('kecamatan');
    await page.getByTestId('opd-group').fill('Camat');
    await page.getByTestId('opd-save').click();
    await page.getByTestId('directory-search').fill('bengalon');
    await expect.poll(() => page.getByTestId('opd-row').count()).toBe(1);
    await page.getByTestId('opd-row').getByRole('button', { name: 'Arsipkan' }).click();
    await expect.poll(() => page.getByTestId('opd-row').count()).toBe(0);
    const archived = (await admin.get<{ items: Opd[] }>(`${API.opds}?q=bengalon&includeArchived=true`)).body.items;
    expect(archived.map((o) => o.archived)).toEqual([true]);

    // S6: a participant's page is open while the admin edits.
    const phone = await e2e.newContext({ viewport: { width: 390, height: 844 } });
    const participant = await phone.newPage();
    watch(participant);
    await participant.goto(linkFor('participant', 0).url);
    await participant.waitForURL(`**/m/${meeting.id}`);
    await participant.getByTestId('speaker-plan').locator('summary').click();
    await expect.poll(() => participant.getByTestId('speaker-row').first().textContent()).toContain('Bappeda');

    // S2 S3: the first speaker goes down twice by keyboard; the order is saved and links survive.
    await page.goto(`${e2e.app.baseUrl}/admin/meetings/${meeting.id}`);
    await expect.poll(() => page.getByTestId('participant-row').count()).toBe(3);
    const handle = page.getByTestId('participant-row').first().locator('button.handle');
    await handle.focus();
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => page.getByTestId('participant-row').last().textContent()).toContain('Bappeda');
    await page.getByTestId('meeting-save').click();
    await expect
      .poll(async () => (await admin.get<Meeting>(API.meeting(meeting.id))).body.participants.map((p) => p.opdShortName))
      .toEqual(['Diskominfo', 'BPKAD', 'Bappeda']);
    const after = (await admin.get<Meeting>(API.meeting(meeting.id))).body;
    expect(after.participants.map((p) => p.id).sort()).toEqual(meeting.participants.map((p) => p.id).sort());
    await expect.poll(() => participant.getByTestId('speaker-row').last().textContent()).toContain('Bappeda');

    // S1: an end before the start is refused, and the field says why in Indonesian.
    await page.getByTestId('meeting-end').fill('07:00');
    await page.getByTestId('meeting-save').click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('rencana selesai harus setelah waktu mulai');
    expect(await page.getByTestId('meeting-end').getAttribute('aria-invalid')).toBe('true');
    expect((await admin.get<Meeting>(API.meeting(meeting.id))).body.endTime).toBe(meeting.endTime);

    // S5: a copy keeps the participants in their order.
    await page.reload();
    await page.getByRole('button', { name: 'Salin rapat' }).click();
    await page.waitForURL((url) => /\/admin\/meetings\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(meeting.id));
    await expect.poll(() => page.getByTestId('participant-row').count()).toBe(3);
    expect(await page.getByTestId('participant-row').first().textContent()).toContain('Diskominfo');

    // The one refused save shows in the console as its 400; nothing else may.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    expect(errors.filter((e) => e.includes('status of 400'))).toHaveLength(1);
    await Promise.all([ctx.close(), phone.close()]);
  });
});
