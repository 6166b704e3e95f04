import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { Meeting } from '../../shared/protocol';
import { formatPlannedTime, planTimeline } from '../../shared/domain/meeting/timeline';
import { adminClient, createOpds, meetingInput } from '../factories';
import type { HttpClient } from '../helpers/http-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

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
      if (c === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && body[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
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
    const expected = meeting.participants.map((p) => [p.opdShortName, formatPlannedTime(timeline.turns[p.id].startMinute, meeting.timeZone)]);
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
    const speaker = header.indexOf('pembicara');
    const plannedStart = header.indexOf('rencana_mulai');
    expect(turns.map((r) => [r[speaker], `${r[plannedStart]} WITA`])).toEqual(expected);

    const links = await admin.getText(API.meetingLinksCsv(meeting.id));
    const [linkHeader, ...linkRows] = parseCsv(links.body);
    const invitations = linkRows.filter((r) => r[linkHeader.indexOf('role')] === 'participant');
    const invited = invitations.map((r) => {
      const text = r[linkHeader.indexOf('invitation')];
      const match = /Jadwal paparan (\S+): pukul (\d\d\.\d\d)–\d\d\.\d\d WITA/.exec(text);
      return [match?.[1], `${match?.[2]} WITA`];
    });
    expect(invited.sort()).toEqual([...expected].sort());
  });
});
