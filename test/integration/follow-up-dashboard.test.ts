import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opdCompletion } from '../../shared/domain/follow-ups/completion';
import { FOLLOW_UP_API, type FollowUpFilters, type TrackedFollowUp } from '../../shared/protocol/follow-ups';
import { readCsv } from '../helpers/csv';
import { FORMULA_ACTION, P3K, followUpWorld } from '../helpers/follow-up-world';
import { errorOf, HttpClient } from '../helpers/http-client';
import { sessionOf } from '../helpers/minutes-fixture';
import { ShiftedClock } from '../helpers/screen-fit';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { at, must } from '../helpers/at';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ITEM_HEAD = [
  'No',
  'Tindak lanjut',
  'Penanggung jawab',
  'Rapat asal',
  'Tanggal rapat',
  'Batas waktu',
  'Status',
  'Lewat batas waktu',
  'Catatan terakhir',
  'Diperbarui oleh',
  'Diperbarui',
];
const RECAP_HEAD = ['No', 'OPD', 'Nama OPD', 'Selesai', 'Dalam proses', 'Belum', 'Dibatalkan', 'Jumlah', 'Lewat batas waktu', 'Selesai (%)'];

let t: TestApp;
let world: Awaited<ReturnType<typeof followUpWorld>>;
let admin: HttpClient;

beforeAll(async () => {
  const clock = new ShiftedClock();
  t = await startTestApp({ clock });
  world = await followUpWorld(t, clock);
  admin = world.admin;
});
afterAll(async () => {
  await t?.close();
});

async function workbook(f: FollowUpFilters) {
  const res = await admin.getBuffer(FOLLOW_UP_API.xlsx(f));
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.body as unknown as ArrayBuffer);
  return { book, res };
}

