/**
 * cluster: 1000 socket.io-client clients (in a child process, cluster-clients.ts) of one meeting,
 * spread over 3 real compiled nodes behind the real nginx, against the same 1000 all on one node;
 * the chair issues the same 200 changes to both (pause and resume in turn, each decided, stored in
 * PostgreSQL and broadcast). Rounds alternate the two (ABBA order); the result is the median of the
 * per-round p99 ratios three/one. Then the failover: with the clients spread over the three nodes
 * and the chair pressing every 250 ms, one node (not the chair's) is killed with SIGKILL; the time
 * from the kill until each of its clients, reconnected through nginx to another node and joined
 * again, holds the current seq.
 *
 * The chair presses the next change once the last one is acked and at least BENCH_INTERVAL_MS
 * (25 ms) after it, not every 25 ms regardless as fanout does: on PostgreSQL one meeting's command
 * takes about as long here, so a fixed 25 ms pace piles the commands up behind the meeting's lock
 * and the figure becomes that queue's length, the same in both configurations. The pace reached is
 * printed (interval_ms).
 *
 * One cluster of three nodes serves both configurations: "one" pins every client to node 0 with the
 * front's test header, "three" pins client c to node c % 3 (the chair is on node 0 in both). So
 * both run the same code on the same PostgreSQL schema, Redis and nginx, the Redis adapter included
 * (node 0 publishes every broadcast in both); only the spread differs. It also saves booting a
 * second cluster, which on two cores takes longer than a round.
 *
 * Needs RAKOR_TEST_DATABASE_URL, RAKOR_TEST_REDIS_URL (eval "$(bash scripts/test-services.sh)")
 * and nginx; skipped with a notice otherwise (failed with RAKOR_REQUIRE_CLUSTER=1).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API } from '../../shared/protocol/api';
import type { MeetingLink, QueueCommandInput } from '../../shared/protocol';
import { at, must } from '../helpers/at';
import { ClusterNodes } from '../helpers/cluster-nodes';
import { HttpClient } from '../helpers/http-client';
import { setUpMeeting } from '../helpers/meeting-people';
import { nginxPath } from '../helpers/nginx-front';
import { PhoneScreen } from '../helpers/phone-screen';
import { clusterRequired } from '../helpers/services';
import { eventually } from '../helpers/wait';
import { median, percentile, round2 } from './bench-stats';
import type { ClusterClientsJob, ClusterClientsReport, FromClients, ToClients } from './cluster-clients';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 25);
/** The real client's socket.io-client options (client/lib/socket.ts): the default first delay, 1 s ± 50 %, at most 5 s. */
const RECONNECT_DELAY_MS = Number(process.env.BENCH_RECONNECT_DELAY_MS ?? 1000);
const RECONNECT_DELAY_MAX_MS = 5000;
const NODES = 3;
const CHAIR_NODE = 0;
const KILLED_NODE = 2;
/** The chair's pace during the failover, and how long the failover may take before its clients count as unrecovered. */
const FAILOVER_INTERVAL_MS = 250;
const FAILOVER_LIMIT_MS = 30_000;
/** Timer events (a warning) may take a seq in between: the window is a little wider than the changes. */
const SLACK = 50;
const here = path.dirname(fileURLToPath(import.meta.url));
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Config = 'one' | 'three';
interface Measured {
  p50: number;
  p99: number;
  lost: number;
  /** Established connections on each node's port once the clients joined. */
  spread: number[];
  /** The mean time from one press to the next: INTERVAL_MS, or more when the acks took longer. */
  interval: number;
  /** p99 of the clients on each node (NaN for a node without clients). */
  nodeP99: number[];
  /** p99 from the server's decision (the event's `at`) to the arrival: the fan-out alone, without the command's way in. */
  deliveryP99: number;
  /** Where the CPU went while the changes were pressed (see cpuUsage). */
  cpu: string;
}

