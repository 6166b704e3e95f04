import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { adminClient } from '../factories';
import { heard, openPerson, setUpMeeting, type Person } from '../helpers/meeting-people';
import { emitAck } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { refusal } from '../helpers/match';
import { at } from '../helpers/at';

describe('queue commands: ids and double taps', () => {
  let t: TestApp | undefined;
  const people: Person[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const p of people.splice(0)) p.close();
    await t?.close();
    t = undefined;
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  async function meetingWithPeople(dataDir?: string) {
    t = await startTestApp({ dataDir });
    const m = await setUpMeeting(t);
    const chair = await openPerson(t, m.linkFor('chair'), m.meeting.id);
    const projector = await openPerson(t, m.linkFor('projector'), m.meeting.id);
    people.push(chair, projector);
    return { ...m, chair, projector };
  }

  const startedTurns = (p: Person) => p.events.filter((e) => e.body.type === 'turn.started').map((e) => (e.body as { turnId: string }).turnId);

  it('R6 the same command id twice is one event and the same ack, also after a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-commands-'));
    dirs.push(dataDir);
    const { meeting, chair, projector, linkFor } = await meetingWithPeople(dataDir);
    await chair.send({ type: 'meeting.start' });
    const id = randomUUID();
    const first = await chair.send({ type: 'turn.next' }, undefined, id);
    expect(first).toEqual({ data: { seq: 2 } });
    // A retry of the same press (its ack was lost): the same answer, and nothing happens.
    expect(await chair.send({ type: 'turn.next' }, undefined, id)).toEqual(first);
    // With the seq it was first sent with, now behind: still the first one's ack, not "stale".
    expect(await chair.send({ type: 'turn.next' }, 1, id)).toEqual(first);
    // The next command anyone hears is seq 3: the repeats made no event.
    expect(await chair.send({ type: 'turn.extend', minutes: 1 })).toEqual({ data: { seq: 3 } });
    await heard(projector, 3);
    expect(projector.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(startedTurns(projector)).toHaveLength(1);

    // Restart on the same data folder; the chair's screen reconnects and retries the press.
    const app = t!;
    for (const p of people.splice(0)) p.close();
    await app.stop();
    t = await startTestApp({ dataDir });
    const again = await openPerson(t, linkFor('chair'), meeting.id);
    const watcher = await openPerson(t, linkFor('projector'), meeting.id);
    people.push(again, watcher);
    expect(again.join.queue.seq).toBe(3);
    expect(await again.send({ type: 'turn.next' }, 2, id)).toEqual(first);
    expect(await again.send({ type: 'turn.pause' })).toEqual({ data: { seq: 4 } });
    await heard(watcher, 4);
    expect(watcher.events.map((e) => e.seq)).toEqual([4]);
  });

  it('R6 R2 a command without an id, or an id reused for another command, is refused and heard by nobody', async () => {
    const { meeting, chair, projector } = await meetingWithPeople();
    const missing = await emitAck(chair.socket, 'queue:command', { meetingId: meeting.id, command: { type: 'meeting.start' } });
    expect(missing).toEqual(refusal({ code: 'bad_request', field: 'commandId' }));
    const odd = await emitAck(chair.socket, 'queue:command', { meetingId: meeting.id, commandId: 'x y', command: { type: 'meeting.start' } });
    expect(odd).toEqual(refusal({ code: 'bad_request', field: 'commandId' }));
    const id = randomUUID();
    expect(await chair.send({ type: 'meeting.start' }, undefined, id)).toEqual({ data: { seq: 1 } });
    expect(await chair.send({ type: 'turn.next' }, undefined, id)).toEqual(refusal({ code: 'conflict', field: 'commandId' }));
    // The projector cannot borrow the chair's id to pass for the chair either.
    expect(await projector.send({ type: 'meeting.start' }, undefined, id)).toEqual(refusal({ code: 'conflict' }));
    expect(await chair.send({ type: 'turn.next' })).toEqual({ data: { seq: 2 } });
    await heard(projector, 2);
    expect(projector.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('R7 a double tap on Berikutnya (two ids, the same seen seq) advances once and answers both quietly', async () => {
    const { meeting, chair, projector } = await meetingWithPeople();
    await chair.send({ type: 'meeting.start' });
    await chair.send({ type: 'turn.next' });
    await heard(chair, 2);
    // Both taps leave before the first one's events arrive: both carry seq 2.
    const [one, two] = await Promise.all([chair.send({ type: 'turn.next' }, 2), chair.send({ type: 'turn.next' }, 2)]);
    expect(one).toEqual({ data: { seq: 4 } });
    expect(two).toEqual(one);
    // The chair's second screen (the admin), pressing from the same view, is the same intent.
    const admin = await openPerson(t!, await adminClient(t!), meeting.id);
    people.push(admin);
    expect(await admin.send({ type: 'turn.next' }, 2)).toEqual(one);
    // Another command from that old view is still refused as stale: it may not mean what it meant.
    expect(await chair.send({ type: 'turn.call', turnId: `p-${at(meeting.participants, 2, 'participant').id}` }, 2)).toEqual(refusal({ code: 'stale_seq' }));
    expect(await chair.send({ type: 'turn.pause' })).toEqual({ data: { seq: 5 } });
    await heard(projector, 5);
    expect(projector.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(startedTurns(projector)).toEqual([`p-${at(meeting.participants, 0, 'participant').id}`, `p-${at(meeting.participants, 1, 'participant').id}`]);
  });

  it('R13 commands sent back to back on one socket are decided in the order they were sent', async () => {
    const { chair, projector } = await meetingWithPeople();
    await chair.send({ type: 'meeting.start' });
    await chair.send({ type: 'turn.next' });
    // Twenty presses without waiting for an answer: each is right only after the one before it.
    const presses = Array.from({ length: 20 }, (_, i) => chair.send({ type: i % 2 === 0 ? 'turn.pause' : 'turn.resume' }));
    const acks = await Promise.all(presses);
    expect(acks).toEqual(acks.map((_, i) => ({ data: { seq: 3 + i } })));
    await heard(projector, 22);
    expect(projector.events.slice(2).map((e) => e.body.type)).toEqual(acks.map((_, i) => (i % 2 === 0 ? 'turn.paused' : 'turn.resumed')));
  });
});
