import { SCREEN_API } from '../../shared/protocol/api-screens';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import {
  queueCommandSchema,
  type CalendarEntry,
  type Meeting,
  type MeetingClash,
  type MeetingInput,
  type MeetingLink,
  type Opd,
  type PreviewItem,
  type Series,
} from '../../shared/protocol';
import type { Actor } from '../../shared/domain/roles/roles';
import { meetingInputOf } from '../../shared/domain/meeting/input';
import { adminClient, meetingInput, opdInput, seriesBody } from '../factories';
import { HttpClient, errorOf } from '../helpers/http-client';
import { ManualClock } from '../helpers/manual-clock';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { exchange, linkOf } from '../helpers/world';

const ADMIN_ACTOR: Actor = { role: 'admin', meetingId: null, participantId: null };
type Items<T> = { items: T[] };

/** [other meeting's title, kinds, shared OPDs' short names]: what the warnings say, in order. */
const said = (clashes: readonly MeetingClash[]) => clashes.map((c) => [c.title, c.kinds, c.opdShortNames]);

describe('clash warnings', () => {
  // Wednesday 1 June 2022, 08.00 WITA: everything below is in the future.
  const clock = new ManualClock(Date.parse('2022-06-01T00:00:00Z'));
  let t: TestApp;
  let admin: HttpClient;
  const opd = new Map<string, Opd>();
  /** Rakor Kesehatan: Monday 13 June 2022, 09.00–11.00 WITA, Ruang Rapat Lantai 2, the Bupati, Dinkes and Dishub. */
  let kesehatan: Meeting;
  let coffeeId = '';

  const create = async (input: MeetingInput): Promise<Meeting> => {
    const res = await admin.post<Meeting>(API.meetings, input);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  /** The meeting form's body, as it would send it for a draft on 13 June. */
  const draft = (overrides: Partial<MeetingInput> = {}, opds: string[] = ['Bapenda']) =>
    meetingInput(
      opds.map((s) => opd.get(s)!),
      { title: 'Rapat baru', date: '2022-06-13', startTime: '09:00', endTime: '11:00', place: 'Aula Bappeda', chairName: 'Sekda Kutai Timur', ...overrides },
    );
  const check = async (body: unknown): Promise<MeetingClash[]> => {
    const res = await admin.post<Items<MeetingClash>>(SCREEN_API.meetingClashes, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items;
  };
  const preview = async (body: Record<string, unknown>, seriesId?: string): Promise<PreviewItem[]> => {
    const res = await admin.post<Items<PreviewItem>>(seriesId ? SCREEN_API.seriesPreviewOf(seriesId) : API.seriesPreview, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items;
  };
  const calendar = async (query: Parameters<typeof API.calendar>[0]): Promise<CalendarEntry[]> => {
    const res = await admin.get<Items<CalendarEntry>>(API.calendar(query));
    expect(res.status).toBe(200);
    return res.body.items;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock, scheduler: clock });
    admin = await adminClient(t);
    for (const [shortName, group] of [
      ['Dinkes', 'Asisten I'],
      ['Dishub', 'Asisten I'],
      ['PUPR', 'Asisten II'],
      ['Bapenda', 'Asisten III'],
    ] as const) {
      const res = await admin.post<Opd>(API.opds, opdInput(shortName, { group }));
      expect(res.status).toBe(201);
      opd.set(shortName, res.body);
    }
    kesehatan = await create(
      meetingInput([opd.get('Dinkes')!, opd.get('Dishub')!], {
        title: 'Rakor Kesehatan',
        date: '2022-06-13',
        startTime: '09:00',
        endTime: '11:00',
        timeZone: 'Asia/Makassar',
        place: 'Ruang Rapat Lantai 2',
        chairName: 'Bupati Kutai Timur',
      }),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('CW2 the same chair, spelt otherwise, is a clash, and it says which meeting', async () => {
    const found = await check(draft({ chairName: 'bupati  KUTAI timur' }));
    expect(found).toEqual([
      {
        meetingId: kesehatan.id,
        title: 'Rakor Kesehatan',
        date: '2022-06-13',
        startTime: '09:00',
        endTime: '11:00',
        timeZone: 'Asia/Makassar',
        chairName: 'Bupati Kutai Timur',
        place: 'Ruang Rapat Lantai 2',
        kinds: ['chair'],
        opdIds: [],
        opdShortNames: [],
      },
    ]);
  });

  it('CW3 the same room is a clash; no room, or an online meeting, is not', async () => {
    expect(said(await check(draft({ place: ' ruang rapat  lantai 2 ' })))).toEqual([['Rakor Kesehatan', ['place'], []]]);
    expect(await check(draft({ place: '' }))).toEqual([]);
    expect(await check(draft({ place: 'Ruang Rapat Lantai 2', mode: 'online' }))).toEqual([]);
  });

  it('CW4 an OPD invited to both is a clash, named by its short name', async () => {
    const found = await check(draft({}, ['PUPR', 'Dishub']));
    expect(said(found)).toEqual([['Rakor Kesehatan', ['opd'], ['Dishub']]]);
    expect(found[0]?.opdIds).toEqual([opd.get('Dishub')!.id]);
  });

  it('CW1 across zones the windows are instants: 08.30 WIB and 10.00 WIT meet 09.00 WITA, 07.00–08.00 WIB only touches it', async () => {
    const bupati = { chairName: 'Bupati Kutai Timur' };
    expect(said(await check(draft({ ...bupati, startTime: '08:30', endTime: '09:30', timeZone: 'Asia/Jakarta' })))).toEqual([
      ['Rakor Kesehatan', ['chair'], []],
    ]);
    expect(said(await check(draft({ ...bupati, startTime: '10:00', endTime: '12:00', timeZone: 'Asia/Jayapura' })))).toEqual([
      ['Rakor Kesehatan', ['chair'], []],
    ]);
    expect(await check(draft({ ...bupati, startTime: '07:00', endTime: '08:00', timeZone: 'Asia/Jakarta' }))).toEqual([]);
    expect(await check(draft({ ...bupati, startTime: '12:00', endTime: '13:00', timeZone: 'Asia/Jayapura' }))).toEqual([]);
  });

  it('CW1 a meeting starting as the other ends is no clash, nor one the day after', async () => {
    const same = { chairName: 'Bupati Kutai Timur', place: 'Ruang Rapat Lantai 2' };
    expect(await check(draft({ ...same, startTime: '11:00', endTime: '12:00' }, ['Dinkes']))).toEqual([]);
    expect(await check(draft({ ...same, date: '2022-06-14' }, ['Dinkes']))).toEqual([]);
  });

  it('CW5 editing a meeting never warns of itself; the same body without its id does', async () => {
    const own = meetingInputOf(kesehatan);
    expect(await check({ ...own, meetingId: kesehatan.id })).toEqual([]);
    expect(said(await check(own))).toEqual([['Rakor Kesehatan', ['chair', 'place', 'opd'], ['Dinkes', 'Dishub']]]);
  });

  it('CW5 a partial draft is enough: date, times and zone', async () => {
    const found = await check({ date: '2022-06-13', startTime: '10:00', endTime: '10:30', timeZone: 'Asia/Makassar', place: 'Ruang Rapat Lantai 2' });
    expect(said(found)).toEqual([['Rakor Kesehatan', ['place'], []]]);
  });

  it('CW5 a draft without a real date or with its end before its start is refused with 400 naming the field', async () => {
    const backwards = await admin.post(SCREEN_API.meetingClashes, draft({ startTime: '11:00', endTime: '09:00' }));
    expect(backwards.status).toBe(400);
    expect(errorOf(backwards)).toMatchObject({ code: 'bad_request', field: 'endTime' });
    expect(errorOf(backwards).message).toMatch(/^endTime: /);

    const noDate = await admin.post(SCREEN_API.meetingClashes, { startTime: '09:00', endTime: '10:00', timeZone: 'Asia/Makassar' });
    expect(noDate.status).toBe(400);
    expect(errorOf(noDate)).toMatchObject({ code: 'bad_request', field: 'date' });

    const unreal = await admin.post(SCREEN_API.meetingClashes, draft({ date: '2022-02-30' }));
    expect(unreal.status).toBe(400);
    expect(errorOf(unreal)).toMatchObject({ field: 'date', key: 'field.notDate' });

    const zone = await admin.post(SCREEN_API.meetingClashes, { ...draft(), timeZone: 'Europe/Amsterdam' });
    expect(zone.status).toBe(400);
    expect(errorOf(zone).field).toBe('timeZone');
  });

  it("CW5 only the admin checks: the meeting's own chair link is refused 403, no session 401", async () => {
    const links = (await admin.get<Items<MeetingLink>>(API.meetingLinks(kesehatan.id))).body.items;
    const chair = new HttpClient(t.baseUrl);
    chair.cookie = await exchange(t, linkOf(kesehatan, links, 'chair'));
    const refused = await chair.post(SCREEN_API.meetingClashes, { ...meetingInputOf(kesehatan), meetingId: kesehatan.id });
    expect(refused.status).toBe(403);
    expect(errorOf(refused).code).toBe('forbidden');
    expect((await new HttpClient(t.baseUrl).post(SCREEN_API.meetingClashes, draft())).status).toBe(401);
  });

  it('CW5 an ended meeting no longer clashes', async () => {
    const ended = await create(
      meetingInput([opd.get('PUPR')!], { title: 'Rakor PUPR', date: '2022-06-01', startTime: '08:00', endTime: '12:00', chairName: 'Asisten II' }),
    );
    const body = { date: '2022-06-01', startTime: '10:00', endTime: '11:00', timeZone: 'Asia/Makassar', chairName: 'asisten ii' };
    expect(said(await check(body))).toEqual([['Rakor PUPR', ['chair'], []]]);
    for (const type of ['meeting.start', 'meeting.end'] as const) {
      await t.app.services.queue.command(ended.id, queueCommandSchema.parse({ type }), ADMIN_ACTOR, { commandId: randomUUID() });
    }
    expect((await t.app.services.queue.state(ended.id)).phase).toBe('ended');
    expect(await check(body)).toEqual([]);
  });

  const coffee = (overrides: Record<string, unknown> = {}) =>
    seriesBody({ place: 'Ruang Rapat Lantai 2', chairName: 'Wakil Bupati', horizonWeeks: 3, rotation: [{ kind: 'group', group: 'Asisten I' }], ...overrides });

  it('CW6 each previewed occurrence carries its clashes: 13 June meets Rakor Kesehatan by room and OPDs, 20 June nothing', async () => {
    const items = await preview(coffee());
    expect(items.map((o) => [o.date, said(o.clashes)])).toEqual([
      ['2022-06-13', [['Rakor Kesehatan', ['place', 'opd'], ['Dinkes', 'Dishub']]]],
      ['2022-06-20', []],
    ]);
  });

  it("CW6 another series' occurrences clash; the series being edited does not clash with its own", async () => {
    const res = await admin.post<Series>(API.series, coffee());
    expect(res.status).toBe(201);
    coffeeId = res.body.id;

    // Edited with ?seriesId=: its stored occurrences are what the preview replans.
    const replanned = await preview(coffee(), coffeeId);
    expect(replanned.map((o) => [o.date, said(o.clashes)])).toEqual([
      ['2022-06-13', [['Rakor Kesehatan', ['place', 'opd'], ['Dinkes', 'Dishub']]]],
      ['2022-06-20', []],
    ]);
    // Without it, its own occurrences are other meetings.
    const again = await preview(coffee());
    expect(again.map((o) => o.clashes.map((c) => c.title))).toEqual([['Coffee Morning — Asisten I', 'Rakor Kesehatan'], ['Coffee Morning — Asisten I']]);

    // Another series, the same chair at 10.00 WITA in another room with Bapenda: the Wakil Bupati is taken.
    const other = await preview(
      seriesBody({
        name: 'Rakor PAD',
        startTime: '10:00',
        durationMinutes: 60,
        chairName: 'wakil bupati',
        horizonWeeks: 3,
        rotation: [{ kind: 'group', group: 'Asisten III' }],
      }),
    );
    expect(other.map((o) => [o.date, said(o.clashes)])).toEqual([
      ['2022-06-13', [['Coffee Morning — Asisten I', ['chair'], []]]],
      ['2022-06-20', [['Coffee Morning — Asisten I', ['chair'], []]]],
    ]);
  });

  it('CW7 each calendar entry carries its clashes, with every meeting whatever the filter shows', async () => {
    const day = await calendar({ from: '2022-06-13', to: '2022-06-13' });
    const byTitle = new Map(day.map((e) => [e.title, e]));
    expect(said(byTitle.get('Rakor Kesehatan')?.clashes ?? [])).toEqual([['Coffee Morning — Asisten I', ['place', 'opd'], ['Dinkes', 'Dishub']]]);
    expect(said(byTitle.get('Coffee Morning — Asisten I')?.clashes ?? [])).toEqual([['Rakor Kesehatan', ['place', 'opd'], ['Dinkes', 'Dishub']]]);

    // 14 June: Rakor Jalan (PUPR) 09.00–10.00 WITA; Rakor Pajak (Bapenda) 08.30–09.30 WIB, which is 09.30–10.30 WITA.
    await create(
      meetingInput([opd.get('PUPR')!], {
        title: 'Rakor Jalan',
        date: '2022-06-14',
        startTime: '09:00',
        endTime: '10:00',
        place: 'Aula',
        chairName: 'Bupati Kutai Timur',
      }),
    );
    await create(
      meetingInput([opd.get('Bapenda')!], {
        title: 'Rakor Pajak',
        date: '2022-06-14',
        startTime: '08:30',
        endTime: '09:30',
        timeZone: 'Asia/Jakarta',
        place: 'Ruang Bapenda',
        chairName: 'bupati kutai timur',
      }),
    );
    const filtered = await calendar({ from: '2022-06-14', to: '2022-06-14', opdId: opd.get('PUPR')!.id });
    expect(filtered.map((e) => [e.title, said(e.clashes ?? [])])).toEqual([['Rakor Jalan', [['Rakor Pajak', ['chair'], []]]]]);
    // 20 June: the Coffee Morning alone.
    expect((await calendar({ from: '2022-06-20', to: '2022-06-20' })).map((e) => [e.title, e.clashes])).toEqual([['Coffee Morning — Asisten I', []]]);
  });

  it('CW5 CW7 a cancelled occurrence clashes with nothing, and has no clashes', async () => {
    const detail = (await admin.get<Series & { occurrences: { date: string; meetingId: string }[] }>(API.seriesOne(coffeeId))).body;
    const june13 = detail.occurrences.find((o) => o.date === '2022-06-13')!;
    expect((await admin.post(API.meetingCancel(june13.meetingId))).status).toBe(200);

    expect(said(await check(draft({ place: 'Ruang Rapat Lantai 2', startTime: '08:30', endTime: '09:00' }, ['Dinkes'])))).toEqual([]);
    const day = await calendar({ from: '2022-06-13', to: '2022-06-13' });
    expect(day.map((e) => [e.title, e.cancelled, e.clashes])).toEqual([
      ['Coffee Morning — Asisten I', true, []],
      ['Rakor Kesehatan', false, []],
    ]);
  });
});
