import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import { PROTOCOL_VERSION, type JoinMeetingResult, type QueueState, type QueueSyncResult } from '../../shared/protocol';
import { remainingMs } from '../../shared/domain/speaking-queue/timer';
import { evolve } from '../../shared/domain/speaking-queue/evolve';
import { HttpClient } from '../helpers/http-client';
import { ManualClock } from '../helpers/manual-clock';
import { heard, openPerson, setUpMeeting, type Person } from '../helpers/meeting-people';
import { emitAck } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/wait';
import { ADMIN } from '../factories';
import { match, refusal } from '../helpers/match';
import { at, get } from '../helpers/at';

const MIN = 60_000;

describe('queue over real sockets', () => {
  let t: TestApp;
  const people: Person[] = [];
  afterEach(async () => {
    for (const p of people.splice(0)) p.close();
    await t?.close();
  });

  async function meetingWithPeople(clock?: ManualClock, dataDir?: string) {
    t = await startTestApp({ clock, scheduler: clock, dataDir });
    const m = await setUpMeeting(t);
    const chair = await openPerson(t, m.linkFor('chair'), m.meeting.id);
    const projector = await openPerson(t, m.linkFor('projector'), m.meeting.id);
    const opd = await openPerson(t, m.linkFor('participant', 1), m.meeting.id);
    people.push(chair, projector, opd);
    return { ...m, chair, projector, opd };
  }

  /** The projector hears the start, drops, misses turn.next and turn.extend, and comes back on a new socket. */
  async function projectorThatMissedTwo() {
    const { meeting, chair, projector } = await meetingWithPeople();
    await chair.send({ type: 'meeting.start' });
    await heard(projector, 1);
    projector.socket.disconnect();
    await chair.send({ type: 'turn.next' });
    await chair.send({ type: 'turn.extend', minutes: 2 });
    const back = await openPerson(t, projector.client, meeting.id);
    people.push(back);
    return { meeting, projector, back };
  }

  it('R1 chair commands reach everyone in seq order, stored before broadcast', async () => {
    const { meeting, chair, projector, opd } = await meetingWithPeople();
    expect(chair.join.queue.seq).toBe(0);
    expect(await chair.send({ type: 'meeting.start' })).toEqual({ data: { seq: 1 } });
    expect(await chair.send({ type: 'turn.next' })).toEqual({ data: { seq: 2 } });
    expect(await chair.send({ type: 'turn.next' })).toEqual({ data: { seq: 4 } });
    await Promise.all([heard(projector, 4), heard(opd, 4), heard(chair, 4)]);
    for (const p of [chair, projector, opd]) {
      expect(p.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(p.events.map((e) => e.body.type)).toEqual(['meeting.started', 'turn.started', 'turn.finished', 'turn.started']);
    }
    const stored = await t.store.queue.eventsSince(meeting.id, 0, 100);
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    // Every mirror that folds the events reaches the server's state.
    const mirror = projector.events.reduce(evolve, projector.join.queue);
    expect(mirror).toEqual(await t.app.services.queue.state(meeting.id));
  });

  it('A12 R2 rejected commands (wrong role, bad payload, stale seq) are answered and heard by nobody', async () => {
    const { meeting, chair, projector, opd } = await meetingWithPeople();
    await chair.send({ type: 'meeting.start' });
    await heard(projector, 1);
    const rejected = [
      [projector, { type: 'turn.next' }, undefined, 'forbidden'],
      [opd, { type: 'turn.next' }, undefined, 'forbidden'],
      [opd, { type: 'attendance.mark', participantId: at(meeting.participants, 1, 'participant').id, status: 'present_room' }, undefined, 'forbidden'],
      [chair, { type: 'turn.extend', minutes: -1 }, undefined, 'bad_request'],
      [chair, { type: 'teleport' }, undefined, 'bad_request'],
      [chair, { type: 'turn.next' }, 0, 'stale_seq'],
      [chair, { type: 'turn.pause' }, undefined, 'conflict'],
    ] as const;
    for (const [person, command, seq, code] of rejected) {
      const res = await person.send(command as never, seq);
      expect(res, `${command.type}`).toEqual(refusal({ code }));
    }
    const foreign = await emitAck(chair.socket, 'queue:command', { meetingId: 'another', commandId: 'c-foreign-1', command: { type: 'turn.next' } });
    expect(foreign).toEqual(refusal({ code: 'forbidden' }));
    // A later accepted command is the very next seq everyone hears: nothing slipped in between.
    expect(await chair.send({ type: 'turn.next' }, 1)).toEqual({ data: { seq: 2 } });
    await Promise.all([heard(projector, 2), heard(opd, 2)]);
    for (const p of [chair, projector, opd]) expect(p.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('R3 a client that reconnects with a stale seq gets the events it missed, or a snapshot', async () => {
    const { meeting, projector, back } = await projectorThatMissedTwo();
    const sync = await emitAck<QueueSyncResult>(back.socket, 'queue:sync', { meetingId: meeting.id, sinceSeq: 1 });
    expect('data' in sync && sync.data.kind).toBe('events');
    if (!('data' in sync) || sync.data.kind !== 'events') throw new Error('expected events');
    expect(sync.data.events.map((e) => e.body.type)).toEqual(['turn.started', 'turn.extended']);
    const caughtUp = sync.data.events.reduce(evolve, projector.events.reduce(evolve, projector.join.queue));
    expect(caughtUp).toEqual(await t.app.services.queue.state(meeting.id));
    const fresh = await emitAck<QueueSyncResult>(back.socket, 'queue:sync', { meetingId: meeting.id, sinceSeq: 0 });
    expect('data' in fresh && fresh.data.kind).toBe('snapshot');
    const ahead = await emitAck<QueueSyncResult>(back.socket, 'queue:sync', { meetingId: meeting.id, sinceSeq: 99 });
    expect('data' in ahead && ahead.data.kind).toBe('snapshot');
  });

  it('R3 a reconnect joins with the last seq it saw: one answer carries the missed events, or the snapshot when it cannot', async () => {
    const { meeting, projector, back } = await projectorThatMissedTwo();
    const join = (sinceSeq: number) =>
      emitAck<JoinMeetingResult>(back.socket, 'meeting:join', { meetingId: meeting.id, protocolVersion: PROTOCOL_VERSION, sinceSeq });
    const caughtUp = await join(1);
    if (!('data' in caughtUp) || caughtUp.data.events === undefined) throw new Error(`expected the missed events, got ${JSON.stringify(caughtUp)}`);
    expect(caughtUp.data.queue).toBeUndefined();
    expect(caughtUp.data.meeting.id).toBe(meeting.id);
    expect(caughtUp.data.events.map((e) => e.body.type)).toEqual(['turn.started', 'turn.extended']);
    expect(caughtUp.data.events.reduce(evolve, projector.events.reduce(evolve, projector.join.queue))).toEqual(await t.app.services.queue.state(meeting.id));
    // Up to date: nothing to send but the meeting.
    const current = await join(3);
    expect('data' in current && current.data.events).toEqual([]);
    // Ahead of the server (another meeting's seq, a restored backup): the whole queue instead.
    const ahead = await join(99);
    expect('data' in ahead && ahead.data.queue).toEqual(await t.app.services.queue.state(meeting.id));
    expect(await emitAck(back.socket, 'meeting:join', { meetingId: meeting.id, protocolVersion: PROTOCOL_VERSION, sinceSeq: -1 })).toEqual(
      refusal({ code: 'bad_request', field: 'sinceSeq' }),
    );
  });

  it('T6 a restart in the middle of a turn keeps the queue and the running timer', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-queue-restart-'));
    const clock = new ManualClock(Date.parse('2022-06-13T00:30:00Z'));
    const { meeting, chair } = await meetingWithPeople(clock, dataDir);
    await chair.send({ type: 'meeting.start' });
    await chair.send({ type: 'turn.next' });
    clock.advance(3 * MIN);
    for (const p of people.splice(0)) p.close();
    await t.stop();

    clock.advance(2 * MIN); // the server was down for two minutes; the speaker went on talking
    t = await startTestApp({ clock, scheduler: clock, dataDir });
    const admin = new HttpClient(t.baseUrl);
    await admin.post(API.login, ADMIN);
    const state = (await admin.get<QueueState>(API.meetingQueue(meeting.id))).body;
    const turn = get(state.turns, state.currentTurnId!, 'current turn');
    expect(turn.status).toBe('speaking');
    expect(remainingMs(turn.timer, clock.ms)).toBe(10 * MIN - 5 * MIN);
    // The expiry was re-armed from the stored timestamps at boot (after the listen, asynchronously).
    await eventually(() => clock.due(`${meeting.id}:expire`) !== null, { what: 'the expiry re-armed at boot' });
    expect(clock.due(`${meeting.id}:expire`)).toBe(turn.timer.runningSince! + 10 * MIN);
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('T7 warnings and expiry are scheduled on the server and recorded as events', async () => {
    const clock = new ManualClock(Date.parse('2022-06-13T00:30:00Z'));
    const { meeting, chair, projector } = await meetingWithPeople(clock);
    await chair.send({ type: 'meeting.start' });
    await chair.send({ type: 'turn.next' });
    expect(clock.due(`${meeting.id}:warn`)).toBe(clock.ms + 8 * MIN);
    clock.advance(8 * MIN);
    await heard(projector, 3);
    expect(at(projector.events, 2, 'event').body).toEqual({ type: 'turn.warned', turnId: match.any(String) });
    clock.advance(2 * MIN);
    await heard(projector, 4);
    expect(at(projector.events, 3, 'event').body.type).toBe('turn.expired');
    // Extending re-arms them.
    const { data } = (await chair.send({ type: 'turn.extend', minutes: 5 })) as { data: { seq: number } };
    expect(data.seq).toBe(5);
    expect(clock.due(`${meeting.id}:expire`)).toBe(clock.ms + 5 * MIN);
  });

  it('Q9 H1 a remote participant who opens the link during the meeting shows as present online at once', async () => {
    const { meeting, chair, linkFor, admin } = await meetingWithPeople();
    await chair.send({ type: 'meeting.start' });
    // Dinsos attends remotely (the factory alternates room and remote).
    const late = await openPerson(t, linkFor('participant', 1), meeting.id);
    people.push(late);
    await heard(chair, 2);
    const marked = at(chair.events, 1, 'event').body;
    expect(marked).toMatchObject({
      type: 'attendance.marked',
      entry: { participantId: at(meeting.participants, 1, 'participant').id, status: 'present_online' },
    });
    const csv = await admin.get<string>(API.meetingAttendanceCsv(meeting.id));
    expect(csv.body.split('\r\n')[2]).toContain('hadir daring');
    const stats = await admin.get<string>(API.meetingStatisticsCsv(meeting.id));
    expect(stats.body.split('\r\n')[0]).toContain('rencana_mulai');
    const participantStats = await late.client.get(API.meetingStatisticsCsv(meeting.id));
    expect(participantStats.status).toBe(403);
  });

  it('Q11 before the start, editing the speaking order replans a queue that already has events', async () => {
    const { meeting, chair, admin, projector } = await meetingWithPeople();
    await chair.send({ type: 'attendance.mark', participantId: at(meeting.participants, 0, 'participant').id, status: 'present_room' });
    const ids = meeting.participants.map((p) => p.id);
    await admin.put(API.meetingOrder(meeting.id), { participantIds: [ids[2], ids[1], ids[0]] });
    await heard(projector, 2);
    const state = await t.app.services.queue.state(meeting.id);
    expect(state.order).toEqual([ids[2], ids[1], ids[0]].map((id) => `p-${id}`));
    expect(get(state.attendance, at(ids, 0, 'participant id'), 'attendance entry').status).toBe('present_room');
  });
});
