import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { Meeting, OccurrencePreview, OccurrenceSummary } from '../../shared/protocol';
import { formatPlannedTime, overrunMinutes, planTimeline } from '../../shared/domain/meeting/timeline';
import { adminClient, createOpds, meetingInput, seriesBody } from '../factories';
import type { HttpClient } from '../helpers/http-client';
import { ManualClock } from '../helpers/manual-clock';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { at, atLeast, get } from '../helpers/at';

/** A CSV of the app (BOM, CRLF, quoted fields holding LF and commas) as rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('one plan for the timeline, the invitations and the statistics', () => {
  let t: TestApp;
  let admin: HttpClient;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('P3 S22 I1 the planned starts of statistics.csv are those of the timeline and of every invitation (agenda and sesi included)', async () => {
    const opds = await createOpds(admin, ['Dinkes', 'Dinsos', 'Disdik', 'Dispar']);
    const base = meetingInput(opds);
    const input = {
      ...base,
      agenda: [
        { kind: 'pembukaan' as const, title: '', plannedMinutes: 10 },
        { kind: 'topik' as const, title: 'Netralitas ASN', plannedMinutes: 15 },
        { kind: 'paparan' as const, title: '', plannedMinutes: 0 },
        { kind: 'arahan' as const, title: '', plannedMinutes: 15 },
        { kind: 'penutup' as const, title: '', plannedMinutes: 5 },
      ],
      sessions: [
        { number: 1 as const, startTime: '08:30', endTime: '09:45' },
        { number: 2 as const, startTime: '10:00', endTime: '11:45' },
      ],
      participants: base.participants.map((p, i) => ({ ...p, session: i < 2 ? 1 : 2, allotmentMinutes: i === 1 ? 12 : null })),
    };
    const created = await admin.post<Meeting>(API.meetings, input);
    expect(created.status).toBe(201);
    const meeting = created.body;

    const timeline = planTimeline(meeting);
    const expected = meeting.participants.map((p) => [
      p.opdShortName,
      formatPlannedTime(get(timeline.turns, p.id, 'planned turn').startMinute, meeting.timeZone),
    ]);
    // Pembukaan 10 and the topic 15 open sesi 1; sesi 2 starts at its own window.
    expect(expected).toEqual([
      ['Dinkes', '08.55 WITA'],
      ['Dinsos', '09.05 WITA'],
      ['Disdik', '10.00 WITA'],
      ['Dispar', '10.10 WITA'],
    ]);

    const stats = await admin.getText(API.meetingStatisticsCsv(meeting.id));
    expect(stats.status).toBe(200);
    const [header, ...turns] = parseCsv(stats.body);
    if (!header) throw new Error('the statistics CSV has no header row');
    const speaker = header.indexOf('pembicara');
    const plannedStart = header.indexOf('rencana_mulai');
    expect(turns.map((r) => [r[speaker], `${r[plannedStart]} WITA`])).toEqual(expected);

    const links = await admin.getText(API.meetingLinksCsv(meeting.id));
    const [linkHeader, ...linkRows] = parseCsv(links.body);
    if (!linkHeader) throw new Error('the links CSV has no header row');
    const invitations = linkRows.filter((r) => r[linkHeader.indexOf('role')] === 'participant');
    const invited = invitations.map((r) => {
      const text = at(r, linkHeader.indexOf('invitation'), 'invitation cell');
      const match = /Jadwal paparan (\S+): pukul (\d\d\.\d\d)–\d\d\.\d\d WITA/.exec(text);
      return [match?.[1], `${match?.[2]} WITA`];
    });
    expect(invited.sort()).toEqual([...expected].sort());
  });
});

describe('a series that plans more than its slot', () => {
  let t: TestApp;
  let admin: HttpClient;

  beforeAll(async () => {
    // Friday 10 June 2022, 08.00 WITA: the Coffee Morning is next Monday.
    t = await startTestApp({ clock: new ManualClock(Date.parse('2022-06-10T00:00:00Z')) });
    admin = await adminClient(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('S23 S12 22 speakers of 10 minutes in a 195-minute slot: the preview, the occurrence list and the meeting all say 55 minutes over', async () => {
    const names = Array.from({ length: 22 }, (_, i) => `OPD${String(i + 1).padStart(2, '0')}`);
    const opds = await createOpds(admin, names);
    const input = seriesBody({
      durationMinutes: 195,
      defaultAllotmentMinutes: 10,
      rotation: [
        { kind: 'group', group: 'Asisten I' },
        { kind: 'opds', label: 'Tiga OPD', opdIds: opds.slice(0, 3).map((o) => o.id) },
      ],
      horizonWeeks: 2,
    });
    const preview = await admin.post<{ items: OccurrencePreview[] }>(API.seriesPreview, input);
    expect(preview.status).toBe(200);
    // Pembukaan 10 + 22 x 10 + arahan 15 + penutup 5 = 250 minutes: 12.40 against 11.45.
    expect(preview.body.items.map((o) => [o.date, o.groupLabel, o.endTime, o.plannedEndMinute, o.overMinutes])).toEqual([
      ['2022-06-13', 'Asisten I', '11:45', 12 * 60 + 40, 55],
      ['2022-06-20', 'Tiga OPD', '11:45', 8 * 60 + 30 + 60, 0],
    ]);

    const series = await admin.post<{ id: string }>(API.series, input);
    expect(series.status).toBe(201);
    const detail = await admin.get<{ occurrences: OccurrenceSummary[] }>(API.seriesOne(series.body.id));
    const [first, second] = atLeast(detail.body.occurrences, 2, 'occurrence');
    expect([first.overMinutes, first.plannedEndMinute, second.overMinutes]).toEqual([55, 12 * 60 + 40, 0]);
    // The generated meeting's own timeline (the editor's, S23) says the same.
    const meeting = (await admin.get<Meeting>(API.meeting(first.meetingId))).body;
    expect(overrunMinutes(planTimeline(meeting))).toBe(55);

    // Edited by hand to fit (5 minutes each): the occurrence list follows the meeting.
    const { participants, ...header } = meeting;
    const fitted = await admin.put<Meeting>(API.meeting(meeting.id), {
      ...header,
      participants: participants.map((p) => ({ ...p, allotmentMinutes: 5 })),
    });
    expect(fitted.status).toBe(200);
    const after = await admin.get<{ occurrences: OccurrenceSummary[] }>(API.seriesOne(series.body.id));
    expect(after.body.occurrences.find((o) => o.meetingId === meeting.id)).toMatchObject({ overMinutes: 0, plannedEndMinute: 8 * 60 + 30 + 140 });
  });
});