/** Why the benchmark cannot run here, after the same loud notice the tests print; null when it can. */
function skipReason(): string | null {
  const missing = [
    !process.env.RAKOR_TEST_DATABASE_URL && 'RAKOR_TEST_DATABASE_URL is not set',
    !process.env.RAKOR_TEST_REDIS_URL && 'RAKOR_TEST_REDIS_URL is not set',
    !nginxPath() && 'nginx is not installed (apt-get install nginx)',
  ].filter((x): x is string => !!x);
  if (missing.length === 0) return null;
  const why = missing.join('; ');
  if (clusterRequired) throw new Error(`RAKOR_REQUIRE_CLUSTER=1 but ${why}`);
  console.warn(`\n\n  !!! CLUSTER BENCHMARK SKIPPED: ${why} (eval "$(bash scripts/test-services.sh)" starts the services) !!!\n\n`);
  return why;
}

/** Established TCP connections whose local port is each node's: nginx's upstream connections, one per client. */
function connectionsPerNode(ports: readonly number[]): number[] {
  const counts = ports.map(() => 0);
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '01' || !local) continue;
      const i = ports.indexOf(parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
      if (i >= 0) counts[i]!++;
    }
  }
  return counts;
}

/** CPU time (user + system) a process has used, in ms; 0 once it is gone. Linux's /proc, 100 ticks a second. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** CPU time the whole machine has been busy (not idle nor waiting), in ms, summed over its cores. */
function machineMs(): number {
  const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 10;
}

/** The pids of nginx (master and worker): the processes named nginx under this one. */
function nginxPids(): number[] {
  const parentOf = new Map<number, { ppid: number; comm: string }>();
  for (const dir of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${dir}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      parentOf.set(Number(dir), { ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), comm });
    } catch {
      // gone meanwhile
    }
  }
  const master = [...parentOf].filter(([, p]) => p.ppid === process.pid && p.comm === 'nginx').map(([pid]) => pid);
  return [...master, ...[...parentOf].filter(([, p]) => master.includes(p.ppid)).map(([pid]) => pid)];
}

