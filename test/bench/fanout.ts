/**
 * fanout: 1000 socket.io-client clients in one meeting; the chair issues 200 queue changes; the
 * latency of every change to every client. Two floors in the same run: a bare `ws` server that
 * relays its chair's message to 1000 plain WebSocket clients (the raw broadcast: the ratio), and a
 * bare Socket.IO server doing the same to 1000 socket.io-client clients (what Socket.IO itself
 * costs, so that what Rakor adds on top shows apart: socketio_ratio). Seven rounds by default,
 * each runs all three with the first rotating; the figures are the medians of the paired p99
 * ratios with their spread, and the CPU time per change of this process (the server) and of the
 * clients' process, far steadier than latency on a noisy machine. Once on SQLite and, when
 * RAKOR_TEST_DATABASE_URL names a PostgreSQL, once more on it.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { Server as IoServer } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import type { QueueCommandInput } from '../../shared/protocol';
import { openPerson, setUpMeeting } from '../helpers/meeting-people';
import { startTestApp } from '../helpers/test-app';
import type { SqlDialectName } from '../../server/store/migrations';
import { HttpClient } from '../helpers/http-client';
import { median, pairedSummary, percentile, round2, roundLine, type RoundResult } from './bench-stats';
import { at } from '../helpers/at';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 25);
const here = path.dirname(fileURLToPath(import.meta.url));
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One run: the clients connect, then the changes go out; `cpuMs` is this process's CPU time from the first change until the last arrival. */
async function runClients(job: object, emitChanges: () => Promise<number[]>): Promise<RoundResult & { cpuMs: number; clientCpuMs: number }> {
  const execArgv = ['--import', 'tsx', ...(process.env.BENCH_CLIENT_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CLIENT_PROF}`] : [])];
  const child = fork(path.join(here, 'fanout-clients.ts'), { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const message = (type: string) =>
    new Promise<{ received: number[]; disorder: number[]; cpuMs: number }>((resolve, reject) => {
      child.on('message', (m: { type: string; received: number[]; disorder: number[]; cpuMs: number }) => m.type === type && resolve(m));
      child.once('exit', (code) => reject(new Error(`client process exited with ${code}`)));
    });
  const ready = message('ready');
  child.send(job);
  await ready;
  await sleep(200);
  const done = message('done');
  const cpu = process.cpuUsage();
  const from = process.hrtime.bigint();
  const sentAt = await emitChanges();
  child.send('finish');
  const { received, disorder, cpuMs: clientCpuMs } = await done;
  const used = process.cpuUsage(cpu);
  // With --cpu-prof: the window of each run on the profile's clock (µs), to split its samples.
  if (process.env.BENCH_PROF_WINDOWS) console.log(`WINDOW ${(job as { mode: string }).mode} ${from / 1000n} ${process.hrtime.bigint() / 1000n}`);
  const cpuMs = (used.user + used.system) / 1000;
  if (process.env.BENCH_CLIENT_PROF) child.disconnect();
  else child.kill();
  const latencies: number[] = [];
  let lost = 0;
  for (let c = 0; c < CLIENTS; c++) {
    for (let i = 0; i < CHANGES; i++) {
      const arrived = at(received, c * CHANGES + i, 'arrival');
      if (arrived < 0) lost++;
      else latencies.push(arrived - at(sentAt, i, 'send time'));
    }
    lost += at(disorder, c, 'disorder flag');
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), lost, cpuMs, clientCpuMs };
}

async function bench(storeKind: SqlDialectName) {
  const t = await startTestApp({ storeKind });
  const m = await setUpMeeting(t);
  const chair = await openPerson(t, m.linkFor('chair'), m.meeting.id);
  const projector = new HttpClient(t.baseUrl);
  await projector.post('/api/links/exchange', { token: new URL(m.linkFor('projector').url).pathname.split('/').pop() });
  await chair.send({ type: 'meeting.start' });
  await chair.send({ type: 'turn.next' });
  const sample = chair.events.at(-1)!;
  const bare = await startBareRelays();

  const runSystem = async () => {
    const firstSeq = (await t.app.services.queue.state(m.meeting.id)).seq + 1;
    return runClients(
      { mode: 'system', url: t.baseUrl, cookie: projector.cookie, meetingId: m.meeting.id, clients: CLIENTS, changes: CHANGES, firstSeq },
      async () => {
        const sentAt: number[] = [];
        const acks: Promise<unknown>[] = [];
        for (let i = 0; i < CHANGES; i++) {
          const command: QueueCommandInput = { type: i % 2 === 0 ? 'turn.pause' : 'turn.resume' };
          sentAt.push(now());
          acks.push(chair.send(command));
          await sleep(INTERVAL_MS);
        }
        await Promise.all(acks);
        return sentAt;
      },
    );
  };
  const runBare = (mode: 'baseline' | 'socketio') =>
    runClients(
      { mode, url: mode === 'baseline' ? bare.wsUrl : bare.ioUrl, cookie: '', meetingId: '', clients: CLIENTS, changes: CHANGES, firstSeq: 1 },
      async () => {
        const sentAt: number[] = [];
        for (let i = 0; i < CHANGES; i++) {
          sentAt.push(now());
          bare.send(mode, { ...sample, seq: i + 1, at: Date.now() });
          await sleep(INTERVAL_MS);
        }
        return sentAt;
      },
    );

  type Run = Awaited<ReturnType<typeof runClients>>;
  const runs: Record<'system' | 'baseline' | 'socketio', Run[]> = { system: [], baseline: [], socketio: [] };
  const order = ['system', 'baseline', 'socketio'] as const;
  for (let round = 0; round < ROUNDS; round++) {
    // Which goes first rotates: a machine that slows down or speeds up over the run favours none.
    for (let k = 0; k < order.length; k++) {
      const mode = order[(round + k) % order.length]!;
      runs[mode].push(mode === 'system' ? await runSystem() : await runBare(mode));
    }
    const [s, b, io] = [runs.system.at(-1)!, runs.baseline.at(-1)!, runs.socketio.at(-1)!];
    const perChange = (ms: number) => (ms / CHANGES).toFixed(2);
    console.log(
      `${storeKind} ${roundLine(round + 1, s, b)} | bare socket.io p50 ${io.p50.toFixed(2)} ms p99 ${io.p99.toFixed(2)} ms | cpu per change, server: ${perChange(s.cpuMs)} ms, ws ${perChange(b.cpuMs)} ms, socket.io ${perChange(io.cpuMs)} ms; clients: ${perChange(s.clientCpuMs)} ms, ws ${perChange(b.clientCpuMs)} ms, socket.io ${perChange(io.clientCpuMs)} ms`,
    );
  }
  const cpuPerChange = (list: Run[], of: 'cpuMs' | 'clientCpuMs' = 'cpuMs') => round2(median(list.map((r) => r[of] / CHANGES)));
  const pairedCpu = (a: Run[], b: Run[]) => round2(median(a.map((r, i) => r.cpuMs / at(b, i, 'paired round').cpuMs)));
  const summary = pairedSummary(runs.system, runs.baseline);
  const overSocketIo = pairedSummary(runs.system, runs.socketio);
  const result = {
    name: 'fanout',
    store: storeKind,
    clients: CLIENTS,
    changes: CHANGES,
    rounds: ROUNDS,
    ...summary,
    ratio_min: summary.ratios[0],
    ratio_max: summary.ratios.at(-1),
    cpu_ms_per_change: cpuPerChange(runs.system),
    baseline_cpu_ms_per_change: cpuPerChange(runs.baseline),
    cpu_ratio: pairedCpu(runs.system, runs.baseline),
    client_cpu_ms_per_change: cpuPerChange(runs.system, 'clientCpuMs'),
    baseline_client_cpu_ms_per_change: cpuPerChange(runs.baseline, 'clientCpuMs'),
    socketio_p99_ms: overSocketIo.baseline_p99_ms,
    socketio_ratio: overSocketIo.ratio,
    socketio_ratios: overSocketIo.ratios,
    socketio_cpu_ms_per_change: cpuPerChange(runs.socketio),
    socketio_cpu_ratio: pairedCpu(runs.system, runs.socketio),
    socketio_lost: runs.socketio.reduce((n, r) => n + r.lost, 0),
  };
  chair.close();
  await bare.close();
  await t.close();
  console.log(`BENCH ${JSON.stringify(result)}`);
}

/**
 * The two floors, in this process as Rakor's server is: a bare `ws` server and a bare Socket.IO
 * server (websocket only, as Rakor's), each relaying what its chair sends to every other client.
 * The change starts at a chair in every run, so every latency holds the chair's hop to the server.
 */
async function startBareRelays() {
  const wsHttp = createServer();
  const wss = new WebSocketServer({ server: wsHttp });
  wss.on('connection', (ws, req) => {
    if (req.url !== '/chair') return;
    ws.on('message', (data: Buffer) => {
      const payload = data.toString();
      for (const client of wss.clients) if (client !== ws) client.send(payload);
    });
  });
  const ioHttp = createServer();
  const ioServer = new IoServer(ioHttp, { transports: ['websocket'] });
  ioServer.on('connection', (socket) => socket.on('change', (event: unknown) => socket.broadcast.emit('queue:event', event)));
  const listen = (server: ReturnType<typeof createServer>) =>
    new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
  const [wsPort, ioPort] = [await listen(wsHttp), await listen(ioHttp)];
  const wsChair = new WebSocket(`ws://127.0.0.1:${wsPort}/chair`);
  await new Promise((resolve, reject) => wsChair.once('open', resolve).once('error', reject));
  const ioChair = ioClient(`http://127.0.0.1:${ioPort}`, { transports: ['websocket'], forceNew: true });
  await new Promise((resolve, reject) => ioChair.once('connect', () => resolve(undefined)).once('connect_error', reject));
  return {
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    ioUrl: `http://127.0.0.1:${ioPort}`,
    send(mode: 'baseline' | 'socketio', event: object) {
      if (mode === 'baseline') wsChair.send(JSON.stringify(event));
      else ioChair.emit('change', event);
    },
    async close() {
      wsChair.close();
      ioChair.close();
      wss.close();
      await new Promise<void>((r) => void ioServer.close(() => r()));
      wsHttp.close();
    },
  };
}

async function main() {
  await bench('sqlite');
  if (process.env.RAKOR_TEST_DATABASE_URL) await bench('postgres');
  else console.error('fanout: RAKOR_TEST_DATABASE_URL is not set, the PostgreSQL run is skipped (eval "$(bash scripts/test-services.sh)")');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
