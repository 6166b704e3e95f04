import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { pino } from 'pino';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { meetingInputOf } from '../../shared/domain/meeting/input';
import { API } from '../../shared/protocol/api';
import { PROTOCOL_VERSION, type QueueState } from '../../shared/protocol';
import { opdInput, meetingInput } from '../factories';
import { ROUTES, fillPath, type RouteSpec } from './api-routes';
import { typeInSection } from './collab-client';
import { encode, mutate, recipeArb, type BodyPayload, type BodyRecipe, type Frame, type Recipe, type Seg } from './fuzz-payloads';
import { frame, RawCollabPeer } from './raw-collab';
import { connectSocket, emitAck, waitForConnect, type TestSocket } from './socket-client';
import { startTestApp, type TestApp } from './test-app';
import { inspectStore, type StoreInspector } from './test-store';
import { ManualClock } from './manual-clock';
import { buildWorld, exchange, linkOf, tokenOf, type World } from './world';
import { at, get } from './at';

/** Every request, ack and fence is answered within this, or the payload hung the app. */
export const ANSWER_MS = 5000;

export interface FuzzFailure {
  index: number;
  what: string;
  recipe: string;
}

export interface FuzzSummary {
  seed: number;
  runs: number;
  ms: number;
  byKind: Record<string, number>;
  refused: number;
  accepted: number;
  status5xx: number;
  hangs: number;
  loggedErrors: number;
  unhandled: number;
  changedOnRefusal: number;
  failures: FuzzFailure[];
  /** Milliseconds spent per kind of payload, and the slowest payloads. */
  msByKind: Record<string, number>;
  slowest: { ms: number; recipe: string }[];
}

type SocketWho = 'admin' | 'chair' | 'participant' | 'projector' | 'notulis';
type CollabWho = 'notulis' | 'observer' | 'participant';

/** Logs at level error and above, kept for the verdict; everything lower is dropped. */
function recordingLogger(errors: string[]) {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      errors.push(chunk.toString().slice(0, 2000));
      done();
    },
  });
  return pino({ level: 'error' }, stream);
}

const short = (v: unknown) => {
  let s: string;
  try {
    s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' && x.length > 200 ? `${x.slice(0, 60)}…(${x.length} chars)` : x)) ?? String(v);
  } catch {
    s = `(too deep to print) ${String(v).slice(0, 200)}`;
  }
  return s.length > 1500 ? `${s.slice(0, 1500)}…` : s;
};

/**
 * The fuzz test's world and loop: one app (manual clock, so no timer fires between two payloads),
 * its sockets and minutes peers, and for each payload: send, wait for the answer within
 * ANSWER_MS, and judge it.
 */
export class FuzzRunner {
  readonly errors: string[] = [];
  private unhandled: string[] = [];
  private t!: TestApp;
  private w!: World;
  private db!: StoreInspector;
  private cookies: Record<string, string> = {};
  private sockets = new Map<SocketWho, TestSocket>();
  private watcherA!: TestSocket;
  private watcherB!: TestSocket;
  private heardA = 0;
  private heardB = 0;
  private lastHeard = '';
  /** Row counts per table as of the last settle, to say what a refused payload wrote. */
  private lastCounts = '';
  private countedAt = -1;
  private peers = new Map<CollabWho, RawCollabPeer>();
  private unique = 0;
  private readonly onUnhandled = (err: unknown) => this.unhandled.push(String(err instanceof Error ? err.stack : err));

