import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { API } from '../../shared/protocol/api';
import { HEADING_ATTRS, MINUTES_PARTS } from '../../shared/minutes/layout';
import type { Meeting, QueueEvent } from '../../shared/protocol';
import type { Store } from '../../server/store/ports';
import { meetingInput } from '../factories';
import { ClusterNodes } from '../helpers/cluster-nodes';
import { nginxPath } from '../helpers/nginx-front';
import { PhoneScreen } from '../helpers/phone-screen';
import { bodyText, openCollab, typeInSection, type CollabClient } from '../helpers/collab-client';
import { setUpMeeting } from '../helpers/meeting-people';
import { sessionOf } from '../helpers/minutes-fixture';
import { clusterRequired, testDatabaseUrl, testRedisUrl } from '../helpers/services';
import { request } from '../../client/lib/socket';
import { remainingMs } from '../../shared/domain/speaking-queue/timer';
import { eventually } from '../helpers/wait';
import { at, must } from '../helpers/at';

const databaseUrl = testDatabaseUrl();
const redisUrl = testRedisUrl();
const nginx = nginxPath();
if (!nginx && clusterRequired) throw new Error('RAKOR_REQUIRE_CLUSTER=1 but nginx is not installed (apt-get install nginx)');
const ready = !!(databaseUrl && redisUrl && nginx);

/** Sends a chair command until it is acked, with one command id: a retry after a node died is the same press. */
async function press(screen: PhoneScreen, meetingId: string, command: unknown, commandId = crypto.randomUUID()): Promise<number> {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      const res = await request(screen.socket, 'queue:command', { meetingId, commandId, command }, 2000);
      if ('data' in res) return res.data.seq;
      throw new Error(`command refused: ${res.error.code} ${res.error.message}`);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('command refused')) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error('no ack after 40 attempts');
}

async function storedEvents(store: Store, meetingId: string): Promise<QueueEvent[]> {
  return store.queue.eventsSince(meetingId, 0, 10_000);
}

function turnSections(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment(MINUTES_PARTS.body)
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute(HEADING_ATTRS.turnId) !== undefined)
    .map((n) => String(n.getAttribute(HEADING_ATTRS.turnId)));
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

  async function meetingOnCluster() {
    cluster = await ClusterNodes.start({ nodes: 3, redisUrl: redisUrl! });
    const { t, store } = await cluster.setupApp();
    const m = await setUpMeeting(t);
    // One-minute turns: the warning (two minutes before the end) is due at once, the expiry a minute in.
    const edited = await m.admin.put<Meeting>(API.meeting(m.meeting.id), { ...meetingInput(m.opds), defaultAllotmentMinutes: 1 });
    expect(edited.status).toBe(200);
    const cookies = {
      chair: (await sessionOf(t, m.linkFor('chair'))).cookie,
      projector: (await sessionOf(t, m.linkFor('projector'))).cookie,
      phone: (await sessionOf(t, m.linkFor('participant', 1))).cookie,
      notulis: (await sessionOf(t, m.linkFor('notulis', 0))).cookie,
      reader: (await sessionOf(t, m.linkFor('participant', 0))).cookie,
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

    expect(await press(chair, meetingId, { type: 'meeting.start' })).toBe(1);
    const turnStarted = await press(chair, meetingId, { type: 'turn.next' });
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
    const next = await press(chair, meetingId, { type: 'turn.next' });
    await eventually(() => [chair, projector, phone].every((s) => s.seq >= next), { what: 'every screen at the next turn' });
    expect(new Set([chair, projector, phone].map((s) => s.seq)).size).toBe(1);
    // One section per turn in the minutes, whichever node handled each command.
    await eventually(() => new Set(turnSections(reader.doc)).size === 2, { what: 'two turn sections' });
    expect(turnSections(reader.doc)).toHaveLength(2);
  }, 150_000);
});
