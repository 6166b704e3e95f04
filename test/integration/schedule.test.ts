import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { API } from '../../shared/protocol/api';
import type {
  CalendarEntry,
  Holiday,
  Meeting,
  MeetingInput,
  MeetingLink,
  MeetingSummary,
  OccurrencePreview,
  OccurrenceSummary,
  Opd,
  PreviewItem,
  RotationGroup,
  Series,
  seriesInputSchema,
} from '../../shared/protocol';
import type { Actor } from '../../shared/domain/roles/roles';
import { adminClient, meetingInput, opdInput } from '../factories';
import { meetingInputOf } from '../../shared/domain/meeting/input';
import { HttpClient, errorOf } from '../helpers/http-client';
import { ManualClock } from '../helpers/manual-clock';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { at, get } from '../helpers/at';

type RawSeries = z.input<typeof seriesInputSchema>;
type SeriesDetail = Series & { occurrences: OccurrenceSummary[] };

const DAY = 24 * 60 * 60_000;
const ADMIN_ACTOR: Actor = { role: 'admin', meetingId: null, participantId: null };
const group = (name: string): RotationGroup => ({ kind: 'group', group: name });

/** Part of a Kutai Timur directory: [short name, name, kind, group]. */
const DIRECTORY: [string, string, Opd['kind'], string][] = [
  ['Dinsos', 'Dinas Sosial', 'dinas', 'Asisten I'],
  ['Dinkes', 'Dinas Kesehatan', 'dinas', 'Asisten I'],
  ['Disdikbud', 'Dinas Pendidikan dan Kebudayaan', 'dinas', 'Asisten I'],
  ['PUPR', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'dinas', 'Asisten II'],
  ['Dishub', 'Dinas Perhubungan', 'dinas', 'Asisten II'],
  ['Bapenda', 'Badan Pendapatan Daerah', 'badan', 'Asisten III'],
  ['BKPSDM', 'Badan Kepegawaian dan Pengembangan SDM', 'badan', 'Asisten III'],
  ['Kec. Sangatta Utara', 'Kecamatan Sangatta Utara', 'kecamatan', 'Camat'],
  ['Kec. Bengalon', 'Kecamatan Bengalon', 'kecamatan', 'Camat'],
  ['Kec. Sangatta Selatan', 'Kecamatan Sangatta Selatan', 'kecamatan', 'Camat'],
  ['Desa Sekerat', 'Desa Sekerat', 'desa', 'Kepala Desa'],
  ['Desa Swarga Bara', 'Desa Swarga Bara', 'desa', 'Kepala Desa'],
  ['Lama', 'Unit Lama', 'other', 'Kosong'],
];

/** Asisten I's OPDs in the order the secretariat added them, and so on: the speaking order each group brings (S9). */
const MEMBERS: Record<string, string[]> = {
  'Asisten I': ['Dinsos', 'Dinkes', 'Disdikbud'],
  'Asisten II': ['PUPR', 'Dishub'],
  'Asisten III': ['Bapenda', 'BKPSDM'],
  Camat: ['Kec. Sangatta Utara', 'Kec. Bengalon', 'Kec. Sangatta Selatan'],
  'Kepala Desa': ['Desa Sekerat', 'Desa Swarga Bara'],
};

async function seedDirectory(admin: HttpClient): Promise<Map<string, Opd>> {
  const byShort = new Map<string, Opd>();
  for (const [shortName, name, kind, groupName] of DIRECTORY) {
    const res = await admin.post<Opd>(API.opds, opdInput(shortName, { name, kind, group: groupName }));
    expect(res.status, shortName).toBe(201);
    byShort.set(shortName, res.body);
  }
  // "Kosong" keeps only an archived unit: a group with no active OPD.
  expect((await admin.post(API.opdArchive(byShort.get('Lama')!.id))).status).toBe(200);
  return byShort;
}

