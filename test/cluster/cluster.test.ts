import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { API } from '../../shared/protocol/api';
import type { Meeting, MeetingLink, QueueEvent } from '../../shared/protocol';
import type { Store } from '../../server/store/ports';
import { meetingInput } from '../factories';
import { ClusterNodes } from '../helpers/cluster-nodes';
import { nginxPath } from '../helpers/nginx-front';
import { PhoneScreen } from '../helpers/phone-screen';
import { bodyText, openCollab, turnSectionIds, typeInSection, type CollabClient } from '../helpers/collab-client';
import { seededRandom } from '../helpers/seeded';
import { setUpMeeting } from '../helpers/meeting-people';
import { sessionOf } from '../helpers/minutes-fixture';
import { clusterRequired, testDatabaseUrl, testRedisUrl } from '../helpers/services';
import { remainingMs } from '../../shared/domain/speaking-queue/timer';
import { eventually } from '../helpers/wait';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { freePort } from '../helpers/child-server';
import { at, must } from '../helpers/at';

const databaseUrl = testDatabaseUrl();
/** CL2's nodes fold the minutes log every this many appends each. */
const FOLD_EVERY = 25;
const redisUrl = testRedisUrl();
const nginx = nginxPath();
if (!nginx && clusterRequired) throw new Error('RAKOR_REQUIRE_CLUSTER=1 but nginx is not installed (apt-get install nginx)');
const ready = !!(databaseUrl && redisUrl && nginx);
const TRIALS = Number(process.env.RAKOR_CLUSTER_TRIALS ?? 20);
const seed = Number(process.env.RAKOR_CLUSTER_SEED ?? Date.now() % 100_000);

/** A small seeded generator, so a failing run can be replayed with RAKOR_CLUSTER_SEED. */

/** The minutes as stored: the snapshot and the log, read fresh from PostgreSQL. */
async function storedText(store: Store, meetingId: string): Promise<string> {
  const log = await store.minutes.load(meetingId);
  const doc = new Y.Doc();
  if (log.snapshot) Y.applyUpdate(doc, log.snapshot);
  for (const u of log.updates) Y.applyUpdate(doc, u.update);
  return bodyText(doc);
}

async function storedEvents(store: Store, meetingId: string): Promise<QueueEvent[]> {
  return store.queue.eventsSince(meetingId, 0, 10_000);
}

/**
 * CL: three real Rakor processes on PostgreSQL and Redis behind the real nginx with the shipped
 * deploy/nginx.conf. Screens are pinned to a node through the front (a test-only header; the
 * others are that node's backups), so a screen whose node dies reconnects through nginx elsewhere.
 */
