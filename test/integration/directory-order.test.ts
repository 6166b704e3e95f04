import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { Opd, OccurrencePreview, SeriesInput } from '../../shared/protocol';
import { COFFEE_MORNING_SPEAKERS, DEMO_DIRECTORY } from '../../server/demo/directory';
import { adminClient, opdInput, seriesBody } from '../factories';
import { HttpClient, errorOf } from '../helpers/http-client';
import { ManualClock } from '../helpers/manual-clock';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { at } from '../helpers/at';

/** Friday 10 June 2022: the Coffee Morning is next Monday. */
const NOW = Date.parse('2022-06-10T00:00:00Z');

const csvOf = (rows: { name: string; shortName: string; kind: string; group: string; headName: string; headTitle: string }[]) =>
  [
    'name,short_name,kind,group,head_name,head_title',
    ...rows.map((o) => [o.name, o.shortName, o.kind, o.group, o.headName, o.headTitle].map((v) => `"${v}"`).join(',')),
  ].join('\n');

const coffeeMorning = (group: string): SeriesInput =>
  seriesBody({ kind: 'Coffee Morning', durationMinutes: 195, rotation: [{ kind: 'group', group }], horizonWeeks: 1 }) as SeriesInput;

describe('the order of a directory group', () => {
  let t: TestApp;
  let admin: HttpClient;
  const group = async (name: string) => (await admin.get<{ items: Opd[] }>(`${API.opds}?group=${encodeURIComponent(name)}`)).body.items;
  const preview = async (name: string) => (await admin.post<{ items: OccurrencePreview[] }>(API.seriesPreview, coffeeMorning(name))).body.items;

  beforeAll(async () => {
    t = await startTestApp({ clock: new ManualClock(NOW) });
    admin = await adminClient(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it("D6 S9 Kutai Timur's Asisten I, imported as the secretariat lists it, speaks in that order, not alphabetically", async () => {
    const imported = await admin.post(API.opdImportApply, { csv: csvOf(DEMO_DIRECTORY) });
    expect(imported.status).toBe(200);
    const asistenI = await group('Asisten I');
    expect(asistenI.map((o) => o.shortName)).toEqual(COFFEE_MORNING_SPEAKERS);
    expect(asistenI.map((o) => o.position)).toEqual(COFFEE_MORNING_SPEAKERS.map((_, i) => i + 1));
    expect(at(asistenI, 0, 'Asisten I OPD').shortName).toBe('Disdikbud');
    const first = at(await preview('Asisten I'), 0, 'occurrence');
    expect(first.opdShortNames).toEqual(COFFEE_MORNING_SPEAKERS);
  });

  it('D6 a new OPD joins the end of its group, so does one moved to another group; a re-import keeps the order', async () => {
    const created = await admin.post<Opd>(API.opds, opdInput('Disdik Baru', { group: 'Asisten I' }));
    expect(created.status).toBe(201);
    expect(created.body.position).toBe(COFFEE_MORNING_SPEAKERS.length + 1);
    const moved = await admin.patch<Opd>(API.opd(created.body.id), { group: 'Asisten III' });
    expect((await group('Asisten III')).at(-1)!.id).toBe(moved.body.id);
    // The same file again, reversed: updates only, and nobody moves.
    const again = await admin.post(API.opdImportApply, { csv: csvOf([...DEMO_DIRECTORY].reverse()) });
    expect(again.status).toBe(200);
    expect((await group('Asisten I')).map((o) => o.shortName)).toEqual(COFFEE_MORNING_SPEAKERS);
  });

  it('D6 S9 the secretariat reorders a group; series previews and occurrences follow; a bad order is refused', async () => {
    const before = await group('Asisten I');
    const baznas = before.find((o) => o.shortName === 'Baznas')!;
    const order = [baznas.id, ...before.filter((o) => o.id !== baznas.id).map((o) => o.id)];
    const res = await admin.put<{ items: Opd[] }>(API.opdOrder, { group: 'Asisten I', opdIds: order });
    expect(res.status).toBe(200);
    expect(res.body.items.map((o) => o.id)).toEqual(order);
    expect((await group('Asisten I')).map((o) => o.id)).toEqual(order);
    expect(at(await preview('Asisten I'), 0, 'occurrence').opdShortNames[0]).toBe('Baznas');
    const series = await admin.post<{ id: string }>(API.series, coffeeMorning('Asisten I'));
    expect(series.status).toBe(201);
    const detail = await admin.get<{ occurrences: OccurrencePreview[] }>(API.seriesOne(series.body.id));
    expect(at(detail.body.occurrences, 0, 'occurrence').opdShortNames).toEqual(['Baznas', ...before.filter((o) => o.id !== baznas.id).map((o) => o.shortName)]);

    const missingOne = await admin.put(API.opdOrder, { group: 'Asisten I', opdIds: order.slice(1) });
    expect(missingOne.status).toBe(409);
    expect(errorOf(missingOne)).toMatchObject({ code: 'conflict', field: 'opdIds' });
    const twice = await admin.put(API.opdOrder, { group: 'Asisten I', opdIds: [order[0], ...order.slice(0, -1)] });
    expect(twice.status).toBe(409);
    const foreign = await admin.put(API.opdOrder, { group: 'Asisten II', opdIds: order });
    expect(foreign.status).toBe(409);
    const unknown = await admin.put(API.opdOrder, { group: 'Tidak Ada', opdIds: order });
    expect(errorOf(unknown)).toMatchObject({ code: 'not_found', field: 'group' });
    const bad = await admin.put(API.opdOrder, { group: '', opdIds: 'x' });
    expect(bad.status).toBe(400);
    expect(['group', 'opdIds']).toContain(errorOf(bad).field);
    const stranger = await new HttpClient(t.baseUrl).put(API.opdOrder, { group: 'Asisten I', opdIds: order });
    expect(stranger.status).toBe(401);
    // Nothing of that moved anyone.
    expect((await group('Asisten I')).map((o) => o.id)).toEqual(order);
  });
});
