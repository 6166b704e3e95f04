import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { sendCommand } from '../../client/lib/managers/queue-send';
import { request } from '../../client/lib/socket';
import { COLLAB_CLOSE } from '../../shared/minutes/layout';
import { API } from '../../shared/protocol/api';
import type { Ack, QueueCommandEnvelope, QueueCommandResult, QueueState } from '../../shared/protocol';
import { freePort, startChildServer, type ChildServer } from '../helpers/child-server';
import { openCollab, openingText, typeInSection, type CollabClient } from '../helpers/collab-client';
import { HttpClient } from '../helpers/http-client';
import { openPerson, setUpMeeting } from '../helpers/meeting-people';
import { sessionOf } from '../helpers/minutes-fixture';
import { PhoneScreen } from '../helpers/phone-screen';
import { connectSocket, waitForConnect } from '../helpers/socket-client';
import { startTestApp } from '../helpers/test-app';
import { childStoreEnv, inspectStore } from '../helpers/test-store';
import { eventually } from '../helpers/wait';
import { must } from '../helpers/at';

/** The text of the paragraph after the Pembukaan heading. */

/** The stored minutes of a meeting, read from the database itself (beside the app's ports): snapshot and log. */
async function storedMinutes(dataDir: string, meetingId: string): Promise<{ doc: Y.Doc; logged: number }> {
  const inspector = await inspectStore(dataDir);
  try {
    const snap = await inspector.db.selectFrom('minutes_snapshots').select('state_blob').where('meeting_id', '=', meetingId).executeTakeFirst();
    const rows = await inspector.db.selectFrom('minutes_updates').select('update_blob').where('meeting_id', '=', meetingId).orderBy('id').execute();
    const doc = new Y.Doc();
    if (snap) Y.applyUpdate(doc, new Uint8Array(snap.state_blob));
    for (const r of rows) Y.applyUpdate(doc, new Uint8Array(r.update_blob));
    return { doc, logged: rows.length };
  } finally {
    await inspector.close();
  }
}

const extend = (): QueueCommandEnvelope['command'] => ({ type: 'turn.extend', minutes: 1 });

describe('a drain, in one process', () => {
  it('C9 while a command is in flight: health says draining, new requests, commands, sockets and minutes sockets are refused, the command in flight is acked and stored, the minutes are folded, every socket ends as a lost transport', async () => {
    const t = await startTestApp();
    const m = await setUpMeeting(t);
    const chair = await openPerson(t, m.linkFor('chair'), m.meeting.id);
    expect('data' in (await chair.send({ type: 'meeting.start' }))).toBe(true);
    expect('data' in (await chair.send({ type: 'turn.next' }))).toBe(true);
    const reasons: string[] = [];
    chair.socket.on('disconnect', (reason) => reasons.push(reason));
    const notulisCookie = (await sessionOf(t, m.linkFor('notulis'))).cookie;
    const notulis = openCollab(t.baseUrl, notulisCookie, m.meeting.id);
    await notulis.synced();
    typeInSection(notulis.doc, 'pembukaan', 'dibuka pukul 08.30 ');
    const reader = openCollab(t.baseUrl, (await sessionOf(t, m.linkFor('participant', 0))).cookie, m.meeting.id);
    await eventually(() => openingText(reader.doc).includes('08.30'), { what: 'the keystrokes relayed (stored first)' });
    reader.destroy();

    // The next command stops after the queue took it, before its transaction: in flight when the
    // drain starts. (Held before, not inside: on SQLite a transaction holds the one connection,
    // and the drain's own checks of sessions would wait for it.)
    const transaction = t.store.transaction.bind(t.store);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached = false;
    t.store.transaction = async (work) => {
      if (!reached) {
        reached = true;
        await gate;
      }
      return transaction(work);
    };
    const inFlight = chair.send(extend());
    await eventually(() => reached, { what: 'the command to be in flight' });

    const closing = t.app.close();
    const health = await fetch(`${t.baseUrl}${API.health}`);
    expect([health.status, await health.json()]).toEqual([
      503,
      { status: 'draining', version: expect.any(String) as unknown, node: expect.any(String) as unknown },
    ]);
    expect(health.headers.get('connection')).toBe('close');
    // A new command: refused, typed and retryable, and nothing done.
    const refused = await chair.send(extend());
    expect('error' in refused && refused.error.code).toBe('draining');
    // A new REST request: the same refusal, over HTTP.
    const rest = await m.admin.get(API.meetings);
    expect([rest.status, (rest.body as { error: { code: string } }).error.code]).toEqual([503, 'draining']);
    // A new socket: refused at the transport (socket.io-client would try again, since it is not a middleware's refusal).
    const late = connectSocket(t.baseUrl, chair.client.cookie);
    await expect(waitForConnect(late)).rejects.toThrow(/websocket error/);
    late.close();
    // A new minutes socket: closed 1012 at once; its provider tries again by itself.
    const lateMinutes = openCollab(t.baseUrl, notulisCookie, m.meeting.id);
    await eventually(() => lateMinutes.closes.includes(COLLAB_CLOSE.restarting), { what: 'the late minutes socket closed 1012' });
    lateMinutes.destroy();

    release();
    const acked = await inFlight;
    expect('data' in acked).toBe(true);
    await closing;
    await eventually(() => reasons.length > 0, { what: 'the chair socket to hear the close' });
    expect(reasons).toEqual(['transport close']);
    expect(notulis.closes).toContain(COLLAB_CLOSE.restarting);
    notulis.destroy();
    chair.close();
    await t.stop();

    // The command acked is stored, the refused one is not; the minutes are folded into their snapshot.
    const again = await startTestApp({ dataDir: t.dataDir });
    const reading = new HttpClient(again.baseUrl);
    reading.cookie = chair.client.cookie;
    const state = (await reading.get<QueueState>(API.meetingQueue(m.meeting.id))).body;
    // Read before close(): on PostgreSQL closing the last app drops the folder's schema.
    const stored = await storedMinutes(t.dataDir, m.meeting.id);
    await again.close();
    fs.rmSync(t.dataDir, { recursive: true, force: true });
    expect('data' in acked && state.seq).toBe('data' in acked && acked.data.seq);
    expect(openingText(stored.doc)).toBe('dibuka pukul 08.30 ');
    expect(stored.logged).toBe(0);
  });
});

