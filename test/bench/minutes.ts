/**
 * minutes: one notulis types 5 characters a second into the minutes (and pastes a 2 kB paragraph
 * every 40th keystroke) while 1000 read-only viewers follow over y-websocket; every keystroke's
 * latency to every viewer. Baseline: the same typist and viewers against the reference
 * @y/websocket-server (in memory, no persistence). Rounds alternate system and baseline; the
 * result is the median of the paired p99 ratios.
 *
 * Both servers and both typists run in this process (as fanout's chair does); the viewers run in
 * a forked child (minutes-viewers.ts). Keystrokes go into a paragraph at the end of the minutes'
 * body (bench-text.ts), so Rakor checks each one against the minutes schema as it does a real
 * editor's; the baseline relays the same updates unchecked.
 */
import { fork } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { COLLAB_PATH, COLLAB_VERSION_PARAM } from '../../shared/minutes/layout';
import { PROTOCOL_VERSION } from '../../shared/protocol/events';
import { API } from '../../shared/protocol/api';
import { HttpClient } from '../helpers/http-client';
import { setUpMeeting } from '../helpers/meeting-people';
import { startTestApp } from '../helpers/test-app';
import type { FinishMessage, ViewersJob, ViewersMessage } from './minutes-viewers';
import { pairedSummary, percentile, roundLine, type RoundResult } from './bench-stats';
import { ensureBenchText } from './bench-text';
import { at } from '../helpers/at';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const KEYS_PER_S = Number(process.env.BENCH_KEYS_PER_S ?? 5);
/** Every PASTE_EVERY-th keystroke is a pasted paragraph of PASTE_CHARS characters. */
const PASTE_EVERY = 40;
const PASTE_CHARS = 2000;
const here = path.dirname(fileURLToPath(import.meta.url));
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const PARAGRAPH = (() => {
  const words = 'Rapat koordinasi membahas tindak lanjut program kesehatan ibu dan anak di setiap kecamatan dengan dukungan anggaran daerah'.split(' ');
  let s = '';
  for (let i = 0; s.length < PASTE_CHARS; i++) s += `${words[i % words.length]} `;
  return s.slice(0, PASTE_CHARS - 1) + '\n';
})();

/** What keystroke i inserts: one letter, or now and then a pasted paragraph. */
function keystroke(i: number): string {
  if ((i + 1) % PASTE_EVERY === 0) return PARAGRAPH;
  return i % 10 === 9 ? ' ' : String.fromCharCode(97 + (i % 26));
}

interface MinutesRound extends RoundResult {
  mismatched: number;
}

interface Target {
  mode: 'system' | 'baseline';
  serverUrl: string;
  room: string;
  typistCookie: string;
  viewerCookie: string;
}

/** The notulis: a Y.Doc with the real provider, in this process. */
async function openTypist(target: Target): Promise<{ doc: Y.Doc; provider: WebsocketProvider }> {
  const cookie = target.typistCookie;
  class CookieSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: cookie ? { cookie } : {} });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(target.serverUrl, target.room, doc, {
    WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 500,
    disableBc: true,
    // Rakor's protocol version (the baseline server ignores it).
    params: { [COLLAB_VERSION_PARAM]: String(PROTOCOL_VERSION) },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`typist (${target.mode}) not synced`)), 10_000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    if (provider.synced) return done();
    provider.on('sync', (s: boolean) => s && done());
  });
  return { doc, provider };
}

