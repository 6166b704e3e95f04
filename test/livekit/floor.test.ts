import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackSource, type ParticipantInfo } from 'livekit-server-sdk';
import { meetingInputOf } from '../../shared/domain/meeting/input';
import { API } from '../../shared/protocol/api';
import type { Meeting } from '../../shared/protocol';
import { at } from '../helpers/at';
import { livekitAvailable, startLiveKitWithApp, type RealLiveKit } from '../helpers/livekit-server';
import { openPerson, pressOk as press, setUpMeeting, type Person } from '../helpers/meeting-people';
import { ScriptedParticipant } from '../helpers/rtc-participant';
import type { TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/wait';

const available = livekitAvailable();

/** The sources the SFU lets this participant publish now (empty when it may publish nothing). */
function sourcesOf(p: ParticipantInfo | undefined): TrackSource[] {
  if (!p?.permission?.canPublish) return [];
  return p.permission.canPublishSources;
}

const tracksOf = (p: ParticipantInfo | undefined, source: TrackSource) => (p?.tracks ?? []).filter((t) => t.source === source);

describe.skipIf(!available)('the floor against a real LiveKit server', () => {
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

  /** A meeting whose first `remote` participants attend by video, and the chair's socket. */
  async function meetingWithRemote(shortNames: string[], remote: number) {
    const m = await setUpMeeting(t, shortNames, { remoteFirst: remote });
    const chair = await openPerson(t, m.linkFor('chair'), m.meeting.id);
    people.push(chair);
    return { ...m, chair, room: `rakor-${m.meeting.id}` };
  }

  /** Opens the participant's personal link, asks Rakor for a token, and joins the call with it. */
  async function joinCall(url: string, meetingId: string): Promise<ScriptedParticipant> {
    const caller = await ScriptedParticipant.joinByLink(t.baseUrl, { url }, meetingId);
    callers.push(caller);
    return caller;
  }

  const listed = async (room: string) => new Map((await lk.rooms.listParticipants(room)).map((p) => [p.identity, p]));

  it('LF1 the SFU lets only the floor holder publish a microphone; Berikutnya moves the right and the SFU unpublishes the previous microphone', async () => {
    const { meeting, linkFor, chair, room } = await meetingWithRemote(['Dinsos', 'Dishub', 'Disdik'], 2);
    const [dinsos, dishub] = [at(meeting.participants, 0, 'participant').id, at(meeting.participants, 1, 'participant').id];
    const a = await joinCall(linkFor('participant', 0).url, meeting.id);
    const b = await joinCall(linkFor('participant', 1).url, meeting.id);
    // Both are in the call as LiveKit reports it to Rakor (webhooks), before the meeting starts.
    await eventually(async () => (await t.store.video.connected(meeting.id)).length === 2, { what: 'both joins recorded from webhooks' });

    await press(chair, { type: 'meeting.start' });
    await press(chair, { type: 'turn.next' });
    await eventually(async () => sourcesOf((await listed(room)).get(dinsos)).includes(TrackSource.MICROPHONE), {
      what: 'Dinsos to be allowed its microphone at the SFU',
    });
    expect(await a.publishMicrophone()).toMatchObject({ ok: true });
    const refused = await b.publishMicrophone(3000);
    expect(refused.ok).toBe(false);
    await eventually(async () => tracksOf((await listed(room)).get(dinsos), TrackSource.MICROPHONE).length === 1, { what: "Dinsos's microphone at the SFU" });
    expect(tracksOf((await listed(room)).get(dishub), TrackSource.MICROPHONE)).toEqual([]);
    // Dishub hears Dinsos through the SFU.
    await eventually(() => b.hears(dinsos), { what: 'Dishub to hear Dinsos', timeoutMs: 10_000 });

    const pressed = Date.now();
    await press(chair, { type: 'turn.next' });
    const allowedMs = await eventually(async () => sourcesOf((await listed(room)).get(dishub)).includes(TrackSource.MICROPHONE), {
      what: 'Dishub to be allowed its microphone after Berikutnya',
      everyMs: 20,
    });
    console.log(`LF1: Berikutnya to the next OPD allowed at the SFU: ${Date.now() - pressed} ms (polled every 20 ms; ${allowedMs} ms after the ack)`);
    await eventually(async () => tracksOf((await listed(room)).get(dinsos), TrackSource.MICROPHONE).length === 0, {
      what: "the SFU to unpublish Dinsos's microphone",
    });
    expect(sourcesOf((await listed(room)).get(dinsos))).not.toContain(TrackSource.MICROPHONE);
    // The server took the track: whoever listened to it is unsubscribed.
    await eventually(() => !b.hearing.has(dinsos), { what: "Dishub's subscription to Dinsos's microphone to end" });
    expect(await b.publishMicrophone()).toMatchObject({ ok: true });
    await eventually(() => a.hears(dishub), { what: 'Dinsos to hear Dishub', timeoutMs: 10_000 });
  });

  it('LF2 in open floor mode every remote participant may publish its microphone', async () => {
    const { meeting, linkFor, admin } = await meetingWithRemote(['Dinkes', 'Bappeda'], 2);
    const open = (await admin.put<Meeting>(API.meeting(meeting.id), { ...meetingInputOf(meeting), floorMode: 'open' })).body;
    expect(open.floorMode).toBe('open');
    const a = await joinCall(linkFor('participant', 0).url, meeting.id);
    const b = await joinCall(linkFor('participant', 1).url, meeting.id);
    expect(await a.publishMicrophone()).toMatchObject({ ok: true });
    expect(await b.publishMicrophone()).toMatchObject({ ok: true });
    await eventually(
      async () => {
        const room = await listed(`rakor-${meeting.id}`);
        return open.participants.every((p) => tracksOf(room.get(p.id), TrackSource.MICROPHONE).length === 1);
      },
      { what: 'both microphones at the SFU' },
    );
  });

  it('LF3 the paparan: the SFU lets the floor holder share a screen and refuses the waiting OPD; the chair stops a share and the SFU takes it down; the chair allows another OPD to share', async () => {
    const { meeting, linkFor, chair, room } = await meetingWithRemote(['Disdukcapil', 'Dispar', 'Diskominfo'], 2);
    const [first, second] = [at(meeting.participants, 0, 'participant').id, at(meeting.participants, 1, 'participant').id];
    const a = await joinCall(linkFor('participant', 0).url, meeting.id);
    const b = await joinCall(linkFor('participant', 1).url, meeting.id);
    await eventually(async () => (await t.store.video.connected(meeting.id)).length === 2, { what: 'both joins recorded from webhooks' });
    await press(chair, { type: 'meeting.start' });
    await press(chair, { type: 'turn.next' });
    await eventually(async () => sourcesOf((await listed(room)).get(first)).includes(TrackSource.SCREEN_SHARE), { what: 'the floor holder allowed to share' });
    expect(await a.publishScreen()).toMatchObject({ ok: true });
    expect((await b.publishScreen(3000)).ok).toBe(false);
    await eventually(async () => tracksOf((await listed(room)).get(first), TrackSource.SCREEN_SHARE).length === 1, { what: 'the paparan at the SFU' });
    expect(tracksOf((await listed(room)).get(second), TrackSource.SCREEN_SHARE)).toEqual([]);

    // The wrong window is shared: the chair stops it, and the SFU takes the track down.
    await press(chair, { type: 'share.stop', participantId: first });
    await eventually(async () => tracksOf((await listed(room)).get(first), TrackSource.SCREEN_SHARE).length === 0, { what: 'the SFU to stop the share' });
    expect(sourcesOf((await listed(room)).get(first))).not.toContain(TrackSource.SCREEN_SHARE);
    // The microphone stays: only the share was stopped.
    expect(sourcesOf((await listed(room)).get(first))).toContain(TrackSource.MICROPHONE);

    // The chair lets the waiting OPD show its slides.
    await press(chair, { type: 'share.allow', participantId: second });
    await eventually(async () => sourcesOf((await listed(room)).get(second)).includes(TrackSource.SCREEN_SHARE), { what: 'the allowed OPD may share' });
    // The SDK still waits out its own answer to the refused attempt before it sends another: a longer wait.
    const allowedShare = await b.publishScreen(20_000);
    expect(allowedShare, JSON.stringify(allowedShare)).toMatchObject({ ok: true });
    await eventually(async () => tracksOf((await listed(room)).get(second), TrackSource.SCREEN_SHARE).length === 1, {
      what: "the allowed OPD's paparan at the SFU",
    });
  });
});
