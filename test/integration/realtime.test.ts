import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import { PROTOCOL_VERSION, type JoinSnapshot, type Meeting, type MeetingLink, type Opd } from '../../shared/protocol';
import { adminClient, createOpds, meetingInput } from '../factories';
import { HttpClient } from '../helpers/http-client';
import { connectSocket, emitAck, nextEvent, waitForConnect, type TestSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { refusal } from '../helpers/match';

describe('real-time meeting sockets', () => {
  let t: TestApp;
  let admin: HttpClient;
  let opds: Opd[];
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t);
    opds = await createOpds(admin, ['Dinkes', 'Dinsos', 'Disdik']);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    await t.close();
  });

  async function meetingWithLinks(title = 'Rakor') {
    const meeting = (await admin.post<Meeting>(API.meetings, meetingInput(opds, { title }))).body;
    const links = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(meeting.id))).body.items;
    return { meeting, links };
  }
  async function personFor(link: MeetingLink) {
    const client = new HttpClient(t.baseUrl);
    await client.post(API.linkExchange, { token: new URL(link.url).pathname.split('/').pop() });
    const socket = connectSocket(t.baseUrl, client.cookie);
    sockets.push(socket);
    await waitForConnect(socket);
    return { client, socket };
  }

  it('A10 a socket without a session is refused before any event', async () => {
    const socket = connectSocket(t.baseUrl, '');
    sockets.push(socket);
    await expect(waitForConnect(socket)).rejects.toThrow('unauthenticated');
    const forged = connectSocket(t.baseUrl, 'rakor_session=forged');
    sockets.push(forged);
    await expect(waitForConnect(forged)).rejects.toThrow('unauthenticated');
  });

  it('A10 S6 a participant joins its meeting and hears every change; a refused join reaches nobody', async () => {
    const { meeting, links } = await meetingWithLinks();
    const other = await meetingWithLinks('Rakor lain');
    const a = await personFor(links.find((l) => l.role === 'participant')!);
    const b = await personFor(links.find((l) => l.role === 'projector')!);
    const outsider = await personFor(other.links.find((l) => l.role === 'chair')!);

    const joined = await emitAck<JoinSnapshot>(a.socket, 'meeting:join', { meetingId: meeting.id, protocolVersion: PROTOCOL_VERSION });
    expect('data' in joined && joined.data.meeting.id).toBe(meeting.id);
    await emitAck(b.socket, 'meeting:join', { meetingId: meeting.id, protocolVersion: PROTOCOL_VERSION });

    const refused = await emitAck(outsider.socket, 'meeting:join', { meetingId: meeting.id, protocolVersion: PROTOCOL_VERSION });
    expect(refused).toEqual(refusal({ code: 'forbidden' }));
    const bad = await emitAck(outsider.socket, 'meeting:join', { meetingId: 42 });
    expect(bad).toEqual(refusal({ code: 'bad_request', field: 'meetingId' }));
    const oldClient = await emitAck(a.socket, 'meeting:join', { meetingId: meeting.id, protocolVersion: 0 });
    expect(oldClient).toEqual(refusal({ code: 'protocol_mismatch', field: 'protocolVersion' }));

    // The outsider's refused join must not have put it in the room: only a and b hear the change.
    const outsiderHeard: string[] = [];
    outsider.socket.on('meeting:updated', (m) => {
      outsiderHeard.push(m.id);
    });
    const heardA = nextEvent(a.socket, 'meeting:updated');
    const heardB = nextEvent(b.socket, 'meeting:updated');
    const ids = meeting.participants.map((p) => p.id);
    await admin.put(API.meetingOrder(meeting.id), { participantIds: [ids[1], ids[0], ids[2]] });
    const [ua, ub] = await Promise.all([heardA, heardB]);
    expect(ua.participants.map((p) => p.id)).toEqual([ids[1], ids[0], ids[2]]);
    expect(ub.updatedAt).toBe(ua.updatedAt);
    // Another change to the outsider's own meeting arrives after ours would have: ordering proves silence.
    await emitAck(outsider.socket, 'meeting:join', { meetingId: other.meeting.id, protocolVersion: PROTOCOL_VERSION });
    const own = nextEvent(outsider.socket, 'meeting:updated');
    await admin.put(API.meeting(other.meeting.id), meetingInput(opds, { title: 'Rakor lain (ubah)' }));
    expect((await own).title).toBe('Rakor lain (ubah)');
    expect(outsiderHeard).toEqual([other.meeting.id]);
  });

  it('A7 revoking a link tells its sockets the session ended and closes them', async () => {
    const { meeting, links } = await meetingWithLinks('Rakor cabut');
    const link = links.find((l) => l.role === 'participant')!;
    const person = await personFor(link);
    await emitAck(person.socket, 'meeting:join', { meetingId: meeting.id, protocolVersion: PROTOCOL_VERSION });
    const ended = nextEvent(person.socket, 'session:ended');
    const closed = new Promise<string>((resolve) => person.socket.once('disconnect', (reason) => resolve(reason)));
    await admin.post(API.linkRevoke(meeting.id, link.id));
    expect(await ended).toEqual({ code: 'revoked' });
    expect(await closed).toBe('io server disconnect');
  });
});
