import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { CheckInCode, CheckInMeeting, CheckInResult, Meeting, MeetingLink, QueueState } from '../../shared/protocol';
import { createOpds, meetingInput } from '../factories';
import { bodyText, openCollab, type CollabClient } from '../helpers/collab-client';
import { eventually } from '../helpers/wait';
import { HttpClient, errorOf } from '../helpers/http-client';
import { LiveKitDouble } from '../helpers/livekit-double';
import { postWebhook, signWebhook, webhookBody } from '../helpers/livekit-webhook';
import { heard, openPerson, setUpMeeting, type Person } from '../helpers/meeting-people';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { at, atLeast, get } from '../helpers/at';

// The factory alternates attendance: Dinkes in the room, Dinsos remote, Disdik in the room.
const STANDARD_FONTS = fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));

async function linkClient(t: TestApp, link: MeetingLink): Promise<HttpClient> {
  const client = new HttpClient(t.baseUrl);
  expect((await client.post(API.linkExchange, { token: new URL(link.url).pathname.split('/').pop() })).status).toBe(200);
  return client;
}

const tokenOf = (code: CheckInCode) => new URL(code.url).pathname.split('/').pop()!;

async function pdfPlain(buf: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, disableFontFace: true, standardFontDataUrl: STANDARD_FONTS }).promise;
  let text = '';
  for (let n = 1; n <= pdf.numPages; n++) {
    for (const item of (await (await pdf.getPage(n)).getTextContent()).items) if ('str' in item) text += item.str;
  }
  await pdf.destroy();
  return text.replace(/\s+/g, '');
}

