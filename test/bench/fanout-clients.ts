/**
 * The client side of the fanout benchmark, in its own process so the server's event loop is
 * not shared with a thousand clients. Told by the parent which server to load, it connects
 * N clients, reports "ready", records when each change reaches each client, and reports back.
 */
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { at } from '../helpers/at';

interface Job {
  /** Rakor's server, the bare `ws` relay, or the bare Socket.IO relay. */
  mode: 'system' | 'baseline' | 'socketio';
  url: string;
  cookie: string;
  meetingId: string;
  clients: number;
  changes: number;
  /** seq of the first change (system mode). */
  firstSeq: number;
}

const now = () => performance.timeOrigin + performance.now();

async function run(job: Job) {
  const received = new Float64Array(job.clients * job.changes).fill(-1);
  const disorder = new Uint8Array(job.clients);
  const lastSeen = new Int32Array(job.clients).fill(-1);
  let total = 0;
  const record = (client: number, index: number) => {
    if (index < 0 || index >= job.changes) return;
    if (index <= at(lastSeen, client, 'last index seen')) disorder[client] = 1;
    lastSeen[client] = index;
    if (at(received, client * job.changes + index, 'arrival') < 0) total++;
    received[client * job.changes + index] = now();
  };

  const closers: (() => void)[] = [];
  const connecting: Promise<void>[] = [];
  for (let c = 0; c < job.clients; c++) {
    if (job.mode === 'system') {
      const socket: Socket = io(job.url, { transports: ['websocket'], extraHeaders: { cookie: job.cookie }, forceNew: true, reconnection: false });
      socket.on('queue:event', (e: { seq: number }) => record(c, e.seq - job.firstSeq));
      connecting.push(
        new Promise((resolve, reject) => {
          socket.once('connect', () => {
            socket.emit('meeting:join', { meetingId: job.meetingId, protocolVersion: PROTOCOL_VERSION }, () => resolve());
          });
          socket.once('connect_error', reject);
        }),
      );
      closers.push(() => socket.disconnect());
    } else if (job.mode === 'socketio') {
      const socket: Socket = io(job.url, { transports: ['websocket'], forceNew: true, reconnection: false });
      socket.on('queue:event', (e: { seq: number }) => record(c, e.seq - job.firstSeq));
      connecting.push(new Promise((resolve, reject) => socket.once('connect', () => resolve()).once('connect_error', reject)));
      closers.push(() => socket.disconnect());
    } else {
      const ws = new WebSocket(job.url);
      ws.on('message', (data: Buffer) => record(c, (JSON.parse(data.toString()) as { seq: number }).seq - job.firstSeq));
      connecting.push(new Promise((resolve, reject) => ws.once('open', () => resolve()).once('error', reject)));
      closers.push(() => ws.close());
    }
    // Connect in small batches: a thousand handshakes at once only measure the accept queue.
    if (c % 50 === 49) await Promise.all(connecting.slice(-50));
  }
  await Promise.all(connecting);
  process.send!({ type: 'ready' });
  // The clients' own CPU time while the changes arrive: a thousand decodes per change in one process.
  const cpu = process.cpuUsage();

  await new Promise<void>((resolve) => {
    process.once('message', () => resolve()); // "finish": the parent sent its last change
  });
  const deadline = now() + 15_000;
  while (total < job.clients * job.changes && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const used = process.cpuUsage(cpu);
  for (const close of closers) close();
  process.send!({ type: 'done', received: Array.from(received), disorder: Array.from(disorder), cpuMs: (used.user + used.system) / 1000 });
}

process.once('message', (job: Job) => {
  run(job).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
