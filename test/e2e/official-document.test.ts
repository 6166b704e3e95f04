import { SCREEN_API } from '../../shared/protocol/api-screens';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';
import { adminClient, createOpds, meetingInput } from '../factories';
import type { HttpClient } from '../helpers/http-client';
import { API, PAGES } from '../../shared/protocol/api';
import type { Meeting } from '../../shared/protocol';
import { demoLogoPng } from '../../server/demo/logo';
import { typeInSection } from '../helpers/collab-client';
import { shotOnFailure } from '../helpers/screen-fit';

const available = e2eAvailable();

describe.skipIf(!available)('the official document: kop surat settings and the version history', () => {
  const e2e = useE2E();
  let admin: HttpClient;
  const errors = e2e.errors;

  beforeAll(async () => {
    admin = await adminClient(e2e.app);
  });

  async function adminPage(viewport: 'laptop' | 'phone'): Promise<Page> {
    const page = await e2e.newPage({ viewport, cookie: admin.cookie });
    page.on('pageerror', (err) => errors.push(err.message));
    return page;
  }

  it('OD6 on a phone the admin reaches "Pengaturan kop surat" from the admin home, sees the live example and a refusal in Bahasa Indonesia, saves by keyboard and uploads a logo', async () => {
    const page = await adminPage('phone');
    await page.goto(`${e2e.app.baseUrl}${PAGES.adminHome}`);
    await page.getByTestId('letterhead-link').click();
    await page.waitForURL(`**${PAGES.letterhead}`);
    await shotOnFailure(page, 'od7-letterhead', async () => {
      expect(await page.locator('h1').textContent()).toBe('Pengaturan kop surat');
      await page.getByTestId('letterhead-unset').waitFor();
      // Before the texts are saved, no logo can be uploaded.
      await page.getByTestId('logo-save-first').waitFor();

      await page.getByTestId('letterhead-government').focus();
      await page.keyboard.type('PEMERINTAH KABUPATEN KUTAI TIMUR');
      await page.keyboard.press('Tab');
      await page.keyboard.type('SEKRETARIAT DAERAH');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Jl. Soekarno-Hatta, Bukit Pelangi, Sangatta');
      const pattern = page.getByTestId('letterhead-numberingPattern');
      await pattern.fill('{no:3}/NOT-RAKOR/SETDA/{tahun}');
      expect(await page.getByTestId('letterhead-example').textContent()).toContain(`Contoh: 007/NOT-RAKOR/SETDA/${new Date().getFullYear()}`);
      // The preview follows what is typed.
      expect(await page.getByTestId('letterhead-preview').textContent()).toContain('SEKRETARIAT DAERAH');

      await pattern.fill('NOT-RAKOR/{thn}');
      await pattern.press('Enter');
      await page.locator('[data-field="numberingPattern"] .field-error').waitFor();
      expect(await page.locator('[data-field="numberingPattern"] .field-error').textContent()).toContain('{thn} tidak dikenal');
      expect(await pattern.getAttribute('aria-invalid')).toBe('true');

      await pattern.fill('{no:3}/NOT-RAKOR/SETDA/{tahun}');
      await pattern.press('Enter');
      await page.getByText('Kop surat tersimpan.').waitFor();

      // A text file named logo.png: refused, in words a person can act on.
      await page.getByTestId('logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('bukan gambar\n') });
      await page.getByTestId('error-box').waitFor();
      expect(await page.getByTestId('error-box').textContent()).toContain('bukan gambar PNG atau JPEG');
      await page.getByTestId('logo-file').setInputFiles({ name: 'lambang.png', mimeType: 'image/png', buffer: demoLogoPng(120) });
      await page.getByTestId('logo-preview').waitFor();
      expect(await page.getByText('Logo tersimpan.').count()).toBe(1);
      // Nothing wider than the phone.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    });
    expect(errors).toEqual([]);
  });

  it('OD6 the minutes list each finalised version with its downloads, and "Lihat perubahan" shows what was added, marked without colour alone', async () => {
    const opds = await createOpds(admin, ['Dinkes', 'Dinsos']);
    const meeting = (await admin.post<Meeting>(API.meetings, meetingInput(opds, { title: 'Rakor Riwayat' }))).body;
    const { app } = e2e.app;
    await admin.post(API.minutesFinalize(meeting.id));
    await admin.post(API.minutesReopen(meeting.id));
    const room = await app.rooms.open(meeting.id);
    await room.edit('test', (doc) => typeInSection(doc, 'kesimpulan', 'P3K diusulkan dalam APBD Perubahan.'));
    await admin.post(API.minutesFinalize(meeting.id));

    const page = await adminPage('laptop');
    await page.goto(`${e2e.app.baseUrl}${PAGES.meetingView(meeting.id)}`);
    await shotOnFailure(page, 'od7-versions', async () => {
      const nomor = page.getByTestId('minutes-nomor');
      await nomor.waitFor();
      expect(await nomor.textContent()).toMatch(/Nomor: \d{3}\/NOT-RAKOR\/SETDA\/2022/);
      await page.getByTestId('minutes-history').locator('summary').click();
      const versions = page.getByTestId('minutes-version');
      await versions.first().waitFor();
      expect(await versions.count()).toBe(2);
      expect(await versions.first().textContent()).toContain('Versi 2');
      expect(await versions.first().textContent()).toContain('sekretariat (Admin sekretariat)');
      expect(await versions.first().getByTestId('version-download-pdf').getAttribute('href')).toBe(SCREEN_API.minutesVersionExport(meeting.id, 2, 'pdf'));
      const toggle = versions.first().getByTestId('version-diff-toggle');
      expect(await toggle.textContent()).toBe('Lihat perubahan');
      await toggle.focus();
      await page.keyboard.press('Enter');
      const added = page.getByTestId('version-diff').locator('li[data-kind="added"]');
      await added.first().waitFor();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      const text = await added.first().textContent();
      expect(text).toContain('+');
      expect(text).toContain('Ditambahkan:');
      expect(text).toContain('P3K diusulkan dalam APBD Perubahan.');
      // The oldest version has nothing before it to compare with.
      expect(await versions.last().getByTestId('version-diff-toggle').count()).toBe(0);
    });
    expect(errors).toEqual([]);
  });
});
