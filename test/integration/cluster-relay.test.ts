import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { API } from '../../shared/protocol/api';
import { HEADING_ATTRS, MINUTES_PARTS } from '../../shared/minutes/layout';
import { RedisCluster } from '../../server/cluster/redis-cluster';
import { silentLogger } from '../../server/logger';
import type { Store } from '../../server/store/ports';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { dropTestStore, openTestStore } from '../helpers/test-store';
import { heard, openPerson, setUpMeeting, type Person } from '../helpers/meeting-people';
import { sessionOf } from '../helpers/minutes-fixture';
import { bodyText, openCollab, turnSectionIds, typeInSection, type CollabClient } from '../helpers/collab-client';
import { ManualClock } from '../helpers/manual-clock';
import { nextEvent } from '../helpers/socket-client';
import { eventually } from '../helpers/wait';
import { redisPrefix, testRedisUrl } from '../helpers/services';
import { MIN } from '../helpers/queue-fixture';
import { claimRounds } from '../../server/cluster/periodic';
import { systemClock } from '../../server/clock';
import { must } from '../helpers/at';

const redisUrl = testRedisUrl();

/**
 * K: two nodes in one process, joined by a real Redis (Socket.IO's adapter and Rakor's own
 * messages) and sharing one store (the project's: SQLite, or PostgreSQL in integration-pg). The processes, PostgreSQL and nginx
 * come in test/cluster; this file proves what crosses between nodes.
 */