  async start(): Promise<void> {
    process.on('unhandledRejection', this.onUnhandled);
    process.on('uncaughtException', this.onUnhandled);
    const clock = new ManualClock(Date.parse('2022-06-13T00:25:00Z'));
    this.t = await startTestApp({ clock, scheduler: clock, logger: recordingLogger(this.errors), minutesIdleMs: 3600_000 });
    this.w = await buildWorld(this.t);
    this.db = await inspectStore(this.t.dataDir);
    const { a, b, links } = this.w;
    this.cookies = {
      admin: this.w.admin.cookie,
      chair: await exchange(this.t, linkOf(a, links.a, 'chair')),
      participant: await exchange(this.t, linkOf(a, links.a, 'participant', 1)),
      projector: await exchange(this.t, linkOf(a, links.a, 'projector')),
      notulis: await exchange(this.t, linkOf(a, links.a, 'notulis')),
      observer: await exchange(this.t, linkOf(a, links.a, 'observer')),
      chairB: await exchange(this.t, linkOf(b, links.b, 'chair')),
      junk: 'rakor_session=not-a-session-at-all',
      none: '',
    };
    // A revoked link of A, for the routes that take a link id.
    await this.w.admin.post(API.linkRevoke(a.id, linkOf(a, links.a, 'participant', 5).id));
    this.watcherA = await this.joined(get(this.cookies, 'observer', 'cookie'), a.id);
    this.watcherA.on('queue:event', (e) => {
      this.heardA += 1;
      this.lastHeard = `A seq ${e.seq} ${e.body.type}`;
    });
    this.watcherB = await this.joined(get(this.cookies, 'chairB', 'cookie'), b.id);
    this.watcherB.on('queue:event', (e) => {
      this.heardB += 1;
      this.lastHeard = `B seq ${e.seq} ${e.body.type}`;
    });
    // The meeting runs, so the queue commands meet a live queue.
    const chair = await this.socket('chair');
    const started = await emitAck(chair, 'queue:command', { meetingId: a.id, commandId: randomUUID(), command: { type: 'meeting.start' } });
    if (!('data' in started)) throw new Error(`start: ${JSON.stringify(started)}`);
    // Joined after the start: the participant is marked online now, not by the first payload that rejoins.
    for (const who of ['admin', 'participant', 'projector', 'notulis'] as const) await this.socket(who);
    for (const who of ['notulis', 'observer', 'participant'] as const) await this.peer(who);
    await this.settle();
  }

  async stop(): Promise<void> {
    for (const s of this.sockets.values()) s.disconnect();
    this.watcherA?.disconnect();
    this.watcherB?.disconnect();
    for (const p of this.peers.values()) p.close();
    await this.db?.close();
    await this.t?.close();
    process.off('unhandledRejection', this.onUnhandled);
    process.off('uncaughtException', this.onUnhandled);
  }

  /** Generates `runs` payloads from `seed` (in chunks, so memory stays flat) and sends each. */
  async run(seed: number, runs: number, log: (line: string) => void = () => undefined): Promise<FuzzSummary> {
    const started = Date.now();
    const s: FuzzSummary = {
      seed,
      runs,
      ms: 0,
      byKind: {},
      refused: 0,
      accepted: 0,
      status5xx: 0,
      hangs: 0,
      loggedErrors: 0,
      unhandled: 0,
      changedOnRefusal: 0,
      failures: [],
      msByKind: {},
      slowest: [],
    };
    const CHUNK = 500;
    for (let from = 0; from < runs; from += CHUNK) {
      const batch = fc.sample(recipeArb, { seed: seed + from, numRuns: Math.min(CHUNK, runs - from) });
      for (let i = 0; i < batch.length; i++) {
        const index = from + i;
        const recipe = at(batch, i, 'recipe');
        s.byKind[recipe.kind] = (s.byKind[recipe.kind] ?? 0) + 1;
        const t0 = Date.now();
        const errorsBefore = this.errors.length;
        const unhandledBefore = this.unhandled.length;
        const fail = (what: string) => s.failures.length < 50 && s.failures.push({ index, what, recipe: short(recipe) });
        try {
          const verdict = await this.send(recipe);
          if (verdict.status5xx) {
            s.status5xx += 1;
            fail(`answered ${verdict.detail}`);
          }
          if (verdict.refused) s.refused += 1;
          else s.accepted += 1;
          if (verdict.problem) fail(verdict.problem);
          let clean = false;
          if (verdict.refused) {
            const change = await this.changedSince(verdict.before);
            if (change) {
              s.changedOnRefusal += 1;
              fail(`refused (${verdict.detail}) yet changed: ${change}`);
            } else clean = true;
          }
          // A clean refusal was just fenced and found settled; anything else settles first.
          if (!clean) await this.settle();
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          if (/within \d+ ms|timed out|timeout/i.test(message)) s.hangs += 1;
          fail(`threw: ${message}`);
          await this.settle().catch(() => undefined);
        }
        if (this.errors.length > errorsBefore) {
          s.loggedErrors += this.errors.length - errorsBefore;
          fail(`logged at level error: ${this.errors.slice(errorsBefore).join(' | ').slice(0, 1500)}`);
        }
        if (this.unhandled.length > unhandledBefore) {
          s.unhandled += this.unhandled.length - unhandledBefore;
          fail(`unhandled: ${this.unhandled.slice(unhandledBefore).join(' | ').slice(0, 1500)}`);
        }
        await this.heal();
        const took = Date.now() - t0;
        s.msByKind[recipe.kind] = (s.msByKind[recipe.kind] ?? 0) + took;
        if (took > 200) {
          s.slowest.push({ ms: took, recipe: short(recipe).slice(0, 300) });
          s.slowest.sort((x, y) => y.ms - x.ms).splice(10);
        }
      }
      log(`edge fuzz: ${Math.min(from + CHUNK, runs)}/${runs} payloads, ${s.failures.length} failures, ${Math.round((Date.now() - started) / 1000)} s`);
    }
    // Still answering, and nothing leaked into every object.
    const health = await fetch(`${this.t.baseUrl}${API.health}`, { signal: AbortSignal.timeout(ANSWER_MS) });
    if (health.status !== 200) s.failures.push({ index: runs, what: `health answered ${health.status} after the run`, recipe: '' });
    const probe = {} as Record<string, unknown>;
    if (probe.polluted !== undefined || probe.isAdmin !== undefined) s.failures.push({ index: runs, what: 'Object.prototype was polluted', recipe: '' });
    s.ms = Date.now() - started;
    return s;
  }

