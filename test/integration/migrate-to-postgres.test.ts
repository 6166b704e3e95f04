import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { API } from '../../shared/protocol/api';
import type { Meeting, MeetingLink, SeriesInput } from '../../shared/protocol';
import { seriesInputSchema } from '../../shared/protocol';
import { TABLES_IN_COPY_ORDER } from '../../server/store/copy-to-postgres';
import type { Store } from '../../server/store/ports';
import { seriesBody } from '../factories';
import { HttpClient } from '../helpers/http-client';
import { openPerson, setUpMeeting } from '../helpers/meeting-people';
import { sessionOf } from '../helpers/minutes-fixture';
import { bodyText, openCollab, typeInSection } from '../helpers/collab-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { databaseUrlOf, dropTestStore, inspectStore, onPostgres, openTestStore } from '../helpers/test-store';
import { eventually } from '../helpers/wait';

const root = path.resolve(import.meta.dirname, '../..');

/** `npm run migrate-to-postgres` as a person runs it, in its own process. */
function migrateCommand(dataDir: string, databaseUrl: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/migrate-to-postgres.ts')], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

/** A minutes document as the store gives it back to a room: snapshot, then the log in order. */
async function storedDoc(store: Store, meetingId: string): Promise<Y.Doc> {
  const log = await store.minutes.load(meetingId);
  const doc = new Y.Doc();
  if (log.snapshot) Y.applyUpdate(doc, log.snapshot);
  for (const u of log.updates) Y.applyUpdate(doc, u.update);
  return doc;
}

/** Rows comparable across the dialects: bytes as hex, in a fixed order. */
function comparable(rows: Record<string, unknown>[]): string[] {
  // Before JSON.stringify, which would turn a Buffer into { type, data } and a Uint8Array into an object of indexes.
  const bytesAsHex = (v: unknown) => (v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString('hex')}` : v);
  return rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, bytesAsHex(v)])))).sort();
}

describe.skipIf(!onPostgres)('migrate-to-postgres (needs PostgreSQL: runs in integration-pg)', () => {
  const dirs: string[] = [];
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const t of apps) await t.close();
    for (const d of dirs) {
      await dropTestStore(d);
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('C7 every table, the minutes logs and the link key move from SQLite to an empty PostgreSQL: links opened before still work, the minutes load the same, a second run is refused', async () => {
    // Seeded through the app on SQLite, as a regency that ran Rakor for a while would have it.
    const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-from-sqlite-'));
    dirs.push(sqliteDir);
    const before = await startTestApp({ dataDir: sqliteDir, storeKind: 'sqlite', minutesCompactEvery: 5 });
    const { admin, meeting, linkFor } = await setUpMeeting(before);
    const chair = await openPerson(before, linkFor('chair'), meeting.id);
    expect(await chair.send({ type: 'meeting.start' })).toEqual({ data: { seq: 1 } });
    expect(await chair.send({ type: 'turn.next' })).toEqual({ data: { seq: 2 } });
    const participant = await sessionOf(before, linkFor('participant', 1));
    const notulis = await sessionOf(before, linkFor('notulis', 0));
    const editor = openCollab(before.baseUrl, notulis.cookie, meeting.id);
    await editor.synced();
    // Past the compaction threshold: a snapshot and a log after it.
    for (let i = 0; i < 13; i++) typeInSection(editor.doc, 'pembukaan', `Baris ${i} — ÄÖ ✓. `);
    await eventually(() => bodyText(editor.doc).includes('Baris 12'), { what: 'the edits applied' });
    await eventually(async () => (await storedDoc(before.store, meeting.id).then((d) => bodyText(d))).includes('Baris 12'), { what: 'the edits stored' });
    expect((await notulis.post(API.minutesFinalize(meeting.id))).status).toBe(200);
    const now = new Date().toISOString();
    const input: SeriesInput = seriesInputSchema.parse(seriesBody());
    await before.store.schedule.insertSeries({ id: 'seri-1', input, archivedAt: null, createdAt: now, updatedAt: now });
    await before.store.schedule.insertHoliday({ date: '2022-08-17', name: 'Hari Kemerdekaan', createdAt: now });
    await before.store.video.joined({ meetingId: meeting.id, sid: 'PA_1', identity: 'p-1', participantId: null, name: 'Ruang', joinedAt: now });
    expect(await before.store.jobs.claim('series.top-up', Date.now(), 3600_000, 'node-a')).toBe(true);
    const links = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(meeting.id))).body.items;
    chair.close();
    editor.destroy();
    await before.stop();
    // The shutdown folded the log into the snapshot: two more updates after it, as a crash would leave them.
    const { store: sqliteStore } = await openTestStore(sqliteDir, 'sqlite');
    const expectedDoc = await storedDoc(sqliteStore, meeting.id);
    for (const line of ['Sesudah penutupan.', 'Satu lagi.']) {
      const sv = Y.encodeStateVector(expectedDoc);
      typeInSection(expectedDoc, 'penutup', line);
      await sqliteStore.minutes.appendUpdate(meeting.id, Y.encodeStateAsUpdate(expectedDoc, sv), Date.now());
    }
    await sqliteStore.close();

    const sqlite = await inspectStore(sqliteDir, 'sqlite');
    const tables = (
      await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(
        sqlite.db,
      )
    ).rows
      .map((r) => r.name)
      .sort();
    expect([...TABLES_IN_COPY_ORDER].sort()).toEqual(tables);
    expect(await sqlite.db.selectFrom('minutes_snapshots').select('meeting_id').execute()).toHaveLength(1);
    expect(await sqlite.db.selectFrom('minutes_updates').select('id').execute()).toHaveLength(2);
    expect(await sqlite.db.selectFrom('minutes_versions').select('version').execute()).toHaveLength(1);

    // Into an empty PostgreSQL database (a schema of its own here), through the command.
    const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-to-pg-'));
    dirs.push(pgDir);
    const url = await databaseUrlOf(pgDir);
    const first = await migrateCommand(sqliteDir, url);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('existing personal links and QR codes keep working');
    expect(first.out).not.toContain(`:${new URL(url).password}@`);

    // Row by row, every table.
    const pg = await inspectStore(pgDir, 'postgres');
    try {
      for (const table of TABLES_IN_COPY_ORDER) {
        const from = await sqlite.db.selectFrom(table).selectAll().execute();
        const to = await pg.db.selectFrom(table).selectAll().execute();
        const expected = comparable(from);
        if (table === 'secrets') {
          // Plus the link key of DATA_DIR, which on PostgreSQL lives in the table.
          const key = fs.readFileSync(path.join(sqliteDir, 'link-key'));
          expect(comparable(to.filter((r) => r.name !== 'link-key'))).toEqual(expected);
          expect(to.filter((r) => r.name === 'link-key').map((r) => Buffer.from(r.value).equals(key))).toEqual([true]);
        } else {
          expect(comparable(to), table).toEqual(expected);
        }
      }
    } finally {
      await sqlite.close();
      await pg.close();
    }

    // A second run finds rows and copies nothing.
    const second = await migrateCommand(sqliteDir, url);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(
      /^The PostgreSQL database at postgres:\/\/[^:]+:\*\*\*@.* is not empty \(.*meetings: 1 rows.*\)\. migrate-to-postgres copies into an empty database only/,
    );

    // The app on PostgreSQL: the old links and sessions work, the minutes are the same document.
    const after = await startTestApp({ dataDir: pgDir, storeKind: 'postgres' });
    apps.push(after);
    const afterAdmin = new HttpClient(after.baseUrl);
    afterAdmin.cookie = admin.cookie;
    const again = (await afterAdmin.get<{ items: MeetingLink[] }>(API.meetingLinks(meeting.id))).body.items;
    expect(again.map((l) => l.url.split('/l/')[1])).toEqual(links.map((l) => l.url.split('/l/')[1]));
    const opened = new HttpClient(after.baseUrl);
    const chairLink = links.find((l) => l.role === 'chair')!;
    expect((await opened.post(API.linkExchange, { token: chairLink.url.split('/l/')[1] })).status).toBe(200);
    participant.baseUrl = after.baseUrl;
    expect((await participant.get<Meeting>(API.meeting(meeting.id))).status).toBe(200);
    const loaded = await storedDoc(after.store, meeting.id);
    expect(Buffer.from(Y.encodeStateVector(loaded)).equals(Buffer.from(Y.encodeStateVector(expectedDoc)))).toBe(true);
    expect(bodyText(loaded)).toBe(bodyText(expectedDoc));
    const reader = openCollab(after.baseUrl, participant.cookie, meeting.id);
    try {
      await reader.synced();
      expect(bodyText(reader.doc)).toBe(bodyText(expectedDoc));
    } finally {
      reader.destroy();
    }
    // The log goes on after the copied ids.
    const lastId = Math.max(...(await after.store.minutes.load(meeting.id)).updates.map((u) => u.id), 0);
    expect(await after.store.minutes.appendUpdate(meeting.id, Y.encodeStateAsUpdate(new Y.Doc()), Date.now())).toBeGreaterThan(lastId);
    // The queue goes on from where it was.
    const chairAfter = await openPerson(after, opened, meeting.id);
    expect(chairAfter.join.queue.seq).toBe(2);
    const next = await chairAfter.send({ type: 'turn.next' });
    expect('data' in next ? next.data.seq : next.error).toBeGreaterThan(2);
    chairAfter.close();
  }, 120_000);
});
