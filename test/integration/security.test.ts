import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import { SCREEN_API } from '../../shared/protocol/api-screens';
import { COLLAB_CLOSE } from '../../shared/minutes/layout';
import { adminClient } from '../factories';
import { HttpClient, errorOf } from '../helpers/http-client';
import { collabUrl, openCollab, type CollabClient } from '../helpers/collab-client';
import { setUpMeeting } from '../helpers/meeting-people';
import { waitForConnect, type TestSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { onPostgres, openTestStore, SQLITE_ONLY } from '../helpers/test-store';

/** A logger that keeps what the server logs at error level, to prove a request logged nothing. */
function recordingLogger() {
  const lines: string[] = [];
  const logger = pino(
    { level: 'error' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  return { logger, lines };
}

/** A browser page at `origin` opening Rakor's Socket.IO with the session cookie it carries. */
function socketFrom(baseUrl: string, cookie: string, origin: string): TestSocket {
  return io(baseUrl, { transports: ['websocket'], extraHeaders: { cookie, origin }, reconnection: false, forceNew: true });
}

/** The close code of a raw WebSocket to `path`. */
function closeCodeOf(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('close', (code) => resolve(code));
    ws.on('error', reject);
  });
}

const BAD = '%E0%A4%A';

describe('security', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ linkRateLimit: 3 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('A11 answers carry a Content-Security-Policy and no framework banner', async () => {
    const res = await new HttpClient(t.baseUrl).get(API.health);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('A4 link exchange is rate limited', async () => {
    const client = new HttpClient(t.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await client.post(API.linkExchange, { token: `unknown-token-${i}-xxxxxxxx` })).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const res = await client.post(API.linkExchange, { token: 'unknown-token-yyyyyyyyyy' });
    expect(errorOf(res).code).toBe('rate_limited');
  });
});

describe('security at the edges', () => {
  let t: TestApp;
  const sockets: TestSocket[] = [];
  const collabs: CollabClient[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    for (const c of collabs.splice(0)) c.destroy();
    await t.close();
  });

  it("A14 a socket handshake from another origin is refused, even with the admin's cookie; PUBLIC_URL's origin connects", async () => {
    t = await startTestApp();
    const { admin, meeting } = await setUpMeeting(t);
    const otherPort = new URL(t.baseUrl);
    otherPort.port = String(Number(otherPort.port) + 1);
    for (const origin of [otherPort.origin, 'http://evil.example', 'null']) {
      const socket = socketFrom(t.baseUrl, admin.cookie, origin);
      sockets.push(socket);
      await expect(waitForConnect(socket), origin).rejects.toThrow('forbidden');
    }
    const own = socketFrom(t.baseUrl, admin.cookie, t.baseUrl);
    sockets.push(own);
    await waitForConnect(own);

    // The minutes socket applies the same rule: refused with 4403, never an internal error.
    const ws = collabUrl(t.baseUrl, meeting.id);
    expect(await closeCodeOf(ws, { cookie: admin.cookie, origin: otherPort.origin })).toBe(COLLAB_CLOSE.forbidden);
    expect(await closeCodeOf(ws, { cookie: admin.cookie, origin: 'null' })).toBe(COLLAB_CLOSE.forbidden);
    const minutes = openCollab(t.baseUrl, admin.cookie, meeting.id);
    collabs.push(minutes);
    await minutes.synced();
  });

  it('C3 a path parameter with a bad percent-encoding answers 400 in the error shape on every route, with or without a session, and logs nothing', async () => {
    const { logger, lines } = recordingLogger();
    const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-client-'));
    fs.mkdirSync(path.join(clientDir, 'assets'));
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Rakor</title>');
    t = await startTestApp({ logger, clientDir });
    const admin = await adminClient(t);
    // Every route of the API map with path parameters, each parameter spelled badly (the export's
    // format is a fixed choice, as is a version's number; the calendar and the series preview take
    // a query), under every method.
    const { seriesPreviewOf: _preview, minutesVersionExport: _version, ...screens } = SCREEN_API;
    const { calendar: _query, minutesExport, ...first } = API;
    const rest = { ...first, ...screens };
    const routes = Object.values(rest)
      .filter((r): r is (...args: string[]) => string => typeof r === 'function')
      .map((r) => r(...Array.from({ length: r.length }, () => 'PARAM')))
      .concat(minutesExport('PARAM', 'md'))
      .map((r) => r.replaceAll('PARAM', BAD).replace(/\?.*$/, ''));
    expect(routes.length).toBeGreaterThanOrEqual(30);
    const answers: string[] = [];
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    for (const client of [new HttpClient(t.baseUrl), admin]) {
      for (const [route, allowed] of [...routes.map((r) => [r, methods] as const), [`/assets/${BAD}.js`, ['GET']] as const]) {
        for (const method of allowed) {
          const res = await client.request(method, route, method === 'GET' || method === 'DELETE' ? undefined : {});
          const code = (res.body as { error?: { code?: string } } | null)?.error?.code;
          if (res.status !== 400 || code !== 'bad_request') answers.push(`${method} ${route}: ${res.status} ${code}`);
        }
      }
    }
    expect(answers).toEqual([]);
    expect(lines).toEqual([]);

    // The minutes socket's path too: closed as naming no meeting, and the server goes on.
    expect(await closeCodeOf(collabUrl(t.baseUrl, BAD), { cookie: admin.cookie })).toBe(COLLAB_CLOSE.notFound);
    expect((await admin.get(API.health)).status).toBe(200);
    expect(lines).toEqual([]);
    fs.rmSync(clientDir, { recursive: true, force: true });
  });

  it.skipIf(onPostgres)(`A15 the database and its -wal and -shm files are readable by their owner only, also when made before (${SQLITE_ONLY})`, async () => {
    t = await startTestApp();
    await adminClient(t);
    const modeOf = (f: string) => fs.statSync(path.join(t.dataDir, f)).mode & 0o777;
    for (const f of ['rakor.sqlite', 'rakor.sqlite-wal', 'rakor.sqlite-shm', 'link-key']) expect(modeOf(f), f).toBe(0o600);

    // A database made by an older version with the umask's 0644 is tightened when opened.
    const older = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-old-'));
    await (await openTestStore(older)).store.close();
    fs.chmodSync(path.join(older, 'rakor.sqlite'), 0o644);
    const { store } = await openTestStore(older);
    expect(fs.statSync(path.join(older, 'rakor.sqlite')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(older, 'rakor.sqlite-wal')).mode & 0o777).toBe(0o600);
    await store.close();
    fs.rmSync(older, { recursive: true, force: true });
  });
});