  // ------------------------------------------------------------ state

  private version(): Promise<number> {
    return this.db.writes();
  }

  private async roomA() {
    return this.t.app.rooms.peek(this.w.a.id);
  }

  /** What a refused payload must leave as it was: every write to the database, minutes A in memory, its presence, what the watchers heard. */
  private async mark() {
    const room = await this.roomA();
    return {
      version: await this.version(),
      doc: room ? Buffer.from(Y.encodeStateVector(room.doc)).toString('base64') : '',
      presence: room
        ? [...room.awareness.getStates().keys()]
            .map((id) => `${id}:${room.awareness.meta.get(id)?.clock ?? '?'}`)
            .sort()
            .join(',')
        : '',
      heardA: this.heardA,
      heardB: this.heardB,
      relayed: this.peers.get('notulis')?.updatesHeard ?? 0,
      counts: this.lastCounts,
    };
  }

  private counts(): Promise<string> {
    return this.db.counts();
  }

  private async changedSince(before: Awaited<ReturnType<FuzzRunner['mark']>>): Promise<string | null> {
    await this.quiesce();
    // What a broadcast to the watchers would be: fence their sockets.
    await Promise.all([emitAck(this.watcherA, 'clock:ping', {}), emitAck(this.watcherB, 'clock:ping', {})]);
    await this.peers.get('notulis')?.fence(ANSWER_MS);
    const after = await this.mark();
    const diffs: string[] = [];
    if (after.version !== before.version) diffs.push(`the database written (${before.counts} -> ${await this.counts()})`);
    if (after.doc !== before.doc) diffs.push('minutes A changed in memory');
    // Presence may only shrink meanwhile (a peer closed for its frame leaves, states time out after
    // 30 s); a new client or a new clock is a change.
    const had = new Set(before.presence.split(','));
    if (after.presence.split(',').some((id) => id && !had.has(id))) diffs.push(`presence ${before.presence} -> ${after.presence}`);
    if (after.heardA !== before.heardA || after.heardB !== before.heardB) diffs.push(`a watcher heard a queue event (${this.lastHeard})`);
    if (after.relayed !== before.relayed) diffs.push('the notulis was relayed an update');
    return diffs.length ? diffs.join('; ') : null;
  }

  /** Lets what the app does after an answer finish: the queue's lock, the minutes rooms, a turn of the event loop. */
  private async quiesce(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    const { queue } = this.t.app.services;
    await Promise.all([this.w.a, this.w.b, this.w.c].map((m) => queue.system(m.id, { type: 'attendance.online', participantId: '-' })));
    await Promise.all((await this.t.app.rooms.all()).map((r) => r.idle()));
    await new Promise((r) => setImmediate(r));
  }

