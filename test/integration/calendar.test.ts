import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ical, { type VEvent } from 'node-ical';
import { API } from '../../shared/protocol/api';
import {
  seriesInputSchema,
  type Meeting,
  type MeetingLink,
  type OccurrenceSummary,
  type Opd,
  type OpdFeed,
  type Series,
  type UpcomingMeeting,
} from '../../shared/protocol';
import { adminClient, createOpds, meetingInput, seriesBody } from '../factories';
import { HttpClient, errorOf } from '../helpers/http-client';
import { ManualClock } from '../helpers/manual-clock';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { at } from '../helpers/at';

/** Friday 10 June 2022, 08.00 WITA: the Coffee Morning is next Monday. */
const NOW = Date.parse('2022-06-10T00:00:00Z');

const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;
const text = (v: unknown): string => (typeof v === 'string' ? v : ((v as { val?: string } | undefined)?.val ?? ''));

function events(ics: string): VEvent[] {
  return Object.values(ical.sync.parseICS(ics)).filter((c): c is VEvent => !!c && c.type === 'VEVENT');
}

describe('invitations and calendars', () => {
  let t: TestApp;
  let admin: HttpClient;
  let opds: Opd[];
  let dinkes: Opd;
  let coffee: Meeting;
  let links: MeetingLink[];

  beforeAll(async () => {
    t = await startTestApp({ clock: new ManualClock(NOW) });
    admin = await adminClient(t);
    opds = await createOpds(admin, ['Dinkes', 'Dinsos', 'Disdik', 'Dispar']);
    dinkes = at(opds, 0, 'OPD');
    coffee = (
      await admin.post<Meeting>(
        API.meetings,
        meetingInput(opds.slice(0, 3), {
          participants: meetingInput(opds.slice(0, 3)).participants.map((p, i) => ({ ...p, allotmentMinutes: i === 0 ? 12 : null })),
        }),
      )
    ).body;
    links = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(coffee.id))).body.items;
  });
  afterAll(async () => {
    await t.close();
  });

  const linkOf = (meeting: Meeting, i: number, all: MeetingLink[]) => all.find((l) => l.participantId === at(meeting.participants, i, 'participant').id)!;
  async function personFor(link: MeetingLink): Promise<HttpClient> {
    const person = new HttpClient(t.baseUrl);
    expect((await person.post(API.linkExchange, { token: tokenOf(link.url) })).status).toBe(200);
    return person;
  }

  it('S20 S21 sessions and agenda are saved, read back and kept by a copy; bad ones are refused naming the field', async () => {
    // A meeting made without them (the factories of every older test) has none: the defaults apply.
    expect(coffee.sessions).toEqual([]);
    expect(coffee.agenda).toEqual([]);
    const plan = {
      sessions: [
        { number: 1, startTime: '08:30', endTime: '10:00' },
        { number: 2, startTime: '10:15', endTime: '11:45' },
      ],
      agenda: [
        { kind: 'pembukaan', title: '', plannedMinutes: 5 },
        { kind: 'topik', title: 'Netralitas ASN', plannedMinutes: 20 },
        { kind: 'paparan', title: '', plannedMinutes: 0 },
        { kind: 'penutup', title: 'Doa', plannedMinutes: 5 },
      ],
    };
    const input = meetingInput(opds.slice(0, 2), { title: 'Rakor Bima', ...(plan as object) });
    at(input.participants, 1, 'participant').session = 2;
    const created = await admin.post<Meeting>(API.meetings, input);
    expect(created.status).toBe(201);
    expect(created.body.sessions).toEqual(plan.sessions);
    expect(created.body.agenda).toEqual(plan.agenda);
    expect((await admin.get<Meeting>(API.meeting(created.body.id))).body.agenda).toEqual(plan.agenda);
    const copy = await admin.post<Meeting>(API.meetingCopy(created.body.id), { date: '2022-06-27' });
    expect(copy.body.sessions).toEqual(plan.sessions);
    expect(copy.body.agenda).toEqual(plan.agenda);

    const before = (await admin.get<{ items: unknown[] }>(API.meetings)).body.items.length;
    const overlapping = { ...input, sessions: [plan.sessions[0], { number: 2, startTime: '09:30', endTime: '11:45' }] };
    const res = await admin.post(API.meetings, overlapping);
    expect(res.status).toBe(400);
    expect(errorOf(res).field).toBe('sessions.1.startTime');
    expect(errorOf(res).message).toContain('overlaps sesi 1');
    const noWindow = await admin.post(API.meetings, { ...input, sessions: [plan.sessions[0]] });
    expect(errorOf(noWindow).field).toBe('participants.1.session');
    const update = await admin.put(API.meeting(created.body.id), { ...input, agenda: [{ kind: 'pembukaan', title: '', plannedMinutes: 5 }] });
    expect(errorOf(update).field).toBe('agenda');
    expect((await admin.get<Meeting>(API.meeting(created.body.id))).body.agenda).toEqual(plan.agenda);
    expect((await admin.get<{ items: unknown[] }>(API.meetings)).body.items.length).toBe(before);

    // A body without them (an older client) keeps the saved plan, and is still held to it.
    const { sessions: _s, agenda: _a, ...bare } = input;
    void _s;
    void _a;
    const kept = await admin.put<Meeting>(API.meeting(created.body.id), { ...bare, title: 'Rakor Bima (ubah)' });
    expect(kept.status).toBe(200);
    expect(kept.body.sessions).toEqual(plan.sessions);
    expect(kept.body.agenda).toEqual(plan.agenda);
    const allInSesi1 = bare.participants.map((p) => ({ ...p, session: 1 }));
    expect((await admin.put(API.meeting(created.body.id), { ...bare, participants: allInSesi1, sessions: [plan.sessions[0]] })).status).toBe(200);
    const third = await admin.put(API.meeting(created.body.id), bare);
    expect(third.status).toBe(400);
    expect(errorOf(third).field).toBe('participants.1.session');
    const cleared = await admin.put<Meeting>(API.meeting(created.body.id), { ...bare, participants: [bare.participants[0]], sessions: [], agenda: [] });
    expect([cleared.body.sessions, cleared.body.agenda]).toEqual([[], []]);
  });

  it("I2 links.csv carries each participant's planned time and invitation text", async () => {
    const csv = await admin.getText(API.meetingLinksCsv(coffee.id));
    const [header] = csv.body.split('\r\n');
    expect(header).toBe('role,label,url,planned_time,invitation');
    // Rows end in CRLF; the invitation's own lines are LF inside its quoted field.
    const rows = csv.body.trim().split('\r\n');
    expect(rows).toHaveLength(9);
    const dinsos = rows.find((r) => r.startsWith('participant,Dinsos'))!;
    // pembukaan 10 + Dinkes 12 minutes: Dinsos at 08.52 WITA.
    expect(dinsos).toContain('08.52 WITA (10 menit)');
    expect(dinsos).toContain('Hari/tanggal: Senin, 13 Juni 2022\nWaktu: 08.30–11.45 WITA');
    expect(dinsos).toContain(linkOf(coffee, 1, links).url);
    expect(rows.find((r) => r.startsWith('chair,'))!.endsWith(',,')).toBe(true);
  });

  it("I3 I4 a participant's invitation parses back with its zone, instants, place, link, planned time and a reminder", async () => {
    const dinsos = at(coffee.participants, 1, 'participant');
    const res = await admin.getText(API.meetingInviteIcs(coffee.id, dinsos.id));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    expect(res.body).toContain('DTSTART;TZID=Asia/Makassar:20220613T083000');
    expect(res.body).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Asia\/Makassar\r\n/);
    expect(res.body).toContain('TZOFFSETTO:+0800');
    expect(res.body).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    const event = at(events(res.body), 0, 'event');
    expect(event.uid).toBe(`rakor-${coffee.id}-${dinsos.id}@rakor`);
    expect(event.start.toISOString()).toBe('2022-06-13T00:30:00.000Z');
    expect(event.start.tz).toBe('Asia/Makassar');
    expect(event.end?.toISOString()).toBe('2022-06-13T03:45:00.000Z');
    expect(text(event.summary)).toBe('Coffee Morning Asisten I');
    expect(text(event.location)).toBe('Ruang Meranti');
    const description = text(event.description);
    expect(description).toContain(linkOf(coffee, 1, links).url);
    expect(description).toContain('Jadwal paparan Dinsos: pukul 08.52–09.02 WITA (10 menit)');
    expect(event.status).toBe('CONFIRMED');
    expect(event.alarms?.map((a) => [a.action, a.trigger])).toEqual([['DISPLAY', '-PT30M']]);

    // The same invitation again: the same UID, so a calendar updates instead of duplicating.
    expect(at(events((await admin.getText(API.meetingInviteIcs(coffee.id, dinsos.id))).body), 0, 'event').uid).toBe(event.uid);
  });

  it('I3 the whole meeting for any session of it; a participant gets only its own invitation', async () => {
    const whole = await admin.getText(API.meetingInviteIcs(coffee.id));
    const event = at(events(whole.body), 0, 'event');
    expect(event.uid).toBe(`rakor-${coffee.id}@rakor`);
    expect(text(event.description)).toContain(`/m/${coffee.id}`);
    expect(text(event.description)).toContain('08.40 WITA  Paparan Dinkes');
    expect(text(event.description)).not.toContain('/l/');

    const dinsos = await personFor(linkOf(coffee, 1, links));
    const own = await dinsos.getText(API.meetingInviteIcs(coffee.id));
    expect(at(events(own.body), 0, 'event').uid).toBe(`rakor-${coffee.id}-${at(coffee.participants, 1, 'participant').id}@rakor`);
    expect(text(at(events(own.body), 0, 'event').description)).toContain(linkOf(coffee, 1, links).url);
    const other = await dinsos.get(API.meetingInviteIcs(coffee.id, at(coffee.participants, 0, 'participant').id));
    expect(other.status).toBe(403);
    expect(errorOf(other).code).toBe('forbidden');

    const chair = await personFor(links.find((l) => l.role === 'chair')!);
    expect(at(events((await chair.getText(API.meetingInviteIcs(coffee.id))).body), 0, 'event').uid).toBe(`rakor-${coffee.id}@rakor`);
    expect((await chair.get(API.meetingInviteIcs(coffee.id, at(coffee.participants, 0, 'participant').id))).status).toBe(403);
    expect((await new HttpClient(t.baseUrl).get(API.meetingInviteIcs(coffee.id))).status).toBe(401);
    expect((await admin.get(API.meetingInviteIcs(coffee.id, 'no-such-participant'))).status).toBe(404);
  });

  it('I4 a participant in a sesi with its own window is invited for that window', async () => {
    const input = meetingInput(opds.slice(0, 2), {
      title: 'Rakor dua sesi',
      date: '2022-06-15',
      timeZone: 'Asia/Jayapura',
      sessions: [
        { number: 1, startTime: '08:30', endTime: '10:00' },
        { number: 2, startTime: '10:00', endTime: '11:45' },
      ],
    });
    at(input.participants, 1, 'participant').session = 2;
    const m = (await admin.post<Meeting>(API.meetings, input)).body;
    const event = at(events((await admin.getText(API.meetingInviteIcs(m.id, at(m.participants, 1, 'participant').id))).body), 0, 'event');
    expect(event.start.toISOString()).toBe('2022-06-15T01:00:00.000Z');
    expect(event.start.tz).toBe('Asia/Jayapura');
    expect(event.end?.toISOString()).toBe('2022-06-15T02:45:00.000Z');
    expect(text(event.description)).toContain('Sesi: sesi 2, 10.00–11.45 WIT');
  });

  it('I4 a cancelled occurrence of a series stays in the calendar as STATUS:CANCELLED', async () => {
    const m = (await admin.post<Meeting>(API.meetings, meetingInput([dinkes], { title: 'Coffee Morning batal', date: '2022-06-27' }))).body;
    const input = seriesInputSchema.parse(seriesBody());
    const stamp = new Date(NOW).toISOString();
    await t.store.schedule.insertSeries({ id: 'series-1', input, archivedAt: null, createdAt: stamp, updatedAt: stamp });
    await t.store.schedule.insertOccurrence({
      meetingId: m.id,
      seriesId: 'series-1',
      date: m.date,
      groupLabel: 'Asisten I',
      extra: false,
      detached: false,
      cancelled: true,
      movedFrom: null,
    });
    const event = at(events((await admin.getText(API.meetingInviteIcs(m.id, at(m.participants, 0, 'participant').id))).body), 0, 'event');
    expect(event.status).toBe('CANCELLED');
    const person = await personFor((await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(m.id))).body.items.find((l) => l.role === 'participant')!);
    const upcoming = (await person.get<{ items: UpcomingMeeting[] }>(API.meetingUpcoming(m.id))).body.items;
    expect(upcoming.find((i) => i.meetingId === m.id)?.cancelled).toBe(true);

    // I5 the series' own feed: its occurrences, the cancelled one marked; only with its token.
    const { url } = (await admin.get<{ url: string }>(`/api/series/series-1/feed`)).body;
    expect(url).toContain('/api/feeds/series/series-1/calendar.ics?token=');
    const feed = events((await new HttpClient(t.baseUrl).getText(new URL(url).pathname + new URL(url).search)).body);
    expect(feed.map((e) => e.status)).toEqual(['CANCELLED']);
    expect(text(at(feed, 0, 'feed event').summary)).toContain('Coffee Morning batal');
    const wrong = await new HttpClient(t.baseUrl).get(`/api/feeds/series/series-1/calendar.ics?token=${'x'.repeat(43)}`);
    expect(wrong.status).toBe(401);
    expect(errorOf(wrong).code).toBe('unauthenticated');
  });

  it('I5 an OPD feed: every meeting it takes part in from 90 days ago, each with its link; a wrong token gets 401 in the error shape', async () => {
    const old = (await admin.post<Meeting>(API.meetings, meetingInput([dinkes], { title: 'Rakor Januari', date: '2022-01-03' }))).body;
    const april = (
      await admin.post<Meeting>(
        API.meetings,
        meetingInput([dinkes, at(opds, 3, 'OPD')], { title: 'Rakor April', date: '2022-04-01', timeZone: 'Asia/Jakarta' }),
      )
    ).body;
    const without = (await admin.post<Meeting>(API.meetings, meetingInput([at(opds, 3, 'OPD')], { title: 'Rakor tanpa Dinkes', date: '2022-06-14' }))).body;

    const feeds = await admin.get<{ items: OpdFeed[] }>(API.opdFeeds);
    expect(feeds.status).toBe(200);
    const url = new URL(feeds.body.items.find((f) => f.opdId === dinkes.id)!.url);
    expect(url.pathname).toBe(`/api/feeds/opd/${dinkes.id}/calendar.ics`);
    const token = url.searchParams.get('token')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // A calendar app has no session: the token alone opens the feed.
    const feed = await new HttpClient(t.baseUrl).getText(`${url.pathname}${url.search}`);
    expect(feed.status).toBe(200);
    expect(feed.body).toContain('X-WR-CALNAME:Rakor Dinkes');
    const got = events(feed.body);
    const titles = got.map((e) => text(e.summary));
    expect(titles).toContain('Rakor April');
    expect(titles).toContain('Coffee Morning Asisten I');
    expect(titles).not.toContain(old.title);
    expect(titles).not.toContain(without.title);
    const aprilEvent = got.find((e) => text(e.summary) === 'Rakor April')!;
    expect(aprilEvent.start.tz).toBe('Asia/Jakarta');
    expect(aprilEvent.start.toISOString()).toBe('2022-04-01T01:30:00.000Z');
    const aprilLinks = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(april.id))).body.items;
    expect(text(aprilEvent.description)).toContain(linkOf(april, 0, aprilLinks).url);
    expect(aprilEvent.uid).toBe(`rakor-${april.id}-${at(april.participants, 0, 'participant').id}@rakor`);
    expect(got.every((e) => e.alarms?.[0]?.trigger === '-PT30M')).toBe(true);

    const other = new URL(feeds.body.items.find((f) => f.opdId === at(opds, 1, 'OPD').id)!.url).searchParams.get('token')!;
    for (const bad of [`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, '', 'x', other]) {
      const res = await new HttpClient(t.baseUrl).get(API.opdFeed(dinkes.id, bad));
      expect(res.status, bad).toBe(401);
      expect(errorOf(res).code).toBe('unauthenticated');
      expect(JSON.stringify(res.body)).not.toContain('Rakor');
    }
    expect((await new HttpClient(t.baseUrl).get(`/api/feeds/opd/${dinkes.id}/calendar.ics`)).status).toBe(401);
    expect((await new HttpClient(t.baseUrl).get(API.opdFeed('no-such-opd', token))).status).toBe(401);
    // Only the admin lists the feed addresses.
    const participant = await personFor(linkOf(coffee, 0, links));
    expect((await participant.get(API.opdFeeds)).status).toBe(403);
    // Never stored: no table holds the token.
    const stored = JSON.stringify(await t.store.opds.list({ includeArchived: true }));
    expect(stored).not.toContain(token);
  });

  it("I6 a participant's page lists its OPD's meetings from today on with its planned time; other roles are refused", async () => {
    const next = (
      await admin.post<Meeting>(
        API.meetings,
        meetingInput([at(opds, 3, 'OPD'), dinkes], { title: 'Coffee Morning 20 Juni', date: '2022-06-20', startTime: '09:00', endTime: '11:00' }),
      )
    ).body;
    const dinkesPerson = await personFor(linkOf(coffee, 0, links));
    const res = await dinkesPerson.get<{ items: UpcomingMeeting[] }>(API.meetingUpcoming(coffee.id));
    expect(res.status).toBe(200);
    const items = res.body.items;
    expect(items.map((i) => i.date)).toEqual([...items.map((i) => i.date)].sort());
    expect(items.every((i) => i.date >= '2022-06-10')).toBe(true);
    expect(items.some((i) => i.title === 'Rakor April')).toBe(false);
    const here = items.find((i) => i.meetingId === coffee.id)!;
    expect(here).toMatchObject({ current: true, plannedStart: '08:40', plannedEnd: '08:52', session: 1, cancelled: false });
    // Dispar speaks first for 10 minutes after the 10-minute opening: Dinkes at 09.20.
    expect(items.find((i) => i.meetingId === next.id)).toMatchObject({ current: false, plannedStart: '09:20', place: 'Ruang Meranti' });
    expect(JSON.stringify(items)).not.toContain('/l/');

    const chair = await personFor(links.find((l) => l.role === 'chair')!);
    expect((await chair.get(API.meetingUpcoming(coffee.id))).status).toBe(403);
    expect((await dinkesPerson.get(API.meetingUpcoming(next.id))).status).toBe(403);
    const preview = await admin.get<{ items: UpcomingMeeting[] }>(
      `${API.meetingUpcoming(coffee.id)}?participant=${at(coffee.participants, 0, 'participant').id}`,
    );
    expect(preview.body.items.map((i) => i.meetingId)).toEqual(items.map((i) => i.meetingId));
  });

  it('V16 I7 an external call link is https only; it goes into the invitation, the description and LOCATION, raises SEQUENCE, and is kept by a copy and a series', async () => {
    const disdik = at(opds, 2, 'OPD');
    const input = meetingInput([disdik], { title: 'Rakor daring', date: '2022-07-04' });
    const created = (await admin.post<Meeting>(API.meetings, input)).body;
    expect(created.externalCallUrl).toBe('');
    const plain = at(events((await admin.getText(API.meetingInviteIcs(created.id))).body), 0, 'event');
    expect(text(plain.location)).toBe('Ruang Meranti');
    expect(text(plain.description)).not.toContain('Tautan rapat daring');

    for (const bad of ['http://zoom.us/j/81234567890', 'zoom.us/j/81234567890', 'javascript:alert(1)', 'https://', `https://zoom.us/j/${'9'.repeat(500)}`]) {
      const res = await admin.put(API.meeting(created.id), { ...input, externalCallUrl: bad });
      expect(res.status, bad).toBe(400);
      expect(errorOf(res).field, bad).toBe('externalCallUrl');
    }
    expect(errorOf(await admin.put(API.meeting(created.id), { ...input, externalCallUrl: 'zoom.us/j/1' })).message).toContain('https://');
    expect((await admin.get<Meeting>(API.meeting(created.id))).body.externalCallUrl).toBe('');

    const zoom = 'https://us02web.zoom.us/j/81234567890?pwd=Rakor2022';
    const sequence = await t.store.meetings.calendarSequence(created.id);
    const updated = await admin.put<Meeting>(API.meeting(created.id), { ...input, externalCallUrl: `  ${zoom} ` });
    expect(updated.body.externalCallUrl).toBe(zoom);
    expect(await t.store.meetings.calendarSequence(created.id)).toBe(sequence + 1);

    const event = at(events((await admin.getText(API.meetingInviteIcs(created.id))).body), 0, 'event');
    expect(text(event.location)).toBe(`Ruang Meranti, ${zoom}`);
    expect(text(event.description)).toContain(`Tautan rapat daring (Zoom): ${zoom}`);
    const participant = at(updated.body.participants, 0, 'participant');
    const invitation = at(events((await admin.getText(API.meetingInviteIcs(created.id, participant.id))).body), 0, 'event');
    expect(text(invitation.description)).toContain(`Bentuk: Hibrida (di ruang rapat dan daring)\nTautan rapat daring (Zoom): ${zoom}`);
    expect((await admin.getText(API.meetingLinksCsv(created.id))).body).toContain(`Tautan rapat daring (Zoom): ${zoom}`);
    expect((await admin.post<Meeting>(API.meetingCopy(created.id), { date: '2022-07-11' })).body.externalCallUrl).toBe(zoom);

    // An online meeting with a Jitsi room and no place: the link is the whole LOCATION.
    const jitsi = 'https://meet.jit.si/RakorKutim-Asisten1';
    const online = (await admin.post<Meeting>(API.meetings, meetingInput([disdik], { date: '2022-07-05', place: '', mode: 'online', externalCallUrl: jitsi })))
      .body;
    const onlineEvent = at(events((await admin.getText(API.meetingInviteIcs(online.id))).body), 0, 'event');
    expect(text(onlineEvent.location)).toBe(jitsi);
    expect(text(onlineEvent.description)).toContain(`Tautan rapat daring (Jitsi Meet): ${jitsi}`);

    // A series hands its link to every occurrence, and is held to the same rule.
    const series = { rotation: [{ kind: 'opds', label: 'Disdik', opdIds: [disdik.id] }], startDate: '2022-07-18' };
    const refused = await admin.post(API.series, seriesBody({ ...series, externalCallUrl: 'ftp://zoom.us/j/1' }));
    expect([refused.status, errorOf(refused).field]).toEqual([400, 'externalCallUrl']);
    const meet = 'https://meet.google.com/abc-defg-hij';
    const made = await admin.post<Series>(API.series, seriesBody({ ...series, externalCallUrl: meet }));
    expect([made.status, made.body.externalCallUrl]).toEqual([201, meet]);
    const detail = (await admin.get<Series & { occurrences: OccurrenceSummary[] }>(API.seriesOne(made.body.id))).body;
    expect(detail.occurrences.length).toBeGreaterThan(0);
    for (const o of detail.occurrences) expect((await admin.get<Meeting>(API.meeting(o.meetingId))).body.externalCallUrl).toBe(meet);
  });
});