/** The Kutai Timur Coffee Morning (seed 000): Mondays 08.30 WITA for 3 hours, village heads every two months. */
function coffeeMorning(overrides: Partial<RawSeries> = {}): RawSeries {
  return {
    name: 'Coffee Morning',
    kind: 'Coffee Morning',
    recurrence: { kind: 'weekly', weekday: 'MO', interval: 1 },
    startDate: '2022-06-13',
    startTime: '08:30',
    durationMinutes: 180,
    timeZone: 'Asia/Makassar',
    place: 'Ruang Meranti',
    mode: 'hybrid',
    chairName: 'Kasmidi Bulang',
    chairTitle: 'Wakil Bupati',
    notulis: ['Rina', 'Andi'],
    defaultAllotmentMinutes: 8,
    agenda: 'Pembukaan\nPaparan OPD\nArahan Wakil Bupati (20 menit)\nPenutup',
    rotation: [group('Asisten I'), group('Asisten II'), group('Asisten III'), group('Camat')],
    extra: { recurrence: { kind: 'monthly_nth', nth: 1, weekday: 'MO', interval: 2 }, group: group('Kepala Desa'), name: '' },
    holidayRule: 'next_working_day',
    horizonWeeks: 8,
    ...overrides,
  };
}

/** What the meeting form would send back unchanged for `m`, with `overrides`. */
function inputOf(m: Meeting, overrides: Partial<MeetingInput> = {}): MeetingInput {
  return { ...meetingInputOf(m), ...overrides };
}