/** The clients' process: started with a job, resolved once every client has joined. */
async function startClients(job: ClusterClientsJob) {
  const child: ChildProcess = fork(path.join(here, 'cluster-clients.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let exited: Error | null = null;
  const waiters = new Set<(m: FromClients | Error) => void>();
  child.on('message', (m: FromClients) => waiters.forEach((w) => w(m)));
  child.once('exit', (code) => {
    exited = new Error(`the clients' process exited with ${code}`);
    waiters.forEach((w) => w(exited!));
  });
  const next = <T extends FromClients['type']>(type: T, timeoutMs = 120_000) =>
    new Promise<Extract<FromClients, { type: T }>>((resolve, reject) => {
      if (exited) return reject(exited);
      const timer = setTimeout(() => done(new Error(`no '${type}' from the clients within ${timeoutMs} ms`)), timeoutMs);
      const done = (m: FromClients | Error) => {
        if (!(m instanceof Error) && m.type !== type) return;
        clearTimeout(timer);
        waiters.delete(done);
        if (m instanceof Error) reject(m);
        else resolve(m as Extract<FromClients, { type: T }>);
      };
      waiters.add(done);
    });
  const tell = (m: ToClients) => child.send(m);
  const ready = next('ready');
  tell({ type: 'job', job });
  await ready;
  return {
    pid: child.pid,
    /** The next `rejoined` (every client of `node` joined again after `since`), or null after timeoutMs. */
    watch: (node: number, since: number, timeoutMs: number) => {
      const rejoined = next('rejoined', timeoutMs).catch(() => null);
      tell({ type: 'watch', node, since });
      return rejoined;
    },
    /** Waits until every client holds `seq` (at most 15 s), then closes them: the report. */
    finish: async (seq: number): Promise<ClusterClientsReport> => {
      const done = next('done', 60_000);
      tell({ type: 'finish', seq });
      const { report } = await done;
      return report;
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
type Clients = Awaited<ReturnType<typeof startClients>>;

async function main() {
  const skipped = skipReason();
  if (skipped) {
    console.log(`BENCH ${JSON.stringify({ name: 'cluster', skipped })}`);
    return;
  }
  const cluster = await ClusterNodes.start({ nodes: NODES, redisUrl: process.env.RAKOR_TEST_REDIS_URL! });
  // Past the finally too (a crash, Ctrl-C): the nodes and nginx do not outlive this process.
  process.once('exit', () => {
    for (const node of cluster.nodes) node?.child.kill('SIGKILL');
    for (const pid of nginxPids()) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));
  const closers: (() => void)[] = [];
  try {
    // The meeting and two sessions, set up through the API of an in-process app on the cluster's database.
    const { t, store } = await cluster.setupApp();
    const m = await setUpMeeting(t);
    const cookieOf = async (link: MeetingLink) => {
      const client = new HttpClient(t.baseUrl);
      const res = await client.post(API.linkExchange, { token: new URL(link.url).pathname.split('/').pop() });
      if (res.status !== 200) throw new Error(`link exchange answered ${res.status}`);
      return client.cookie;
    };
    const chairCookie = await cookieOf(m.linkFor('chair'));
    const viewerCookie = await cookieOf(m.linkFor('projector'));
    await t.stop();
    const meetingId = m.meeting.id;
    const front = cluster.front;

    const chair = new PhoneScreen(front.baseUrl, chairCookie, meetingId, front.pin(CHAIR_NODE));
    closers.push(() => chair.close());
    await eventually(() => chair.joins > 0, { what: 'the chair to join', timeoutMs: 10_000 });
    const press = (command: QueueCommandInput) => chair.press(command, 5000);
    // Pause and resume in turn, as fanout's changes, across rounds and the failover alike.
    let paused = false;
    const nextChange = (): QueueCommandInput => {
      paused = !paused;
      return { type: paused ? 'turn.pause' : 'turn.resume' };
    };
    await press({ type: 'meeting.start' });
    await press({ type: 'turn.next' });
    const storedSeq = async () => must(await store.queue.loadState(meetingId), 'the stored queue').seq;
    const clientsFor = (pins: number[], slots: number, reconnect: boolean, firstSeq: number) =>
      startClients({
        url: front.baseUrl,
        cookie: viewerCookie,
        meetingId,
        pins,
        firstSeq,
        slots,
        reconnect,
        reconnectionDelayMs: RECONNECT_DELAY_MS,
        reconnectionDelayMaxMs: RECONNECT_DELAY_MAX_MS,
        timeline: reconnect,
      });
    const pinsOf = (config: Config) => Array.from({ length: CLIENTS }, (_, c) => (config === 'one' ? CHAIR_NODE : c % NODES));
    /** Throws unless the clients sit on the nodes they were pinned to (roughly: nginx's idle upstream connections count too). */
    const checkSpread = (config: Config, spread: number[]) => {
      const expected = pinsOf(config).reduce(
        (n, p) => (n[p]!++, n),
        cluster.ports.map(() => 0),
      );
      if (spread.some((n, i) => n < at(expected, i, 'expected') * 0.95 || n > at(expected, i, 'expected') + 50)) {
        throw new Error(`the clients are not on the nodes they were pinned to: ${JSON.stringify(spread)} connections, ${JSON.stringify(expected)} expected`);
      }
    };

    /** Starts counting; the function returned says, in % of one core, what each process used since: the nodes, nginx, the clients, this one, and the whole machine (of 100 % × cores). */
    const cpuUsage = (clientsPid: number | undefined) => {
      const nodes = cluster.nodes.map((n) => n?.child.pid);
      const nginx = nginxPids();
      const sample = () => ({
        nodes: nodes.map(cpuMs),
        nginx: nginx.reduce((n, pid) => n + cpuMs(pid), 0),
        clients: cpuMs(clientsPid),
        self: cpuMs(process.pid),
        machine: machineMs(),
      });
      const before = sample();
      const start = now();
      return () => {
        const after = sample();
        const pct = (ms: number) => Math.round((100 * ms) / (now() - start));
        return `cpu % nodes [${after.nodes.map((ms, i) => pct(ms - at(before.nodes, i, 'node cpu'))).join(',')}] nginx ${pct(after.nginx - before.nginx)} clients ${pct(after.clients - before.clients)} bench ${pct(after.self - before.self)} machine ${pct(after.machine - before.machine)}`;
      };
    };

    const measure = async (config: Config): Promise<Measured> => {
      const firstSeq = (await storedSeq()) + 1;
      const slots = CHANGES + SLACK;
      const pins = pinsOf(config);
      const clients = await clientsFor(pins, slots, false, firstSeq);
      let report: ClusterClientsReport;
      let spread: number[];
      let cpu: string;
      const sentAt: number[] = [];
      const seqOf: number[] = [];
      try {
        spread = connectionsPerNode(cluster.ports);
        checkSpread(config, spread);
        await sleep(200);
        const usage = cpuUsage(clients.pid);
        for (let i = 0; i < CHANGES; i++) {
          sentAt.push(now());
          const [seq] = await Promise.all([press(nextChange()), sleep(INTERVAL_MS)]);
          seqOf.push(seq);
        }
        cpu = usage();
        report = await clients.finish(await storedSeq());
      } finally {
        clients.kill();
      }
      const latencies: number[] = [];
      const delivery: number[] = [];
      const byNode: number[][] = cluster.ports.map(() => []);
      let lost = 0;
      for (let c = 0; c < CLIENTS; c++) {
        for (let i = 0; i < CHANGES; i++) {
          const k = at(seqOf, i, 'acked seq') - firstSeq;
          const arrived = k < slots ? at(report.arrivals, c * slots + k, 'arrival') : -1;
          if (arrived < 0) lost++;
          else {
            latencies.push(arrived - at(sentAt, i, 'send time'));
            delivery.push(arrived - at(report.decided, k, 'decided'));
            at(byNode, at(pins, c, 'pin'), 'node').push(arrived - at(sentAt, i, 'send time'));
          }
        }
        lost += at(report.disorder, c, 'disorder');
      }
      latencies.sort((a, b) => a - b);
      delivery.sort((a, b) => a - b);
      const nodeP99 = byNode.map((l) =>
        percentile(
          l.sort((a, b) => a - b),
          99,
        ),
      );
      const interval = (at(sentAt, CHANGES - 1, 'last send') - at(sentAt, 0, 'first send')) / Math.max(1, CHANGES - 1);
      return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), lost, spread, interval, nodeP99, cpu, deliveryP99: percentile(delivery, 99) };
    };

    const results: Record<Config, Measured[]> = { one: [], three: [] };
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order: Config[] = round % 2 === 0 ? ['one', 'three'] : ['three', 'one'];
      for (const config of order) results[config].push(await measure(config));
      const one = must(results.one.at(-1), 'one');
      const three = must(results.three.at(-1), 'three');
      ratios.push(three.p99 / one.p99);
      const line = (name: string, r: Measured) =>
        `${name} p50 ${r.p50.toFixed(2)} ms p99 ${r.p99.toFixed(2)} ms lost ${r.lost} (from the decision p99 ${r.deliveryP99.toFixed(0)} ms) on [${r.spread.join(',')}] (p99 by node [${r.nodeP99.map((x) => (isNaN(x) ? '-' : x.toFixed(0))).join(',')}]) every ${r.interval.toFixed(1)} ms, ${r.cpu}`;
      console.log(`round ${round + 1}: ${line('one', one)} | ${line('three', three)} | ratio ${(three.p99 / one.p99).toFixed(2)}`);
    }

    const failover = await measureFailover(cluster, () => press(nextChange()), storedSeq, clientsFor, pinsOf('three'), checkSpread);
    const lost = [...results.one, ...results.three].reduce((n, r) => n + r.lost, 0) + failover.lost;
    const summary = (rs: Measured[]) => ({
      p50: round2(median(rs.map((r) => r.p50))),
      p99: round2(median(rs.map((r) => r.p99))),
      interval: round2(median(rs.map((r) => r.interval))),
    });
    const three = summary(results.three);
    const one = summary(results.one);
    const result = {
      name: 'cluster',
      clients: CLIENTS,
      nodes: NODES,
      changes: CHANGES,
      rounds: ROUNDS,
      p50_ms: three.p50,
      p99_ms: three.p99,
      single_p50_ms: one.p50,
      single_p99_ms: one.p99,
      interval_ms: three.interval,
      single_interval_ms: one.interval,
      ratio: round2(median(ratios)),
      ratios: ratios.map(round2),
      lost,
      failover_clients: failover.clients,
      failover_p50_ms: failover.p50,
      failover_p99_ms: failover.p99,
      failover_max_ms: failover.max,
      failover_rejoin_p99_ms: failover.rejoinP99,
      failover_unrecovered: failover.unrecovered,
      reconnect_delay_ms: RECONNECT_DELAY_MS,
    };
    console.log(`BENCH ${JSON.stringify(result)}`);
    if (lost > 0) {
      console.error(`cluster: ${lost} deliveries lost or out of order (failover: ${JSON.stringify(failover.detail)})`);
      process.exitCode = 1;
    }
  } finally {
    closers.forEach((close) => close());
    await cluster.close();
  }
}

/**
 * The failover: the clients spread over the three nodes, the chair pressing every 250 ms on node 0;
 * node 2 is killed. For each of its clients, the time from the kill to the first moment it holds
 * the current seq after joining again: at the answer of its first join after the kill if that
 * answer brought it to the seq the chair had been acked for by then, else when an event or a sync
 * brought it there. Every client must end at the stored seq, never go back, and those of the nodes
 * that lived must have heard every change as an event.
 */
async function measureFailover(
  cluster: ClusterNodes,
  pressChange: () => Promise<number>,
  storedSeq: () => Promise<number>,
  clientsFor: (pins: number[], slots: number, reconnect: boolean, firstSeq: number) => Promise<Clients>,
  pins: number[],
  checkSpread: (config: Config, spread: number[]) => void,
) {
  const startSeq = await storedSeq();
  const firstSeq = startSeq + 1;
  const slots = Math.ceil((FAILOVER_LIMIT_MS + 10_000) / FAILOVER_INTERVAL_MS) + SLACK;
  const clients = await clientsFor(pins, slots, true, firstSeq);
  /** What the chair was acked, and when: the current seq at any moment. */
  const commits: { at: number; seq: number }[] = [{ at: 0, seq: startSeq }];
  let pressing = true;
  let killAt = 0;
  let report: ClusterClientsReport;
  let rejoinedAt: number | null = null;
  const presser = (async () => {
    while (pressing) {
      const seq = await pressChange();
      commits.push({ at: now(), seq });
      await sleep(FAILOVER_INTERVAL_MS);
    }
  })();
  try {
    checkSpread('three', connectionsPerNode(cluster.ports));
    await sleep(2000);
    killAt = now();
    const rejoined = clients.watch(KILLED_NODE, killAt, FAILOVER_LIMIT_MS);
    await cluster.kill9(KILLED_NODE);
    rejoinedAt = (await rejoined)?.at ?? null;
    // The chair carries on a little after the last rejoin: those clients must keep up, not only catch up.
    await sleep(2000);
    pressing = false;
    await presser;
    report = await clients.finish(await storedSeq());
  } finally {
    pressing = false;
    clients.kill();
  }
  const finalSeq = await storedSeq();
  const currentAt = (t: number) => commits.reduce((seq, c) => (c.at <= t ? Math.max(seq, c.seq) : seq), startSeq);

  const times: number[] = [];
  const rejoins: number[] = [];
  const dropped: number[] = [];
  let unrecovered = 0;
  const detail = {
    disorder: 0,
    wentBack: 0,
    notAtFinal: 0,
    survivorsMissing: 0,
    unrecovered: 0,
    snapshots: report.snapshots,
    stale: report.stale,
    syncs: report.syncs,
    joinErrors: report.joinErrors.length,
  };
  for (let c = 0; c < pins.length; c++) {
    detail.disorder += at(report.disorder, c, 'disorder');
    detail.wentBack += at(report.wentBack, c, 'went back');
    if (at(report.finalSeq, c, 'final seq') !== finalSeq) detail.notAtFinal++;
    if (at(pins, c, 'pin') !== KILLED_NODE) {
      // Never disconnected: every change must have come as an event.
      for (let seq = firstSeq; seq <= finalSeq; seq++) if (at(report.arrivals, c * slots + seq - firstSeq, 'arrival') < 0) detail.survivorsMissing++;
      continue;
    }
    const joins = at(report.joins, c, 'joins');
    const lostAt = at(report.disconnects, c, 'disconnects').find((t) => t > killAt);
    if (lostAt !== undefined) dropped.push(lostAt - killAt);
    const held = at(report.held, c, 'held');
    let joinedAt = -1;
    for (let i = 0; i < joins.length; i += 2) {
      if (at(joins, i, 'join time') > killAt) {
        joinedAt = at(joins, i, 'join time');
        break;
      }
    }
    let recoveredAt = -1;
    if (joinedAt >= 0) {
      const target = currentAt(joinedAt);
      let heldThen = 0;
      for (let i = 0; i < held.length; i += 2) {
        const [t, seq] = [at(held, i, 'held time'), at(held, i + 1, 'held seq')];
        if (t <= joinedAt) heldThen = seq;
        else if (seq >= target) {
          recoveredAt = t;
          break;
        }
      }
      if (heldThen >= target) recoveredAt = joinedAt;
      rejoins.push(joinedAt - killAt);
    }
    if (recoveredAt < 0 || recoveredAt - killAt > FAILOVER_LIMIT_MS) unrecovered++;
    else times.push(recoveredAt - killAt);
  }
  detail.unrecovered = unrecovered;
  times.sort((a, b) => a - b);
  rejoins.sort((a, b) => a - b);
  dropped.sort((a, b) => a - b);
  const clientsOfKilled = pins.filter((p) => p === KILLED_NODE).length;
  console.log(
    `failover: node ${KILLED_NODE} killed with ${clientsOfKilled} clients; recovered p50 ${percentile(times, 50).toFixed(0)} ms p99 ${percentile(times, 99).toFixed(0)} ms max ${(times.at(-1) ?? NaN).toFixed(0)} ms` +
      ` (transport lost p99 ${percentile(dropped, 99).toFixed(0)} ms, rejoined p50 ${percentile(rejoins, 50).toFixed(0)} ms p99 ${percentile(rejoins, 99).toFixed(0)} ms; all rejoined ${rejoinedAt === null ? 'never' : `${(rejoinedAt - killAt).toFixed(0)} ms`} after the kill);` +
      ` ${finalSeq - startSeq} changes, ${JSON.stringify(detail)}`,
  );
  return {
    clients: clientsOfKilled,
    p50: Math.round(percentile(times, 50)),
    p99: Math.round(percentile(times, 99)),
    max: Math.round(times.at(-1) ?? NaN),
    rejoinP99: Math.round(percentile(rejoins, 99)),
    unrecovered,
    lost: detail.disorder + detail.wentBack + detail.notAtFinal + detail.survivorsMissing + unrecovered,
    detail,
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