async function runRound(target: Target): Promise<MinutesRound> {
  const typist = await openTypist(target);
  const text = ensureBenchText(typist.doc);
  const baseLength = text.length;
  const lengths: number[] = [];
  let len = baseLength;
  for (let i = 0; i < KEYSTROKES; i++) lengths.push((len += keystroke(i).length));

  const child = fork(path.join(here, 'minutes-viewers.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const message = <T extends ViewersMessage['type']>(type: T) =>
    new Promise<Extract<ViewersMessage, { type: T }>>((resolve, reject) => {
      child.on('message', (m: ViewersMessage) => m.type === type && resolve(m as Extract<ViewersMessage, { type: T }>));
      child.once('exit', (code) => reject(new Error(`viewer process exited with ${code}`)));
    });
  const ready = message('ready');
  const job: ViewersJob = {
    mode: target.mode,
    serverUrl: target.serverUrl,
    room: target.room,
    cookie: target.viewerCookie,
    clients: CLIENTS,
    baseLength,
    lengths,
  };
  child.send(job);
  await ready;
  await sleep(200);
  const done = message('done');

  // Keystrokes on a fixed schedule, so a slow server does not slow the typist down.
  const sentAt: number[] = [];
  const intervalMs = 1000 / KEYS_PER_S;
  const start = now();
  for (let i = 0; i < KEYSTROKES; i++) {
    const wait = start + i * intervalMs - now();
    if (wait > 0) await sleep(wait);
    sentAt.push(now());
    text.insert(text.length, keystroke(i));
  }
  if (text.length !== lengths.at(-1)) throw new Error(`typist text is ${text.length} long, expected ${lengths.at(-1)}`);
  const finish: FinishMessage = { type: 'finish', text: text.toJSON() };
  child.send(finish);
  const { received, mismatched } = await done;
  child.kill();
  typist.provider.destroy();
  typist.doc.destroy();

  const latencies: number[] = [];
  let lost = 0;
  let mismatchedViewers = 0;
  for (let c = 0; c < CLIENTS; c++) {
    let viewerLost = 0;
    for (let i = 0; i < KEYSTROKES; i++) {
      const arrived = at(received, c * KEYSTROKES + i, 'arrival');
      if (arrived < 0) viewerLost++;
      else latencies.push(arrived - at(sentAt, i, 'send time'));
    }
    // A viewer whose final text is not the typist's (a keystroke missing, doubled or out of
    // order): all of its keystrokes count as lost.
    if (mismatched[c]) {
      mismatchedViewers++;
      viewerLost = KEYSTROKES;
    }
    lost += viewerLost;
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), lost, mismatched: mismatchedViewers };
}

async function startBaseline(): Promise<{ url: string; close: () => void }> {
  // The reference server, in memory: never its leveldb persistence.
  delete process.env.YPERSISTENCE;
  const { setupWSConnection, docs } = await import('@y/websocket-server/utils');
  const plain = createServer((_req, res) => res.writeHead(200).end('okay'));
  const wss = new WebSocketServer({ server: plain });
  wss.on('connection', (conn: WebSocket, req: IncomingMessage) => setupWSConnection(conn, req, { docName: 'minutes-bench' }));
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
  return {
    url: `ws://127.0.0.1:${(plain.address() as AddressInfo).port}`,
    close: () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      plain.close();
      // Its documents stay in memory without persistence, each with an awareness timer.
      for (const doc of docs.values()) {
        doc.awareness.destroy();
        doc.destroy();
      }
      docs.clear();
    },
  };
}

async function main() {
  const t = await startTestApp();
  const m = await setUpMeeting(t);
  const exchange = async (role: string) => {
    const client = new HttpClient(t.baseUrl);
    const res = await client.post(API.linkExchange, { token: new URL(m.linkFor(role, 0).url).pathname.split('/').pop() });
    if (res.status >= 300 || !client.cookie) throw new Error(`link exchange for ${role} failed: ${res.status}`);
    return client.cookie;
  };
  const notulis = await exchange('notulis');
  const participant = await exchange('participant');
  const baselineServer = await startBaseline();

  const systemTarget: Target = {
    mode: 'system',
    serverUrl: `${t.baseUrl.replace(/^http/, 'ws')}${COLLAB_PATH}`,
    room: m.meeting.id,
    typistCookie: notulis,
    viewerCookie: participant,
  };
  const baselineTarget: Target = { mode: 'baseline', serverUrl: baselineServer.url, room: 'minutes-bench', typistCookie: '', viewerCookie: '' };

  const system: MinutesRound[] = [];
  const baseline: MinutesRound[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    system.push(await runRound(systemTarget));
    baseline.push(await runRound(baselineTarget));
    console.log(roundLine(round + 1, system.at(-1)!, baseline.at(-1)!));
  }
  const result = {
    name: 'minutes',
    clients: CLIENTS,
    keystrokes: KEYSTROKES,
    keys_per_s: KEYS_PER_S,
    rounds: ROUNDS,
    ...pairedSummary(system, baseline),
    mismatched: system.reduce((n, s) => n + s.mismatched, 0),
    baseline_lost: baseline.reduce((n, b) => n + b.lost, 0),
  };
  baselineServer.close();
  await t.close();
  console.log(`BENCH ${JSON.stringify(result)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