describe('series: the Kutai Timur Coffee Morning', () => {
  // Sunday 12 June 2022, 08.00 WITA: the day before the first Coffee Morning.
  const clock = new ManualClock(Date.parse('2022-06-12T00:00:00Z'));
  let t: TestApp;
  let admin: HttpClient;
  let opds: Map<string, Opd>;
  let seriesId: string;
  const meetingIds = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp({ clock, scheduler: clock, sessionTtlMs: 365 * DAY });
    admin = await adminClient(t);
    opds = await seedDirectory(admin);
  });
  afterAll(async () => {
    await t.close();
  });

  const detail = async (id = seriesId) => {
    const res = await admin.get<SeriesDetail>(API.seriesOne(id));
    expect(res.status).toBe(200);
    return res.body;
  };
  const meeting = async (id: string) => (await admin.get<Meeting>(API.meeting(id))).body;
  const meetingCount = async () => (await admin.get<{ items: MeetingSummary[] }>(API.meetings)).body.items.length;
  const seriesCount = async () => (await admin.get<{ items: Series[] }>(API.series)).body.items.length;
  const byDate = (d: SeriesDetail) => new Map(d.occurrences.map((o) => [o.date, o]));

  it('S12 the preview shows each Monday with its group, and saves nothing', async () => {
    const res = await admin.post<{ items: OccurrencePreview[] }>(API.seriesPreview, coffeeMorning());
    expect(res.status).toBe(200);
    expect(res.body.items.map((o) => [o.date, o.groupLabel, o.extra])).toEqual([
      ['2022-06-13', 'Asisten I', false],
      ['2022-06-20', 'Asisten II', false],
      ['2022-06-27', 'Asisten III', false],
      ['2022-07-04', 'Camat', false],
      ['2022-07-11', 'Asisten I', false],
      ['2022-07-18', 'Asisten II', false],
      ['2022-07-25', 'Asisten III', false],
      ['2022-08-01', 'Kepala Desa', true],
    ]);
    expect(res.body.items[0]).toEqual({
      date: '2022-06-13',
      startTime: '08:30',
      groupLabel: 'Asisten I',
      opdShortNames: MEMBERS['Asisten I'],
      extra: false,
      movedFrom: null,
      // Pembukaan 10, three OPDs of 8 minutes, the Wakil Bupati's arahan 20, penutup 5: 09.29, well inside 11.30.
      endTime: '11:30',
      plannedEndMinute: 9 * 60 + 29,
      overMinutes: 0,
      // Nothing else is planned yet (CW6).
      clashes: [],
    });
    expect(await meetingCount()).toBe(0);
    expect(await seriesCount()).toBe(0);
  });

  it('S12 creating the series generates exactly the previewed meetings, with the group as participants', async () => {
    const items = (await admin.post<{ items: PreviewItem[] }>(API.seriesPreview, coffeeMorning())).body.items;
    const preview: OccurrencePreview[] = items.map(({ clashes, ...o }) => (expect(clashes).toEqual([]), o));
    const res = await admin.post<Series>(API.series, coffeeMorning());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Coffee Morning', archived: false, horizonWeeks: 8 });
    seriesId = res.body.id;

    const d = await detail();
    expect(
      d.occurrences.map((o) => ({
        date: o.date,
        startTime: o.startTime,
        groupLabel: o.groupLabel,
        opdShortNames: o.opdShortNames,
        extra: o.extra,
        movedFrom: o.movedFrom,
        endTime: o.endTime,
        plannedEndMinute: o.plannedEndMinute,
        overMinutes: o.overMinutes,
      })),
    ).toEqual(preview);
    expect(d.occurrences.every((o) => !o.detached && !o.cancelled)).toBe(true);
    for (const o of d.occurrences) {
      meetingIds.set(o.date, o.meetingId);
      const m = await meeting(o.meetingId);
      expect(m).toMatchObject({
        title: `Coffee Morning — ${o.groupLabel}`,
        kind: 'Coffee Morning',
        date: o.date,
        startTime: '08:30',
        endTime: '11:30',
        timeZone: 'Asia/Makassar',
        place: 'Ruang Meranti',
        mode: 'hybrid',
        chairName: 'Kasmidi Bulang',
        chairTitle: 'Wakil Bupati',
        notulis: ['Rina', 'Andi'],
        defaultAllotmentMinutes: 8,
        floorMode: 'floor',
      });
      expect(m.agenda.map((a) => [a.kind, a.plannedMinutes])).toEqual([
        ['pembukaan', 10],
        ['paparan', 0],
        ['arahan', 20],
        ['penutup', 5],
      ]);
      expect(m.participants.map((p) => [p.position, p.opdShortName, p.allotmentMinutes])).toEqual(
        get(MEMBERS, o.groupLabel, 'group members').map((s, i) => [i + 1, s, null]),
      );
    }
    expect(await meetingCount()).toBe(8);
    // Every occurrence is a full meeting: one personal link per participant.
    const links = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(meetingIds.get('2022-06-13')!))).body.items;
    expect(links.filter((l) => l.role === 'participant')).toHaveLength(3);
  });

  it('S10 a holiday added later moves its meeting to the next working day, links and all; the rotation goes on', async () => {
    const res = await admin.post<Holiday>(API.holidays, { date: '2022-06-20', name: 'Cuti bersama' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ date: '2022-06-20', name: 'Cuti bersama' });
    expect((await admin.post(API.holidays, { date: '2022-06-20', name: 'Again' })).status).toBe(409);

    const occurrences = byDate(await detail());
    const moved = occurrences.get('2022-06-21')!;
    expect(moved).toMatchObject({ meetingId: meetingIds.get('2022-06-20'), groupLabel: 'Asisten II', movedFrom: '2022-06-20', detached: false });
    expect((await meeting(moved.meetingId)).date).toBe('2022-06-21');
    expect(occurrences.get('2022-06-27')?.groupLabel).toBe('Asisten III');
    expect(occurrences.has('2022-06-20')).toBe(false);
    meetingIds.set('2022-06-21', moved.meetingId);
    const preview = (await admin.post<{ items: OccurrencePreview[] }>(API.seriesPreview, coffeeMorning())).body.items;
    expect(preview[1]).toMatchObject({ date: '2022-06-21', groupLabel: 'Asisten II', movedFrom: '2022-06-20' });
  });

  it('S10 with "skip" a holiday has no meeting and the next one takes its group; removing the holiday brings it back', async () => {
    const wednesdays = coffeeMorning({
      name: 'Rakor Ekonomi',
      recurrence: { kind: 'weekly', weekday: 'WE', interval: 1 },
      rotation: [group('Asisten I'), group('Asisten II')],
      extra: null,
      holidayRule: 'skip',
      horizonWeeks: 4,
    });
    expect((await admin.post(API.holidays, { date: '2022-06-22', name: 'HUT Kota' })).status).toBe(201);
    const created = await admin.post<Series>(API.series, wednesdays);
    expect(created.status).toBe(201);
    const rows = (d: SeriesDetail) => d.occurrences.filter((o) => !o.cancelled).map((o) => [o.date, o.groupLabel]);
    expect(rows(await detail(created.body.id))).toEqual([
      ['2022-06-15', 'Asisten I'],
      ['2022-06-29', 'Asisten II'],
      ['2022-07-06', 'Asisten I'],
    ]);
    const before = byDate(await detail(created.body.id));

    expect((await admin.request('DELETE', API.holiday('2022-06-22'))).status).toBe(200);
    const after = await detail(created.body.id);
    expect(rows(after)).toEqual([
      ['2022-06-15', 'Asisten I'],
      ['2022-06-22', 'Asisten II'],
      ['2022-06-29', 'Asisten I'],
      ['2022-07-06', 'Asisten II'],
    ]);
    // The same meetings follow the rotation: 29 June now brings Asisten I's OPDs.
    expect(byDate(after).get('2022-06-29')?.meetingId).toBe(before.get('2022-06-29')?.meetingId);
    expect((await meeting(before.get('2022-06-29')!.meetingId)).participants.map((p) => p.opdShortName)).toEqual(MEMBERS['Asisten I']);
    expect((await admin.request('DELETE', API.holiday('2022-06-22'))).status).toBe(404);
    expect((await admin.post(API.seriesArchive(created.body.id))).status).toBe(200);
  });

  it('S14 an occurrence edited or reordered by hand becomes detached; a moved one shows where it came from', async () => {
    const edited = await meeting(meetingIds.get('2022-06-27')!);
    const res = await admin.put<Meeting>(API.meeting(edited.id), inputOf(edited, { place: 'Ruang Tempudau', date: '2022-06-28' }));
    expect(res.status).toBe(200);
    const reordered = await meeting(meetingIds.get('2022-07-11')!);
    const order = reordered.participants.map((p) => p.id).reverse();
    expect((await admin.put(API.meetingOrder(reordered.id), { participantIds: order })).status).toBe(200);

    const occurrences = byDate(await detail());
    expect(occurrences.get('2022-06-28')).toMatchObject({ meetingId: edited.id, detached: true, movedFrom: '2022-06-27', groupLabel: 'Asisten III' });
    expect(occurrences.get('2022-07-11')).toMatchObject({ detached: true, movedFrom: null });
    expect(occurrences.get('2022-07-18')).toMatchObject({ detached: false });
  });

  it('S14 an occurrence cancelled on its own stays for the record; a started or unrelated meeting cannot be', async () => {
    const id = meetingIds.get('2022-07-25')!;
    const res = await admin.post<Meeting>(API.meetingCancel(id));
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(id);
    expect(byDate(await detail()).get('2022-07-25')).toMatchObject({ cancelled: true, detached: true });
    expect((await admin.get(API.meeting(id))).status).toBe(200);
    // It is not held: the chair cannot start it.
    await expect(t.app.services.queue.command(id, { type: 'meeting.start' }, ADMIN_ACTOR)).rejects.toMatchObject({ code: 'conflict' });
    expect((await t.app.services.queue.state(id)).phase).toBe('not_started');

    const plain = await admin.post<Meeting>(API.meetings, meetingInput([opds.get('Dinkes')!], { date: '2022-06-15', title: 'Rakor PAD' }));
    const refused = await admin.post(API.meetingCancel(plain.body.id));
    expect(refused.status).toBe(409);
    expect((await admin.post(API.meetingCancel('no-such-meeting'))).status).toBe(404);
    expect((await new HttpClient(t.baseUrl).post(API.meetingCancel(id))).status).toBe(401);
  });

  it('S13 editing the series changes future unedited occurrences in place; past, running, hand-edited and cancelled ones stay', async () => {
    // Tuesday 21 June, 09.00 WITA: 13 June is past, the meeting of 21 June is today.
    clock.advance(9 * DAY + 60 * 60_000);
    const running = meetingIds.get('2022-07-04')!;
    await t.app.services.queue.command(running, { type: 'meeting.start' }, ADMIN_ACTOR);
    const snapshot = async (date: string) => meeting(meetingIds.get(date)!);
    const untouched = await Promise.all(['2022-06-13', '2022-06-21', '2022-06-27', '2022-07-04', '2022-07-11', '2022-07-25'].map(snapshot));
    const future = await snapshot('2022-07-18');
    const futureChairLink = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(future.id))).body.items.find((l) => l.role === 'chair')!;

    const edit = coffeeMorning({
      place: 'Ruang Tempudau',
      startTime: '09:00',
      durationMinutes: 150,
      rotation: [group('Asisten II'), group('Asisten I'), group('Asisten III'), group('Camat')],
    });
    const res = await admin.put<Series>(API.seriesOne(seriesId), edit);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ place: 'Ruang Tempudau', startTime: '09:00' });

    for (const before of untouched) expect(await meeting(before.id), before.date).toEqual(before);
    // 18 June was Asisten II's; with the new order the sixth Monday belongs to Asisten I.
    const after = await meeting(future.id);
    expect(after).toMatchObject({ title: 'Coffee Morning — Asisten I', place: 'Ruang Tempudau', startTime: '09:00', endTime: '11:30', date: '2022-07-18' });
    expect(after.participants.map((p) => p.opdShortName)).toEqual(MEMBERS['Asisten I']);
    const links = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(future.id))).body.items;
    expect(links.find((l) => l.role === 'chair')?.id).toBe(futureChairLink.id);

    const d = await detail();
    const occurrences = byDate(d);
    expect(occurrences.get('2022-07-18')).toMatchObject({ meetingId: future.id, groupLabel: 'Asisten I', detached: false });
    expect(occurrences.get('2022-07-25')).toMatchObject({ cancelled: true, groupLabel: 'Asisten III' });
    expect(occurrences.get('2022-08-01')).toMatchObject({ groupLabel: 'Kepala Desa', extra: true, startTime: '09:00' });
    // Today is 21 June: the horizon now reaches 15 August; the edit generated what entered it.
    expect(d.occurrences.filter((o) => o.date > '2022-08-01').map((o) => [o.date, o.groupLabel, o.startTime])).toEqual([
      ['2022-08-08', 'Camat', '09:00'],
      ['2022-08-15', 'Asisten II', '09:00'],
    ]);
  });

  it('S13 the top-up generates the occurrences entering the horizon, once', async () => {
    clock.advance(7 * DAY);
    await t.app.services.series.topUp();
    await t.app.services.series.topUp();
    const d = await detail();
    expect(d.occurrences.filter((o) => o.date > '2022-08-15').map((o) => [o.date, o.groupLabel])).toEqual([['2022-08-22', 'Asisten I']]);
  });

  it('S16 the calendar lists every meeting of the window, and filters by group and by OPD', async () => {
    const window = { from: '2022-06-01', to: '2022-08-31' };
    const all = (await admin.get<{ items: CalendarEntry[] }>(API.calendar(window))).body.items;
    expect(all.map((e) => e.date)).toEqual([...all.map((e) => e.date)].sort());
    const plain = all.find((e) => e.title === 'Rakor PAD');
    expect(plain).toMatchObject({ seriesId: null, groupLabel: null, cancelled: false, participantCount: 1 });
    expect(all.find((e) => e.meetingId === meetingIds.get('2022-07-25'))).toMatchObject({ seriesId, groupLabel: 'Asisten III', cancelled: true });
    expect(all.find((e) => e.date === '2022-08-01')).toMatchObject({
      title: 'Coffee Morning — Kepala Desa',
      startTime: '09:00',
      endTime: '11:30',
      timeZone: 'Asia/Makassar',
      place: 'Ruang Tempudau',
      participantCount: 2,
    });

    const camat = (await admin.get<{ items: CalendarEntry[] }>(API.calendar({ ...window, group: 'Camat' }))).body.items;
    expect(camat.map((e) => [e.date, e.groupLabel])).toEqual([
      ['2022-07-04', 'Camat'],
      ['2022-08-08', 'Camat'],
    ]);
    const village = (await admin.get<{ items: CalendarEntry[] }>(API.calendar({ ...window, opdId: opds.get('Desa Sekerat')!.id }))).body.items;
    expect(village.map((e) => e.date)).toEqual(['2022-08-01']);
    const dinkes = (await admin.get<{ items: CalendarEntry[] }>(API.calendar({ ...window, opdId: opds.get('Dinkes')!.id }))).body.items;
    expect(dinkes.map((e) => e.title)).toContain('Rakor PAD');
    expect(dinkes.every((e) => e.title === 'Rakor PAD' || e.title.endsWith('Asisten I'))).toBe(true);

    for (const [query, field] of [
      [{ from: '2022-06-01', to: '2023-07-10' }, 'to'],
      [{ from: '2022-06-10', to: '2022-06-01' }, 'to'],
      [{ from: '2022-02-30', to: '2022-06-01' }, 'from'],
    ] as const) {
      const res = await admin.get(API.calendar(query));
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(errorOf(res).field).toBe(field);
    }
    expect((await new HttpClient(t.baseUrl).get(API.calendar(window))).status).toBe(401);
  });

  it('S15 every bad series is refused naming the field, and nothing is saved', async () => {
    const meetingsBefore = await meetingCount();
    const seriesBefore = await seriesCount();
    const dinkes = opds.get('Dinkes')!.id;
    const cases: [Partial<RawSeries>, string][] = [
      [{ recurrence: { kind: 'monthly_nth', nth: 5 as never, weekday: 'MO' } }, 'recurrence.nth'],
      [{ recurrence: { kind: 'monthly_day', day: 0 } }, 'recurrence.day'],
      [{ endDate: '2022-06-01' }, 'endDate'],
      [{ startDate: '2022-06-14', endDate: '2022-06-19' }, 'endDate'],
      [{ rotation: [] }, 'rotation'],
      [{ timeZone: 'Asia/Singapore' as never }, 'timeZone'],
      [{ startTime: '22:00' }, 'durationMinutes'],
      [{ durationMinutes: 5 }, 'durationMinutes'],
      [{ rotation: [group('Asisten I'), group('Asisten IV')] }, 'rotation.1.group'],
      [{ rotation: [group('Kosong')] }, 'rotation.0.group'],
      [{ rotation: [{ kind: 'opds', label: 'Pilihan', opdIds: [dinkes, 'no-such-opd'] }] }, 'rotation.0.opdIds.1'],
      [{ rotation: [{ kind: 'opds', label: 'Pilihan', opdIds: [dinkes, dinkes] }] }, 'rotation.0.opdIds.1'],
      [{ rotation: [{ kind: 'opds', label: 'Pilihan', opdIds: [opds.get('Lama')!.id] }] }, 'rotation.0.opdIds.0'],
      [{ extra: { recurrence: { kind: 'weekly', weekday: 'MO' }, group: group('Kades'), name: '' } }, 'extra.group.group'],
      [{ notulis: [] }, 'notulis'],
      [{ horizonWeeks: 60 }, 'horizonWeeks'],
      [{ agenda: Array.from({ length: 31 }, (_, i) => `Topik ${i + 1}`).join('\n') }, 'agenda'],
    ];
    for (const [override, field] of cases) {
      for (const send of [
        () => admin.post(API.seriesPreview, coffeeMorning(override)),
        () => admin.post(API.series, coffeeMorning(override)),
        () => admin.put(API.seriesOne(seriesId), coffeeMorning(override)),
      ]) {
        const res = await send();
        expect(res.status, field).toBe(400);
        expect(errorOf(res).field, field).toBe(field);
      }
    }
    expect(await meetingCount()).toBe(meetingsBefore);
    expect(await seriesCount()).toBe(seriesBefore);
    expect((await detail()).place).toBe('Ruang Tempudau');
    const badHoliday = await admin.post(API.holidays, { date: '2022-13-01', name: 'x' });
    expect(errorOf(badHoliday).field).toBe('date');
    expect((await admin.put(API.seriesOne('no-such-series'), coffeeMorning())).status).toBe(404);
    expect((await new HttpClient(t.baseUrl).post(API.series, coffeeMorning())).status).toBe(401);
  });

  it('S14 archiving a series cancels its future unedited occurrences and makes no more', async () => {
    const res = await admin.post<Series>(API.seriesArchive(seriesId));
    expect(res.status).toBe(200);
    expect(res.body.archived).toBe(true);
    const d = await detail();
    const today = '2022-06-28';
    for (const o of d.occurrences) {
      const expected = o.date > today && !o.detached && o.meetingId !== meetingIds.get('2022-07-04');
      if (expected) expect(o.cancelled, o.date).toBe(true);
    }
    expect(byDate(d).get('2022-07-11')?.cancelled).toBe(false);
    expect(byDate(d).get('2022-07-04')?.cancelled).toBe(false);
    clock.advance(7 * DAY);
    await t.app.services.series.topUp();
    expect((await detail()).occurrences).toHaveLength(d.occurrences.length);
    expect((await admin.put(API.seriesOne(seriesId), coffeeMorning())).status).toBe(409);
  });
});

