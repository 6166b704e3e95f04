import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { Opd, OpdImportPreview, OpdImportResult } from '../../shared/protocol';
import { translate } from '../../shared/i18n';
import { adminClient } from '../factories';
import { errorOf, type HttpClient, type HttpResult } from '../helpers/http-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { at } from '../helpers/at';

/** A directory as a secretariat keeps it, with the names Excel writes in Windows-1252. */
const DIRECTORY = [
  'nama;singkatan;jenis;kelompok;nama_kepala;jabatan',
  'Dinas Kesehatan;Dinkes;dinas;Asisten I;Ahmad Rifa’i;Kepala Dinas',
  'Dinas Sosial;Dinsos;dinas;Asisten I;André Pélé;Kepala “Dinas”',
  'Badan Pendapatan Daerah;Bapenda;badan;Asisten III;Siti Ma’rufah – Plt.;Kepala Badan',
].join('\r\n');

const base64 = (bytes: Buffer) => bytes.toString('base64');

describe('D3 E3 a directory file is read from its bytes', () => {
  let t: TestApp;
  let admin: HttpClient;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const preview = (body: unknown) => admin.post<OpdImportPreview>(API.opdImportPreview, body);
  const heads = (p: OpdImportPreview) => p.rows.map((r) => r.opd.headName);

  it('E3 D3 a CSV saved by Excel in Windows-1252 previews "Rifa’i" as typed, says how it was read, and applies so', async () => {
    const bytes = iconv.encode(DIRECTORY, 'win1252');
    // The byte Excel writes for ’ is 0x92, which is no UTF-8.
    expect(bytes.includes(0x92)).toBe(true);
    const res = await preview({ file: base64(bytes) });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(heads(res.body)).toEqual(['Ahmad Rifa’i', 'André Pélé', 'Siti Ma’rufah – Plt.']);
    expect(at(res.body.rows, 1, 'row').opd.headTitle).toBe('Kepala “Dinas”');
    expect(res.body.encoding).toBe('windows-1252');
    expect(res.body.csv).toBe(DIRECTORY);

    const applied = await admin.post<OpdImportResult>(API.opdImportApply, { file: base64(bytes) });
    expect(applied.body).toEqual({ created: 3, updated: 0 });
    const stored = (await admin.get<{ items: Opd[] }>(API.opds)).body.items;
    expect(stored.find((o) => o.shortName === 'Dinkes')?.headName).toBe('Ahmad Rifa’i');
  });

  it('E3 D5 UTF-8 with or without BOM stays UTF-8, and UTF-16 with its BOM is read as UTF-16', async () => {
    const utf8 = Buffer.from(DIRECTORY, 'utf8');
    for (const bytes of [utf8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])]) {
      const res = await preview({ file: base64(bytes) });
      expect([res.status, res.body.encoding, heads(res.body)]).toEqual([200, 'utf-8', ['Ahmad Rifa’i', 'André Pélé', 'Siti Ma’rufah – Plt.']]);
      expect(res.body.csv).toBe(DIRECTORY);
    }
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(DIRECTORY, 'utf-16le')]);
    const res = await preview({ file: base64(utf16) });
    expect([res.status, res.body.encoding, heads(res.body)]).toEqual([200, 'utf-16le', ['Ahmad Rifa’i', 'André Pélé', 'Siti Ma’rufah – Plt.']]);
    // Pasted text is text already.
    const pasted = await preview({ csv: DIRECTORY });
    expect([pasted.status, pasted.body.encoding, heads(pasted.body)[0]]).toEqual([200, 'utf-8', 'Ahmad Rifa’i']);
  });

  it('E3 a file that is no readable text is refused with 400 on "csv", saying to save it again as CSV UTF-8 (in Indonesian for the page), and nothing is previewed or applied', async () => {
    const workbook = Buffer.concat([
      Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'),
      Buffer.from('[Content_Types].xml', 'latin1'),
      Buffer.alloc(16),
    ]);
    const cyrillic = iconv.encode(
      'имя;краткое;вид;группа\r\nДепартамент здравоохранения;Минздрав;dinas;Асистент I\r\nСоциальная служба;Соцзащита;dinas;Асистент I\r\n',
      'win1251',
    );
    const undefinedByte = Buffer.concat([
      iconv.encode('name,short_name,kind,group\r\nDinas Kesehatan,Dinkes,dinas,Asisten ', 'win1252'),
      Buffer.from([0x81, 0x0d, 0x0a]),
    ]);
    const utf16NoBom = iconv.encode(DIRECTORY, 'utf-16le');
    const refusals: [string, unknown, RegExp][] = [
      ['a workbook (.xlsx) chosen by mistake', { file: base64(workbook) }, /save it again as CSV UTF-8/],
      ['a Cyrillic code page', { file: base64(cyrillic) }, /save it again as CSV UTF-8/],
      ['a byte Windows-1252 leaves undefined', { file: base64(undefinedByte) }, /save it again as CSV UTF-8/],
      ['UTF-16 without its BOM', { file: base64(utf16NoBom) }, /save it again as CSV UTF-8/],
      ['text already garbled by a wrong decoding', { csv: DIRECTORY.replace('’', '\uFFFD') }, /characters lost to a wrong decoding/],
      ['a UTF-8 file holding that garbled text', { file: base64(Buffer.from(DIRECTORY.replace('’', '\uFFFD'))) }, /characters lost to a wrong decoding/],
    ];
    const before = (await admin.get<{ items: Opd[] }>(API.opds)).body.items.length;
    for (const [what, body, message] of refusals) {
      for (const route of [API.opdImportPreview, API.opdImportApply]) {
        const res: HttpResult = await admin.post(route, body);
        const error = errorOf(res);
        expect([what, route, res.status, error.code, error.field]).toEqual([what, route, 400, 'bad_request', 'csv']);
        expect(error.details?.[0]?.message, what).toMatch(message);
        // The page shows it in the reader's language.
        const known = at(error.details ?? [], 0, `detail of ${what}`);
        expect(known.key, what).toMatch(/^import\.field\./);
        expect(translate('id', known.key), what).toContain('Simpan ulang berkas sebagai CSV UTF-8');
        expect(translate('en', known.key), what).toContain('Save the file again as CSV UTF-8');
      }
    }
    expect((await admin.get<{ items: Opd[] }>(API.opds)).body.items.length).toBe(before);
  });

  it('E3 D1 a body with both forms, neither, or a file that is no base64 is a 400 naming the field', async () => {
    for (const [body, field] of [
      [{ csv: DIRECTORY, file: base64(Buffer.from(DIRECTORY)) }, 'csv'],
      [{}, 'csv'],
      [{ file: 'bukan base64!' }, 'file'],
      [{ file: '' }, 'file'],
      [{ csv: 42 }, 'csv'],
    ] as const) {
      const res = await preview(body);
      expect([JSON.stringify(body).slice(0, 40), res.status, errorOf(res).code, errorOf(res).field]).toEqual([
        JSON.stringify(body).slice(0, 40),
        400,
        'bad_request',
        field,
      ]);
    }
  });
});