  /** Waits until a round of quiescing writes nothing more (an accepted payload's follow-ups: the minutes following the floor). */
  private async settle(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const v = await this.version();
      await this.quiesce();
      if ((await this.version()) === v) {
        // What was broadcast before now reaches the watchers and the notulis before the next payload.
        await Promise.all([emitAck(this.watcherA, 'clock:ping', {}), emitAck(this.watcherB, 'clock:ping', {}), this.peers.get('notulis')?.fence(ANSWER_MS)]);
        const now = await this.version();
        if (now !== this.countedAt) {
          this.lastCounts = await this.counts();
          this.countedAt = now;
        }
        return;
      }
    }
    throw new Error('the app kept writing: not settled within 100 rounds');
  }

  // ------------------------------------------------------------ actors

  private async joined(cookie: string, meetingId: string): Promise<TestSocket> {
    const socket = connectSocket(this.t.baseUrl, cookie);
    await waitForConnect(socket);
    const join = await emitAck(socket, 'meeting:join', { meetingId, protocolVersion: PROTOCOL_VERSION });
    if (!('data' in join)) throw new Error(`join: ${JSON.stringify(join)}`);
    return socket;
  }

  private async socket(who: SocketWho): Promise<TestSocket> {
    const have = this.sockets.get(who);
    if (have?.connected) return have;
    have?.disconnect();
    const socket = await this.joined(get(this.cookies, who, 'cookie'), this.w.a.id);
    this.sockets.set(who, socket);
    return socket;
  }

  private async peer(who: CollabWho): Promise<RawCollabPeer> {
    const have = this.peers.get(who);
    if (have?.open) return have;
    have?.close();
    const { peer } = await RawCollabPeer.open(this.t.baseUrl, this.w.a.id, get(this.cookies, who, 'cookie'));
    if (!peer.open) throw new Error(`collab ${who} refused: ${peer.closed}`);
    await peer.fence(ANSWER_MS);
    this.peers.set(who, peer);
    return peer;
  }

  /** Reconnects what a payload closed (a socket past its size limit, a minutes peer that sent garbage), so the next payload meets the same world. */
  private async heal(): Promise<void> {
    let reconnected = false;
    for (const [who, s] of this.sockets) {
      if (s.connected) continue;
      await this.socket(who);
      reconnected = true;
    }
    for (const [who, p] of this.peers) {
      if (p.open) continue;
      await this.peer(who);
      reconnected = true;
    }
    // A participant joining a running meeting is marked online: let that land before the next payload.
    if (reconnected) await this.settle();
    if (!this.watcherA.connected || !this.watcherB.connected)
      throw new Error(`a watcher socket was closed by the server (A ${this.watcherA.connected}, B ${this.watcherB.connected})`);
  }

  // ------------------------------------------------------------ placeholders

  private async queueA(): Promise<QueueState> {
    return this.t.app.services.queue.state(this.w.a.id);
  }

  private async ref(name: string, write: boolean): Promise<string> {
    const { a, b, c, links } = this.w;
    const q = name.startsWith('$turn') || name.startsWith('$request') || name.startsWith('$order') || name === '$seq' ? await this.queueA() : null;
    const pick = <T>(xs: T[]): T | undefined => xs[this.unique++ % Math.max(1, xs.length)];
    switch (name) {
      // Writes go to C, the meeting the run may break; A keeps its sockets and links.
      case '$meeting.a':
        return write ? c.id : a.id;
      case '$meeting.b':
        return b.id;
      case '$meeting.c':
        return c.id;
      case '$meeting.occurrence':
        return pick(this.w.occurrenceIds) ?? c.id;
      case '$opd':
        return pick(this.w.opds.map((o) => o.id))!;
      case '$series':
        return this.w.series.id;
      case '$holiday':
        return this.w.holiday;
      case '$link.c':
        return pick(links.c.map((l) => l.id))!;
      // Not B's chair: revoking it (an accepted payload) would close the watcher of B.
      case '$link.b':
        return pick(links.b.filter((l) => l.role !== 'chair').map((l) => l.id))!;
      case '$link.a.revoked':
        return linkOf(a, links.a, 'participant', 4).id;
      case '$turn':
        return pick(q!.order) ?? 'none';
      case '$request':
        return pick(q!.requests.map((r) => r.id)) ?? 'none';
      case '$participant':
        return pick(a.participants.map((p) => p.id))!;
      case '$feedToken':
        return this.w.opdFeedToken;
      default:
        return name;
    }
  }

  /** Replaces placeholders anywhere in a generated value. */
  private async fill(value: unknown, write: boolean): Promise<unknown> {
    if (typeof value === 'string' && value.startsWith('$')) {
      if (value === '$order' || value === '$order.reversed' || value === '$order.short') {
        const order = (await this.queueA()).order;
        return value === '$order' ? order : value === '$order.reversed' ? [...order].reverse() : order.slice(1);
      }
      if (value === '$seq') return (await this.queueA()).seq;
      if (value === '$commandId') return randomUUID();
      return this.ref(value, write);
    }
    if (Array.isArray(value)) return Promise.all(value.map((v) => this.fill(v, write)));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value))
        Object.defineProperty(out, k, { value: await this.fill(v, write), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return value;
  }

  // ------------------------------------------------------------ sending

  private async send(
    recipe: Recipe,
  ): Promise<{ refused: boolean; status5xx: boolean; detail: string; problem?: string; before: Awaited<ReturnType<FuzzRunner['mark']>> }> {
    if (recipe.kind === 'rest') {
      const route = at(ROUTES, recipe.route, 'route');
      const write = route.method !== 'GET';
      const segments: Record<string, string> = {};
      for (const [name, seg] of Object.entries(recipe.segments)) segments[name] = await this.segment(seg, write);
      const query = recipe.query
        ? `?${(
            await Promise.all(
              recipe.query.split('&').map(async (pair) => {
                const [k, v = ''] = pair.split('=');
                return v.startsWith('%24') ? `${k}=${encode(await this.ref(decodeURIComponent(v), write))}` : pair;
              }),
            )
          ).join('&')}`
        : '';
      const body = await this.body(route, recipe.body);
      // Logging out the shared sessions would end the run's actors: logout gets a stranger's cookie.
      const who = route.path === API.logout ? 'junk' : recipe.who;
      const before = await this.mark();
      const res = await this.request(route.method, `${fillPath(route, segments)}${query}`, body, get(this.cookies, who, 'cookie'));
      return { refused: res.status >= 400, status5xx: res.status >= 500, detail: `${res.status} ${res.text.slice(0, 300)}`, before };
    }
    if (recipe.kind === 'socket') {
      const socket = await this.socket(recipe.who);
      const args = (await this.fill(recipe.args, false)) as unknown[];
      const before = await this.mark();
      let answer: unknown = null;
      if (recipe.ack) {
        try {
          answer = await (socket.timeout(ANSWER_MS).emitWithAck as (e: string, ...a: unknown[]) => Promise<unknown>)(recipe.event, ...args);
        } catch (err) {
          // A socket the server closed for an oversized packet answers nothing; that is a refusal, not a hang.
          if (socket.connected) throw new Error(`no ack to ${recipe.event} within ${ANSWER_MS} ms (${String(err)})`);
          return { refused: true, status5xx: false, detail: 'socket closed', before };
        }
      } else (socket.emit as (e: string, ...a: unknown[]) => void)(recipe.event, ...args);
      // The socket still answers: a ping after the payload comes back within the bound.
      if (socket.connected) {
        const pong = await emitAck<{ serverNow: number }>(socket, 'clock:ping', {}).catch(() => null);
        if (!pong && socket.connected) throw new Error(`clock:ping after ${recipe.event}: no answer within ${ANSWER_MS} ms`);
      }
      const known = ['meeting:join', 'meeting:leave', 'queue:command', 'queue:sync', 'clock:ping'].includes(recipe.event);
      const envelope = answer as { data?: unknown; error?: { code?: string } } | null;
      if (recipe.ack && known && socket.connected && (typeof envelope !== 'object' || envelope === null || (!('data' in envelope) && !('error' in envelope)))) {
        return { refused: true, status5xx: false, detail: 'ack', before, problem: `ack outside the envelope: ${short(answer)}` };
      }
      const internal = envelope?.error?.code === 'internal';
      // Only an accepted command or join may write; a read (sync, ping, leave), an event without
      // an ack (its handler must do nothing) and an unknown event must not.
      const accepted = recipe.ack && known && !!envelope && 'data' in envelope && (recipe.event === 'queue:command' || recipe.event === 'meeting:join');
      if ((recipe.event === 'meeting:join' || recipe.event === 'meeting:leave') && socket.connected) await this.rejoin(recipe.who, socket);
      return { refused: !accepted, status5xx: internal, detail: short(answer), before };
    }
    if (recipe.kind === 'collab') return this.sendFrame(recipe.who, recipe.frame);
    // A connection to any address: refused with a named code, never an HTTP error.
    const cookie = get(this.cookies, recipe.who, 'cookie');
    const target = recipe.path.startsWith('$') ? await this.ref(recipe.path, false) : recipe.path;
    const before = await this.mark();
    const { peer, status } = await RawCollabPeer.open(this.t.baseUrl, target, cookie, ANSWER_MS);
    let refused = true;
    if (peer.open) {
      refused = (await peer.fence(ANSWER_MS)) === 'closed';
      peer.close();
    }
    return { refused, status5xx: status !== null && status >= 500, detail: `upgrade ${status ?? 'ok'} close ${peer.closed}`, before };
  }

  private async rejoin(who: SocketWho, socket: TestSocket): Promise<void> {
    const join = await emitAck(socket, 'meeting:join', { meetingId: this.w.a.id, protocolVersion: PROTOCOL_VERSION });
    if (!('data' in join)) throw new Error(`rejoin ${who}: ${JSON.stringify(join)}`);
  }

  private async segment(seg: Seg, write: boolean): Promise<string> {
    if ('ref' in seg) return encode(await this.ref(seg.ref, write));
    return seg.raw ? seg.text : encode(seg.text);
  }

  private async request(method: string, url: string, body: BodyPayload, cookie: string): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = cookie ? { cookie } : {};
    let payload: string | undefined;
    if (body.type === 'json') {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.value) ?? 'null';
    } else if (body.type === 'raw') {
      if (body.contentType) headers['content-type'] = body.contentType;
      payload = body.text;
    }
    let res: Response;
    try {
      res = await fetch(`${this.t.baseUrl}${url}`, {
        method,
        headers,
        body: method === 'GET' ? undefined : payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(ANSWER_MS),
      });
    } catch (err) {
      throw new Error(`${method} ${url.slice(0, 200)}: no answer within ${ANSWER_MS} ms (${String(err)})`);
    }
    const text = await res.text();
    if (res.status >= 400 && !text.includes('"error"')) return { status: res.status, text: `not in the error shape: ${text}` };
    return { status: res.status, text };
  }

  /** A valid-shaped body for `route` (what the client would send), then mutated. */
  private async body(route: RouteSpec, recipe: BodyRecipe): Promise<BodyPayload> {
    if (recipe.type !== 'sample') return recipe;
    const sample = await this.sample(route);
    if (sample === undefined) return { type: 'none' };
    if (typeof sample === 'string')
      return { type: 'raw', text: recipe.mutation.op === 'keep' ? sample : sample.slice(0, sample.length / 2), contentType: 'application/json' };
    return { type: 'json', value: mutate(sample, recipe.mutation) };
  }

  private async sample(route: RouteSpec): Promise<unknown> {
    const n = ++this.unique;
    const { c, opds } = this.w;
    const current = async () => await this.t.app.services.meetings.get(c.id);
    const series = {
      name: `Rakor ${n}`,
      recurrence: { kind: 'monthly_nth', nth: 1, weekday: 'TU', interval: 1 },
      startDate: '2022-07-01',
      startTime: '09:00',
      durationMinutes: 120,
      timeZone: 'Asia/Jakarta',
      chairName: 'Sekda',
      notulis: ['Rina'],
      rotation: [{ kind: 'opds', label: 'Pilihan', opdIds: opds.slice(0, 2).map((o) => o.id) }],
      horizonWeeks: 4,
    };
    switch (`${route.method} ${route.path}`) {
      case 'POST /api/livekit/webhook':
        return JSON.stringify({ event: 'participant_joined', room: { name: `rakor-${this.w.a.id}` }, id: `EV_${n}` });
      case 'POST /api/auth/setup':
        return { token: 'x'.repeat(43), username: 'admin2', password: 'kata-sandi-123456' };
      case 'POST /api/auth/login':
        return { username: 'sekretariat', password: `salah-${n}` };
      case 'POST /api/links/exchange':
        return { token: tokenOf(at(this.w.links.c, n % this.w.links.c.length, 'link of C')) };
      case 'POST /api/opds':
        return opdInput(`F${n}`);
      case 'PUT /api/opds/order':
        return {
          group: 'Asisten I',
          opdIds: this.w.opds
            .filter((o) => o.group === 'Asisten I')
            .map((o) => o.id)
            .reverse(),
        };
      case 'PATCH /api/opds/:id':
        return { headName: `Kepala ${n}` };
      case 'POST /api/opds/import/preview':
      case 'POST /api/opds/import/apply':
        return { csv: `name,short_name,kind,group,head_name,head_title\nDinas Impor ${n},IMP${n},dinas,Asisten II,Budi,Kepala Dinas\n` };
      case 'POST /api/meetings':
        return meetingInput(opds.slice(0, 2), { title: `Rakor ${n}` });
      case 'PUT /api/meetings/:id':
        return meetingInputOf(await current());
      case 'POST /api/meetings/:id/copy':
        return { title: `Salinan ${n}`, date: '2022-07-13' };
      case 'PUT /api/meetings/:id/order':
        return { participantIds: (await current()).participants.map((p) => p.id).reverse() };
      case 'POST /api/series/preview':
      case 'POST /api/series':
      case 'PUT /api/series/:id':
        return series;
      case 'POST /api/meetings/:id/checkin':
        return { token: 'A'.repeat(43) };
      case 'POST /api/holidays':
        return { date: `2033-0${1 + (n % 9)}-1${n % 10}`, name: `Libur ${n}` };
      default:
        return route.body ? {} : undefined;
    }
  }

  private async sendFrame(who: CollabWho, f: Frame) {
    const peer = await this.peer(who);
    const bytes = this.encodeFrame(peer, f);
    const before = await this.mark();
    if (bytes) peer.send(bytes);
    const how = await peer.fence(ANSWER_MS);
    const writer = who === 'notulis';
    // A writer's real edit and presence are accepted; random bytes may by chance decode as a
    // valid update, which a writer may send: only a read-only peer's frames are surely refused.
    const refused = !writer || (f.type === 'bytes' && f.bytes.length > 0 && at(f.bytes, 0, 'first byte') > 1) || f.type === 'huge';
    const problem = writer && f.type === 'edit' && bytes && how !== 'answered' ? 'a real edit by the notulis closed the socket' : undefined;
    return { refused, status5xx: false, detail: `${f.type} by ${who}: ${how}`, problem, before };
  }

  private encodeFrame(peer: RawCollabPeer, f: Frame): Uint8Array | null {
    const cut = (b: Uint8Array, keep: number | null) => (keep === null ? b : b.slice(0, Math.min(keep, b.length)));
    switch (f.type) {
      case 'bytes':
        return Uint8Array.from(f.bytes);
      case 'sync':
        return cut(
          frame(0, (enc) => {
            encoding.writeVarUint(enc, f.step);
            encoding.writeVarUint8Array(enc, Uint8Array.from(f.payload));
          }),
          f.keep,
        );
      case 'awareness':
        return cut(
          frame(1, (enc) => encoding.writeVarUint8Array(enc, Uint8Array.from(f.payload))),
          f.keep,
        );
      case 'presence':
        return frame(1, (enc) => {
          const inner = encoding.createEncoder();
          encoding.writeVarUint(inner, 1);
          encoding.writeVarUint(inner, f.clientId);
          encoding.writeVarUint(inner, f.clock);
          encoding.writeVarString(inner, JSON.stringify(f.state) ?? 'null');
          encoding.writeVarUint8Array(enc, encoding.toUint8Array(inner));
        });
      case 'edit':
        try {
          return peer.edit((doc) => typeInSection(doc, f.section, f.text));
        } catch {
          return null; // the section is not in the mirror (yet): nothing to send
        }
      case 'huge':
        return new Uint8Array(f.bytes).fill(7);
    }
  }
}