describe("the daftar hadir: online, in the room, and the chair's word", () => {
  let t: TestApp | undefined;
  let double: LiveKitDouble | undefined;
  const people: Person[] = [];
  const collabs: CollabClient[] = [];
  afterEach(async () => {
    for (const p of people.splice(0)) p.close();
    for (const c of collabs.splice(0)) c.destroy();
    await t?.close();
    await double?.close();
    t = undefined;
    double = undefined;
  });

  async function meetingWithChair(opts: Parameters<typeof startTestApp>[0] = {}) {
    t = await startTestApp(opts);
    const m = await setUpMeeting(t);
    const chair = await openPerson(t, m.linkFor('chair'), m.meeting.id);
    people.push(chair);
    const [dinkes, dinsos, disdik] = atLeast(
      m.meeting.participants.map((p) => p.id),
      3,
      'participant',
    );
    const queue = async () => (await m.admin.get<QueueState>(API.meetingQueue(m.meeting.id))).body;
    return { ...m, t, chair, dinkes, dinsos, disdik, queue };
  }

  it("H1 opening the link of an OPD seated in the room marks nothing online; a remote one's marks it present online", async () => {
    const { t, meeting, linkFor, chair, dinkes, dinsos, admin, queue } = await meetingWithChair();
    await chair.send({ type: 'meeting.start' });
    // The whole room follows on phones: Dinkes and Disdik open their links during the meeting.
    people.push(await openPerson(t, linkFor('participant', 0), meeting.id), await openPerson(t, linkFor('participant', 2), meeting.id));
    // Then a remote OPD connects; its mark is the very next event: nothing was recorded for the room.
    people.push(await openPerson(t, linkFor('participant', 1), meeting.id));
    await heard(chair, 2);
    expect(at(chair.events, 1, 'event').body).toMatchObject({
      type: 'attendance.marked',
      entry: { participantId: dinsos, status: 'present_online', source: 'link' },
    });
    const state = await queue();
    expect(state.seq).toBe(2);
    expect(state.attendance[dinkes]).toMatchObject({ status: 'unknown', seenOnline: false, arrivedAt: null });
    const md = (await admin.getText(API.minutesExport(meeting.id, 'md'))).body;
    expect(md).toMatch(/Dinkes: Dinas Dinkes.*Tidak tercatat/);
    expect(md).toMatch(/Dinsos: Dinas Dinsos.*Hadir daring/);
    expect(md).not.toMatch(/Dinkes: Dinas Dinkes.*Hadir daring/);
  });

  it("H2 the projector shows the room's check-in code before the start; a phone with its own link checks in and the chair hears it", async () => {
    const { t, meeting, linkFor, chair, dinkes, admin, queue } = await meetingWithChair();
    const projector = await linkClient(t, linkFor('projector'));
    const code = await projector.get<CheckInCode>(API.checkInCode(meeting.id));
    expect(code.status).toBe(200);
    expect(code.body.url).toBe(`${t.baseUrl}/m/${meeting.id}/hadir/${tokenOf(code.body)}`);
    expect(code.body.qr).toMatch(/^data:image\/png;base64,/);
    // The same code for the chair and the host (for the door); the token is derived, not stored.
    expect((await admin.get<CheckInCode>(API.checkInCode(meeting.id))).body.url).toBe(code.body.url);
    expect((await (await linkClient(t, linkFor('chair'))).get<CheckInCode>(API.checkInCode(meeting.id))).body.url).toBe(code.body.url);

    // Anyone in the room may read what the code is for, without a session.
    const about = await new HttpClient(t.baseUrl).get<CheckInMeeting>(API.checkInMeeting(meeting.id, tokenOf(code.body)));
    expect(about.body).toMatchObject({ meetingId: meeting.id, title: meeting.title, place: 'Ruang Meranti', timeZone: 'Asia/Makassar' });

    const phone = await linkClient(t, linkFor('participant', 0));
    const before = Date.now();
    const res = await phone.post<CheckInResult>(API.checkIn(meeting.id), { token: tokenOf(code.body) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      outcome: 'checked_in',
      status: 'present_room',
      participant: { id: dinkes, opdShortName: 'Dinkes', name: 'Kepala Dinkes, Kepala Dinas' },
      meeting: { title: meeting.title },
    });
    expect(res.body.arrivedAt).toBeGreaterThanOrEqual(before - 1000);
    await heard(chair, 1);
    expect(at(chair.events, 0, 'event').body).toMatchObject({
      type: 'attendance.marked',
      entry: { participantId: dinkes, status: 'present_room', source: 'checkin' },
    });
    // Twice is once.
    expect((await phone.post<CheckInResult>(API.checkIn(meeting.id), { token: tokenOf(code.body) })).body.outcome).toBe('already_in_room');
    expect((await queue()).seq).toBe(1);
    // The official daftar hadir says so.
    const md = (await admin.getText(API.minutesExport(meeting.id, 'md'))).body;
    expect(md).toMatch(/Dinkes: Dinas Dinkes.*Hadir di ruang/);
  });

  it('H3 a correction by the chair or host wins over a later check-in and a later video join', async () => {
    double = await LiveKitDouble.start();
    const { t, meeting, linkFor, chair, dinkes, dinsos, disdik, admin, queue } = await meetingWithChair({
      video: { url: double.url, apiKey: double.apiKey, apiSecret: double.apiSecret, sleep: async () => {}, requestTimeoutMs: 2000 },
    });
    const token = tokenOf((await admin.get<CheckInCode>(API.checkInCode(meeting.id))).body);
    await chair.send({ type: 'meeting.start' });
    // The chair: Dinsos is absent (its remote link on a colleague's laptop does not make it here); the host: Dinkes is online.
    expect(await chair.send({ type: 'attendance.mark', participantId: dinsos, status: 'absent' })).toEqual({ data: { seq: 2 } });
    const host = await openPerson(t, admin, meeting.id);
    people.push(host);
    expect(await host.send({ type: 'attendance.mark', participantId: dinkes, status: 'present_online' })).toEqual({ data: { seq: 3 } });
    expect(await chair.send({ type: 'attendance.mark', participantId: disdik, status: 'represented', representativeName: 'Siti Aminah' })).toEqual({
      data: { seq: 4 },
    });
    const marked = await queue();

    // Later automatic signals: the video call sees Dinsos, Dinkes and Disdik scan the room's code, Dinsos's link reconnects.
    const now = Math.floor(Date.now() / 1000);
    const join = webhookBody({
      event: 'participant_joined',
      room: `rakor-${meeting.id}`,
      participant: { identity: dinsos, sid: 'PA_dinsos1', name: 'Dinsos', joinedAtS: now },
      id: 'EV_dinsos_join',
      createdAtS: now,
    });
    expect(await postWebhook(t.baseUrl, join, signWebhook(join, { apiKey: double.apiKey, apiSecret: double.apiSecret }))).toEqual({
      status: 200,
      body: { status: 'recorded' },
    });
    for (const i of [0, 2]) {
      const res = await (await linkClient(t, linkFor('participant', i))).post<CheckInResult>(API.checkIn(meeting.id), { token });
      expect(res.body.outcome).toBe('kept');
    }
    const dinsosPhone = await linkClient(t, linkFor('participant', 1));
    const kept = await dinsosPhone.post<CheckInResult>(API.checkIn(meeting.id), { token });
    expect(kept.body).toMatchObject({ outcome: 'kept', status: 'absent' });
    people.push(await openPerson(t, dinsosPhone, meeting.id));

    const after = await queue();
    expect(after.seq).toBe(marked.seq);
    expect(after.attendance).toEqual(marked.attendance);
    expect(get(after.attendance, dinsos, 'attendance of Dinsos').status).toBe('absent');
    expect(after.attendance[dinkes]).toMatchObject({ status: 'present_online', source: 'manual' });
    // The call still saw Dinsos: the chair's presence panel says so, the daftar hadir keeps the chair's word.
    expect((await t.store.video.connected(meeting.id)).map((c) => c.identity)).toEqual([dinsos]);
  });

  it('H2 bad, unknown or foreign check-in codes and the wrong sessions are refused with a 4xx and change nothing', async () => {
    const { t, meeting, linkFor, chair, admin, queue } = await meetingWithChair();
    const token = tokenOf((await admin.get<CheckInCode>(API.checkInCode(meeting.id))).body);
    const other = (await admin.post<Meeting>(API.meetings, meetingInput(await createOpds(admin, ['Bappeda']), { title: 'Rakor lain' }))).body;
    const otherToken = tokenOf((await admin.get<CheckInCode>(API.checkInCode(other.id))).body);
    const otherLinks = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(other.id))).body.items;
    const [phone, chairPhone, observer, foreignPhone] = await Promise.all([
      linkClient(t, linkFor('participant', 0)),
      linkClient(t, linkFor('chair')),
      linkClient(t, linkFor('observer')),
      linkClient(
        t,
        otherLinks.find((l) => l.role === 'participant')!,
      ),
    ]);
    const stranger = new HttpClient(t.baseUrl);
    const post = (c: HttpClient, body: unknown, id = meeting.id) => c.request('POST', API.checkIn(id), body);
    const cases: [string, Promise<Awaited<ReturnType<HttpClient['request']>>>, number, string, string?][] = [
      ['no session on this phone', post(stranger, { token }), 401, 'unauthenticated'],
      ['the code of another meeting', post(phone, { token: otherToken }), 404, 'not_found', 'token'],
      ['a made-up code', post(phone, { token: 'A'.repeat(43) }), 404, 'not_found', 'token'],
      ['not a code at all', post(phone, { token: 'ada spasi<script>' }), 400, 'bad_request', 'token'],
      ['no code', post(phone, {}), 400, 'bad_request', 'token'],
      ['a number for a code', post(phone, { token: 42 }), 400, 'bad_request', 'token'],
      ['a body that is not JSON', phone.request('POST', API.checkIn(meeting.id), '{"token":', { 'content-type': 'application/json' }), 400, 'bad_request'],
      ['an unknown meeting', post(phone, { token }, 'no-such-meeting'), 404, 'not_found', 'token'],
      ['the chair cannot check in', post(chairPhone, { token }), 403, 'forbidden'],
      ['the host cannot check in', post(admin, { token }), 403, 'forbidden'],
      ['an observer cannot check in', post(observer, { token }), 403, 'forbidden'],
      ["a participant of another meeting, with this meeting's code", post(foreignPhone, { token }), 403, 'forbidden'],
    ];
    for (const [what, pending, status, code, field] of cases) {
      const res = await pending;
      expect([what, res.status, errorOf(res).code, errorOf(res).field]).toEqual([what, status, code, field]);
    }
    // What the code is for: only with the right code. Showing the code: only the host, chair and projector.
    expect(errorOf(await stranger.get(API.checkInMeeting(meeting.id, otherToken)))).toMatchObject({ code: 'not_found', field: 'token' });
    expect(errorOf(await stranger.get(`/api/meetings/${meeting.id}/checkin`))).toMatchObject({ code: 'bad_request', field: 'token' });
    expect((await phone.get(API.checkInCode(meeting.id))).status).toBe(403);
    expect((await observer.get(API.checkInCode(meeting.id))).status).toBe(403);
    expect((await stranger.get(API.checkInCode(meeting.id))).status).toBe(401);
    expect((await foreignPhone.get(API.checkInCode(meeting.id))).status).toBe(403);
    expect((await queue()).seq).toBe(0);
    expect(chair.events).toEqual([]);

    // After the end the daftar hadir is closed.
    await chair.send({ type: 'meeting.start' });
    await chair.send({ type: 'meeting.end' });
    const late = await post(phone, { token });
    expect([late.status, errorOf(late).code]).toEqual([409, 'conflict']);
    expect((await queue()).seq).toBe(2);
  });

  it('H4 a represented OPD is named by its representative in its Pembahasan section and in every export, never by its absent head', async () => {
    const { t, meeting, linkFor, chair, dinkes, admin } = await meetingWithChair();
    const notulis = await linkClient(t, linkFor('notulis', 0));
    const doc = openCollab(t.baseUrl, notulis.cookie, meeting.id);
    collabs.push(doc);
    await doc.synced();
    await chair.send({
      type: 'attendance.mark',
      participantId: dinkes,
      status: 'represented',
      representativeName: 'Siti Aminah',
      representativeTitle: 'Sekretaris Dinas',
    });
    await chair.send({ type: 'meeting.start' });
    await chair.send({ type: 'turn.next' });
    await eventually(() => bodyText(doc.doc).includes('mulai'), { what: 'the Dinkes section' });
    expect(bodyText(doc.doc)).toMatch(/Dinkes\nDinas Dinkes · Diwakili oleh Siti Aminah, Sekretaris Dinas · mulai \d\d\.\d\d WITA/);
    expect(bodyText(doc.doc)).not.toContain('Kepala Dinkes');

    const md = (await admin.getText(API.minutesExport(meeting.id, 'md'))).body;
    expect(md).toMatch(/Dinkes: Dinas Dinkes \| Siti Aminah, Sekretaris Dinas \| Diwakili oleh Siti Aminah/);
    expect(md).toContain('Diwakili oleh Siti Aminah, Sekretaris Dinas · mulai');
    expect(md).not.toContain('Kepala Dinkes');

    const xml = await (await JSZip.loadAsync((await admin.getBuffer(API.minutesExport(meeting.id, 'docx'))).body)).file('word/document.xml')!.async('string');
    const word = xml.replace(/<[^>]+>/g, '');
    expect(word).toContain('Siti Aminah, Sekretaris Dinas');
    expect(word).toContain('Diwakili oleh Siti Aminah, Sekretaris Dinas · mulai');
    expect(word).not.toContain('Kepala Dinkes');

    const pdf = await pdfPlain((await admin.getBuffer(API.minutesExport(meeting.id, 'pdf'))).body);
    expect(pdf).toContain('DiwakiliolehSitiAminah,SekretarisDinas·mulai');
    expect(pdf).toContain('SitiAminah,SekretarisDinas');
    expect(pdf).not.toContain('KepalaDinkes');
  });
});
