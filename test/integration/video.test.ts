import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { meetingInputOf } from '../../shared/domain/meeting/input';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessToken, RoomServiceClient, TokenVerifier, TrackSource, TwirpError } from 'livekit-server-sdk';
import { API } from '../../shared/protocol/api';
import type { Meeting, MeetingInput, MeetingLink, QueueState, VideoJoin, VideoStatus } from '../../shared/protocol';
import { HttpClient, errorOf } from '../helpers/http-client';
import { LiveKitDouble, type DoublePermission } from '../helpers/livekit-double';
import { postWebhook, signWebhook, webhookBody } from '../helpers/livekit-webhook';
import { heard, linkClient, openPerson, setUpMeeting, type Person } from '../helpers/meeting-people';
import { nextEvent } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/wait';
import { match } from '../helpers/match';
import { at, get } from '../helpers/at';
import { ManualClock } from '../helpers/manual-clock';
import type { Clock } from '../../server/clock';
import { WEBHOOK_EVENT_RETENTION_MS } from '../../server/video/video-options';

const OPDS = ['Dinkes', 'Dinsos', 'Disdik', 'Dishub', 'Bappeda'];
// The factory alternates attendance: Dinkes room, Dinsos remote, Disdik room, Dishub remote, Bappeda room.

/** The sources of a remote participant's permission: camera always, then what the floor and the chair give. */
const sourcesOf = (microphone: boolean, share: boolean): DoublePermission['canPublishSources'] => [
  'CAMERA',
  ...(microphone ? (['MICROPHONE'] as const) : []),
  ...(share ? (['SCREEN_SHARE', 'SCREEN_SHARE_AUDIO'] as const) : []),
];

/** The complete permission Rakor holds a remote participant to, as LiveKit keeps it; in floor mode the floor holder also shares. */
const held = (microphone: boolean, share = false): DoublePermission => ({
  canSubscribe: true,
  canPublish: true,
  canPublishData: false,
  canPublishSources: sourcesOf(microphone, share),
  hidden: false,
  recorder: false,
  canUpdateMetadata: false,
  agent: false,
  canSubscribeMetrics: false,
  canManageAgentSession: false,
});

