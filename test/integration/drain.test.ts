import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { COLLAB_CLOSE, HEADING_ATTRS, MINUTES_PARTS } from '../../shared/minutes/layout';
import { API } from '../../shared/protocol/api';
import type { QueueCommandEnvelope, QueueState } from '../../shared/protocol';
import { openCollab, typeInSection } from '../helpers/collab-client';
import { HttpClient } from '../helpers/http-client';
import { openPerson, setUpMeeting } from '../helpers/meeting-people';
import { sessionOf } from '../helpers/minutes-fixture';
import { connectSocket, waitForConnect } from '../helpers/socket-client';
import { startTestApp } from '../helpers/test-app';
import { eventually } from '../helpers/wait';

/** The text of the paragraph after the Pembukaan heading. */
function opening(doc: Y.Doc): string {
  const items = doc.getXmlFragment(MINUTES_PARTS.body).toArray();
  const at = items.findIndex((n) => n instanceof Y.XmlElement && n.getAttribute(HEADING_ATTRS.section) === 'pembukaan');
  const p = items[at + 1];
  const t = p instanceof Y.XmlElement ? p.get(0) : null;
  return t instanceof Y.XmlText ? t.toJSON() : '';
}

/** The stored minutes of a meeting, read from the database file itself: snapshot and log. */
function storedMinutes(dataDir: string, meetingId: string): { doc: Y.Doc; logged: number } {
  const db = new Database(path.join(dataDir, 'rakor.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const snap = db.prepare('select state_blob from minutes_snapshots where meeting_id = ?').get(meetingId) as { state_blob: Buffer } | undefined;
    const rows = db.prepare('select update_blob from minutes_updates where meeting_id = ? order by id').all(meetingId) as { update_blob: Buffer }[];
    const doc = new Y.Doc();
    if (snap) Y.applyUpdate(doc, new Uint8Array(snap.state_blob));
    for (const r of rows) Y.applyUpdate(doc, new Uint8Array(r.update_blob));
    return { doc, logged: rows.length };
  } finally {
    db.close();
  }
}

const extend = (): QueueCommandEnvelope['command'] => ({ type: 'turn.extend', minutes: 1 });

describe('a drain, in one process', () => {
  it('C5 while a command is in flight: health says draining, new requests, commands, sockets and minutes sockets are refused, the command in flight is acked and stored, the minutes are folded, every socket ends as a lost transport', async () => {
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
    await eventually(() => opening(reader.doc).includes('08.30'), { what: 'the keystrokes relayed (stored first)' });
    reader.destroy();

    // The next command stops inside its meeting's lock, before it decides: in flight when the drain starts.
    const queueRepo = t.store.queue;
    const findCommand = queueRepo.findCommand.bind(queueRepo);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached = false;
    queueRepo.findCommand = async (...args) => {
      reached = true;
      await gate;
      return findCommand(...args);
    };
    const inFlight = chair.send(extend());
    await eventually(() => reached, { what: 'the command to be in flight' });

    const closing = t.app.close();
    const health = await fetch(`${t.baseUrl}${API.health}`);
    expect([health.status, await health.json()]).toEqual([503, { status: 'draining', version: expect.any(String) as unknown }]);
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
    await again.close();
    const stored = storedMinutes(t.dataDir, m.meeting.id);
    fs.rmSync(t.dataDir, { recursive: true, force: true });
    expect('data' in acked && state.seq).toBe('data' in acked && acked.data.seq);
    expect(opening(stored.doc)).toBe('dibuka pukul 08.30 ');
    expect(stored.logged).toBe(0);
  });
});