describe.skipIf(!ready)('several nodes behind nginx', () => {
  let cluster: ClusterNodes | null = null;
  const screens: PhoneScreen[] = [];
  const collabs: CollabClient[] = [];

  afterEach(async () => {
    screens.splice(0).forEach((s) => s.close());
    collabs.splice(0).forEach((c) => c.destroy());
    await cluster?.close();
    cluster = null;
  });

  async function meetingOnCluster(redis = redisUrl!, env: Record<string, string> = {}) {
    cluster = await ClusterNodes.start({ nodes: 3, redisUrl: redis, env });
    const { t, store } = await cluster.setupApp();
    const m = await setUpMeeting(t);
    // One-minute turns: the warning (two minutes before the end) is due at once, the expiry a minute in.
    const edited = await m.admin.put<Meeting>(API.meeting(m.meeting.id), { ...meetingInput(m.opds), defaultAllotmentMinutes: 1 });
    expect(edited.status).toBe(200);
    // The edit gave the participants new rows, and them new links.
    const links = (await m.admin.get<{ items: MeetingLink[] }>(API.meetingLinks(m.meeting.id))).body.items.filter((l) => !l.revoked);
    const role = (r: string, i = 0) =>
      at(
        links.filter((l) => l.role === r),
        i,
        `${r} link ${i}`,
      );
    const participant = (i: number) =>
      must(
        links.find((l) => l.participantId === at(edited.body.participants, i, 'participant').id),
        `participant ${i}`,
      );
    const cookies = {
      chair: (await sessionOf(t, role('chair'))).cookie,
      projector: (await sessionOf(t, role('projector'))).cookie,
      phone: (await sessionOf(t, participant(1))).cookie,
      notulis: (await sessionOf(t, role('notulis'))).cookie,
      reader: (await sessionOf(t, participant(0))).cookie,
    };
    await t.stop();
    const front = cluster.front;
    const screen = (cookie: string, node: number) => {
      const s = new PhoneScreen(front.baseUrl, cookie, m.meeting.id, front.pin(node));
      screens.push(s);
      return s;
    };
    const minutes = (cookie: string, node: number) => {
      const c = openCollab(front.baseUrl, cookie, m.meeting.id, { headers: front.pin(node) });
      collabs.push(c);
      return c;
    };
    return { cluster, store, meetingId: m.meeting.id, cookies, screen, minutes };
  }

  it('CL1 the chair on A, the projector on B, a phone on C: every event in order everywhere; A killed mid-turn, the chair carries on through nginx, the timers fire once', async () => {
    const { cluster, store, meetingId, cookies, screen, minutes } = await meetingOnCluster();
    const chair = screen(cookies.chair, 0);
    const projector = screen(cookies.projector, 1);
    const phone = screen(cookies.phone, 2);
    const heard = new Map<PhoneScreen, number[]>();
    for (const s of [chair, projector, phone]) {
      const seqs: number[] = [];
      heard.set(s, seqs);
      s.socket.on('queue:event', (e) => seqs.push(e.seq));
    }
    await eventually(() => [chair, projector, phone].every((s) => s.joins > 0), { what: 'three screens to join' });
    const notulis = minutes(cookies.notulis, 0);
    const reader = minutes(cookies.reader, 1);
    await Promise.all([notulis.synced(), reader.synced()]);

    expect(await chair.press({ type: 'meeting.start' })).toBe(1);
    const turnStarted = await chair.press({ type: 'turn.next' });
    await eventually(() => [chair, projector, phone].every((s) => s.seq >= turnStarted), { what: 'every screen at the turn' });
    for (const seqs of heard.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    typeInSection(notulis.doc, 'pembukaan', 'Dibuka pukul 08.30.');
    await eventually(() => bodyText(reader.doc).includes('Dibuka pukul 08.30.'), { what: 'the reader on B to read the notulis on A' });

    // Node A dies in the middle of the turn.
    await cluster.kill9(0);
    const joinsBefore = chair.joins;
    await eventually(() => chair.joins > joinsBefore && chair.socket.connected, { what: 'the chair to reconnect through nginx', timeoutMs: 10_000 });
    const stored = must(await store.queue.loadState(meetingId), 'the stored queue');
    await eventually(() => chair.seq === stored.seq, { what: 'the chair to resync' });
    const turnId = must(stored.currentTurnId, 'the running turn');
    // The remaining time is the stored one: the same timer, to the millisecond.
    expect(chair.state?.turns[turnId]?.timer).toEqual(stored.turns[turnId]?.timer);
    // The notulis's provider reconnects by itself to another node and keeps typing.
    typeInSection(notulis.doc, 'pembahasan', 'Tanpa node A.');
    await eventually(() => bodyText(reader.doc).includes('Tanpa node A.'), { what: 'an edit after the failover', timeoutMs: 10_000 });

    // The expiry (armed on every node) fires once, on time, though the node that armed it first is gone.
    const running = must(stored.turns[turnId], 'the turn');
    // When the remaining time runs out, computed as the server does: from the stored timestamps.
    const due = Date.now() + remainingMs(running.timer, Date.now());
    await eventually(async () => (await storedEvents(store, meetingId)).some((e) => e.body.type === 'turn.expired'), {
      what: 'the expiry',
      timeoutMs: Math.max(5_000, due - Date.now() + 5_000),
      everyMs: 250,
    });
    await new Promise((r) => setTimeout(r, 1500));
    const events = await storedEvents(store, meetingId);
    expect(events.filter((e) => e.body.type === 'turn.warned')).toHaveLength(1);
    const expired = events.filter((e) => e.body.type === 'turn.expired');
    expect(expired).toHaveLength(1);
    expect(Math.abs(at(expired, 0, 'expiry').at - due)).toBeLessThan(1500);
    // The next Berikutnya works, and every screen follows.
    const next = await chair.press({ type: 'turn.next' });
    // The next turn's warning is due at once (one-minute turns): every screen ends where the database is.
    await eventually(
      async () => {
        const seq = must(await store.queue.loadState(meetingId), 'the stored queue').seq;
        return seq >= next && [chair, projector, phone].every((s) => s.seq === seq);
      },
      { what: 'every screen at the stored seq after the next turn', seen: () => [chair, projector, phone].map((s) => s.seq).join(',') },
    );
    // One section per turn in the minutes, whichever node handled each command.
    await eventually(() => new Set(turnSectionIds(reader.doc)).size === 2, { what: 'two turn sections' });
    expect(turnSectionIds(reader.doc)).toHaveLength(2);
  }, 150_000);

  it(`CL2 ${TRIALS} kill -9 trials while the notulis types and the chair presses: nothing acknowledged is lost (seed ${seed})`, async () => {
    const rand = seededRandom(seed);
    // The log folded every 25 appends of a node: trials cross compactions by other nodes than the victim.
    const { cluster, store, meetingId, cookies, screen, minutes } = await meetingOnCluster(redisUrl!, { MINUTES_COMPACT_EVERY: String(FOLD_EVERY) });
    const chair = screen(cookies.chair, Math.floor(rand() * 3));
    await eventually(() => chair.joins > 0, { what: 'the chair to join' });
    await chair.press({ type: 'meeting.start' });
    await chair.press({ type: 'turn.next' });
    const typist = minutes(cookies.notulis, Math.floor(rand() * 3));
    const reader = minutes(cookies.reader, Math.floor(rand() * 3));
    await Promise.all([typist.synced(), reader.synced()]);
    const typed: string[] = [];
    const acked: number[] = [];
    const restarting = new Map<number, Promise<void>>();
    let presses = 0;
    let crossed = 0;

    for (let trial = 0; trial < TRIALS; trial++) {
      let n = 0;
      const typing = setInterval(() => {
        const token = `t${trial}k${n++}`;
        typed.push(token);
        typeInSection(typist.doc, 'pembahasan', `${token} `);
      }, 15);
      let pressing = true;
      const presser = (async () => {
        while (pressing) {
          presses++;
          acked.push(await chair.press({ type: 'turn.extend', minutes: 1 }));
        }
      })();
      const foldedBefore = (await store.minutes.logHead(meetingId, 0)).snapshotThrough;
      await new Promise((r) => setTimeout(r, 250 + rand() * 650));
      const victim = Math.floor(rand() * 3);
      // One node down at a time, as a province's outage is: the last trial's node is back first.
      await Promise.all(restarting.values());
      // What the reader was shown was relayed by a node: it is stored, whichever node dies now.
      const shown = bodyText(reader.doc)
        .split(/\s+/)
        .filter((w) => /^t\d+k\d+$/.test(w));
      await cluster.kill9(victim);
      if ((await store.minutes.logHead(meetingId, 0)).snapshotThrough > foldedBefore) crossed++;
      const stored = await storedText(store, meetingId);
      expect(shown.filter((w) => !stored.includes(`${w} `))).toEqual([]);
      clearInterval(typing);
      pressing = false;
      await presser;
      // Back in the background: the next trial runs on the two others meanwhile.
      restarting.set(
        victim,
        cluster.startNode(victim).then(() => undefined),
      );
    }
    await Promise.all(restarting.values());

    console.info(`CL2: ${crossed} of ${TRIALS} trials crossed a compaction of the minutes log`);
    expect(crossed, 'trials that crossed a compaction').toBeGreaterThan(0);
    // Every press was acknowledged once (retried with its command id), and stored once.
    const events = await storedEvents(store, meetingId);
    const extended = events.filter((e) => e.body.type === 'turn.extended');
    expect(extended).toHaveLength(presses);
    expect(new Set(acked).size).toBe(acked.length);
    for (const seq of acked) expect(events.find((e) => e.seq === seq)?.body.type).toBe('turn.extended');
    // Every keystroke reached the log: the typist's provider resent what a dying node never stored.
    await eventually(() => typed.every((w) => bodyText(typist.doc).includes(`${w} `)), { what: 'the typist’s own document' });
    let missing: string[] = [];
    await eventually(
      async () => {
        const text = await storedText(store, meetingId);
        missing = typed.filter((w) => !text.includes(`${w} `));
        return missing.length === 0;
      },
      {
        what: 'every typed word in the stored minutes',
        timeoutMs: 15_000,
        seen: () =>
          `${missing.length} of ${typed.length} missing: ${missing.slice(0, 12).join(' ')}; typist closes ${typist.closes.join(',')} connected ${typist.provider.wsconnected} synced ${typist.provider.synced}; reader closes ${reader.closes.join(',')}`,
      },
    );
    await eventually(() => bodyText(reader.doc) === bodyText(typist.doc), { what: 'the reader to converge', timeoutMs: 15_000 });
    // The screens agree with the database.
    const state = must(await store.queue.loadState(meetingId), 'the stored queue');
    await eventually(() => chair.seq === state.seq, { what: 'the chair at the stored seq' });
  }, 300_000);

  it('CL3 Redis restarted mid-meeting: what was committed meanwhile reaches every screen and reader when it is back; nothing acknowledged is lost', async () => {
    // A Redis of this test's own: the shared one serves the other files.
    const port = await freePort();
    const startRedis = (): ChildProcess =>
      spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    let redis = startRedis();
    const redisUp = () =>
      eventually(
        async () =>
          await fetch(`http://127.0.0.1:${port}`).then(
            () => true,
            (e: unknown) => !String((e as Error).cause).includes('ECONNREFUSED'),
          ),
        { what: 'redis to listen' },
      );
    await redisUp();
    try {
      const { store, meetingId, cookies, screen, minutes } = await meetingOnCluster(`redis://127.0.0.1:${port}/0`);
      const chair = screen(cookies.chair, 0);
      const projector = screen(cookies.projector, 1);
      const notulis = minutes(cookies.notulis, 0);
      const reader = minutes(cookies.reader, 1);
      await eventually(() => chair.joins > 0 && projector.joins > 0, { what: 'the screens to join' });
      await Promise.all([notulis.synced(), reader.synced()]);
      await chair.press({ type: 'meeting.start' });
      await eventually(() => projector.seq === 1, { what: 'the projector at the start' });

      redis.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      // Node A goes on alone: its commands are stored and acknowledged; B's screens cannot hear of them yet.
      const acked = [await chair.press({ type: 'turn.next' }), await chair.press({ type: 'turn.extend', minutes: 2 })];
      typeInSection(notulis.doc, 'pembukaan', 'Selama Redis mati.');
      await new Promise((r) => setTimeout(r, 500));

      redis = startRedis();
      await redisUp();
      // Back: B's screens are told to check their seq, and its rooms read the log again.
      // At least: a one-minute turn's warning is due at once, so the scheduler's timer.warn may follow
      // the chair's command within milliseconds, and a poll for equality could miss the moment between.
      await eventually(() => projector.seq >= at(acked, 1, 'last ack'), {
        what: 'the projector to catch up',
        timeoutMs: 15_000,
        seen: () => `seq ${projector.seq}`,
      });
      await eventually(() => bodyText(reader.doc).includes('Selama Redis mati.'), { what: 'the reader to catch up', timeoutMs: 15_000 });
      const events = await storedEvents(store, meetingId);
      for (const seq of acked) expect(events.some((e) => e.seq === seq)).toBe(true);
      // And the cluster works as before.
      const next = await chair.press({ type: 'turn.next' });
      await eventually(() => projector.seq >= next, { what: 'the projector after Redis came back' });
      typeInSection(notulis.doc, 'pembahasan', 'Setelah Redis kembali.');
      await eventually(() => bodyText(reader.doc).includes('Setelah Redis kembali.'), { what: 'live minutes again' });
    } finally {
      redis.kill('SIGKILL');
    }
  }, 120_000);

  it('CL4 `npm run demo` with DATABASE_URL seeds PostgreSQL, and its links open on every node', async () => {
    cluster = await ClusterNodes.start({ nodes: 3, redisUrl: redisUrl! });
    const root = path.resolve(import.meta.dirname, '../..');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'server/demo.ts'), '--json'], {
      cwd: root,
      env: { ...process.env, ...cluster.env },
    });
    const demo = JSON.parse(stdout) as { meetingId: string; links: { chair: string; participants: string[] } };
    expect(demo.links.participants).toHaveLength(26);
    const links = [demo.links.chair, at(demo.links.participants, 0, 'first speaker'), at(demo.links.participants, 21, 'last speaker')];
    for (const link of links) expect(link.startsWith(cluster.front.baseUrl)).toBe(true);
    for (let node = 0; node < 3; node++) {
      for (const link of links) {
        const res = await fetch(`${cluster.front.baseUrl}${API.linkExchange}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...cluster.front.pin(node) },
          body: JSON.stringify({ token: new URL(link).pathname.split('/').pop() }),
        });
        expect(res.status, `link ${link} on node ${node}`).toBe(200);
      }
    }
  });

  it('CL5 a rolling restart of every node (SIGTERM, drain, start again) while the chair presses and the notulis types loses nothing', async () => {
    const { cluster, store, meetingId, cookies, screen, minutes } = await meetingOnCluster();
    const chair = screen(cookies.chair, 0);
    const projector = screen(cookies.projector, 1);
    await eventually(() => chair.joins > 0 && projector.joins > 0, { what: 'the screens to join' });
    await chair.press({ type: 'meeting.start' });
    await chair.press({ type: 'turn.next' });
    const typist = minutes(cookies.notulis, 2);
    const reader = minutes(cookies.reader, 1);
    await Promise.all([typist.synced(), reader.synced()]);
    const typed: string[] = [];
    let n = 0;
    const typing = setInterval(() => {
      const token = `r${n++}`;
      typed.push(token);
      typeInSection(typist.doc, 'pembahasan', `${token} `);
    }, 20);
    let pressing = true;
    let presses = 0;
    const presser = (async () => {
      while (pressing) {
        presses++;
        await chair.press({ type: 'turn.extend', minutes: 1 });
      }
    })();
    try {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 500));
        expect(await cluster.term(i)).toBe(0);
        await cluster.startNode(i);
      }
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      clearInterval(typing);
      pressing = false;
      await presser;
    }
    const events = await storedEvents(store, meetingId);
    expect(events.filter((e) => e.body.type === 'turn.extended')).toHaveLength(presses);
    await eventually(
      async () => {
        const text = await storedText(store, meetingId);
        return typed.every((w) => text.includes(`${w} `));
      },
      { what: 'every typed word stored', timeoutMs: 15_000 },
    );
    await eventually(() => bodyText(reader.doc) === bodyText(typist.doc), { what: 'the reader to converge', timeoutMs: 15_000 });
    const state = must(await store.queue.loadState(meetingId), 'the stored queue');
    await eventually(() => chair.seq === state.seq && projector.seq === state.seq, { what: 'the screens at the stored seq' });
  }, 120_000);
});
