/**
 * rss: the memory of one node as `npm start` runs it (the compiled dist/server/main.js under plain
 * Node): idle once booted, then with 1000 socket.io-client clients joined to one meeting (in a
 * child process, fanout-clients.ts). Each figure is the resident set size the kernel reports for
 * the server's process once it settles (see settledRss; at most BENCH_SETTLE_MS, 150 s, per
 * figure); the first sample after boot, and the first with every client joined, are printed
 * beside it. BENCH_SERVER=tsx measures server/main.ts under tsx instead, for comparison.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API } from '../../shared/protocol/api';
import { freePort, startChildServer } from '../helpers/child-server';
import { HttpClient } from '../helpers/http-client';
import { setUpMeeting } from '../helpers/meeting-people';
import { startTestApp } from '../helpers/test-app';
import { median } from './bench-stats';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 150_000);
const FROM_SOURCE = process.env.BENCH_SERVER === 'tsx';
/** How long the RSS must hold still, after it shrank, to count as settled. */
const STEADY_MS = 10_000;
const SAMPLE_MS = 250;
const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The process's resident set size in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/**
 * Samples the RSS until it settles: V8's memory reducer shrinks the heap some tens of seconds after
 * the last burst of work (boot, a thousand handshakes). Settled means it fell by a tenth from the
 * first sample and then held within 1 MB for STEADY_MS; the figure is the median of that stretch.
 * A process that never shrinks within BENCH_SETTLE_MS is measured over its last STEADY_MS.
 */
async function settledRss(pid: number): Promise<number> {
  const samples: { at: number; mb: number }[] = [];
  const start = Date.now();
  const steady = () => {
    const now = Date.now() - start;
    const first = samples[0]?.mb ?? 0;
    const shrunkAt = samples.find((s) => s.mb < first * 0.9)?.at;
    if (shrunkAt === undefined || now - shrunkAt < STEADY_MS) return false;
    const tail = samples.filter((s) => s.at >= now - STEADY_MS).map((s) => s.mb);
    return Math.max(...tail) - Math.min(...tail) <= 1;
  };
  while (Date.now() - start < SETTLE_MS && !steady()) {
    samples.push({ at: Date.now() - start, mb: rssMb(pid) });
    await sleep(SAMPLE_MS);
  }
  const end = Date.now() - start;
  const trace = samples.filter((_, i) => i % 20 === 0).map((s) => `${Math.round(s.at / 1000)}s ${s.mb.toFixed(0)}`);
  console.log(`  rss every 5 s: ${trace.join(', ')} MB`);
  return median(samples.filter((s) => s.at >= end - STEADY_MS).map((s) => s.mb));
}

/** CLIENTS sockets joined to the meeting, in their own process; resolves with a function that closes them. */
async function connectClients(job: { url: string; cookie: string; meetingId: string }): Promise<() => Promise<void>> {
  const child = fork(path.join(here, 'fanout-clients.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const message = (type: string) =>
    new Promise<void>((resolve, reject) => {
      child.on('message', (m: { type: string }) => m.type === type && resolve());
      child.once('exit', (code) => reject(new Error(`client process exited with ${code}`)));
    });
  const ready = message('ready');
  // No changes follow: the clients only connect, join and stay.
  child.send({ mode: 'system', ...job, clients: CLIENTS, changes: 0, firstSeq: 1 });
  await ready;
  return async () => {
    const done = message('done');
    child.send('finish');
    await done;
    child.kill();
  };
}

async function main() {
  // A meeting and a projector's session, prepared in-process; the data folder then goes to the real server.
  const t = await startTestApp();
  const m = await setUpMeeting(t);
  const projector = new HttpClient(t.baseUrl);
  const projectorLink = m.links.find((l) => l.role === 'projector');
  if (!projectorLink) throw new Error('the meeting has no projector link');
  await projector.post(API.linkExchange, { token: new URL(projectorLink.url).pathname.split('/').pop() });
  await t.stop();

  const server = await startChildServer(t.dataDir, await freePort(), {}, { fromSource: FROM_SOURCE });
  const pid = server.child.pid;
  if (pid === undefined) throw new Error('the server process has no pid');
  const bootMb = rssMb(pid);
  const idleMb = await settledRss(pid);
  console.log(`idle: ${bootMb.toFixed(1)} MB at boot, ${idleMb.toFixed(1)} MB settled`);

  const close = await connectClients({ url: server.baseUrl, cookie: projector.cookie, meetingId: m.meeting.id });
  const joinedMb = rssMb(pid);
  const loadedMb = await settledRss(pid);
  console.log(`${CLIENTS} clients: ${joinedMb.toFixed(1)} MB once joined, ${loadedMb.toFixed(1)} MB settled`);
  await close();
  await server.kill9();
  fs.rmSync(t.dataDir, { recursive: true, force: true });

  const round1 = (x: number) => Math.round(x * 10) / 10;
  const result = {
    name: 'rss',
    idle_mb: round1(idleMb),
    per_1000_clients_mb: round1(((loadedMb - idleMb) * 1000) / CLIENTS),
    clients: CLIENTS,
    boot_mb: round1(bootMb),
    loaded_mb: round1(loadedMb),
    server: FROM_SOURCE ? 'tsx' : 'compiled',
  };
  console.log(`BENCH ${JSON.stringify(result)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
