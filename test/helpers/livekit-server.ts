import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { RoomServiceClient } from 'livekit-server-sdk';
import { API } from '../../shared/protocol/api';
import { freePort } from './child-server';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app';
import { eventually } from './wait';

/**
 * A real LiveKit server (the pinned release scripts/livekit-server.sh builds) for one test file:
 * its own ports on loopback, its own key and secret, and its webhooks passing through a recorder
 * that forwards them to the app under test, so an app can restart on another port and a test can
 * read the exact bytes LiveKit sent.
 */

/** RAKOR_REQUIRE_LIVEKIT=1 (CI): a missing server fails the run instead of skipping. */
export const livekitRequired = process.env.RAKOR_REQUIRE_LIVEKIT === '1';

const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/livekit-server.sh');

/** The livekit-server binary: RAKOR_LIVEKIT_BIN, or the one the script built; null when neither exists. */
export function livekitBinary(): string | null {
  const given = process.env.RAKOR_LIVEKIT_BIN;
  if (given) return fs.existsSync(given) ? given : null;
  try {
    const found = execFileSync('bash', [SCRIPT, 'path'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return found && fs.existsSync(found) ? found : null;
  } catch {
    return null;
  }
}

let warned = false;

/** True when the real-server tests can run; a loud notice (or, in CI, a failure) when they cannot. */
export function livekitAvailable(): boolean {
  if (livekitBinary()) return true;
  const how = 'bash scripts/livekit-server.sh install (needs Go), or set RAKOR_LIVEKIT_BIN';
  if (livekitRequired) throw new Error(`RAKOR_REQUIRE_LIVEKIT=1 but no LiveKit server was found: ${how}`);
  if (!warned) {
    warned = true;
    console.warn(`\n\n  !!! REAL LIVEKIT SERVER TESTS SKIPPED: no livekit-server binary (${how}) !!!\n\n`);
  }
  return false;
}

/** One webhook as LiveKit sent it: the exact body and Authorization header, and when it came. */
export interface RecordedWebhook {
  event: string;
  body: string;
  authorization: string | undefined;
  receivedAt: number;
  /** The app's answer to the forwarded request (0 when no app was listening). */
  forwardedStatus: number;
}

export interface RealLiveKit {
  /** What browsers and the app connect to: ws://127.0.0.1:port. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** The server API, as Rakor calls it, for tests that check what the SFU holds. */
  rooms: RoomServiceClient;
  /** Every webhook so far, each once the app answered it, in that order. */
  webhooks: RecordedWebhook[];
  /** Where the recorder forwards webhooks (the app's /api/livekit/webhook); null: recorded only. */
  forwardTo(url: string | null): void;
  /** Waits for a webhook that matches, and returns it. */
  webhook(match: (w: RecordedWebhook) => boolean, what: string, timeoutMs?: number): Promise<RecordedWebhook>;
  /** The server's last lines of output, for a failure's message. */
  log(): string;
  close(): Promise<void>;
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Starts a LiveKit server; resolves once its HTTP port answers. */
export async function startLiveKit(): Promise<RealLiveKit> {
  const binary = livekitBinary();
  if (!binary) throw new Error('no livekit-server binary (bash scripts/livekit-server.sh install)');
  const apiKey = 'rakor-test';
  const apiSecret = randomBytes(24).toString('hex');
  const webhooks: RecordedWebhook[] = [];
  let target: string | null = null;

  const recorder = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let event = '';
      try {
        const parsed = (JSON.parse(body) as { event?: unknown }).event;
        event = typeof parsed === 'string' ? parsed : '';
      } catch {
        event = '';
      }
      const record: RecordedWebhook = { event, body, authorization: req.headers.authorization, receivedAt: Date.now(), forwardedStatus: 0 };
      const forward = target
        ? fetch(target, { method: 'POST', headers: { 'content-type': 'application/webhook+json', authorization: req.headers.authorization ?? '' }, body })
            .then(async (r) => {
              record.forwardedStatus = r.status;
              await r.arrayBuffer();
            })
            .catch(() => undefined)
        : Promise.resolve();
      // Listed once the app has answered: a test that waits for a webhook then sees what the app made of it.
      void forward.then(() => {
        webhooks.push(record);
        res.writeHead(200).end();
      });
    });
  });
  const recorderPort = await listen(recorder);

  const port = await freePort();
  const tcpPort = await freePort();
  const udpPort = await freeUdpPort();
  const config = [
    `port: ${port}`,
    'bind_addresses: [127.0.0.1]',
    'rtc:',
    `  tcp_port: ${tcpPort}`,
    `  udp_port: ${udpPort}`,
    '  use_external_ip: false',
    '  node_ip: 127.0.0.1',
    '  enable_loopback_candidate: true',
    'keys:',
    `  ${apiKey}: ${apiSecret}`,
    'webhook:',
    `  api_key: ${apiKey}`,
    `  urls: ["http://127.0.0.1:${recorderPort}/webhook"]`,
    'room:',
    // A room left empty goes at once: the next test's room is a fresh one.
    '  empty_timeout: 10',
    '  departure_timeout: 1',
    'logging:',
    `  level: ${process.env.RAKOR_LIVEKIT_LOG ?? 'warn'}`,
  ].join('\n');
  const child: ChildProcess = spawn(binary, ['--config-body', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
    if (process.env.RAKOR_LIVEKIT_LOG) process.stderr.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = null as number | null;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code ?? -1;
      resolve();
    }),
  );

  const httpUrl = `http://127.0.0.1:${port}`;
  try {
    await eventually(async () => exited !== null || (await fetch(httpUrl).catch(() => null))?.ok === true, {
      what: 'the LiveKit server to answer',
      timeoutMs: 20_000,
      everyMs: 50,
      seen: () => lines.slice(-5).join('\n'),
    });
    if (exited !== null) throw new Error(`livekit-server exited with ${exited}:\n${lines.join('\n')}`);
  } catch (err) {
    child.kill('SIGKILL');
    recorder.close();
    throw err;
  }

  return {
    url: `ws://127.0.0.1:${port}`,
    apiKey,
    apiSecret,
    rooms: new RoomServiceClient(httpUrl, apiKey, apiSecret),
    webhooks,
    forwardTo(url) {
      target = url;
    },
    async webhook(match, what, timeoutMs = 10_000) {
      let found: RecordedWebhook | undefined;
      await eventually(() => (found = webhooks.find(match)) !== undefined, {
        what,
        timeoutMs,
        seen: () => webhooks.map((w) => w.event).join(', ') || 'no webhook yet',
      });
      return found!;
    },
    log: () => lines.join('\n'),
    async close() {
      if (exited === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await gone;
        clearTimeout(timer);
      }
      await new Promise<void>((resolve) => recorder.close(() => resolve()));
    },
  };
}

/**
 * A LiveKit server and an app configured with it, its webhooks forwarded to that app. `startApp`
 * starts the app (the e2e fixture passes its own, which serves the built client).
 */
export async function startLiveKitWithApp(startApp: (opts: TestAppOptions) => Promise<TestApp> = startTestApp): Promise<{ lk: RealLiveKit; t: TestApp }> {
  const lk = await startLiveKit();
  try {
    const t = await startApp({ video: { url: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret } });
    lk.forwardTo(`${t.baseUrl}${API.livekitWebhook}`);
    return { lk, t };
  } catch (err) {
    await lk.close();
    throw err;
  }
}