/** A sheet's rows as plain values (dates as YYYY-MM-DD[ HH:MM]), the header first. */
function rowsOf(sheet: ExcelJS.Worksheet | undefined): unknown[][] {
  const out: unknown[][] = [];
  must(sheet, 'sheet').eachRow((row) => {
    // A row's values are sparse (an empty cell is a hole), from index 1.
    const values = Array.from({ length: row.cellCount }, (_, i) => (row.values as unknown[])[i + 1]);
    out.push(
      values.map((v) =>
        v instanceof Date
          ? v
              .toISOString()
              .replace(/T00:00:00\.000Z$/, '')
              .replace(/:00\.000Z$/, '')
              .replace('T', ' ')
          : (v ?? null),
      ),
    );
  });
  return out;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A CSV download: its headers, and its table once the UTF-8 BOM it must start with is checked and cut. */
async function csvOf(path: string) {
  const res = await admin.getBuffer(path);
  expect(res.status, path).toBe(200);
  expect(res.body.subarray(0, 3).equals(BOM), `${path} starts with the BOM`).toBe(true);
  return { headers: res.headers, rows: readCsv(res.body.subarray(3).toString('utf8')) };
}

const list = async (f: FollowUpFilters) => (await admin.get<{ items: TrackedFollowUp[] }>(FOLLOW_UP_API.listOf(f))).body.items;
const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe('the secretariat’s downloads of the tracker', () => {
  it('FD3 the XLSX holds the list as on screen, one row per item in Bahasa Indonesia, and the per-OPD recap of the chart', async () => {
    const { book, res } = await workbook({});
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?tindak-lanjut-\d{4}-\d{2}-\d{2}\.xlsx"?$/);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Tindak lanjut', 'Rekap per OPD']);

    const items = await list({});
    const rows = rowsOf(book.getWorksheet('Tindak lanjut'));
    expect(rows[0]).toEqual(ITEM_HEAD);
    // The newest meeting first, as the screen lists them.
    expect(rows.slice(1).map((r) => r[1])).toEqual(items.map((i) => i.action));
    expect(rows.slice(1).map((r) => r[0])).toEqual(items.map((_, n) => n + 1));
    const p3k = must(
      rows.find((r) => r[1] === P3K),
      'the P3K row',
    );
    const p3kItem = must(
      items.find((i) => i.id === 'p3k'),
      'p3k',
    );
    expect(p3k.slice(1, 10)).toEqual([
      P3K,
      'Dinkes, Dinsos',
      'Coffee Morning Asisten I',
      '2022-06-13',
      '2022-09-30',
      'Belum',
      'Ya',
      'Usulan formasi dikirim ke BKPSDM. · https://example.go.id/surat-123',
      'Notulen rapat',
    ]);
    // When, on the meeting's own clock (WITA, UTC+8), and saying so.
    const updated = new Date(Date.parse(p3kItem.updatedAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(p3k[10]).toBe(updated);
    const sheet = must(book.getWorksheet('Tindak lanjut'), 'sheet');
    const p3kRow = sheet.getRow(rows.indexOf(p3k) + 1);
    expect(p3kRow.getCell(11).numFmt).toBe('dd/mm/yyyy hh:mm "WITA"');
    expect(p3kRow.getCell(5).numFmt).toBe('dd/mm/yyyy');
    expect(rows.map((r) => [r[1], r[6], r[7]]).filter((r) => r[0] !== P3K && r[0] !== 'Tindak lanjut')).toEqual(
      expect.arrayContaining([
        ['Bangun pasar di Sangatta Selatan', 'Dalam proses', 'Tidak'],
        ['Siapkan lahan pemakaman muslim', 'Selesai', 'Tidak'],
        ['Survei ulang lokasi pasar lama', 'Dibatalkan', 'Tidak'],
        ['Data balita gizi buruk per kecamatan', 'Dalam proses', 'Ya'],
      ]),
    );
    // No due date: an empty cell. A formula-looking action is a text cell, never a formula.
    expect(
      must(
        rows.find((r) => r[1] === 'Bangun pasar di Sangatta Selatan'),
        'pasar',
      )[5],
    ).toBeNull();
    const formula = sheet.getRow(rows.findIndex((r) => r[1] === FORMULA_ACTION) + 1).getCell(2);
    expect([formula.type, formula.value]).toEqual([ExcelJS.ValueType.String, FORMULA_ACTION]);

    // The recap: the chart's numbers (the same function), with the OPDs' names.
    const recap = rowsOf(book.getWorksheet('Rekap per OPD'));
    expect(recap[0]).toEqual(RECAP_HEAD);
    expect(recap.slice(1)).toEqual([
      [1, 'Dinkes', 'Dinas Dinkes', 1, 1, 1, 1, 4, 2, 33],
      [2, 'Dinsos', 'Dinas Dinsos', 0, 2, 1, 0, 3, 2, 0],
      [3, 'Disdik', 'Dinas Disdik', 1, 0, 1, 0, 2, 0, 50],
    ]);
    expect(recap.slice(1).map((r) => [r[1], r[3], r[4], r[5], r[6], r[7], r[8], r[9]])).toEqual(
      opdCompletion(items).map((r) => [
        r.shortName,
        r.counts.done,
        r.counts.in_progress,
        r.counts.open,
        r.counts.cancelled,
        r.total,
        r.overdue,
        r.completionPercent,
      ]),
    );
  });

  it('FD4 the CSV holds the same rows as the sheet (UTF-8 with BOM, dates as YYYY-MM-DD, the formula defused), and the recap as a view of its own', async () => {
    const csv = await csvOf(FOLLOW_UP_API.csv({}));
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/filename="?tindak-lanjut-\d{4}-\d{2}-\d{2}\.csv"?$/);
    const rows = csv.rows;
    const sheet = rowsOf((await workbook({})).book.getWorksheet('Tindak lanjut'));
    expect(rows[0]).toEqual(ITEM_HEAD);
    const asText = (r: unknown[]) => r.map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : ''));
    const expected = sheet.map(asText).map((r) => (r[1] === FORMULA_ACTION ? [r[0], `'${FORMULA_ACTION}`, ...r.slice(2)] : r));
    // The sheet's time is a date-time cell with the zone in its format; the CSV writes the zone.
    expect(rows.map((r, i) => (i === 0 ? r : [...r.slice(0, 10), (r[10] ?? '').replace(/ WITA$/, '')]))).toEqual(expected);
    expect(rows.slice(1).every((r) => / WITA$/.test(r[10] ?? ''))).toBe(true);

    const recap = await csvOf(FOLLOW_UP_API.csv({}, 'recap'));
    expect(recap.headers.get('content-disposition')).toMatch(/filename="?rekap-tindak-lanjut-/);
    expect(recap.rows).toEqual([
      RECAP_HEAD,
      ['1', 'Dinkes', 'Dinas Dinkes', '1', '1', '1', '1', '4', '2', '33'],
      ['2', 'Dinsos', 'Dinas Dinsos', '0', '2', '1', '0', '3', '2', '0'],
      ['3', 'Disdik', 'Dinas Disdik', '1', '0', '1', '0', '2', '0', '50'],
    ]);
  });

  it('FD5 the list, the XLSX and the CSV take the same filters: OPD, series, statuses, overdue, together', async () => {
    const [dinkes, dinsos] = [at(world.opds, 0, 'Dinkes'), at(world.opds, 1, 'Dinsos')];
    const cases: [FollowUpFilters, string[]][] = [
      [{ opdId: dinsos.id }, ['gizi', 'p3k', 'pasar']],
      [{ seriesId: world.series.id }, ['rsud', 'gizi']],
      [{ status: ['open', 'in_progress'] }, ['gizi', 'p3k', 'pasar', 'rumus']],
      [{ overdue: true }, ['gizi', 'p3k']],
      [{ opdId: dinkes.id, status: ['done'] }, ['rsud']],
      [{ opdId: dinkes.id, seriesId: world.series.id, overdue: true }, ['gizi']],
      [{ opdId: at(world.opds, 2, 'Disdik').id, overdue: true }, []],
    ];
    for (const [filters, expected] of cases) {
      const items = await list(filters);
      expect(ids(items), JSON.stringify(filters)).toEqual(expected);
      const sheet = rowsOf((await workbook(filters)).book.getWorksheet('Tindak lanjut'));
      expect(
        sheet.slice(1).map((r) => r[1]),
        JSON.stringify(filters),
      ).toEqual(items.map((i) => i.action));
      const csv = (await csvOf(FOLLOW_UP_API.csv(filters))).rows;
      expect(
        csv.slice(1).map((r) => r[1]?.replace(/^'/, '')),
        JSON.stringify(filters),
      ).toEqual(items.map((i) => i.action));
    }
    // Filtered by an OPD, the recap has that OPD's row only, counting its co-owned items.
    const recap = rowsOf((await workbook({ opdId: dinsos.id })).book.getWorksheet('Rekap per OPD'));
    expect(recap.slice(1)).toEqual([[1, 'Dinsos', 'Dinas Dinsos', 0, 2, 1, 0, 3, 2, 0]]);
    // Nothing matches: a header and no rows, not an error.
    const none = rowsOf((await workbook({ opdId: at(world.opds, 2, 'Disdik').id, overdue: true })).book.getWorksheet('Rekap per OPD'));
    expect(none).toEqual([RECAP_HEAD]);
  });

  it('FD5 a filter that is no filter is refused, and only the secretariat downloads', async () => {
    for (const path of [
      '/api/follow-ups.xlsx?status=lupa',
      '/api/follow-ups.csv?overdue=ya',
      '/api/follow-ups.csv?view=semua',
      '/api/follow-ups?status=done,lupa',
    ]) {
      const res = await admin.get(path);
      expect([res.status, errorOf(res).code], path).toEqual([400, 'bad_request']);
    }
    const participant = await sessionOf(t, world.linkFor('participant', 0));
    const chair = await sessionOf(t, world.linkFor('chair'));
    const nobody = new HttpClient(t.baseUrl);
    for (const path of [FOLLOW_UP_API.xlsx({}), FOLLOW_UP_API.csv({}), FOLLOW_UP_API.csv({}, 'recap')]) {
      for (const [who, status] of [
        [participant, 403],
        [chair, 403],
        [nobody, 401],
      ] as const) {
        const res = await who.getBuffer(path);
        expect(res.status, path).toBe(status);
        expect(res.headers.get('content-type'), path).toContain('application/json');
      }
    }
  });
});
