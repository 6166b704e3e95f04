import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import * as Y from 'yjs';
import { startTestApp } from '../helpers/test-app';
import { childStoreEnv, dropTestStore, inspectStore } from '../helpers/test-store';
import { sessionOf } from '../helpers/minutes-fixture';
import { setUpMeeting } from '../helpers/meeting-people';
import { openCollab, openingText, typeInSection, type CollabClient } from '../helpers/collab-client';
import { seededRandom } from '../helpers/seeded';
import { eventually } from '../helpers/wait';
import { freePort, startChildServer, type ChildServer } from '../helpers/child-server';

const ROUNDS = Number(process.env.RAKOR_CRASH_ROUNDS ?? 3);
/** Trials of the compaction test: each crosses at least one fold of the log. */
const FOLD_TRIALS = Number(process.env.RAKOR_CRASH_FOLD_TRIALS ?? 30);
const FOLD_EVERY = 10;
const seed = Number(process.env.RAKOR_CRASH_SEED ?? Date.now() % 100_000);

/** A small seeded generator, so a failing run can be replayed with RAKOR_CRASH_SEED. */

/** The text of the paragraph after the Pembukaan heading. */

/** A meeting and the cookies of a notulis and a reader, prepared in-process; the data folder is then handed to real server processes. */
async function preparedMeeting() {
  const t = await startTestApp();
  const { meeting, linkFor } = await setUpMeeting(t);
  const notulis = (await sessionOf(t, linkFor('notulis', 0))).cookie;
  const reader = (await sessionOf(t, linkFor('participant', 0))).cookie;
  await t.stop();
  // The server processes open the same store: the folder's SQLite file, or its PostgreSQL schema.
  const storeEnv = await childStoreEnv(t.dataDir);
  return { t, meeting, notulis, reader, storeEnv };
}

describe('minutes survive kill -9', () => {
  const servers: ChildServer[] = [];
  const clients: CollabClient[] = [];
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    for (const s of servers) await s.kill9();
  });

  it(`M4 a scripted notulis types; the server is killed at a random moment; every relayed update survives (seed ${seed})`, async () => {
    const { t, meeting, notulis, reader, storeEnv } = await preparedMeeting();
    const rand = seededRandom(seed);
    const port = await freePort();
    let expected = '';

    for (let round = 0; round < ROUNDS; round++) {
      const server = await startChildServer(t.dataDir, port, storeEnv);
      servers.push(server);
      const typist = openCollab(server.baseUrl, notulis, meeting.id);
      const observer = openCollab(server.baseUrl, reader, meeting.id);
      clients.push(typist, observer);
      await Promise.all([typist.synced(), observer.synced()]);
      // Everything relayed before the last kill is here after the restart.
      expect(openingText(observer.doc).startsWith(expected)).toBe(true);

      let n = 0;
      const typing = setInterval(() => typeInSection(typist.doc, 'pembukaan', `r${round}k${n++} `), 4);
      await new Promise((r) => setTimeout(r, 150 + rand() * 600));
      // What a reader was shown is what the server relayed: it must have been stored first.
      expected = openingText(observer.doc);
      await server.kill9();
      clearInterval(typing);
      typist.destroy();
      observer.destroy();
      expect(expected.length).toBeGreaterThan(0);
    }

    const last = await startChildServer(t.dataDir, port, storeEnv);
    servers.push(last);
    const check = openCollab(last.baseUrl, reader, meeting.id);
    clients.push(check);
    await check.synced();
    await eventually(() => openingText(check.doc).startsWith(expected), { what: 'all relayed updates present' });
    await last.kill9();
    await dropTestStore(t.dataDir);
    fs.rmSync(t.dataDir, { recursive: true, force: true });
  }, 120_000);

  it(`M4 M9 every trial crosses a compaction of the log; a kill -9 after it loses no relayed update and leaves nothing pending (seed ${seed}, ${FOLD_TRIALS} trials)`, async () => {
    const { t, meeting, notulis, reader, storeEnv } = await preparedMeeting();
    const rand = seededRandom(seed + 1);
    const port = await freePort();
    const env = { ...storeEnv, MINUTES_COMPACT_EVERY: String(FOLD_EVERY) };
    const foldedThrough = async () => {
      const db = await inspectStore(t.dataDir);
      try {
        const row = await db.db.selectFrom('minutes_snapshots').select('through_id').where('meeting_id', '=', meeting.id).executeTakeFirst();
        return row?.through_id ?? 0;
      } finally {
        await db.close();
      }
    };
    let expected = '';
    let folded = 0;

    for (let trial = 0; trial < FOLD_TRIALS; trial++) {
      const server = await startChildServer(t.dataDir, port, env);
      servers.push(server);
      const typist = openCollab(server.baseUrl, notulis, meeting.id);
      const observer = openCollab(server.baseUrl, reader, meeting.id);
      clients.push(typist, observer);
      await Promise.all([typist.synced(), observer.synced()]);
      expect(openingText(observer.doc).startsWith(expected), `trial ${trial}: all that was relayed before the kill is back`).toBe(true);
      expect(observer.doc.store.pendingStructs, `trial ${trial}: nothing pending`).toBeNull();

      // Enough keystrokes for at least two folds, then the kill at a random moment after the first.
      let n = 0;
      const typing = setInterval(() => typeInSection(typist.doc, 'pembukaan', `t${trial}k${n++} `), 3);
      // Counted where the server relayed them (stored before relayed), not where they were typed: a
      // loaded machine types faster than it relays, and a kill before the fold would prove nothing.
      const relayed = () => openingText(observer.doc).split(`t${trial}k`).length - 1;
      await eventually(() => relayed() >= FOLD_EVERY * 2, {
        timeoutMs: 10_000,
        what: `${FOLD_EVERY * 2} keystrokes relayed`,
        seen: () => `${relayed()} relayed of ${n} typed`,
      });
      await new Promise((r) => setTimeout(r, rand() * 120));
      expected = openingText(observer.doc);
      await server.kill9();
      clearInterval(typing);
      typist.destroy();
      observer.destroy();
      const through = await foldedThrough();
      expect(through, `trial ${trial}: the log was folded during the trial`).toBeGreaterThan(folded);
      folded = through;
    }

    // The stored state itself, read without any server: complete, and nothing waiting for a missing update.
    const db = await inspectStore(t.dataDir);
    const snap = await db.db.selectFrom('minutes_snapshots').select('state_blob').where('meeting_id', '=', meeting.id).executeTakeFirstOrThrow();
    const rows = await db.db.selectFrom('minutes_updates').select('update_blob').where('meeting_id', '=', meeting.id).orderBy('id').execute();
    await db.close();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, new Uint8Array(snap.state_blob));
    for (const r of rows) Y.applyUpdate(stored, new Uint8Array(r.update_blob));
    expect(stored.store.pendingStructs).toBeNull();
    expect(stored.store.pendingDs).toBeNull();
    expect(openingText(stored).startsWith(expected)).toBe(true);

    const last = await startChildServer(t.dataDir, port, env);
    servers.push(last);
    const check = openCollab(last.baseUrl, reader, meeting.id);
    clients.push(check);
    await check.synced();
    await eventually(() => openingText(check.doc).startsWith(expected), { what: 'all relayed updates present' });
    expect(check.doc.store.pendingStructs).toBeNull();
    await last.kill9();
    await dropTestStore(t.dataDir);
    fs.rmSync(t.dataDir, { recursive: true, force: true });
  }, 600_000);
});
