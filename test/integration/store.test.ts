import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Opd } from '../../shared/protocol';
import type { MeetingRecord, Store } from '../../server/store/ports';
import { fixtureMeeting, QueueHarness, T0 } from '../helpers/queue-fixture';
import { dropTestStore, inspectStore, onPostgres, openTestStore, withAdmin } from '../helpers/test-store';
import { eventually } from '../helpers/wait';
import { at } from '../helpers/at';

/**
 * The store's own guarantees, on the store the project runs on (SQLite, or PostgreSQL in
 * integration-pg). "Other nodes" are other stores on the same data: on PostgreSQL separate pools,
 * as separate processes would hold them.
 */
describe('the store under several nodes', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) {
      await dropTestStore(d);
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  /** `n` stores on one fresh data folder: the first migrates it, the others find it migrated. */
  async function nodes(n: number): Promise<{ dataDir: string; stores: Store[] }> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-store-'));
    dirs.push(dataDir);
    const opened: Store[] = [];
    for (let i = 0; i < n; i++) opened.push((await openTestStore(dataDir)).store);
    stores.push(...opened);
    return { dataDir, stores: opened };
  }

  const meetingRecord = (id = 'm1'): MeetingRecord => {
    const { participants, ...m } = fixtureMeeting();
    void participants;
    return { ...m, id, createdAt: '2022-06-10T00:00:00.000Z', updatedAt: '2022-06-10T00:00:00.000Z' };
  };

  it.skipIf(!onPostgres)('C6 queue.lock holds a meeting for one transaction at a time across pools: the second waits until the first commits', async () => {
    const { stores: s } = await nodes(2);
    const [a, b] = [at(s, 0, 'node a'), at(s, 1, 'node b')];
    await a.meetings.insert(meetingRecord());
    const order: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const aLocked = new Promise<void>((r) => (locked = r));
    const first = a.transaction(async (repos) => {
      await repos.queue.lock('m1');
      order.push('a locked');
      locked();
      await released;
      order.push('a commits');
    });
    await aLocked;
    const second = b.transaction(async (repos) => {
      await repos.queue.lock('m1');
      order.push('b locked');
    });
    // Seen from PostgreSQL itself: b's backend waits on the advisory lock a holds.
    await eventually(
      () =>
        withAdmin(async (c) => {
          const { rows } = await c.query<{ n: string }>("select count(*) as n from pg_locks where locktype = 'advisory' and not granted");
          return Number(rows[0]?.n) >= 1;
        }),
      { what: 'the second transaction waiting on the lock' },
    );
    expect(order).toEqual(['a locked']);
    // Another meeting's queue is not held.
    await b.transaction(async (repos) => {
      await repos.meetings.insert(meetingRecord('m2'));
      await repos.queue.lock('m2');
    });
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['a locked', 'a commits', 'b locked']);
  });

  it('C6 queue.lock in a transaction of one store lets one command at a time through, and storedSeq reads what the last append stored', async () => {
    const { stores: s } = await nodes(1);
    const store = at(s, 0, 'store');
    await store.meetings.insert(meetingRecord());
    expect(await store.queue.storedSeq('m1')).toBeNull();
    const q = new QueueHarness();
    expect(q.give({ type: 'meeting.start' })).toBeNull();
    expect(q.give({ type: 'turn.next' })).toBeNull();
    const order: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const aLocked = new Promise<void>((r) => (locked = r));
    const first = store.transaction(async (repos) => {
      await repos.queue.lock('m1');
      order.push('a locked');
      locked();
      await released;
      await repos.queue.append(q.events, q.state);
      order.push('a appended');
    });
    await aLocked;
    const second = store.transaction(async (repos) => {
      await repos.queue.lock('m1');
      order.push(`b sees seq ${await repos.queue.storedSeq('m1')}`);
    });
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['a locked', 'a appended', `b sees seq ${q.state.seq}`]);
    expect(await store.queue.storedSeq('m1')).toBe(q.state.seq);
    // Outside a transaction it holds nothing and returns at once.
    await store.queue.lock('m1');
  });

  it('C6 the schema keeps one event per seq of a meeting: a second append of the same seq is refused and changes nothing', async () => {
    const { stores: s, dataDir } = await nodes(2);
    const [a, b] = [at(s, 0, 'node a'), at(s, 1, 'node b')];
    await a.meetings.insert(meetingRecord());
    await a.meetings.insert(meetingRecord('m2'));
    const q = new QueueHarness();
    expect(q.give({ type: 'meeting.start' })).toBeNull();
    await a.queue.append(q.events, q.state);
    await expect(b.transaction((repos) => repos.queue.append(q.events, q.state))).rejects.toThrow();
    expect(await b.queue.eventsSince('m1', 0, 100)).toEqual(q.events);
    // The same seq in another meeting is another event.
    const other = new QueueHarness({ ...fixtureMeeting(), id: 'm2' });
    expect(other.give({ type: 'meeting.start' })).toBeNull();
    await b.queue.append(other.events, other.state);
    const db = await inspectStore(dataDir);
    try {
      const rows = await db.db.selectFrom('queue_events').select(['meeting_id', 'seq']).orderBy('meeting_id').orderBy('seq').execute();
      expect(rows).toEqual([
        { meeting_id: 'm1', seq: 1 },
        { meeting_id: 'm2', seq: 1 },
      ]);
    } finally {
      await db.close();
    }
  });

  it('C6 jobs.claim is true for exactly one of many concurrent claimers per period, and again once the period is over', async () => {
    const { stores: s } = await nodes(onPostgres ? 3 : 1);
    const claimers = Array.from({ length: 12 }, (_, i) => ({ store: at(s, i % s.length, 'store'), owner: `node-${i}` }));
    const claimAll = (now: number) => Promise.all(claimers.map((c) => c.store.jobs.claim('series.top-up', now, 60_000, c.owner)));
    const wins = (results: boolean[]) => results.filter(Boolean).length;
    expect(wins(await claimAll(T0))).toBe(1);
    // Within the period nobody else gets it, however many ask.
    expect(wins(await claimAll(T0 + 59_999))).toBe(0);
    expect(wins(await claimAll(T0 + 60_000))).toBe(1);
    // Another job is claimed on its own.
    expect(await at(claimers, 0, 'claimer').store.jobs.claim('sessions.sweep', T0 + 60_000, 60_000, 'node-0')).toBe(true);
  });

  it('C6 secrets.getOrCreate gives every concurrent caller the one value that was stored', async () => {
    const { stores: s } = await nodes(onPostgres ? 3 : 1);
    const callers = Array.from({ length: 9 }, (_, i) => at(s, i % s.length, 'store').secrets.getOrCreate('link-key', () => new Uint8Array(32).fill(i + 1)));
    const values = await Promise.all(callers);
    const first = at(values, 0, 'value');
    expect(first).toBeInstanceOf(Uint8Array);
    expect(first).toHaveLength(32);
    for (const v of values) expect(Buffer.from(v).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(await at(s, 0, 'store').secrets.getOrCreate('link-key', () => new Uint8Array(32))).equals(Buffer.from(first))).toBe(true);
  });

  it('V18 webhook ids received before the bound are forgotten, later ones kept: a repeat inside the bound is still refused', async () => {
    const { stores: s } = await nodes(1);
    const store = at(s, 0, 'store');
    await store.meetings.insert(meetingRecord());
    const day = 24 * 60 * 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(await store.video.recordEvent('EV_old', 'm1', iso(T0 - 8 * day))).toBe(true);
    expect(await store.video.recordEvent('EV_edge', 'm1', iso(T0 - 7 * day))).toBe(true);
    expect(await store.video.recordEvent('EV_new', 'm1', iso(T0 - 6 * day))).toBe(true);
    expect(await store.video.pruneEvents(iso(T0 - 7 * day))).toBe(1);
    expect(await store.video.pruneEvents(iso(T0 - 7 * day))).toBe(0);
    // Kept: a repeat changes nothing. Forgotten: the id is new again.
    expect(await store.video.recordEvent('EV_edge', 'm1', iso(T0))).toBe(false);
    expect(await store.video.recordEvent('EV_new', 'm1', iso(T0))).toBe(false);
    expect(await store.video.recordEvent('EV_old', 'm1', iso(T0))).toBe(true);
  });

  it('V19 a floor error stored by one node is read by another, replaced by a later one, and cleared for all', async () => {
    const { stores: s } = await nodes(onPostgres ? 2 : 1);
    const [a, b] = [at(s, 0, 'node a'), at(s, s.length - 1, 'node b')];
    await a.meetings.insert(meetingRecord('m1'));
    await a.meetings.insert(meetingRecord('m2'));
    expect(await b.video.floorError('m1')).toBeNull();
    await a.video.setFloorError('m1', { message: 'first', at: '2022-06-13T01:00:00.000Z' });
    await a.video.setFloorError('m1', { message: 'second', at: '2022-06-13T01:05:00.000Z' });
    expect(await b.video.floorError('m1')).toEqual({ message: 'second', at: '2022-06-13T01:05:00.000Z' });
    expect(await b.video.floorError('m2')).toBeNull();
    expect(await b.video.clearFloorError('m1')).toBe(true);
    expect(await b.video.clearFloorError('m1')).toBe(false);
    expect(await a.video.floorError('m1')).toBeNull();
  });

  it('C5 bytes, millisecond times and text order come back the same on both stores', async () => {
    const { stores: s, dataDir } = await nodes(1);
    const store = at(s, 0, 'store');
    await store.meetings.insert(meetingRecord());
    const update = new Uint8Array([0, 1, 2, 253, 254, 255, 0]);
    const now = Date.parse('2099-12-31T23:59:59.999Z');
    const id = await store.minutes.appendUpdate('m1', update, now);
    expect(typeof id).toBe('number');
    const log = await store.minutes.load('m1');
    expect(log.updates).toEqual([{ id, update }]);
    expect(at(log.updates, 0, 'update').update).toBeInstanceOf(Uint8Array);
    const db = await inspectStore(dataDir);
    try {
      const row = await db.db.selectFrom('minutes_updates').select('at').executeTakeFirstOrThrow();
      expect(row.at).toBe(now);
      expect(
        await db.db
          .selectFrom('minutes_updates')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow(),
      ).toEqual({ n: 1 });
    } finally {
      await db.close();
    }
    // Text orders byte by byte, as SQLite's BINARY does: capitals before small letters, accents after both.
    const groups = ['b', 'Z', 'a', 'É', 'A', 'é', 'a b', 'a-b', 'ab', '_'];
    const opd = (i: number, group: string): Opd => ({
      id: `o${i}`,
      name: `Unit ${i}`,
      shortName: `U${i}`,
      kind: 'dinas',
      group,
      position: 1,
      headName: '',
      headTitle: '',
      whatsapp: '',
      archived: false,
      createdAt: '2022-06-10T00:00:00.000Z',
      updatedAt: '2022-06-10T00:00:00.000Z',
    });
    for (const [i, g] of groups.entries()) await store.opds.insert(opd(i, g));
    expect(await store.opds.groups()).toEqual([...groups].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
  });

  it('D2 C5 the directory search finds a wildcard as text and ignores case, on both stores', async () => {
    const { stores: s } = await nodes(1);
    const store = at(s, 0, 'store');
    const base = {
      kind: 'dinas' as const,
      group: 'Asisten I',
      position: 1,
      headName: '',
      headTitle: '',
      whatsapp: '',
      archived: false,
      createdAt: '',
      updatedAt: '',
    };
    await store.opds.insert({ ...base, id: 'a', name: 'Dinas 50% Terpadu', shortName: 'D50' });
    await store.opds.insert({ ...base, id: 'b', name: 'Dinas 500 Terpadu', shortName: 'D500' });
    await store.opds.insert({ ...base, id: 'c', name: 'Dinas_Kesehatan', shortName: 'Dinkes' });
    await store.opds.insert({ ...base, id: 'd', name: 'Dinas Kesehatan', shortName: 'DinkesX' });
    const found = async (q: string) => (await store.opds.list({ includeArchived: false, q })).map((o) => o.id).sort();
    expect(await found('50%')).toEqual(['a']);
    expect(await found('s_k')).toEqual(['c']);
    expect(await found('DINAS 50')).toEqual(['a', 'b']);
    expect(await found('dinkes')).toEqual(['c', 'd']);
  });

  it('C5 a text with a NUL character is refused by both stores before it reaches the database (PostgreSQL cannot hold one); a read for one finds nothing', async () => {
    const { stores: s, dataDir } = await nodes(1);
    const store = at(s, 0, 'store');
    const db = await inspectStore(dataDir);
    try {
      const before = await db.writes();
      await expect(store.meetings.insert({ ...meetingRecord(), title: 'Rapat\u0000' })).rejects.toMatchObject({ code: 'bad_request', key: 'errors.nulText' });
      await expect(store.links.revoke('l\u0000', '2022-06-10T00:00:00.000Z')).rejects.toMatchObject({ code: 'bad_request' });
      expect(await db.writes()).toBe(before);
      await store.meetings.insert(meetingRecord());
      expect(await store.meetings.get('m1\u0000')).toBeNull();
      expect((await store.meetings.list()).map((m) => m.id)).toEqual(['m1']);
      expect(await store.opds.getMany(['a', 'b\u0000'])).toEqual([]);
      expect(await store.opds.list({ includeArchived: true, q: '\u0000' })).toEqual([]);
      // Bytes are not text: a Yjs update may hold a zero byte.
      await store.minutes.appendUpdate('m1', new Uint8Array([0, 0]), T0);
      expect((await store.minutes.load('m1')).updates.map((u) => [...u.update])).toEqual([[0, 0]]);
    } finally {
      await db.close();
    }
  });
});
