import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { Meeting, MeetingLink, Opd } from '../../shared/protocol';
import { adminClient, createOpds, meetingInput, opdInput } from '../factories';
import type { HttpClient } from '../helpers/http-client';
import { openPerson } from '../helpers/meeting-people';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { readCsv } from '../helpers/csv';
import { at, only } from '../helpers/at';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The download's raw bytes: it must start with the UTF-8 BOM, and the rest is the table. */
async function download(client: HttpClient, path: string): Promise<string[][]> {
  const res = await client.getBuffer(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/csv');
  expect(res.body.subarray(0, 3).equals(BOM), `${path} starts with the BOM`).toBe(true);
  return readCsv(res.body.subarray(3).toString('utf8'));
}

/** Every cell a spreadsheet would run as a formula. */
const formulas = (rows: string[][]) => rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));

describe('CSV downloads: one writer for statistics, attendance and links', () => {
  let t: TestApp;
  let admin: HttpClient;
  let opds: Opd[];
  let meeting: Meeting;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t);
    // Names typed into the directory that a spreadsheet would otherwise run.
    const hostile = [
      opdInput('=HYPERLINK("http://x.example/","klik")', { name: '+Dinas Formula', headName: '@Budi', headTitle: '-Kepala' }),
      opdInput('-Dinsos', { headName: 'Ahmad Rifa’i' }),
    ];
    opds = [];
    for (const o of hostile) {
      const res = await admin.post<Opd>(API.opds, o);
      expect(res.status).toBe(201);
      opds.push(res.body);
    }
    opds.push(...(await createOpds(admin, ['Disdik', 'Dishub'])));
    meeting = (await admin.post<Meeting>(API.meetings, meetingInput(opds, { chairName: '=Kasmidi', notulis: ['@Rina'] }))).body;
  });
  afterAll(async () => {
    await t.close();
  });

  it('E1 cells that begin with =, +, - or @ come out as text (a leading apostrophe) in statistics.csv, attendance.csv and links.csv, all with the BOM', async () => {
    const chair = await openPerson(t, admin, meeting.id);
    try {
      const excused = await chair.send({
        type: 'attendance.mark',
        participantId: at(meeting.participants, 1, 'participant').id,
        status: 'excused',
        reason: '=1+1 sakit',
      });
      expect('data' in excused).toBe(true);
    } finally {
      chair.close();
    }
    const stats = await download(admin, API.meetingStatisticsCsv(meeting.id));
    const attendance = await download(admin, API.meetingAttendanceCsv(meeting.id));
    const links = await download(admin, API.meetingLinksCsv(meeting.id));
    for (const [name, rows] of [
      ['statistics', stats],
      ['attendance', attendance],
      ['links', links],
    ] as const) {
      expect(formulas(rows), name).toEqual([]);
    }
    // The text itself is all there, behind the apostrophe.
    expect(at(stats, 1, 'stats row')[1]).toBe(`'=HYPERLINK("http://x.example/","klik")`);
    expect(at(stats, 2, 'stats row')[1]).toBe(`'-Dinsos`);
    expect(at(attendance, 1, 'attendance row').slice(1, 4)).toEqual([`'=HYPERLINK("http://x.example/","klik")`, `'+Dinas Formula`, `'@Budi`]);
    expect(at(attendance, 2, 'attendance row')[1]).toBe(`'-Dinsos`);
    expect(at(attendance, 2, 'attendance row')[3]).toBe('Ahmad Rifa’i');
    expect(at(attendance, 2, 'attendance row')[8]).toBe(`'=1+1 sakit`);
    expect(links.find((r) => r[0] === 'chair')?.[1]).toBe(`'=Kasmidi`);
    expect(links.find((r) => r[0] === 'notulis')?.[1]).toBe(`'@Rina`);
    expect(links.filter((r) => r[0] === 'participant').map((r) => r[1])[0]).toBe(`'=HYPERLINK("http://x.example/","klik") (@Budi)`);
  });

  it("E1 E2 links.csv lists chair, notulis, projector, observer, then the participants in the meeting's speaking order after a reorder and an addition", async () => {
    const dispar = only(await createOpds(admin, ['Dispar']), 'created OPD');
    const reordered = (await admin.put<Meeting>(API.meetingOrder(meeting.id), { participantIds: [...meeting.participants].reverse().map((p) => p.id) })).body;
    // A participant added later (its link is the newest) at the head of the order.
    const current = meetingInput(opds, { chairName: '=Kasmidi', notulis: ['@Rina'] });
    const input = {
      ...current,
      participants: [
        { ...at(meetingInput([dispar]).participants, 0, 'participant') },
        ...reordered.participants.map((p) => ({ ...current.participants.find((c) => c.opdId === p.opdId)!, id: p.id })),
      ],
    };
    const updated = await admin.put<Meeting>(API.meeting(meeting.id), input);
    expect(updated.status).toBe(200);
    const order = updated.body.participants.map((p) => p.id);
    expect(updated.body.participants.map((p) => p.opdShortName)).toEqual(['Dispar', 'Dishub', 'Disdik', '-Dinsos', at(opds, 0, 'OPD').shortName]);

    const rows = (await download(admin, API.meetingLinksCsv(meeting.id))).slice(1);
    expect(rows.map((r) => r[0])).toEqual(['chair', 'notulis', 'projector', 'observer', ...order.map(() => 'participant')]);
    const urlOf = new Map(
      (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(meeting.id))).body.items.filter((l) => !l.revoked).map((l) => [l.url, l.participantId]),
    );
    expect(rows.slice(4).map((r) => urlOf.get(at(r, 2, 'cell')))).toEqual(order);
  });
});
