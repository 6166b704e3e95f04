/**
 * fanout: 1000 socket.io-client clients in one meeting; the chair issues 200 state changes;
 * every change's delivery latency to every client, against a plain `ws` broadcast of the same
 * payload to 1000 plain WebSocket clients (the floor of this machine). Rounds alternate system
 * and baseline; the result is the median of the paired p99 ratios.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import type { QueueCommandInput } from '../../shared/protocol';
import { openPerson, setUpMeeting } from '../helpers/meeting-people';
import { startTestApp } from '../helpers/test-app';
import { HttpClient } from '../helpers/http-client';
import { pairedSummary, percentile, roundLine, type RoundResult } from './bench-stats';
import { at } from '../helpers/at';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 25);
const here = path.dirname(fileURLToPath(import.meta.url));
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runClients(job: object, emitChanges: () => Promise<number[]>): Promise<RoundResult> {
  const child = fork(path.join(here, 'fanout-clients.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const message = (type: string) =>
    new Promise<{ received: number[]; disorder: number[] }>((resolve, reject) => {
      child.on('message', (m: { type: string; received: number[]; disorder: number[] }) => m.type === type && resolve(m));
      child.once('exit', (code) => reject(new Error(`client process exited with ${code}`)));
    });
  const ready = message('ready');
  child.send(job);
  await ready;
  await sleep(200);
  const done = message('done');
  const sentAt = await emitChanges();
  child.send('finish');
  const { received, disorder } = await done;
  child.kill();
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
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), lost };
}

async function main() {
  const t = await startTestApp();
  const m = await setUpMeeting(t);
  const chair = await openPerson(t, m.linkFor('chair'), m.meeting.id);
  const projector = new HttpClient(t.baseUrl);
  await projector.post('/api/links/exchange', { token: new URL(m.linkFor('projector').url).pathname.split('/').pop() });
  await chair.send({ type: 'meeting.start' });
  await chair.send({ type: 'turn.next' });
  const sample = chair.events.at(-1)!;

  // The baseline: the same JSON, broadcast by a bare ws server.
  const plain = createServer();
  const wss = new WebSocketServer({ server: plain });
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
  const baseUrl = `ws://127.0.0.1:${(plain.address() as AddressInfo).port}`;

  const system: RoundResult[] = [];
  const baseline: RoundResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const state = await t.app.services.queue.state(m.meeting.id);
    const firstSeq = state.seq + 1;
    system.push(
      await runClients(
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
      ),
    );
    baseline.push(
      await runClients({ mode: 'baseline', url: baseUrl, cookie: '', meetingId: '', clients: CLIENTS, changes: CHANGES, firstSeq: 1 }, async () => {
        const sentAt: number[] = [];
        for (let i = 0; i < CHANGES; i++) {
          sentAt.push(now());
          const payload = JSON.stringify({ ...sample, seq: i + 1, at: Date.now() });
          for (const client of wss.clients) client.send(payload);
          await sleep(INTERVAL_MS);
        }
        return sentAt;
      }),
    );
    console.log(roundLine(round + 1, system.at(-1)!, baseline.at(-1)!));
  }
  const result = { name: 'fanout', clients: CLIENTS, changes: CHANGES, rounds: ROUNDS, ...pairedSummary(system, baseline) };
  chair.close();
  wss.close();
  plain.close();
  await t.close();
  console.log(`BENCH ${JSON.stringify(result)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
