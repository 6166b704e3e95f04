import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { VideoJoin, VideoStatus } from '../../shared/protocol';
import { at } from '../helpers/at';
import { HttpClient } from '../helpers/http-client';
import { livekitAvailable, startLiveKitWithApp, type RealLiveKit, type RecordedWebhook } from '../helpers/livekit-server';
import { WEBHOOK_FIXTURES, shapeOf } from '../helpers/livekit-webhook';
import { openPerson, setUpMeeting, type Person } from '../helpers/meeting-people';
import { ScriptedParticipant } from '../helpers/rtc-participant';
import type { TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/wait';

const available = livekitAvailable();

describe.skipIf(!available)('presence and the room feed against a real LiveKit server', () => {
  let lk: RealLiveKit;
  let t: TestApp;
  const people: Person[] = [];
  const callers: ScriptedParticipant[] = [];

  beforeAll(async () => {
    ({ lk, t } = await startLiveKitWithApp());
  });
  afterAll(async () => {
    for (const p of people.splice(0)) p.close();
    for (const c of callers.splice(0)) await c.leave();
    await t?.close();
    await lk?.close();
  });

  async function tokenFor(client: HttpClient, url: string): Promise<VideoJoin> {
    const res = await client.post<VideoJoin>(url);
    if (res.status !== 200) throw new Error(`token refused: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  it('LP1 webhooks from the server record the daftar hadir: hadir daring at the join time, and the leave', async () => {
    // Factory attendance: Dinkes in the room, Dinsos remote.
    const { meeting, linkFor } = await setUpMeeting(t, ['Dinkes', 'Dinsos']);
    const chair = await openPerson(t, linkFor('chair'), meeting.id);
    people.push(chair);
    const dinsos = at(meeting.participants, 1, 'participant');
    const started = await chair.send({ type: 'meeting.start' });
    expect('data' in started).toBe(true);

    const before = Date.now();
    const caller = await ScriptedParticipant.joinByLink(t.baseUrl, linkFor('participant', 1), meeting.id);
    callers.push(caller);
    const joined = await lk.webhook((w) => w.event === 'participant_joined' && w.body.includes(dinsos.id), 'participant_joined of Dinsos');
    expect(joined.forwardedStatus).toBe(200);

    await eventually(async () => (await t.app.services.queue.state(meeting.id)).attendance[dinsos.id]?.status === 'present_online', {
      what: 'Dinsos hadir daring in the daftar hadir',
    });
    const entry = (await t.app.services.queue.state(meeting.id)).attendance[dinsos.id]!;
    expect(entry.source).toBe('call');
    // Arrived when the call said so (LiveKit's webhook time, whole seconds): between the connect and now.
    const arrived = entry.arrivedAt!;
    expect(arrived).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(arrived).toBeLessThanOrEqual(Date.now());

    const chairView = (await chair.client.get<VideoStatus>(API.video(meeting.id))).body;
    expect(chairView.remote).toEqual([expect.objectContaining({ participantId: dinsos.id, connected: true, leftAt: null })]);

    await caller.leave();
    const left = await lk.webhook((w) => w.event === 'participant_left' && w.body.includes(dinsos.id), 'participant_left of Dinsos');
    expect(left.forwardedStatus).toBe(200);
    await eventually(async () => (await chair.client.get<VideoStatus>(API.video(meeting.id))).body.remote[0]?.connected === false, {
      what: 'the leave recorded',
    });
    const after = (await chair.client.get<VideoStatus>(API.video(meeting.id))).body.remote[0]!;
    expect(Date.parse(after.leftAt!)).toBeGreaterThanOrEqual(Date.parse(after.joinedAt));
    // Leaving the call does not undo the daftar hadir: the OPD was there.
    expect((await t.app.services.queue.state(meeting.id)).attendance[dinsos.id]?.status).toBe('present_online');
  });

  it('LP2 the room feed publishes its camera and microphone; a remote OPD sees and hears it', async () => {
    const { meeting, linkFor } = await setUpMeeting(t, ['Disdik', 'Dishub']);
    const chair = await openPerson(t, linkFor('chair'), meeting.id);
    people.push(chair);
    const feedJoin = await tokenFor(chair.client, API.videoRoomToken(meeting.id));
    expect(feedJoin.canSpeak).toBe(true);
    const feed = await ScriptedParticipant.join(feedJoin);
    callers.push(feed);
    expect(await feed.publishMicrophone()).toMatchObject({ ok: true });
    await feed.publishCamera();

    const remote = await ScriptedParticipant.joinByLink(t.baseUrl, linkFor('participant', 1), meeting.id);
    callers.push(remote);
    await eventually(() => remote.hears(feedJoin.identity) && remote.seeing.has(feedJoin.identity), {
      what: 'the remote OPD to hear and see the room feed',
      timeoutMs: 10_000,
    });
    // The chair switches the room's microphone off: the track goes (track_unpublished), the call stays.
    await feed.stopMicrophone();
    await eventually(() => !remote.hearing.has(feedJoin.identity), { what: 'the room feed silent for the remote OPD' });
    await lk.webhook((w) => w.event === 'track_unpublished' && w.body.includes(feedJoin.identity), 'track_unpublished of the room feed');
    expect(remote.seeing.has(feedJoin.identity)).toBe(true);
  });

  it('LP3 the webhooks the server sends have the shape the webhook tests are built from (test/fixtures/livekit-webhooks.json)', () => {
    const seen = new Map<string, RecordedWebhook>();
    for (const w of lk.webhooks) if (!seen.has(w.event)) seen.set(w.event, w);
    for (const name of ['participant_joined', 'participant_left', 'track_published', 'track_unpublished', 'room_started']) {
      expect(seen.has(name), `a ${name} webhook from the server (had ${[...seen.keys()].join(', ')})`).toBe(true);
    }
    if (process.env.RAKOR_RECORD_WEBHOOKS === '1') {
      // Refreshes the fixtures after a LiveKit upgrade: the bodies as sent, with this run's names in them.
      const out = Object.fromEntries([...seen].map(([name, w]) => [name, JSON.parse(w.body) as unknown]));
      fs.writeFileSync(path.join(import.meta.dirname, '../fixtures/livekit-webhooks.json'), `${JSON.stringify(out, null, 2)}\n`);
    }
    for (const [name, fixture] of Object.entries(WEBHOOK_FIXTURES)) {
      const real = seen.get(name);
      if (!real) continue;
      expect(shapeOf(JSON.parse(real.body)), `the fields of ${name}`).toEqual(shapeOf(fixture));
    }
  });
});
