import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressClient } from '../../scripts/build.mjs';
import { API } from '../../shared/protocol/api';
import { PROTOCOL_VERSION } from '../../shared/protocol/events';
import { openCollab } from '../helpers/collab-client';
import { linkClient, setUpMeeting } from '../helpers/meeting-people';
import { connectSocket, emitAck, waitForConnect, type TestSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** What a browser sends (Chromium's order), what an old client sends, and nothing. */
const CHROMIUM = 'gzip, deflate, br, zstd';
const GZIP_ONLY = 'gzip';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came over the wire, not decoded (fetch would decode them). */
  body: Buffer;
}

function rawGet(baseUrl: string, urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${urlPath}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function decoded(answer: RawAnswer): Buffer {
  const coding = answer.headers['content-encoding'];
  if (coding === 'br') return zlib.brotliDecompressSync(answer.body);
  if (coding === 'gzip') return zlib.gunzipSync(answer.body);
  if (coding === undefined) return answer.body;
  throw new Error(`unexpected content-encoding ${coding}`);
}

function varyOn(answer: RawAnswer): string[] {
  return String(answer.headers.vary ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase());
}

/** Text that compresses as a real bundle does: repeated, not random. */
function bundleText(kind: 'js' | 'css', kb: number): string {
  const line =
    kind === 'js' ? 'export function rapat(opd){return opd.map((o)=>o.nama+" berbicara "+o.menit);}\n' : '.antrian .opd{color:#123456;padding:4px 8px}\n';
  return Array.from({ length: Math.ceil((kb * 1024) / line.length) }, (_, i) => `${line.trimEnd()} /* ${i} */\n`).join('');
}

let clientDir: string;
let t: TestApp;
const JS = 'index-Ab12Cd34.js';
const CSS = 'index-Ef56Gh78.css';
/** Added after the build's precompression: an asset with no .br nor .gz beside it (a client built by Vite alone). */
const LATE = 'late-Ij90Kl12.js';
const INDEX = `<!doctype html><html lang="id"><head><meta charset="UTF-8"><title>Rakor</title><script type="module" src="/assets/${JS}"></script><link rel="stylesheet" href="/assets/${CSS}"></head><body><div id="app"></div></body></html>\n`;

beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-static-'));
  fs.mkdirSync(path.join(clientDir, 'assets'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), INDEX);
  fs.writeFileSync(path.join(clientDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(clientDir, 'assets', JS), bundleText('js', 40));
  fs.writeFileSync(path.join(clientDir, 'assets', CSS), bundleText('css', 8));
  const sizes = await precompressClient(clientDir);
  expect(sizes.files).toBe(3);
  fs.writeFileSync(path.join(clientDir, 'assets', LATE), bundleText('js', 4));
  t = await startTestApp({ clientDir });
});

afterAll(async () => {
  await t.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

describe('W1 hashed assets are sent precompressed and cached for good', () => {
  it('W1 the build writes a smaller .br and .gz beside each asset and beside index.html', () => {
    for (const name of [`assets/${JS}`, `assets/${CSS}`, 'index.html']) {
      const raw = fs.readFileSync(path.join(clientDir, name));
      const br = fs.readFileSync(path.join(clientDir, `${name}.br`));
      const gz = fs.readFileSync(path.join(clientDir, `${name}.gz`));
      expect(zlib.brotliDecompressSync(br).equals(raw)).toBe(true);
      expect(zlib.gunzipSync(gz).equals(raw)).toBe(true);
      expect(br.length).toBeLessThan(gz.length);
      expect(gz.length).toBeLessThan(raw.length);
    }
    // The favicon is not a hashed asset: it is left alone.
    expect(fs.existsSync(path.join(clientDir, 'favicon.svg.br'))).toBe(false);
  });

  it.each([
    { accept: CHROMIUM, coding: 'br' },
    { accept: 'br;q=1.0, gzip;q=0.8, *;q=0.1', coding: 'br' },
    { accept: GZIP_ONLY, coding: 'gzip' },
    { accept: 'gzip, br;q=0', coding: 'gzip' },
    { accept: 'gzip;q=1, br;q=0.5', coding: 'gzip' },
    { accept: 'identity', coding: undefined },
    { accept: '', coding: undefined },
  ])('W1 Accept-Encoding "$accept" gets $coding for JS and CSS, bytes that decode to the file, typed and immutable', async ({ accept, coding }) => {
    for (const [name, type] of [
      [JS, 'text/javascript'],
      [CSS, 'text/css'],
    ] as const) {
      const res = await rawGet(t.baseUrl, `/assets/${name}`, accept ? { 'accept-encoding': accept } : {});
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(coding);
      expect(res.headers['content-type']).toMatch(new RegExp(`^${type}`));
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(varyOn(res)).toContain('accept-encoding');
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(decoded(res).equals(fs.readFileSync(path.join(clientDir, 'assets', name)))).toBe(true);
    }
  });

  it('W1 the precompressed file is the one sent (brotli at its highest quality, not compressed again per request)', async () => {
    const res = await rawGet(t.baseUrl, `/assets/${JS}`, { 'accept-encoding': CHROMIUM });
    expect(res.body.equals(fs.readFileSync(path.join(clientDir, 'assets', `${JS}.br`)))).toBe(true);
    // A HEAD answers the same headers without the body.
    const head = await rawGet(t.baseUrl, `/assets/${JS}`, { 'accept-encoding': CHROMIUM }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.body.length).toBe(0);
  });

  it('W1 an asset with no variant beside it is compressed on the fly, still immutable', async () => {
    const res = await rawGet(t.baseUrl, `/assets/${LATE}`, { 'accept-encoding': CHROMIUM });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(decoded(res).toString()).toBe(fs.readFileSync(path.join(clientDir, 'assets', LATE), 'utf8'));
  });

  it('W1 a missing hashed asset is a 404 and a way out of the folder a 400, never the page', async () => {
    for (const [urlPath, status] of [
      ['/assets/index-Zz99Zz99.js', 404],
      [`/assets/${JS}.missing`, 404],
      ['/assets/', 404],
      ['/assets/..%2Findex.html', 400],
      ['/assets/%2e%2e%2f%2e%2e%2fpackage.json', 400],
    ] as const) {
      const res = await rawGet(t.baseUrl, urlPath, { 'accept-encoding': CHROMIUM });
      expect(res.status, urlPath).toBe(status);
      expect(res.headers['content-type'], urlPath).toMatch(/^application\/json/);
      expect(decoded(res).toString(), urlPath).not.toContain('<div id="app">');
    }
  });

  it('W1 a file outside the assets (the favicon) is cached for a short while only', async () => {
    const res = await rawGet(t.baseUrl, '/favicon.svg', { 'accept-encoding': CHROMIUM });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });
});

describe('W2 the page is asked again each time and sent compressed', () => {
  it.each(['/', '/m/3f0c2a9e-0000-4000-8000-000000000000', '/login'])('W2 %s answers index.html, no-cache, compressed, with its CSP', async (page) => {
    for (const [accept, coding] of [
      [CHROMIUM, 'br'],
      [GZIP_ONLY, 'gzip'],
      ['', undefined],
    ] as const) {
      const res = await rawGet(t.baseUrl, page, accept ? { 'accept-encoding': accept } : {});
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(coding);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(decoded(res).toString()).toBe(INDEX);
    }
  });

  it('W2 a page built again after its variants were written is sent as it is now, not as the old variant', async () => {
    const index = path.join(clientDir, 'index.html');
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(index, later, later);
    try {
      const res = await rawGet(t.baseUrl, '/', { 'accept-encoding': CHROMIUM });
      expect(res.status).toBe(200);
      expect(decoded(res).toString()).toBe(INDEX);
      expect(res.body.equals(fs.readFileSync(`${index}.br`))).toBe(false);
    } finally {
      const now = new Date();
      fs.utimesSync(index, now, now);
      // The variants again newer than the page, as the build leaves them.
      for (const ext of ['.br', '.gz']) fs.utimesSync(`${index}${ext}`, later, later);
    }
  });
});

describe('W3 the API answers JSON compressed above the threshold', () => {
  it('W3 a meeting (over 1 kB of JSON) comes brotli or gzip as accepted; the health check (a few bytes) as it is', async () => {
    const { admin, meeting } = await setUpMeeting(t, ['Dinkes', 'Dinsos', 'Disdik', 'Bappeda', 'BPBD', 'RSUD']);
    const plain = await rawGet(t.baseUrl, API.meeting(meeting.id), { cookie: admin.cookie });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    for (const [accept, coding] of [
      [CHROMIUM, 'br'],
      [GZIP_ONLY, 'gzip'],
    ] as const) {
      const res = await rawGet(t.baseUrl, API.meeting(meeting.id), { cookie: admin.cookie, 'accept-encoding': accept });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(coding);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(varyOn(res)).toContain('accept-encoding');
      expect(res.body.length).toBeLessThan(plain.body.length / 2);
      expect(JSON.parse(decoded(res).toString())).toEqual(JSON.parse(plain.body.toString()));
    }
    const health = await rawGet(t.baseUrl, API.health, { 'accept-encoding': CHROMIUM });
    expect(health.status).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString())).toMatchObject({ status: 'ok' });
  });

  it('W3 an error answer over the threshold is compressed too, and still the API error shape', async () => {
    const res = await rawGet(t.baseUrl, `/api/${'x'.repeat(1200)}`, { 'accept-encoding': GZIP_ONLY });
    expect(res.status).toBe(404);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decoded(res).toString())).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('W4 the sockets are left alone', () => {
  it("W4 Socket.IO over its websocket and the minutes websocket work with the page served and compression on; polling stays Socket.IO's own refusal", async () => {
    const { meeting, linkFor } = await setUpMeeting(t, ['Kesbangpol', 'Damkar']);
    const notulis = await linkClient(t.baseUrl, linkFor('notulis'));

    // Socket.IO here speaks websocket only (meeting-hub.ts): a polling request is Engine.IO's own
    // refusal, never the page served by the catch-all route nor an answer re-encoded by Express.
    const polling = await rawGet(t.baseUrl, '/socket.io/?EIO=4&transport=polling', { cookie: notulis.cookie, 'accept-encoding': CHROMIUM });
    expect(polling.status).toBe(400);
    expect(polling.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(polling.body.toString())).toMatchObject({ message: 'Transport unknown' });

    const socket: TestSocket = connectSocket(t.baseUrl, notulis.cookie);
    try {
      await waitForConnect(socket);
      const join = await emitAck<{ meeting: { id: string } }>(socket, 'meeting:join', { meetingId: meeting.id, protocolVersion: PROTOCOL_VERSION });
      expect('data' in join ? join.data.meeting.id : join.error.message).toBe(meeting.id);
    } finally {
      socket.disconnect();
    }

    const minutes = openCollab(t.baseUrl, notulis.cookie, meeting.id);
    try {
      await minutes.synced();
      expect(minutes.text()).not.toBe('');
    } finally {
      minutes.destroy();
    }
  });
});
