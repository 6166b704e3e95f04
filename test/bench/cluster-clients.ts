/**
 * The client side of the cluster benchmark, in its own process so that no node's event loop is
 * shared with a thousand clients. Each client is a socket.io-client through the nginx front,
 * pinned to one node by the front's test header, and follows the queue by seq as the browser's
 * QueueFollower does: a join's snapshot (or, on a reconnect that sends its seq, the events missed
 * since), then events in order, and a `queue:sync` after a gap or on `queue:check`. It records
 * when each seq of the job's window reached each client as an event and, with `timeline`, every
 * join and every change of the seq a client holds (the failover is computed from those).
 *
 * The parent sends a job; this process answers `ready` once every client has joined, `rejoined`
 * once every client of a watched node has joined again after a given time, and `done` with the
 * report once every client holds the seq it was told (or after 15 s).
 */
import { io } from 'socket.io-client';
import { request, type RakorSocket } from '../../client/lib/socket';
import { PROTOCOL_VERSION, type QueueEvent, type QueueSyncResult } from '../../shared/protocol';

export interface ClusterClientsJob {
  url: string;
  cookie: string;
  meetingId: string;
  /** The node each client is pinned to through the front, one entry per client. */
  pins: number[];
  /** Arrival times are kept for seqs firstSeq .. firstSeq + slots - 1. */
  firstSeq: number;
  slots: number;
  /** Reconnect as the real client does (the failover); off in the measured rounds, where a drop must show as a loss. */
  reconnect: boolean;
  /** socket.io-client's reconnectionDelay and reconnectionDelayMax (randomizationFactor stays its default, 0.5). */
  reconnectionDelayMs: number;
  reconnectionDelayMaxMs: number;
  /** Keep every join and every change of the held seq, with its time. */
  timeline: boolean;
}

export type ToClients = { type: 'job'; job: ClusterClientsJob } | { type: 'watch'; node: number; since: number } | { type: 'finish'; seq: number };

export interface ClusterClientsReport {
  /** arrivals[c * slots + k]: when seq firstSeq + k reached client c as a `queue:event` (ms since the epoch), -1 if it never did. */
  arrivals: number[];
  /** decided[k]: the `at` of seq firstSeq + k (the server's clock when it decided the change), -1 if no client heard it. */
  decided: number[];
  /** Per client: events whose seq was not above the previous event's (out of order or twice). */
  disorder: number[];
  /** Per client: answers (join or sync) older than the seq it asked from: the server went back. */
  wentBack: number[];
  /** Answers older than what the client held by the time they came, not than what it asked from: events overtook them (ignored, as the QueueFollower does). */
  stale: number;
  /** Per client: the seq it holds at the end. */
  finalSeq: number[];
  /** Per client, with `timeline`: [time, seq held after it, ...] for every successful join. */
  joins: number[][];
  /** Per client, with `timeline`: [time, seq, ...] for every change of the held seq. */
  held: number[][];
  /** Per client, with `timeline`: when its transport was lost. */
  disconnects: number[][];
  /** Reconnects whose join answered with a whole snapshot instead of the missed events. */
  snapshots: number;
  /** `queue:sync` requests sent (after a gap or a `queue:check`). */
  syncs: number;
  /** Refused joins, by error code. */
  joinErrors: string[];
}

export type FromClients = { type: 'ready' } | { type: 'rejoined'; at: number } | { type: 'done'; report: ClusterClientsReport };

const now = () => performance.timeOrigin + performance.now();
const send = (m: FromClients) => process.send!(m);

/** One client: its socket and the seq it holds, advanced only in order (or by a newer snapshot). */
class Follower {
  held = 0;
  lastEvent = 0;
  joined = 0;
  lastJoinAt = 0;
  readonly firstJoin: Promise<void>;
  #joinedFirst = () => {};
  #syncing = false;