describe.skipIf(!redisUrl)('two nodes through Redis', () => {
  let apps: TestApp[] = [];
  let people: Person[] = [];
  let collabs: CollabClient[] = [];
  let store: Store | null = null;
  let dataDir = '';

  afterEach(async () => {
    people.forEach((p) => p.close());
    collabs.forEach((c) => c.destroy());
    for (const t of apps) await t.close();
    await store?.close();
    await dropTestStore(dataDir);
    fs.rmSync(dataDir, { recursive: true, force: true });
    apps = [];
    people = [];
    collabs = [];
    store = null;
  });

  /** Nodes A and B on one store and one Redis prefix; with a clock, each node's timers are the test's to fire. */
  async function twoNodes(clocks?: [ManualClock, ManualClock]) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-cluster-'));
    store = (await openTestStore(dataDir)).store;
    const prefix = redisPrefix();
    const nodes: TestApp[] = [];
    for (const clock of clocks ?? [undefined, undefined]) {
      const cluster = await RedisCluster.connect(redisUrl!, 0, silentLogger(), prefix);
      nodes.push(await startTestApp({ store, dataDir, cluster, clock, scheduler: clock }));
    }
    apps.push(...nodes);
    const [a, b] = nodes as [TestApp, TestApp];
    return { a, b, prefix };
  }

  async function person(t: TestApp, link: Parameters<typeof openPerson>[1], meetingId: string): Promise<Person> {
    const p = await openPerson(t, link, meetingId);
    people.push(p);
    return p;
  }

  function collab(t: TestApp, cookie: string, meetingId: string): CollabClient {
    const c = openCollab(t.baseUrl, cookie, meetingId);
    collabs.push(c);
    return c;
  }

  it('K1 a command on node A reaches a screen on node B in order, and B decides on what A stored', async () => {
    const { a, b } = await twoNodes();
    const { meeting, linkFor } = await setUpMeeting(a);
    const chairA = await person(a, linkFor('chair'), meeting.id);
    const projectorB = await person(b, linkFor('projector'), meeting.id);
    expect(await chairA.send({ type: 'meeting.start' })).toEqual({ data: { seq: 1 } });
    expect(await chairA.send({ type: 'turn.next' }, 1)).toEqual({ data: { seq: 2 } });
    await heard(projectorB, 2);
    expect(projectorB.events.map((e) => e.seq)).toEqual([1, 2]);
    // The chair's second screen is on B: it sees seq 2 at once and its command from seq 2 is taken.
    const chairB = await person(b, linkFor('chair'), meeting.id);
    expect(chairB.join.queue.seq).toBe(2);
    expect(await chairB.send({ type: 'turn.next' }, 2)).toEqual({ data: { seq: 4 } });
    // A's cache was behind B's commit: A reloads before deciding, so a view from seq 2 is stale there too.
    const stale = await chairA.send({ type: 'turn.extend', minutes: 1 }, 2);
    expect('error' in stale && stale.error.code).toBe('stale_seq');
    expect(await chairA.send({ type: 'turn.extend', minutes: 1 }, 4)).toEqual({ data: { seq: 5 } });
    await heard(projectorB, 5);
    expect(projectorB.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('K2 a notulis on A and a reader on B converge, carets cross, and a turn started on B gets exactly one section', async () => {
    const { a, b } = await twoNodes();
    const { meeting, linkFor } = await setUpMeeting(a);
    const [rina, dinkes] = await Promise.all([sessionOf(a, linkFor('notulis', 0)), sessionOf(b, linkFor('participant', 0))]);
    const notulis = collab(a, rina.cookie, meeting.id);
    const reader = collab(b, dinkes.cookie, meeting.id);
    await Promise.all([notulis.synced(), reader.synced()]);
    // Both nodes loaded the room; the four official sections were seeded once.
    const sections = (doc: Y.Doc) =>
      doc
        .getXmlFragment(MINUTES_PARTS.body)
        .toArray()
        .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute(HEADING_ATTRS.section) !== undefined).length;
    expect(sections(notulis.doc)).toBe(4);
    await eventually(() => sections(reader.doc) === 4, { what: 'the reader to have the four sections', seen: () => `${sections(reader.doc)}` });

    typeInSection(notulis.doc, 'pembukaan', 'Rapat dibuka oleh Wakil Bupati.');
    await eventually(() => bodyText(reader.doc).includes('Rapat dibuka oleh Wakil Bupati.'), { what: 'the reader on B to read the notulis on A' });
    notulis.provider.awareness.setLocalStateField('user', { name: 'Rina' });
    await eventually(() => [...reader.provider.awareness.getStates().values()].some((s) => (s as { user?: { name: string } }).user?.name === 'Rina'), {
      what: 'the notulis’s caret on B',
    });

    // The chair on B moves the floor: both nodes hold the room, only the committing node writes the section.
    const chairB = await person(b, linkFor('chair'), meeting.id);
    await chairB.send({ type: 'meeting.start' });
    await chairB.send({ type: 'turn.next' });
    await eventually(() => turnSectionIds(notulis.doc).length === 1 && turnSectionIds(reader.doc).length === 1, {
      what: 'one section for the turn on both nodes',
      seen: () => `${turnSectionIds(notulis.doc).length} on A, ${turnSectionIds(reader.doc).length} on B`,
    });
    // Node A writes the header (a meeting edit there) while B's floor moves: still one section per turn.
    await chairB.send({ type: 'turn.next' });
    await eventually(() => new Set(turnSectionIds(notulis.doc)).size === 2, { what: 'the second turn’s section' });
    await new Promise((r) => setTimeout(r, 300));
    expect(turnSectionIds(notulis.doc)).toHaveLength(2);
    expect(turnSectionIds(reader.doc)).toEqual(turnSectionIds(notulis.doc));
    // Stored once, in order: the log read fresh is what both screens show.
    const log = await store!.minutes.load(meeting.id);
    const fresh = new Y.Doc();
    if (log.snapshot) Y.applyUpdate(fresh, log.snapshot);
    for (const u of log.updates) Y.applyUpdate(fresh, u.update);
    expect(bodyText(fresh)).toBe(bodyText(notulis.doc));
  });

  it('K3 a link revoked on node A ends its sockets and its minutes connection on node B at once', async () => {
    const { a, b } = await twoNodes();
    const { meeting, linkFor, admin } = await setUpMeeting(a);
    const link = linkFor('notulis', 0);
    const andi = await sessionOf(b, link);
    const socketB = await person(b, andi, meeting.id);
    const minutesB = collab(b, andi.cookie, meeting.id);
    await minutesB.synced();
    const ended = nextEvent(socketB.socket, 'session:ended');
    expect((await admin.post(API.linkRevoke(meeting.id, link.id), {})).status).toBe(200);
    expect(await ended).toEqual({ code: 'revoked' });
    await eventually(() => minutesB.closes.length > 0, { what: 'the minutes socket on B to close' });
    // Any node refuses the session now.
    const res = await fetch(`${b.baseUrl}${API.meeting(meeting.id)}`, { headers: { cookie: andi.cookie } });
    expect(res.status).toBe(401);
  });

  it('K4 both nodes arm the timers; the warning and the expiry are stored once', async () => {
    const t0 = Date.parse('2022-06-13T00:30:00Z');
    const clocks: [ManualClock, ManualClock] = [new ManualClock(t0), new ManualClock(t0)];
    const { a, b } = await twoNodes(clocks);
    const { meeting, linkFor } = await setUpMeeting(a);
    const chairA = await person(a, linkFor('chair'), meeting.id);
    const projectorB = await person(b, linkFor('projector'), meeting.id);
    await chairA.send({ type: 'meeting.start' });
    await chairA.send({ type: 'turn.next' });
    // B heard of the turn through Redis and armed the same timers.
    await eventually(() => clocks[1].due(`${meeting.id}:expire`) !== null, { what: 'node B to arm the expiry' });
    expect(clocks[1].due(`${meeting.id}:expire`)).toBe(clocks[0].due(`${meeting.id}:expire`));
    clocks.forEach((c) => c.advance(8 * MIN));
    await heard(projectorB, 3);
    clocks.forEach((c) => c.advance(2 * MIN));
    await heard(projectorB, 4);
    await new Promise((r) => setTimeout(r, 300));
    const types = projectorB.events.map((e) => e.body.type);
    expect(types).toEqual(['meeting.started', 'turn.started', 'turn.warned', 'turn.expired']);
    expect(types.filter((t) => t === 'turn.warned')).toHaveLength(1);
  });

  it('K5 periodic work (top-up, session sweep, LiveKit reconciliation) is claimed by one node per round', async () => {
    const { a, b } = await twoNodes();
    const claims = [a, b].map((t) => claimRounds(store!, must(t.app.cluster, 'cluster'), systemClock));
    const round = () => Promise.all(claims.flatMap((claim) => [claim('test.round', 60_000), claim('test.round', 60_000)]));
    expect((await round()).filter(Boolean)).toHaveLength(1);
    // Within the period nobody else gets it; another job is claimed on its own.
    expect((await round()).filter(Boolean)).toHaveLength(0);
    expect((await Promise.all(claims.map((claim) => claim('test.other', 60_000)))).filter(Boolean)).toHaveLength(1);
  });

  it('K6 an update a node stored and never relayed (it died first) reaches the other nodes’ readers from the log', async () => {
    const { a, b, prefix } = await twoNodes();
    const { meeting, linkFor } = await setUpMeeting(a);
    const [rina, dinkes] = await Promise.all([sessionOf(a, linkFor('notulis', 0)), sessionOf(b, linkFor('participant', 0))]);
    const notulis = collab(a, rina.cookie, meeting.id);
    const reader = collab(b, dinkes.cookie, meeting.id);
    await Promise.all([notulis.synced(), reader.synced()]);
    // A third writer, as a node that is gone: its edits are in the log and nobody said so.
    const log = await store!.minutes.load(meeting.id);
    const ghost = new Y.Doc();
    if (log.snapshot) Y.applyUpdate(ghost, log.snapshot);
    for (const u of log.updates) Y.applyUpdate(ghost, u.update);
    const edits: Uint8Array[] = [];
    ghost.on('update', (u: Uint8Array) => edits.push(u));
    typeInSection(ghost, 'pembahasan', 'Disimpan, tak pernah disiarkan.');
    for (const u of edits) await store!.minutes.appendUpdate(meeting.id, u, Date.now());
    // The last edit before a crash has nothing after it to show the gap: the nodes' log check finds it.
    await eventually(
      () => bodyText(reader.doc).includes('Disimpan, tak pernah disiarkan.') && bodyText(notulis.doc).includes('Disimpan, tak pernah disiarkan.'),
      {
        what: 'both nodes to take the unrelayed update from the log',
        timeoutMs: 8_000,
      },
    );

    // A relay that builds on one never heard: the receiving node reads the log at once, not at its next check.
    await new Promise((r) => setTimeout(r, 1200));
    edits.length = 0;
    typeInSection(ghost, 'pembahasan', 'Hilang di jalan.');
    const lostId = await store!.minutes.appendUpdate(meeting.id, must(edits[0], 'the lost edit'), Date.now());
    edits.length = 0;
    typeInSection(ghost, 'pembahasan', 'Sampai.');
    const ghostNode = await RedisCluster.connect(redisUrl!, 0, silentLogger(), prefix);
    try {
      const update = must(edits[0], 'the relayed edit');
      const id = await store!.minutes.appendUpdate(meeting.id, update, Date.now());
      expect(id).toBeGreaterThan(lostId);
      const sent = Date.now();
      ghostNode.publish('minutes.update', { meetingId: meeting.id, update: Buffer.from(update).toString('base64'), id });
      await eventually(() => bodyText(reader.doc).includes('Hilang di jalan.') && bodyText(reader.doc).includes('Sampai.'), { what: 'the reader to get both' });
      expect(Date.now() - sent).toBeLessThan(1500);
    } finally {
      await ghostNode.close();
    }
    await eventually(() => bodyText(reader.doc) === bodyText(notulis.doc), { what: 'node A’s notulis to have the same' });
  });
});