describe('video with LiveKit (test double)', () => {
  let t: TestApp | undefined;
  let double: LiveKitDouble | undefined;
  const people: Person[] = [];
  let sleeps: number[] = [];

  afterEach(async () => {
    for (const p of people.splice(0)) p.close();
    await t?.close();
    await double?.close();
    t = undefined;
    double = undefined;
  });

  type VideoAppOptions = { reconcileIntervalMs?: number; requestTimeoutMs?: number; clock?: Clock; dataDir?: string };

  /** The app on the double; again on the same `dataDir` (and double) for a restart. */
  async function startVideoApp(double: LiveKitDouble, extra: VideoAppOptions): Promise<TestApp> {
    return startTestApp({
      dataDir: extra.dataDir,
      clock: extra.clock,
      video: {
        url: double.url,
        apiKey: double.apiKey,
        apiSecret: double.apiSecret,
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
        requestTimeoutMs: extra.requestTimeoutMs ?? 2000,
        reconcileIntervalMs: extra.reconcileIntervalMs,
      },
    });
  }

  async function videoApp(extra: VideoAppOptions = {}) {
    double = await LiveKitDouble.start();
    sleeps = [];
    t = await startVideoApp(double, extra);
    const m = await setUpMeeting(t, OPDS);
    const room = `rakor-${m.meeting.id}`;
    const chair = await openPerson(t, m.linkFor('chair'), m.meeting.id);
    people.push(chair);
    const [dinsos, dishub] = [at(m.meeting.participants, 1, 'participant').id, at(m.meeting.participants, 3, 'participant').id];
    return { ...m, t, double, room, chair, dinsos, dishub };
  }

  const status = async (client: HttpClient, meetingId: string) => (await client.get<VideoStatus>(API.video(meetingId))).body;

  /** A remote participant fetches its token and connects to the (double) call with it. */
  async function joinCall(t: TestApp, double: LiveKitDouble, client: HttpClient, meetingId: string) {
    const res = await client.post<VideoJoin>(API.videoToken(meetingId));
    expect(res.status).toBe(200);
    return double.joinWithToken(res.body.token);
  }

  /** Starts the meeting and waits until the start-of-meeting reconcile has seen `count` connections. */
  async function startAndReconcile(chair: Person, admin: HttpClient, meetingId: string, count: number) {
    expect(await chair.send({ type: 'meeting.start' })).toEqual({ data: { seq: 1 } });
    await eventually(async () => (await status(admin, meetingId)).remote.filter((r) => r.connected).length === count, { what: `${count} connections` });
  }

  it('V2 V3 V4 the token endpoints answer per role, with grants LiveKit will enforce', async () => {
    const { t, double, meeting, admin, linkFor, room } = await videoApp();
    const verifier = new TokenVerifier(double.apiKey, double.apiSecret);
    const as = async (link: MeetingLink) => linkClient(t.baseUrl, link);
    const chair = await as(linkFor('chair'));
    const projector = await as(linkFor('projector'));
    const notulis = await as(linkFor('notulis'));
    const observer = await as(linkFor('observer'));
    const inRoom = await as(linkFor('participant', 0));
    const remote = await as(linkFor('participant', 1));

    const own = await remote.post<VideoJoin>(API.videoToken(meeting.id));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      url: double.url,
      room,
      identity: at(meeting.participants, 1, 'participant').id,
      name: 'Dinsos · Kepala Dinsos',
      canSpeak: false,
      canPublish: true,
      hidden: false,
    });
    const claims = await verifier.verify(own.body.token);
    expect(claims.video).toMatchObject({ room, roomJoin: true, canSubscribe: true, canPublish: true, canPublishSources: ['camera'], canPublishData: false });

    for (const [client, linkId] of [
      [projector, linkFor('projector').id],
      [notulis, linkFor('notulis').id],
      [observer, linkFor('observer').id],
      [chair, linkFor('chair').id],
    ] as const) {
      const res = await client.post<VideoJoin>(API.videoToken(meeting.id));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ identity: `watch:${linkId}`, canPublish: false, canSpeak: false, hidden: true });
      expect((await verifier.verify(res.body.token)).video).toMatchObject({ canSubscribe: true, canPublish: false, hidden: true });
    }
    expect((await admin.post<VideoJoin>(API.videoToken(meeting.id))).body.identity).toBe('watch:sekretariat');

    for (const client of [chair, projector, admin]) {
      const res = await client.post<VideoJoin>(API.videoRoomToken(meeting.id));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ identity: `room:${meeting.id}`, name: 'Ruang rapat', canSpeak: true, canPublish: true, hidden: false });
    }
    for (const client of [notulis, observer, remote, inRoom]) {
      const res = await client.post(API.videoRoomToken(meeting.id));
      expect([res.status, errorOf(res).code]).toEqual([403, 'forbidden']);
    }
    const refused = await inRoom.post(API.videoToken(meeting.id));
    expect([refused.status, errorOf(refused).code]).toEqual([403, 'forbidden']);
    expect((await new HttpClient(t.baseUrl).post(API.videoToken(meeting.id))).status).toBe(401);

    // A link of another meeting is a stranger here.
    const copy = (await admin.post<Meeting>(API.meetingCopy(meeting.id), {})).body;
    const copyLinks = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(copy.id))).body.items;
    const stranger = await as(copyLinks.find((l) => l.participantId === at(copy.participants, 1, 'participant').id)!);
    expect((await stranger.post(API.videoToken(meeting.id))).status).toBe(403);
    expect((await stranger.post(API.videoToken(copy.id))).status).toBe(200);

    // Tokens are minted without a single LiveKit API call.
    expect(double.calls).toEqual([]);
  });

  it("V4 V6 the double holds the SDK to LiveKit's contract: signed admin grants for the very room, strict bodies", async () => {
    const { t, double, meeting, linkFor, room, dinsos } = await videoApp();
    const api = new RoomServiceClient(double.url, double.apiKey, double.apiSecret, { failover: false });
    await api.createRoom({ name: room });
    expect((await api.listRooms()).map((r) => r.name)).toEqual([room]);
    double.join(room, dinsos, held(false));
    const info = await api.updateParticipant(room, dinsos, {
      permission: { canSubscribe: true, canPublish: true, canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE] },
    });
    expect(info.identity).toBe(dinsos);
    expect(double.participant(room, dinsos)?.permission).toEqual(held(true));
    const code = (err: unknown) => (err instanceof TwirpError ? `${err.status} ${err.code}` : String(err));
    expect(await api.updateParticipant(room, 'nobody', { permission: {} }).catch(code)).toBe('404 not_found');
    const wrongSecret = new RoomServiceClient(double.url, double.apiKey, 'bukan-rahasia-livekit-yang-sebenarnya-000', { failover: false });
    expect(await wrongSecret.listParticipants(room).catch(code)).toBe('401 unauthenticated');

    const call = async (method: string, body: unknown, token: string | null) => {
      const res = await fetch(`http://127.0.0.1:${double.port}/twirp/livekit.RoomService/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return `${res.status} ${((await res.json()) as { code?: string }).code ?? 'ok'}`;
    };
    const admin = async (grant: Record<string, unknown>, ttl: number | string = 60) => {
      const at = new AccessToken(double.apiKey, double.apiSecret, { ttl });
      at.addGrant(grant);
      return at.toJwt();
    };
    const roomAdmin = await admin({ roomAdmin: true, room });
    expect(await call('ListParticipants', { room }, roomAdmin)).toBe('200 ok');
    expect(await call('ListParticipants', { room }, null)).toBe('401 unauthenticated');
    expect(await call('ListParticipants', { room: `${room}-lain` }, roomAdmin)).toBe('403 permission_denied');
    expect(await call('ListRooms', {}, roomAdmin)).toBe('403 permission_denied');
    expect(await call('ListParticipants', { room, extra: 1 }, roomAdmin)).toBe('400 malformed');
    expect(await call('UpdateParticipant', { room, identity: dinsos, permission: { canPublish: 'yes' } }, roomAdmin)).toBe('400 malformed');
    expect(await call('UpdateParticipant', { room, identity: dinsos, permission: { canPublishSources: ['WEBCAM'] } }, roomAdmin)).toBe('400 malformed');
    expect(await call('ListParticipants', { room }, await admin({ roomAdmin: true, room }, -60))).toBe('401 unauthenticated');
    expect(await call('NoSuchMethod', {}, roomAdmin)).toBe('404 bad_route');
    // A browser's token, even the room feed's, cannot drive the room.
    const feed = (await (await linkClient(t.baseUrl, linkFor('chair'))).post<VideoJoin>(API.videoRoomToken(meeting.id))).body;
    expect(await call('ListParticipants', { room }, feed.token)).toBe('403 permission_denied');
    expect(await call('UpdateParticipant', { room, identity: dinsos, permission: {} }, feed.token)).toBe('403 permission_denied');
    expect(double.participant(room, dinsos)?.permission).toEqual(held(true));
  });

  it('V1 without LiveKit configured, tokens answer 409 video_unconfigured and the status says so', async () => {
    t = await startTestApp();
    const { meeting, admin, linkFor } = await setUpMeeting(t, OPDS);
    const remote = await linkClient(t.baseUrl, linkFor('participant', 1));
    const chair = await linkClient(t.baseUrl, linkFor('chair'));
    for (const res of [await remote.post(API.videoToken(meeting.id)), await chair.post(API.videoRoomToken(meeting.id))]) {
      expect([res.status, errorOf(res).code]).toEqual([409, 'video_unconfigured']);
    }
    expect(await status(chair, meeting.id)).toEqual({
      configured: false,
      floorMode: 'floor',
      speakers: [`room:${meeting.id}`],
      sharers: [`room:${meeting.id}`],
      remote: [],
      lastError: null,
    });
    const hook = await postWebhook(t.baseUrl, '{}', 'x');
    expect(hook.status).toBe(409);
    // The rest works: the queue runs.
    const person = await openPerson(t, admin, meeting.id);
    people.push(person);
    expect(await person.send({ type: 'meeting.start' })).toEqual({ data: { seq: 1 } });
  });

  it('V6 V10 the floor moves the microphone: grant the new speaker, revoke the previous, complete sets, canSubscribe never drops', async () => {
    const { t, double, meeting, admin, linkFor, chair, room, dinsos, dishub } = await videoApp();
    const dinsosPerson = await openPerson(t, linkFor('participant', 1), meeting.id);
    people.push(dinsosPerson);
    await joinCall(t, double, dinsosPerson.client, meeting.id);
    await joinCall(t, double, await linkClient(t.baseUrl, linkFor('participant', 3)), meeting.id);
    const feed = await double.joinWithToken(
      (await (await linkClient(t.baseUrl, linkFor('projector'))).post<VideoJoin>(API.videoRoomToken(meeting.id))).body.token,
    );
    expect(double.microphones(room)).toEqual([feed.identity]);

    // The start reconciles presence with listParticipants: both remote OPDs are seen.
    await startAndReconcile(chair, admin, meeting.id, 3);
    expect(double.callsOf('ListParticipants').map((c) => c.status)).toEqual([200]);
    // In the call before the start, so present online from the start (Dishub never opened its page).
    await eventually(
      async () => get((await admin.get<QueueState>(API.meetingQueue(meeting.id))).body.attendance, dishub, 'attendance of Dishub').status === 'present_online',
      {
        what: 'Dishub present online',
      },
    );
    const withFeed = (...ids: string[]) => [...ids, feed.identity].sort();
    const step = async (command: Parameters<Person['send']>[0], mics: string[]) => {
      const ack = await chair.send(command);
      expect('data' in ack).toBe(true);
      await eventually(() => JSON.stringify(double.microphones(room)) === JSON.stringify(withFeed(...mics)), { what: `microphones ${mics.join(',')}` });
    };

    await step({ type: 'turn.next' }, []); // Dinkes, in the room: the room feed carries it
    await step({ type: 'turn.next' }, [dinsos]);
    expect(double.participant(room, dinsos)?.permission).toEqual(held(true, true));
    await step({ type: 'turn.next' }, []); // Disdik, in the room
    expect(double.participant(room, dinsos)?.permission).toEqual(held(false));
    await step({ type: 'turn.next' }, [dishub]);
    const asked = await dinsosPerson.send({ type: 'request.create', kind: 'response' });
    expect('data' in asked).toBe(true);
    const state = (await admin.get<QueueState>(API.meetingQueue(meeting.id))).body;
    await step({ type: 'request.admit', requestId: at(state.requests, 0, 'request').id, allotmentMinutes: 2 }, [dinsos, dishub]);
    await step({ type: 'turn.next' }, [dinsos]); // the response is heard; Dishub is done
    await step({ type: 'meeting.end' }, []);

    const updates = double.callsOf('UpdateParticipant');
    expect(updates.map((c) => c.status).every((s) => s === 200)).toBe(true);
    // Exactly the participants whose right changed, once per change, each with the complete set;
    // the floor holder also shares (V20), an admitted response only speaks.
    const sent = (identity: string, mic: boolean, share: boolean) => ({
      room,
      identity,
      permission: { canSubscribe: true, canPublish: true, canPublishSources: sourcesOf(mic, share) },
    });
    const bodies = updates.map((c) => c.body);
    expect(bodies.slice(0, 4)).toEqual([sent(dinsos, true, true), sent(dinsos, false, false), sent(dishub, true, true), sent(dinsos, true, false)]);
    // The response takes the floor: Dishub loses both, Dinsos gains the share (one step, either order).
    expect(bodies.slice(4, 6)).toEqual(expect.arrayContaining([sent(dishub, false, false), sent(dinsos, true, true)]));
    expect(bodies.slice(6)).toEqual([sent(dinsos, false, false)]);
    expect(double.permissionLog.every((entry) => entry.permission.canSubscribe)).toBe(true);
    // The room feed is never touched, and no browser identity ever got a data channel.
    expect(double.permissionLog.filter((e) => e.identity === feed.identity)).toHaveLength(1);
    expect(double.permissionLog.filter((e) => e.identity !== feed.identity).every((e) => !e.permission.canPublishData)).toBe(true);
  });

  it('V5 V6 open mode lets every remote OPD speak; back to floor mode, only the speaker keeps it', async () => {
    const { t, double, meeting, admin, linkFor, chair, room, dinsos, dishub } = await videoApp();
    await joinCall(t, double, await linkClient(t.baseUrl, linkFor('participant', 1)), meeting.id);
    await joinCall(t, double, await linkClient(t.baseUrl, linkFor('participant', 3)), meeting.id);
    await startAndReconcile(chair, admin, meeting.id, 2);
    await chair.send({ type: 'turn.call', turnId: `p-${dishub}` });
    await eventually(() => double.microphones(room).join() === dishub, { what: 'Dishub speaking' });

    const input = (floorMode: Meeting['floorMode']): MeetingInput => ({ ...meetingInputOf(meeting), floorMode });
    const changed = nextEvent(chair.socket, 'video:changed');
    expect((await admin.put(API.meeting(meeting.id), input('open'))).status).toBe(200);
    await eventually(() => double.microphones(room).join() === [dinsos, dishub].sort().join(), { what: 'both remote OPDs open' });
    expect(await changed).toEqual({ meetingId: meeting.id });
    expect((await status(chair.client, meeting.id)).speakers.sort()).toEqual([dinsos, dishub, `room:${meeting.id}`].sort());

    expect((await admin.put(API.meeting(meeting.id), input('floor'))).status).toBe(200);
    await eventually(() => double.microphones(room).join() === dishub, { what: 'back to the speaker only' });
    expect(double.participant(room, dinsos)?.permission).toEqual(held(false));
    expect(double.participant(room, dishub)?.permission).toEqual(held(true, true));
  });

  it('V7 5xx answers and timeouts are retried with backoff; the queue never waits for LiveKit', async () => {
    // A budget a loopback call to the double keeps on a loaded two-core machine (at 400 ms a plain
    // 200 sometimes timed out there and was sent again, two calls too many), and the 1500 ms hang below still exceeds.
    const { t, double, meeting, admin, linkFor, chair, room, dinsos, dishub } = await videoApp({ requestTimeoutMs: 1000 });
    await joinCall(t, double, await linkClient(t.baseUrl, linkFor('participant', 1)), meeting.id);
    await joinCall(t, double, await linkClient(t.baseUrl, linkFor('participant', 3)), meeting.id);
    await startAndReconcile(chair, admin, meeting.id, 2);
    await chair.send({ type: 'turn.next' }); // Dinkes, in the room: no call

    double.failNext(2, 503);
    await chair.send({ type: 'turn.next' }); // Dinsos
    await eventually(() => double.microphones(room).join() === dinsos, { what: 'Dinsos granted after two 503s' });
    expect(double.callsOf('UpdateParticipant').map((c) => c.status)).toEqual([503, 503, 200]);
    expect(sleeps).toEqual([250, 1000]);

    // LiveKit hangs: the call times out and is sent again, while the chair's commands come straight back.
    double.delayNext(1, 1500);
    const before = Date.now();
    const ack = await chair.send({ type: 'turn.call', turnId: `p-${dishub}` });
    expect(Date.now() - before).toBeLessThan(400);
    expect(ack).toEqual({ data: { seq: match.any(Number) } });
    await eventually(() => double.microphones(room).join() === dishub, { what: 'Dishub granted, Dinsos revoked, after a timeout' });
    await eventually(() => double.callsOf('UpdateParticipant').length === 6, { what: 'the slow call to land too' });
    expect(sleeps).toEqual([250, 1000, 250]);
    expect(double.participant(room, dinsos)?.permission).toEqual(held(false));
    expect(double.participant(room, dishub)?.permission).toEqual(held(true, true));
    expect((await status(chair.client, meeting.id)).lastError).toBeNull();
  });

  it('V7 V11 a failure that outlasts the retries is shown to the chair, and clears when a later call succeeds', async () => {
    const { t, double, meeting, admin, linkFor, chair, room, dinsos } = await videoApp();
    const dinsosClient = await linkClient(t.baseUrl, linkFor('participant', 1));
    await joinCall(t, double, dinsosClient, meeting.id);
    await startAndReconcile(chair, admin, meeting.id, 1);
    await chair.send({ type: 'turn.next' });

    double.failNext(4, 500, 'internal');
    const told = nextEvent(chair.socket, 'video:changed');
    const ack = await chair.send({ type: 'turn.next' }); // Dinsos should get the floor
    expect('data' in ack).toBe(true);
    await eventually(async () => (await status(chair.client, meeting.id)).lastError !== null, { what: 'lastError for the chair' });
    await told;
    const shown = await status(chair.client, meeting.id);
    expect(shown.lastError?.message).toContain('Dinsos');
    expect(shown.lastError?.message).toContain('500');
    expect(double.callsOf('UpdateParticipant').map((c) => c.status)).toEqual([500, 500, 500, 500]);
    expect(sleeps).toEqual([250, 1000, 4000]);
    expect(double.microphones(room)).toEqual([]);
    // The queue went on regardless.
    expect((await admin.get<QueueState>(API.meetingQueue(meeting.id))).body.currentTurnId).toBe(`p-${dinsos}`);
    // Not for the participant's eyes.
    const theirs = await status(dinsosClient, meeting.id);
    expect([theirs.lastError, theirs.remote]).toEqual([null, []]);

    // The floor moves on and LiveKit works again: Dinsos's state is sent afresh and the error clears.
    const cleared = nextEvent(chair.socket, 'video:changed');
    await chair.send({ type: 'turn.next' });
    await eventually(async () => (await status(chair.client, meeting.id)).lastError === null, { what: 'lastError cleared' });
    await cleared;
    expect(double.participant(room, dinsos)?.permission).toEqual(held(false));
    expect(double.callsOf('UpdateParticipant').map((c) => c.status)).toEqual([500, 500, 500, 500, 200]);

    // A 4xx is not worth a retry: one attempt, and the chair sees it.
    double.failNext(1, 403, 'permission_denied');
    await chair.send({ type: 'turn.restore', turnId: `p-${dinsos}` });
    await chair.send({ type: 'turn.call', turnId: `p-${dinsos}` });
    await eventually(async () => (await status(chair.client, meeting.id)).lastError?.message.includes('403') === true, { what: 'the 403 shown' });
    expect(double.callsOf('UpdateParticipant').map((c) => c.status)).toEqual([500, 500, 500, 500, 200, 403]);
    expect(sleeps).toEqual([250, 1000, 4000]);
  });

  it('V7 V19 the last floor failure survives a restart, and clears once a later update of that meeting succeeds', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-video-restart-'));
    try {
      const { t: first, double, meeting, admin, linkFor, chair, room, dinsos, dishub } = await videoApp({ dataDir });
      await joinCall(first, double, await linkClient(first.baseUrl, linkFor('participant', 1)), meeting.id);
      await joinCall(first, double, await linkClient(first.baseUrl, linkFor('participant', 3)), meeting.id);
      await startAndReconcile(chair, admin, meeting.id, 2);
      await chair.send({ type: 'turn.next' }); // Dinkes, in the room
      double.failNext(4, 500, 'internal');
      await chair.send({ type: 'turn.next' }); // Dinsos: its microphone is never opened
      await eventually(async () => (await status(chair.client, meeting.id)).lastError !== null, { what: 'lastError before the restart' });
      const shown = (await status(chair.client, meeting.id)).lastError;
      expect(shown?.message).toContain('Dinsos');

      // Dinsos drops out while the server is down: the restarted node finds it gone, which is no successful update.
      for (const p of people.splice(0)) p.close();
      await first.stop();
      double.leave(room, dinsos);
      const second = await startVideoApp(double, { dataDir });
      t = second;
      chair.client.baseUrl = second.baseUrl;
      expect((await status(chair.client, meeting.id)).lastError).toEqual(shown);
      await eventually(async () => (await status(chair.client, meeting.id)).remote.filter((r) => r.connected).length === 1, {
        what: 'the boot reconcile to see Dinsos gone',
      });
      expect((await status(chair.client, meeting.id)).lastError).toEqual(shown);
      // Read from the store, as another node's chair would.
      expect(await second.store.video.floorError(meeting.id)).toEqual(shown);

      // The floor moves on to Dishub, still in the call: LiveKit takes the update and the error goes, in the store too.
      const chairAgain = await openPerson(second, linkFor('chair'), meeting.id);
      people.push(chairAgain);
      const cleared = nextEvent(chairAgain.socket, 'video:changed');
      await chairAgain.send({ type: 'turn.next' }); // Disdik, in the room
      await chairAgain.send({ type: 'turn.next' }); // Dishub
      await eventually(() => double.microphones(room).join() === dishub, { what: 'Dishub granted after the restart' });
      await eventually(async () => (await status(chair.client, meeting.id)).lastError === null, { what: 'lastError cleared' });
      await cleared;
      expect(await second.store.video.floorError(meeting.id)).toBeNull();
    } finally {
      await t?.close();
      t = undefined;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('V8 V18 the periodic round forgets webhook ids older than seven days; a repeat inside them is still a duplicate', async () => {
    const clock = new ManualClock(Date.now());
    const { t, double, meeting, dishub } = await videoApp({ clock, reconcileIntervalMs: 50 });
    const key = { apiKey: double.apiKey, apiSecret: double.apiSecret };
    const room = `rakor-${meeting.id}`;
    const post = async (body: string) => (await postWebhook(t.baseUrl, body, signWebhook(body, key))).body as { status: string };
    const event = (id: string, sid: string) =>
      webhookBody({ event: 'participant_left', room, participant: { identity: dishub, sid }, id, createdAtS: Math.floor(clock.ms / 1000) });
    const old = event('EV_old', 'PA_old');
    expect(await post(old)).toEqual({ status: 'recorded' });
    clock.advance(2 * 24 * 60 * 60_000);
    const recent = event('EV_recent', 'PA_recent');
    expect(await post(recent)).toEqual({ status: 'recorded' });
    // Five days and a minute later: EV_old is past the bound, EV_recent five days and a minute old.
    clock.advance(WEBHOOK_EVENT_RETENTION_MS - 2 * 24 * 60 * 60_000 + 60_000);
    await eventually(async () => (await post(old)).status === 'recorded', { what: 'EV_old forgotten by a round' });
    expect(await post(recent)).toEqual({ status: 'duplicate' });
    expect(await post(old)).toEqual({ status: 'duplicate' });
  });

  it('V8 V9 V11 signed webhooks record joins and leaves with times and mark attendance; repeats, forgeries, altered and stale ones, and hidden screens change nothing', async () => {
    const { t, double, meeting, admin, linkFor, chair, dishub } = await videoApp();
    await chair.send({ type: 'meeting.start' });
    const key = { apiKey: double.apiKey, apiSecret: double.apiSecret };
    const now = Math.floor(Date.now() / 1000);
    const room = `rakor-${meeting.id}`;
    // Times from the last few minutes: LiveKit's clock is believed up to the server's (E7).
    const who = { identity: dishub, sid: 'PA_dishub1', name: 'Dishub · Kepala Dishub', joinedAtS: now - 120 };
    const join = webhookBody({ event: 'participant_joined', room, participant: who, id: 'EV_join1', createdAtS: now - 119 });

    const heard = nextEvent(chair.socket, 'video:changed');
    expect(await postWebhook(t.baseUrl, join, signWebhook(join, key))).toEqual({ status: 200, body: { status: 'recorded' } });
    await heard;
    const joined = await status(chair.client, meeting.id);
    expect(joined.remote).toEqual([
      { identity: dishub, participantId: dishub, name: who.name, joinedAt: new Date((now - 120) * 1000).toISOString(), leftAt: null, connected: true },
    ]);
    const queue = async () => (await admin.get<QueueState>(API.meetingQueue(meeting.id))).body;
    await eventually(async () => get((await queue()).attendance, dishub, 'attendance of Dishub').status === 'present_online', {
      what: 'Dishub present online',
    });
    expect(get((await queue()).attendance, dishub, 'attendance of Dishub').seenOnline).toBe(true);
    const seq = (await queue()).seq;

    // LiveKit delivers again: nothing changes.
    expect(await postWebhook(t.baseUrl, join, signWebhook(join, key))).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect((await status(chair.client, meeting.id)).remote).toEqual(joined.remote);

    const leave = webhookBody({ event: 'participant_left', room, participant: who, id: 'EV_left1', createdAtS: now - 90 });
    const refusals: [string, string, string | null][] = [
      ['forged signature', leave, signWebhook(leave, { ...key, apiSecret: 'bukan-rahasia-livekit-yang-sebenarnya-000' })],
      ['another issuer', leave, signWebhook(leave, { ...key, apiKey: 'APIlain' })],
      ['altered body', leave.replace('EV_left1', 'EV_left2'), signWebhook(leave, key)],
      ['stale token', leave, signWebhook(leave, key, { issuedAtS: now - 3600 })],
      ['not yet valid', leave, signWebhook(leave, key, { issuedAtS: now + 3600 })],
      ['no Authorization', leave, null],
      ['a Bearer token instead of the webhook JWT', leave, `Bearer ${signWebhook(leave, key)}`],
    ];
    for (const [what, body, auth] of refusals) {
      const res = await postWebhook(t.baseUrl, body, auth);
      expect([what, res.status, (res.body as { error: { code: string } }).error.code]).toEqual([what, 401, 'unauthenticated']);
    }
    expect((await status(chair.client, meeting.id)).remote).toEqual(joined.remote);
    expect((await queue()).seq).toBe(seq);

    // Signed right but not an event; rooms that are not Rakor's; kinds Rakor does not track.
    const junk = 'bukan json';
    expect((await postWebhook(t.baseUrl, junk, signWebhook(junk, key))).status).toBe(400);
    for (const body of [
      webhookBody({ event: 'participant_joined', room: 'rapat-lain', participant: who, id: 'EV_o1', createdAtS: now }),
      webhookBody({ event: 'participant_joined', room: 'rakor-tidak-ada', participant: who, id: 'EV_o2', createdAtS: now }),
      webhookBody({ event: 'track_published', room, participant: who, id: 'EV_o3', createdAtS: now }),
      // A hidden screen (the projector, the chair's quality watch): not attendance.
      webhookBody({ event: 'participant_joined', room, participant: { identity: 'watch:projector-link', name: 'Proyektor' }, id: 'EV_o4', createdAtS: now }),
    ]) {
      expect(await postWebhook(t.baseUrl, body, signWebhook(body, key))).toEqual({ status: 200, body: { status: 'ignored' } });
    }

    expect(await postWebhook(t.baseUrl, leave, signWebhook(leave, key))).toEqual({ status: 200, body: { status: 'recorded' } });
    expect((await status(chair.client, meeting.id)).remote).toEqual([
      { ...joined.remote[0], leftAt: new Date((now - 90) * 1000).toISOString(), connected: false },
    ]);

    // Late and out of order: an abort arrives before its join; the join does not reopen it.
    const again = { ...who, sid: 'PA_dishub2', joinedAtS: now - 60 };
    const aborted = webhookBody({ event: 'participant_connection_aborted', room, participant: again, id: 'EV_abort', createdAtS: now - 55 });
    const lateJoin = webhookBody({ event: 'participant_joined', room, participant: again, id: 'EV_join2', createdAtS: now - 60 });
    expect((await postWebhook(t.baseUrl, aborted, signWebhook(aborted, key))).status).toBe(200);
    expect((await postWebhook(t.baseUrl, lateJoin, signWebhook(lateJoin, key))).status).toBe(200);
    const after = (await status(chair.client, meeting.id)).remote;
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({
      joinedAt: new Date((now - 60) * 1000).toISOString(),
      leftAt: new Date((now - 55) * 1000).toISOString(),
      connected: false,
    });

    // The notulis sees the list; the projector and participants do not.
    expect((await status(await linkClient(t.baseUrl, linkFor('notulis')), meeting.id)).remote).toHaveLength(2);
    expect((await status(await linkClient(t.baseUrl, linkFor('projector')), meeting.id)).remote).toEqual([]);
  });

  it("E7 V9 a signed webhook whose times lie in the future, too far back or past any date is recorded at the server's time", async () => {
    const { t, double, meeting, chair, room, dinsos, dishub } = await videoApp();
    await chair.send({ type: 'meeting.start' });
    const key = { apiKey: double.apiKey, apiSecret: double.apiSecret };
    const nowS = Math.floor(Date.now() / 1000);
    /** Posts a signed webhook and returns the server-time window it was handled in. */
    async function post(body: string): Promise<[number, number]> {
      const before = Date.now();
      expect(await postWebhook(t.baseUrl, body, signWebhook(body, key))).toEqual({ status: 200, body: { status: 'recorded' } });
      return [before, Date.now()];
    }
    const within = (iso: string | null, [from, to]: [number, number]) => {
      const ms = Date.parse(iso ?? '');
      return ms >= from && ms <= to;
    };
    const remote = async () => (await status(chair.client, meeting.id)).remote;

    // A LiveKit host an hour ahead: the join, then the leave two hours "later".
    const ahead = { identity: dishub, sid: 'PA_ahead', joinedAtS: nowS + 3600 };
    const joined = await post(webhookBody({ event: 'participant_joined', room, participant: ahead, id: 'EV_ahead_join', createdAtS: nowS + 3600 }));
    const row = at(await remote(), 0, 'remote video row');
    expect(within(row.joinedAt, joined), row.joinedAt).toBe(true);
    const left = await post(webhookBody({ event: 'participant_left', room, participant: ahead, id: 'EV_ahead_left', createdAtS: nowS + 7200 }));
    const gone = at(await remote(), 0, 'remote video row');
    expect([gone.joinedAt, gone.connected]).toEqual([row.joinedAt, false]);
    expect(within(gone.leftAt, left), gone.leftAt ?? 'no leftAt').toBe(true);

    // Three days back, the epoch's first second, and a number of seconds no date can hold.
    const stale = { identity: dinsos, sid: 'PA_stale', name: 'Dinsos (lama)', joinedAtS: 1 };
    const staleJoin = await post(webhookBody({ event: 'participant_joined', room, participant: stale, id: 'EV_stale', createdAtS: nowS - 3 * 86_400 }));
    const huge = { identity: dinsos, sid: 'PA_huge', name: 'Dinsos (besar)', joinedAtS: 1e15 };
    const hugeJoin = await post(webhookBody({ event: 'participant_joined', room, participant: huge, id: 'EV_huge', createdAtS: 1e15 }));
    const byName = new Map((await remote()).map((r) => [r.name, r]));
    expect(within(byName.get('Dinsos (lama)')?.joinedAt ?? null, staleJoin), byName.get('Dinsos (lama)')?.joinedAt).toBe(true);
    expect(within(byName.get('Dinsos (besar)')?.joinedAt ?? null, hugeJoin), byName.get('Dinsos (besar)')?.joinedAt).toBe(true);
  });

  it('V10 presence is reconciled with listParticipants while the meeting runs: lost joins and leaves, wrong permissions', async () => {
    const { double, meeting, admin, chair, room, dinsos } = await videoApp({ reconcileIntervalMs: 50 });
    await chair.send({ type: 'meeting.start' });
    // Nobody joined yet: LiveKit has no room, which is not an error.
    await eventually(() => double.callsOf('ListParticipants').some((c) => c.status === 404), { what: 'a reconcile of a room not yet made' });
    expect((await status(chair.client, meeting.id)).lastError).toBeNull();

    // Dinsos connects with a stale grant (a token from when it had the floor) and its webhook is lost.
    double.join(room, dinsos, held(true), 'Dinsos · Kepala Dinsos');
    await eventually(async () => (await status(admin, meeting.id)).remote.some((r) => r.identity === dinsos && r.connected), {
      what: 'the lost join repaired',
    });
    await eventually(() => double.microphones(room).length === 0, { what: 'the stale microphone grant revoked' });
    expect(double.participant(room, dinsos)?.permission).toEqual(held(false));
    await eventually(
      async () => get((await admin.get<QueueState>(API.meetingQueue(meeting.id))).body.attendance, dinsos, 'attendance of Dinsos').status === 'present_online',
      {
        what: 'attendance from the call',
      },
    );

    // It drops without a webhook: the next round closes its connection.
    double.leave(room, dinsos);
    await eventually(async () => (await status(admin, meeting.id)).remote.every((r) => !r.connected), { what: 'the lost leave repaired' });
  });

  /** The sources a browser token grants, as LiveKit's claims spell them. */
  const tokenSources = async (verifier: TokenVerifier, join: VideoJoin) => (await verifier.verify(join.token)).video?.canPublishSources;

  it('V20 screen share by floor mode: the floor holder and the room share in floor mode, every remote OPD in open mode, in tokens and live', async () => {
    const { t, double, meeting, admin, linkFor, chair, room, dinsos, dishub } = await videoApp();
    const verifier = new TokenVerifier(double.apiKey, double.apiSecret);
    const dinsosClient = await linkClient(t.baseUrl, linkFor('participant', 1));
    const before = (await dinsosClient.post<VideoJoin>(API.videoToken(meeting.id))).body;
    expect(before.canShare).toBe(false);
    expect(await tokenSources(verifier, before)).toEqual(['camera']);
    const feed = (await (await linkClient(t.baseUrl, linkFor('chair'))).post<VideoJoin>(API.videoRoomToken(meeting.id))).body;
    expect(feed.canShare).toBe(true);
    expect(await tokenSources(verifier, feed)).toEqual(['camera', 'microphone', 'screen_share', 'screen_share_audio']);

    await double.joinWithToken(before.token);
    await joinCall(t, double, await linkClient(t.baseUrl, linkFor('participant', 3)), meeting.id);
    await startAndReconcile(chair, admin, meeting.id, 2);
    await chair.send({ type: 'turn.call', turnId: `p-${dinsos}` });
    await eventually(() => JSON.stringify(double.participant(room, dinsos)?.permission) === JSON.stringify(held(true, true)), { what: 'Dinsos may present' });
    expect(double.participant(room, dishub)?.permission).toEqual(held(false));
    const during = (await dinsosClient.post<VideoJoin>(API.videoToken(meeting.id))).body;
    expect([during.canSpeak, during.canShare]).toEqual([true, true]);
    expect(await tokenSources(verifier, during)).toEqual(['camera', 'microphone', 'screen_share', 'screen_share_audio']);
    expect((await status(chair.client, meeting.id)).sharers.sort()).toEqual([dinsos, `room:${meeting.id}`].sort());

    expect((await admin.put(API.meeting(meeting.id), { ...meetingInputOf(meeting), floorMode: 'open' })).status).toBe(200);
    await eventually(() => JSON.stringify(double.participant(room, dishub)?.permission) === JSON.stringify(held(true, true)), {
      what: 'Dishub may present too',
    });
    const dishubOpen = (await (await linkClient(t.baseUrl, linkFor('participant', 3))).post<VideoJoin>(API.videoToken(meeting.id))).body;
    expect(await tokenSources(verifier, dishubOpen)).toEqual(['camera', 'microphone', 'screen_share', 'screen_share_audio']);
    // Nobody else's permission moved: Dinsos already held both.
    expect(double.permissionLog.filter((e) => e.identity === dinsos).map((e) => e.permission.canPublishSources.length)).toEqual([1, 4]);
  });

  it('V20 A the chair allows a share without the floor and stops it; a participant is refused and nobody hears it', async () => {
    const { t, double, meeting, admin, linkFor, chair, room, dinsos, dishub } = await videoApp();
    const dinsosPerson = await openPerson(t, linkFor('participant', 1), meeting.id);
    people.push(dinsosPerson);
    await joinCall(t, double, dinsosPerson.client, meeting.id);
    await joinCall(t, double, await linkClient(t.baseUrl, linkFor('participant', 3)), meeting.id);
    await startAndReconcile(chair, admin, meeting.id, 2);
    await chair.send({ type: 'turn.call', turnId: `p-${dishub}` });
    await eventually(() => JSON.stringify(double.participant(room, dishub)?.permission) === JSON.stringify(held(true, true)), { what: 'Dishub presenting' });

    // Dinsos tries to let itself (and then Dishub) share: refused, no event, no LiveKit call.
    const calls = double.callsOf('UpdateParticipant').length;
    const seq = chair.events.at(-1)?.seq ?? 0;
    for (const command of [
      { type: 'share.allow', participantId: dinsos },
      { type: 'share.stop', participantId: dishub },
    ] as const) {
      const ack = await dinsosPerson.send(command);
      expect('error' in ack && ack.error.code).toBe('forbidden');
    }
    expect(await dinsosPerson.send({ type: 'share.allow', participantId: 'bukan-peserta' })).toMatchObject({ error: { code: 'forbidden' } });
    expect(await chair.send({ type: 'share.allow', participantId: 'bukan-peserta' })).toMatchObject({ error: { code: 'not_found', field: 'participantId' } });

    // The chair allows Dinsos: it may share beside the floor holder, not speak.
    expect(await chair.send({ type: 'share.allow', participantId: dinsos })).toEqual({ data: { seq: seq + 1 } });
    await eventually(() => JSON.stringify(double.participant(room, dinsos)?.permission) === JSON.stringify(held(false, true)), { what: 'Dinsos may share' });
    expect(double.callsOf('UpdateParticipant').length).toBe(calls + 1);
    // The one event the refusals did not make is the chair's; every screen hears it.
    await heard(dinsosPerson, seq + 1);
    expect(dinsosPerson.events.filter((e) => e.seq > seq).map((e) => e.body)).toEqual([{ type: 'share.allowed', participantId: dinsos }]);
    expect(await chair.send({ type: 'share.allow', participantId: dinsos })).toMatchObject({ error: { code: 'conflict' } });

    // The chair stops Dishub's share in progress: LiveKit takes the sources (and so the track); its microphone stays.
    expect(await chair.send({ type: 'share.stop', participantId: dishub })).toEqual({ data: { seq: seq + 2 } });
    await eventually(() => JSON.stringify(double.participant(room, dishub)?.permission) === JSON.stringify(held(true, false)), {
      what: 'Dishub share stopped',
    });
    expect((await status(chair.client, meeting.id)).sharers.sort()).toEqual([dinsos, `room:${meeting.id}`].sort());
    await chair.send({ type: 'share.stop', participantId: dinsos });
    await eventually(() => JSON.stringify(double.participant(room, dinsos)?.permission) === JSON.stringify(held(false)), { what: 'Dinsos share stopped' });
  });

  it('V20 C2 an allowed share survives a restart: the next token carries it and the live permission holds', async () => {
    const { t, double, meeting, admin, linkFor, chair, room, dinsos } = await videoApp();
    const verifier = new TokenVerifier(double.apiKey, double.apiSecret);
    await startAndReconcile(chair, admin, meeting.id, 0);
    expect(await chair.send({ type: 'share.allow', participantId: dinsos })).toMatchObject({ data: { seq: 2 } });
    people.splice(0).forEach((p) => p.close());
    await t.stop();

    const second = await startTestApp({
      dataDir: t.dataDir,
      video: { url: double.url, apiKey: double.apiKey, apiSecret: double.apiSecret, sleep: () => Promise.resolve(), requestTimeoutMs: 2000 },
    });
    try {
      const dinsosClient = await linkClient(second.baseUrl, linkFor('participant', 1));
      const join = (await dinsosClient.post<VideoJoin>(API.videoToken(meeting.id))).body;
      expect([join.canSpeak, join.canShare]).toEqual([false, true]);
      expect(await tokenSources(verifier, join)).toEqual(['camera', 'screen_share', 'screen_share_audio']);
      // Read back from the stored queue events, not from the first app's memory.
      const chairAgain = await openPerson(second, linkFor('chair'), meeting.id);
      people.push(chairAgain);
      expect((await status(chairAgain.client, meeting.id)).sharers).toContain(dinsos);
      await double.joinWithToken(join.token);
      expect(double.participant(room, dinsos)?.permission.canPublishSources).toEqual(['CAMERA', 'SCREEN_SHARE', 'SCREEN_SHARE_AUDIO']);
    } finally {
      await second.close();
    }
  });
});