  constructor(
    readonly index: number,
    readonly socket: RakorSocket,
    private readonly run: Run,
  ) {
    this.firstJoin = new Promise((resolve) => (this.#joinedFirst = resolve));
    socket.on('connect', () => void this.join());
    socket.on('disconnect', () => {
      if (run.timeline) run.report.disconnects[index]!.push(now());
    });
    socket.on('queue:event', (e) => this.event(e));
    socket.on('queue:check', () => void this.resync());
  }

  private setHeld(seq: number): void {
    if (seq === this.held) return;
    this.held = seq;
    if (this.run.timeline) this.run.report.held[this.index]!.push(now(), seq);
  }

  /**
   * A snapshot's seq, or missed events in order; false when a gap is left (then a sync asks for the
   * rest). `asked`: the seq held when the request left; a snapshot older than that is the server
   * going back, one only older than what events have brought since is overtaken and ignored.
   */
  private catchUp(result: QueueSyncResult, asked: number): boolean {
    if (result.kind === 'snapshot') {
      if (result.state.seq < asked) this.run.report.wentBack[this.index]!++;
      else if (result.state.seq < this.held) this.run.report.stale++;
      else this.setHeld(result.state.seq);
      return true;
    }
    for (const e of result.events) {
      if (e.seq === this.held + 1) this.setHeld(e.seq);
      else if (e.seq > this.held + 1) return false;
    }
    return true;
  }

  private async join(): Promise<void> {
    const sinceSeq = this.held || undefined;
    let res;
    try {
      res = await request(this.socket, 'meeting:join', { meetingId: this.run.job.meetingId, protocolVersion: PROTOCOL_VERSION, sinceSeq }, 10_000);
    } catch {
      return; // the next reconnect joins again
    }
    if ('error' in res) {
      this.run.report.joinErrors.push(res.error.code);
      return;
    }
    const answer = res.data;
    if (this.joined > 0 && answer.queue !== undefined) this.run.report.snapshots++;
    const complete = this.catchUp(
      answer.queue !== undefined ? { kind: 'snapshot', state: answer.queue } : { kind: 'events', events: answer.events },
      sinceSeq ?? 0,
    );
    this.joined++;
    this.lastJoinAt = now();
    if (this.run.timeline) this.run.report.joins[this.index]!.push(this.lastJoinAt, this.held);
    if (!complete) void this.resync();
    this.#joinedFirst();
    this.run.joinedAgain();
  }

  private event(e: QueueEvent): void {
    const { job, report } = this.run;
    const k = e.seq - job.firstSeq;
    if (k >= 0 && k < job.slots && report.arrivals[this.index * job.slots + k]! < 0) {
      report.arrivals[this.index * job.slots + k] = now();
      report.decided[k] = e.at;
    }
    if (e.seq <= this.lastEvent) report.disorder[this.index]!++;
    this.lastEvent = e.seq;
    if (this.joined === 0) return; // before the first join's answer: that answer is the starting point
    if (e.seq === this.held + 1) this.setHeld(e.seq);
    else if (e.seq > this.held + 1) void this.resync();
  }

  /** One sync at a time, as the QueueFollower's; one cut off is left to the next reconnect's join. */
  async resync(): Promise<void> {
    if (this.#syncing || this.joined === 0) return;
    this.#syncing = true;
    this.run.report.syncs++;
    const asked = this.held;
    try {
      const res = await request(this.socket, 'queue:sync', { meetingId: this.run.job.meetingId, sinceSeq: asked }, 8000);
      if ('data' in res) this.catchUp(res.data, asked);
    } catch {
      // offline: the reconnect's join catches up
    } finally {
      this.#syncing = false;
    }
  }
}

class Run {
  readonly report: ClusterClientsReport;
  readonly followers: Follower[] = [];
  readonly timeline: boolean;
  #watch: { node: number; since: number } | null = null;

  constructor(readonly job: ClusterClientsJob) {
    const n = job.pins.length;
    const perClient = () => Array.from({ length: n }, (): number[] => []);
    this.timeline = job.timeline;
    this.report = {
      arrivals: new Array<number>(n * job.slots).fill(-1),
      decided: new Array<number>(job.slots).fill(-1),
      disorder: new Array<number>(n).fill(0),
      wentBack: new Array<number>(n).fill(0),
      finalSeq: [],
      joins: perClient(),
      held: perClient(),
      disconnects: perClient(),
      snapshots: 0,
      stale: 0,
      syncs: 0,
      joinErrors: [],
    };
  }

  async connect(): Promise<void> {
    const { job } = this;
    const joined: Promise<void>[] = [];
    for (let c = 0; c < job.pins.length; c++) {
      const socket: RakorSocket = io(job.url, {
        transports: ['websocket'],
        extraHeaders: { cookie: job.cookie, 'x-rakor-node': String(job.pins[c]) },
        forceNew: true,
        reconnection: job.reconnect,
        reconnectionDelay: job.reconnectionDelayMs,
        reconnectionDelayMax: job.reconnectionDelayMaxMs,
      });
      const follower = new Follower(c, socket, this);
      this.followers.push(follower);
      joined.push(
        new Promise((resolve, reject) => {
          void follower.firstJoin.then(resolve);
          if (!job.reconnect) socket.once('connect_error', reject);
        }),
      );
      // Small batches: a thousand handshakes at once only measure the accept queue.
      if (c % 50 === 49) await Promise.all(joined.slice(-50));
    }
    await Promise.all(joined);
  }

  watch(node: number, since: number): void {
    this.#watch = { node, since };
    this.joinedAgain();
  }

  /** After each join: tells the parent once every client of the watched node has joined again. */
  joinedAgain(): void {
    const w = this.#watch;
    if (!w) return;
    if (this.followers.every((f, c) => this.job.pins[c] !== w.node || f.lastJoinAt > w.since)) {
      this.#watch = null;
      send({ type: 'rejoined', at: now() });
    }
  }

  async finish(seq: number): Promise<void> {
    const deadline = now() + 15_000;
    while (this.followers.some((f) => f.held < seq) && now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.report.finalSeq = this.followers.map((f) => f.held);
    for (const f of this.followers) f.socket.disconnect();
    send({ type: 'done', report: this.report });
  }
}

// The parent is gone (it crashed, or was killed): so are its clients.
process.once('disconnect', () => process.exit(0));
let run: Run | null = null;
process.on('message', (m: ToClients) => {
  const fail = (err: unknown) => {
    console.error(err);
    process.exit(1);
  };
  if (m.type === 'job') {
    run = new Run(m.job);
    run.connect().then(() => send({ type: 'ready' }), fail);
  } else if (m.type === 'watch') run?.watch(m.node, m.since);
  else run?.finish(m.seq).catch(fail);
});
