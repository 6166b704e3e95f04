import { SCREEN_API } from '../../shared/protocol/api-screens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Meeting } from '../../shared/protocol';
import { HttpClient } from '../helpers/http-client';
import { ManualClock } from '../helpers/manual-clock';
import { linkClient, openPerson, pressOk, setUpMeeting } from '../helpers/meeting-people';
import { readPdf } from '../helpers/pdf-pages';
import { startTestApp, type TestApp } from '../helpers/test-app';

const MIN = 60_000;

describe('the PDF time report beside statistics.csv', () => {
  // Monday 13 June 2022, 08.30 WITA: the factory's meeting starts on time.
  const clock = new ManualClock(Date.parse('2022-06-13T00:30:00Z'));
  let t: TestApp;
  let admin: HttpClient;
  let meeting: Meeting;
  let linkFor: Awaited<ReturnType<typeof setUpMeeting>>['linkFor'];

  beforeAll(async () => {
    t = await startTestApp({ clock, scheduler: clock });
    ({ admin, meeting, linkFor } = await setUpMeeting(t, ['Dinkes', 'Dinsos', 'Disdik']));
    // A short meeting driven as the chair drives it: Dinkes 13 of its 10 minutes with 2 minutes of
    // arahan, Dinsos 7, Disdik 10; then the chair ends it.
    const chair = await openPerson(t, linkFor('chair'), meeting.id);
    try {
      await pressOk(chair, { type: 'meeting.start' });
      await pressOk(chair, { type: 'turn.next' });
      clock.advance(5 * MIN);
      await pressOk(chair, { type: 'arahan.start' });
      clock.advance(2 * MIN);
      await pressOk(chair, { type: 'arahan.stop' });
      clock.advance(8 * MIN);
      await pressOk(chair, { type: 'turn.next' });
      clock.advance(7 * MIN);
      await pressOk(chair, { type: 'turn.next' });
      clock.advance(10 * MIN);
      await pressOk(chair, { type: 'meeting.end' });
    } finally {
      chair.close();
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('TR3 the admin downloads one A4 page of application/pdf holding the meeting, every OPD and its minutes', async () => {
    const res = await admin.getBuffer(SCREEN_API.meetingTimeReportPdf(meeting.id));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('laporan-waktu-2022-06-13.pdf');
    const pdf = await readPdf(res.body);
    expect(pdf.pages).toBe(1);
    expect(pdf.size).toEqual([595, 842]);
    expect(pdf.images[0]).toBe(0);
    const text = pdf.texts[0] ?? '';
    for (const needle of [
      'LAPORAN WAKTU RAPAT',
      'Coffee Morning Asisten I',
      'Senin, 13 Juni 2022',
      '08.30–11.45 WITA',
      '08.30–09.02 WITA',
      'Ruang Meranti',
      'Kasmidi Bulang, Wakil Bupati',
    ])
      expect(text, needle).toContain(needle);
    for (const name of ['Dinkes', 'Dinsos', 'Disdik', 'Arahan pimpinan']) expect(text, name).toContain(name);
    // Jatah, bicara and lebih of each OPD, in speaking order, and the arahan.
    expect(text).toMatch(/10:00 13:00 \+03:00 10:00 07:00 – 10:00 10:00 – – 02:00 –/);
    expect(text).toContain('Jumlah OPD: Jatah 30:00 · Bicara 30:00 · Lebih 03:00');
    expect(text).toContain('Lama rapat 32:00 (rencana 3:15:00)');
  });

  it("TR3 the meeting's chair and notulis may download it, as statistics.csv", async () => {
    for (const role of ['chair', 'notulis']) {
      const client = await linkClient(t.baseUrl, linkFor(role));
      const res = await client.getBuffer(SCREEN_API.meetingTimeReportPdf(meeting.id));
      expect(res.status, role).toBe(200);
      expect((await readPdf(res.body)).pages, role).toBe(1);
    }
  });

  it('TR3 a participant, the projector and nobody are refused; an unknown meeting is 404', async () => {
    for (const [who, client] of [
      ['participant', await linkClient(t.baseUrl, linkFor('participant', 0))],
      ['projector', await linkClient(t.baseUrl, linkFor('projector'))],
    ] as const) {
      const res = await client.get<{ error: { code: string } }>(SCREEN_API.meetingTimeReportPdf(meeting.id));
      expect(res.status, who).toBe(403);
      expect(res.body.error.code, who).toBe('forbidden');
    }
    const nobody = await new HttpClient(t.baseUrl).get<{ error: { code: string } }>(SCREEN_API.meetingTimeReportPdf(meeting.id));
    expect(nobody.status).toBe(401);
    const unknown = await admin.get<{ error: { code: string; message: string } }>(SCREEN_API.meetingTimeReportPdf('tidak-ada'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });
});