interface Outcome {
  envelope: QueueCommandEnvelope;
  /** What the node being drained answered: a seq, a refusal's code, or nothing. */
  answer: { seq: number } | { code: string } | null;
}

describe('a drain, between real processes', () => {
  const servers: ChildServer[] = [];
  const clients: (CollabClient | PhoneScreen)[] = [];
  afterAll(async () => {
    for (const c of clients) {
      if (c instanceof PhoneScreen) c.close();
      else c.destroy();
    }
    for (const s of servers) await s.kill9();
  });

  it('C9 R12 SIGTERM while the chair sends commands and a notulis types: the node exits 0, every ack was stored, every refusal is draining, and on the next node both clients reconnect by themselves, resync to its seq and lose no keystroke', async () => {
    // The meeting and the sessions, prepared in-process; the data folder then goes to real server processes.
    const t = await startTestApp();
    const m = await setUpMeeting(t);
    const cookie = async (role: string, i = 0) => (await sessionOf(t, m.linkFor(role, i))).cookie;
    const chairCookie = await cookie('chair');
    const projectorCookie = await cookie('projector');
    const notulisCookie = await cookie('notulis');
    const readerCookie = await cookie('participant');
    await t.stop();

    const port = await freePort();
    // The child runs on the store the prepared data is in (a PostgreSQL schema in integration-pg).
    const storeEnv = await childStoreEnv(t.dataDir);
    const first = await startChildServer(t.dataDir, port, storeEnv);
    servers.push(first);
    const chair = new PhoneScreen(first.baseUrl, chairCookie, m.meeting.id);
    const projector = new PhoneScreen(first.baseUrl, projectorCookie, m.meeting.id);
    const typist = openCollab(first.baseUrl, notulisCookie, m.meeting.id);
    clients.push(chair, projector, typist);
    const disconnects: string[] = [];
    chair.socket.on('disconnect', (reason) => disconnects.push(reason));
    await eventually(() => chair.joins === 1 && projector.joins === 1, { what: 'both screens joined' });
    await typist.synced();
    const envelope = (command: QueueCommandEnvelope['command']): QueueCommandEnvelope => ({ meetingId: m.meeting.id, commandId: randomUUID(), command });
    for (const command of [{ type: 'meeting.start' }, { type: 'turn.next' }] as const) {
      expect('data' in (await sendCommand(chair.socket, envelope(command)))).toBe(true);
    }

    // The notulis types all along, from before SIGTERM until the node is gone.
    let typed = 0;
    const typing = setInterval(() => typeInSection(typist.doc, 'pembukaan', `k${typed++} `), 5);
    // The chair presses one command after another, each waiting for its answer; SIGTERM goes after the third ack.
    const outcomes: Outcome[] = [];
    let exited: Promise<{ code: number | null; ms: number }> | null = null;
    let gone = false;
    while (!gone && outcomes.length < 200) {
      const sent = envelope(extend());
      let answer: Outcome['answer'] = null;
      try {
        const res: Ack<QueueCommandResult> = await request(chair.socket, 'queue:command', sent, 3000);
        answer = 'data' in res ? { seq: res.data.seq } : { code: res.error.code };
      } catch {
        // Unanswered: the connection ended first, or the node was already gone.
      }
      outcomes.push({ envelope: sent, answer });
      if (!exited && outcomes.filter((o) => o.answer && 'seq' in o.answer).length === 3) {
        exited = first.term();
        void exited.then(() => (gone = true));
      }
    }
    const { code, ms } = await must(exited, 'SIGTERM sent');
    clearInterval(typing);
    expect(code, 'the drained node exits 0').toBe(0);
    expect(ms, 'within the drain bound').toBeLessThan(10_000);
    expect(disconnects, 'the chair lost its transport: a server-side disconnect would not reconnect by itself').toEqual(['transport close']);
    expect(typist.closes, 'the minutes socket closed as restarting').toContain(COLLAB_CLOSE.restarting);
    const refusals = outcomes.flatMap((o) => (o.answer && 'code' in o.answer ? [o.answer.code] : []));
    expect(new Set(refusals), 'every refusal is the retryable one').toEqual(new Set(refusals.length ? ['draining'] : []));

    // The next node on the same data; nobody tells the clients.
    const second = await startChildServer(t.dataDir, port, storeEnv);
    servers.push(second);
    const server = new HttpClient(second.baseUrl);
    server.cookie = chairCookie;
    const serverState = async () => (await server.get<QueueState>(API.meetingQueue(m.meeting.id))).body;
    const before = await serverState();
    await eventually(() => chair.joins === 2 && projector.joins === 2, {
      what: 'both screens reconnected and joined the next node',
      seen: () => `joins: chair ${chair.joins}, projector ${projector.joins}`,
      timeoutMs: 10_000,
    });
    await eventually(() => chair.state?.seq === before.seq && projector.state?.seq === before.seq, {
      what: 'both screens resynced to the next node',
      seen: () => `chair ${chair.state?.seq}, projector ${projector.state?.seq}, server ${before.seq}`,
    });

    // Each press again, as the client does (same commandId): an acked one was stored and is done
    // once, a refused one was not done; an unanswered one may have been (its ack lost with the connection).
    const resent: number[] = [];
    for (const o of outcomes) {
      const res = await sendCommand(chair.socket, o.envelope);
      if (!('data' in res)) throw new Error(`resent ${o.envelope.commandId}: ${res.error.code}`);
      if (o.answer && 'seq' in o.answer) expect(res.data.seq, 'an acked command is stored').toBe(o.answer.seq);
      if (o.answer && 'code' in o.answer) expect(res.data.seq, 'a refused command was not done').toBeGreaterThan(before.seq);
      resent.push(res.data.seq);
    }
    // One extension is one event: every press is its own seq, and every seq after `before` is one of the presses.
    expect(new Set(resent).size).toBe(outcomes.length);
    const after = await serverState();
    expect(after.seq).toBe(before.seq + resent.filter((seq) => seq > before.seq).length);
    await eventually(() => chair.state?.seq === after.seq && projector.state?.seq === after.seq, { what: 'both screens at the final seq' });
    expect(chair.state).toEqual(after);
    expect(projector.state).toEqual(after);

    // Every keystroke typed is on the next node: what the first stored, and what the typist sent again.
    await eventually(() => typist.provider.synced, { what: 'the typist reconnected by itself' });
    const reader = openCollab(second.baseUrl, readerCookie, m.meeting.id);
    clients.push(reader);
    const tokens = Array.from({ length: typed }, (_, i) => `k${i} `);
    await eventually(() => openingText(reader.doc) === tokens.join(''), {
      what: `all ${typed} keystrokes on the next node`,
      seen: () => `${openingText(reader.doc).split(' ').length - 1} of them`,
    });
    expect(typed).toBeGreaterThan(0);
    fs.rmSync(t.dataDir, { recursive: true, force: true });
  }, 60_000);
});
