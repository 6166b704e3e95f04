import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { adminClient } from '../factories';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();

/** Excel's "CSV (Comma delimited)" on Windows: Windows-1252, where ’ is the byte 0x92. */
const EXCEL_CSV = iconv.encode(
  ['nama;singkatan;jenis;kelompok;nama_kepala;jabatan', 'Dinas Kesehatan;Dinkes;dinas;Asisten I;Ahmad Rifa’i;Kepala Dinas'].join('\r\n'),
  'win1252',
);

describe.skipIf(!available)("the directory import reads the chosen file's bytes", () => {
  const e2e = useE2E();

  it('E3 D3 a Windows-1252 file from Excel previews "Rifa’i" and applies; a workbook is refused asking to save it again as CSV UTF-8', async () => {
    const admin = await adminClient(e2e.app);
    const ctx = await e2e.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addCookies([{ name: 'rakor_session', value: admin.cookie.slice(admin.cookie.indexOf('=') + 1), url: e2e.app.baseUrl }]);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto(`${e2e.app.baseUrl}/admin/opd/import`);
    await page.getByTestId('import-file').setInputFiles({ name: 'direktori.csv', mimeType: 'text/csv', buffer: EXCEL_CSV });
    const table = page.getByTestId('import-preview-table');
    await expect.poll(() => table.textContent()).toContain('Ahmad Rifa’i');
    expect(await table.textContent()).not.toContain('\uFFFD');
    expect(await page.getByTestId('import-encoding').textContent()).toContain('Windows-1252');
    // The text as the server read it, ready to look at.
    expect(await page.getByTestId('import-csv').inputValue()).toContain('Ahmad Rifa’i');
    await page.getByTestId('import-apply').click();
    await expect.poll(() => page.getByTestId('import-result').textContent()).toContain('1');

    // An .xlsx chosen by mistake: the secretariat is told what to do, in Bahasa Indonesia.
    await page.getByTestId('import-file').setInputFiles({
      name: 'direktori.xlsx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000\u0000\u0000', 'latin1'),
    });
    await expect.poll(() => page.getByTestId('import-file-error').textContent()).toContain('Simpan ulang berkas sebagai CSV UTF-8');
    expect(await page.getByTestId('import-preview-table').count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