describe('series: the quarterly camat rakor (seed 002)', () => {
  // Monday 28 October 2024 in Sangatta.
  const clock = new ManualClock(Date.parse('2024-10-28T01:00:00Z'));
  let t: TestApp;
  let admin: HttpClient;

  beforeAll(async () => {
    t = await startTestApp({ clock, scheduler: clock, sessionTtlMs: 365 * DAY });
    admin = await adminClient(t);
    await seedDirectory(admin);
  });
  afterAll(async () => {
    await t.close();
  });

  it('S8 S12 every three months on the first Friday, all camats, a year ahead', async () => {
    const input = coffeeMorning({
      name: 'Rakor Administrasi Kecamatan',
      kind: 'Rakor Triwulan',
      recurrence: { kind: 'quarterly', nth: 1, weekday: 'FR' },
      startDate: '2024-11-01',
      startTime: '09:00',
      durationMinutes: 240,
      place: 'Room Oasis, Aston Hotel and Convention',
      mode: 'room',
      chairName: 'Agus Hari Kesuma',
      chairTitle: 'Pjs Bupati',
      rotation: [group('Camat')],
      extra: null,
      horizonWeeks: 52,
    });
    const preview = (await admin.post<{ items: OccurrencePreview[] }>(API.seriesPreview, input)).body.items;
    expect(preview.map((o) => o.date)).toEqual(['2024-11-01', '2025-02-07', '2025-05-02', '2025-08-01']);
    const res = await admin.post<Series>(API.series, input);
    expect(res.status).toBe(201);
    const d = (await admin.get<SeriesDetail>(API.seriesOne(res.body.id))).body;
    expect(d.occurrences.map((o) => [o.date, o.groupLabel, o.opdShortNames])).toEqual(preview.map((o) => [o.date, 'Camat', MEMBERS.Camat]));
    const first = (await admin.get<Meeting>(API.meeting(at(d.occurrences, 0, 'occurrence').meetingId))).body;
    expect(first).toMatchObject({ title: 'Rakor Administrasi Kecamatan — Camat', date: '2024-11-01', startTime: '09:00', endTime: '13:00', mode: 'room' });
    expect(first.participants.every((p) => p.attendance === 'room')).toBe(true);
  });
});
