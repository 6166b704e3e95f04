import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { LinkExchangeResult, Meeting, MeetingLink, Opd } from '../../shared/protocol';
import { adminClient, createOpds, meetingInput } from '../factories';
import { HttpClient, errorOf } from '../helpers/http-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { at, atLeast } from '../helpers/at';

const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;

describe('meetings and personal links', () => {
  let t: TestApp;
  let admin: HttpClient;
  let opds: Opd[];
  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t);
    opds = await createOpds(admin, ['Dinkes', 'Dinsos', 'Disdik', 'Dispar']);
  });
  afterAll(async () => {
    await t.close();
  });

  async function create(overrides = {}) {
    const res = await admin.post<Meeting>(API.meetings, meetingInput(opds.slice(0, 3), overrides));
    expect(res.status).toBe(201);
    return res.body;
  }
  const linksOf = async (id: string) => (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(id))).body.items;

  it('S1 refuses bad meetings naming the field, and writes nothing', async () => {
    const before = (await admin.get<{ items: unknown[] }>(API.meetings)).body.items.length;
    const cases: [object, string][] = [
      [{ endTime: '08:00' }, 'endTime'],
      [{ date: '2022-02-30' }, 'date'],
      [{ timeZone: 'Asia/Singapore' }, 'timeZone'],
      [{ startTime: '8.30' }, 'startTime'],
      [{ notulis: [] }, 'notulis'],
      [{ defaultAllotmentMinutes: 0 }, 'defaultAllotmentMinutes'],
    ];
    for (const [override, field] of cases) {
      const res = await admin.post(API.meetings, meetingInput(opds.slice(0, 2), override));
      expect(res.status, field).toBe(400);
      expect(errorOf(res).field, field).toBe(field);
    }
    const dup = meetingInput([at(opds, 0, 'OPD'), at(opds, 0, 'OPD')]);
    expect(errorOf(await admin.post(API.meetings, dup)).field).toBe('participants.1.opdId');
    const ghost = meetingInput(opds.slice(0, 1));
    ghost.participants.push({ ...at(ghost.participants, 0, 'participant'), opdId: 'no-such-opd' });
    expect(errorOf(await admin.post(API.meetings, ghost)).field).toBe('participants.1.opdId');
    expect((await admin.get<{ items: unknown[] }>(API.meetings)).body.items.length).toBe(before);
  });

  it('S2 A5 a new meeting keeps the speaking order and has every link, storing only hashes', async () => {
    const meeting = await create();
    expect(meeting.participants.map((p) => [p.position, p.opdShortName])).toEqual([
      [1, 'Dinkes'],
      [2, 'Dinsos'],
      [3, 'Disdik'],
    ]);
    const links = await linksOf(meeting.id);
    expect(links.map((l) => l.role).sort()).toEqual(['chair', 'notulis', 'notulis', 'observer', 'participant', 'participant', 'participant', 'projector']);
    expect(links.every((l) => l.qr.startsWith('data:image/png;base64,'))).toBe(true);
    const stored = await t.store.links.listByMeeting(meeting.id);
    for (const l of links) {
      const token = tokenOf(l.url);
      expect(stored.some((s) => s.tokenHash === token || s.nonce === token)).toBe(false);
    }
    const csv = await admin.get<string>(API.meetingLinksCsv(meeting.id));
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body.trim().split('\r\n')).toHaveLength(9);
  });

  it('A6 a link opens a session scoped to its meeting and role', async () => {
    const meeting = await create();
    const other = await create({ title: 'Rakor lain' });
    const link = (await linksOf(meeting.id)).find((l) => l.role === 'participant')!;
    const person = new HttpClient(t.baseUrl);
    const ex = await person.post<LinkExchangeResult>(API.linkExchange, { token: tokenOf(link.url) });
    expect(ex.status).toBe(200);
    expect(ex.body.redirect).toBe(`/m/${meeting.id}`);
    expect(ex.body.session).toMatchObject({ role: 'participant', meetingId: meeting.id, participantId: link.participantId });
    expect((await person.get<Meeting>(API.meeting(meeting.id))).body.participants).toHaveLength(3);
    const elsewhere = await person.get(API.meeting(other.id));
    expect(elsewhere.status).toBe(403);
    expect(errorOf(elsewhere).code).toBe('forbidden');
    expect((await person.get(API.meetings)).status).toBe(403);
    expect((await person.get(API.meetingLinks(meeting.id))).status).toBe(403);
    expect((await person.put(API.meeting(meeting.id), meetingInput(opds))).status).toBe(403);
    expect((await new HttpClient(t.baseUrl).get(API.meeting(meeting.id))).status).toBe(401);
  });

  it('A7 A8 a revoked link is refused and ends its sessions; re-issue gives a new one', async () => {
    const meeting = await create();
    const link = (await linksOf(meeting.id)).find((l) => l.role === 'chair')!;
    const chair = new HttpClient(t.baseUrl);
    await chair.post(API.linkExchange, { token: tokenOf(link.url) });
    expect((await chair.get(API.meeting(meeting.id))).status).toBe(200);

    const reissued = await admin.post<MeetingLink>(API.linkReissue(meeting.id, link.id));
    expect(reissued.body).toMatchObject({ role: 'chair', revoked: false });
    expect(reissued.body.url).not.toBe(link.url);
    expect((await chair.get(API.meeting(meeting.id))).status).toBe(401);

    const old = await new HttpClient(t.baseUrl).post(API.linkExchange, { token: tokenOf(link.url) });
    expect(old.status).toBe(410);
    expect(errorOf(old).code).toBe('link_revoked');
    const unknown = await new HttpClient(t.baseUrl).post(API.linkExchange, { token: 'x'.repeat(43) });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('link_unknown');
    const fresh = await new HttpClient(t.baseUrl).post(API.linkExchange, { token: tokenOf(reissued.body.url) });
    expect(fresh.status).toBe(200);

    const twice = await admin.post(API.linkReissue(meeting.id, link.id));
    expect(twice.status).toBe(409);
    const revoked = await admin.post<MeetingLink>(API.linkRevoke(meeting.id, reissued.body.id));
    expect(revoked.body.revoked).toBe(true);
    expect((await admin.post(API.linkRevoke(other(meeting.id), link.id))).status).toBe(404);
  });

  it('S3 editing keeps links of staying participants, revokes removed ones and issues new ones', async () => {
    const meeting = await create();
    const before = await linksOf(meeting.id);
    const [first, second] = atLeast(meeting.participants, 2, 'participant');
    const input = meetingInput([at(opds, 1, 'OPD'), at(opds, 3, 'OPD')], { notulis: ['Rina'] });
    at(input.participants, 0, 'participant').id = second.id;
    const updated = await admin.put<Meeting>(API.meeting(meeting.id), input);
    expect(updated.status).toBe(200);
    expect(updated.body.participants.map((p) => p.opdShortName)).toEqual(['Dinsos', 'Dispar']);
    expect(at(updated.body.participants, 0, 'participant').id).toBe(second.id);
    const after = await linksOf(meeting.id);
    const activeFor = (pid: string) => after.filter((l) => l.participantId === pid && !l.revoked);
    expect(at(activeFor(second.id), 0, 'active link').url).toBe(before.find((l) => l.participantId === second.id)!.url);
    expect(activeFor(first.id)).toHaveLength(0);
    expect(activeFor(at(updated.body.participants, 1, 'participant').id)).toHaveLength(1);
    expect(after.filter((l) => l.role === 'notulis' && !l.revoked)).toHaveLength(1);
  });

  it('S4 a reorder must be a permutation of the current participants', async () => {
    const meeting = await create();
    const ids = meeting.participants.map((p) => p.id);
    const res = await admin.put<Meeting>(API.meetingOrder(meeting.id), { participantIds: [ids[2], ids[0], ids[1]] });
    expect(res.body.participants.map((p) => [p.position, p.id])).toEqual([
      [1, ids[2]],
      [2, ids[0]],
      [3, ids[1]],
    ]);
    const stale = await admin.put(API.meetingOrder(meeting.id), { participantIds: [ids[0], ids[1]] });
    expect(stale.status).toBe(409);
    expect(errorOf(stale).field).toBe('participantIds');
    const dup = await admin.put(API.meetingOrder(meeting.id), { participantIds: [ids[0], ids[0], ids[1]] });
    expect(dup.status).toBe(409);
  });

  it('S5 copying keeps header, participants and order with fresh links', async () => {
    const meeting = await create();
    const copy = await admin.post<Meeting>(API.meetingCopy(meeting.id), { date: '2022-06-20' });
    expect(copy.status).toBe(201);
    expect(copy.body.id).not.toBe(meeting.id);
    expect(copy.body).toMatchObject({ title: meeting.title, date: '2022-06-20', place: meeting.place, timeZone: 'Asia/Makassar' });
    expect(copy.body.participants.map((p) => p.opdShortName)).toEqual(meeting.participants.map((p) => p.opdShortName));
    const oldUrls = new Set((await linksOf(meeting.id)).map((l) => l.url));
    expect((await linksOf(copy.body.id)).some((l) => oldUrls.has(l.url))).toBe(false);
    expect((await admin.post(API.meetingCopy(meeting.id), { date: 'besok' })).status).toBe(400);
  });
});

function other(id: string): string {
  return `${id.slice(0, -1)}${id.endsWith('0') ? '1' : '0'}`;
}
