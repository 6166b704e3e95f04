import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { SessionState } from '../../shared/protocol';
import { COLLAB_CLOSE } from '../../shared/minutes/layout';
import { ADMIN, adminClient } from '../factories';
import { HttpClient, errorOf } from '../helpers/http-client';
import { startTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app';
import { ManualClock } from '../helpers/manual-clock';
import { openPerson, setUpMeeting } from '../helpers/meeting-people';
import { bodyText, openCollab, typeInSection, type CollabClient } from '../helpers/collab-client';
import { eventually } from '../helpers/wait';
import { nextEvent, type TestSocket } from '../helpers/socket-client';

/** How the server closed a socket ("io server disconnect" when it ended it). */
function disconnected(socket: TestSocket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

/**
 * A login sent from a loopback address of our choosing (Linux answers all of 127.0.0.0/8), with
 * an optional X-Forwarded-For: a second browser elsewhere, or a client lying about its address.
 */
function loginFrom(baseUrl: string, body: unknown, from: { localAddress?: string; forwardedFor?: string } = {}): Promise<number> {
  const url = new URL(API.login, baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from.localAddress,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const WRONG = { username: ADMIN.username, password: 'salah-salah-salah' };

describe('auth', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ loginRateLimit: 5 });
  });
  afterEach(async () => {
    await t.close();
  });

  it('A1 the newest setup link creates the admin once', async () => {
    const first = new URL((await t.app.setupUrl())!).searchParams.get('token');
    const second = new URL((await t.app.setupUrl())!).searchParams.get('token');
    const client = new HttpClient(t.baseUrl);
    expect((await client.get<SessionState>(API.session)).body.setupRequired).toBe(true);

    const stale = await client.post(API.setup, { token: first, ...ADMIN });
    expect(stale.status).toBe(400);
    expect(errorOf(stale).code).toBe('setup_invalid');

    const short = await client.post(API.setup, { token: second, username: 'admin', password: 'short' });
    expect(short.status).toBe(400);
    expect(errorOf(short).field).toBe('password');

    const ok = await client.post<SessionState>(API.setup, { token: second, ...ADMIN });
    expect(ok.status).toBe(200);
    expect(ok.body.session?.role).toBe('admin');
    expect((await client.get<SessionState>(API.session)).body).toMatchObject({ setupRequired: false, session: { role: 'admin' } });

    const again = await new HttpClient(t.baseUrl).post(API.setup, { token: second, ...ADMIN });
    expect(errorOf(again).code).toBe('setup_invalid');
    expect(await t.app.setupUrl()).toBeNull();
  });

  it('A2 passwords are scrypt hashes and a failed login does not say which part was wrong', async () => {
    await adminClient(t);
    const user = await t.store.users.findByUsername(ADMIN.username);
    expect(user?.passwordHash).toMatch(/^scrypt\$/);
    expect(user?.passwordHash).not.toContain(ADMIN.password);

    const client = new HttpClient(t.baseUrl);
    const wrongPassword = await client.post(API.login, { username: ADMIN.username, password: 'salah-salah-salah' });
    const wrongUser = await client.post(API.login, { username: 'nobody', password: ADMIN.password });
    expect(wrongPassword.status).toBe(401);
    expect(errorOf(wrongPassword)).toEqual(errorOf(wrongUser));
    expect(client.cookie).toBe('');
  });

  it('A3 the session cookie is httpOnly and SameSite=Strict, and logout ends it', async () => {
    await adminClient(t);
    const client = new HttpClient(t.baseUrl);
    const res = await client.post(API.login, ADMIN);
    const cookie = res.headers.getSetCookie()[0];
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect((await client.get(API.opds)).status).toBe(200);
    const saved = client.cookie;
    await client.post(API.logout);
    client.cookie = saved; // a stolen copy of the cookie is dead too
    expect((await client.get(API.opds)).status).toBe(401);
  });

  it('A3 a session expires after its time to live', async () => {
    let now = Date.parse('2026-01-05T08:00:00Z');
    const clock = { now: () => new Date(now) };
    await t.close();
    t = await startTestApp({ clock, sessionTtlMs: 60_000 });
    const client = await adminClient(t);
    expect((await client.get(API.opds)).status).toBe(200);
    now += 61_000;
    const res = await client.get(API.opds);
    expect(res.status).toBe(401);
    expect(errorOf(res).code).toBe('unauthenticated');
  });

  it('A4 failed logins are rate limited with the error shape; past the limit even the right password waits', async () => {
    await adminClient(t);
    const client = new HttpClient(t.baseUrl);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await client.post(API.login, WRONG)).status);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await client.post(API.login, ADMIN);
    expect(limited.status).toBe(429);
    expect(errorOf(limited).code).toBe('rate_limited');
  });
});

describe('login rate limits key on the real client address', () => {
  let t: TestApp;
  const start = async (opts: TestAppOptions) => {
    t = await startTestApp(opts);
    await adminClient(t);
  };
  afterEach(async () => {
    await t.close();
  });

  it('A4 a rotating X-Forwarded-For is ignored without TRUST_PROXY, so it does not escape the limit', async () => {
    await start({ loginRateLimit: 5 });
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push(await loginFrom(t.baseUrl, WRONG, { forwardedFor: `203.0.113.${i + 1}` }));
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // Nor does a rotating username: the looser cap per address (ten times the limit) holds.
    const others: number[] = [];
    for (let i = 0; i < 50; i++)
      others.push(await loginFrom(t.baseUrl, { username: `tamu${i}`, password: 'salah-salah' }, { forwardedFor: `198.51.100.${i + 1}` }));
    expect(others.filter((c) => c === 401)).toHaveLength(42); // 50 failures per address, 8 already spent
    expect(others.at(-1)).toBe(429);
  });

  it('A4 with TRUST_PROXY=loopback the forwarded address is the client, for logins and links alike', async () => {
    await start({ loginRateLimit: 3, linkRateLimit: 2, trustProxy: ['loopback'] });
    const from = (ip: string) => ({ forwardedFor: ip });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push(await loginFrom(t.baseUrl, WRONG, from('203.0.113.7')));
    expect(codes).toEqual([401, 401, 401, 429]);
    expect(await loginFrom(t.baseUrl, WRONG, from('203.0.113.8'))).toBe(401);
    expect(await loginFrom(t.baseUrl, ADMIN, from('203.0.113.8'))).toBe(200);

    const exchange = (ip: string) =>
      new HttpClient(t.baseUrl).request('POST', API.linkExchange, { token: 'unknown-token-xxxxxxxx' }, { 'x-forwarded-for': ip }).then((r) => r.status);
    expect([await exchange('203.0.113.7'), await exchange('203.0.113.7'), await exchange('203.0.113.7')]).toEqual([404, 404, 429]);
    expect(await exchange('203.0.113.9')).toBe(404);
  });

  it('A4 successful logins do not count against the limit', async () => {
    await start({ loginRateLimit: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push(await loginFrom(t.baseUrl, ADMIN));
    expect(codes).toEqual([200, 200, 200, 200, 200, 200]);
    for (let i = 0; i < 4; i++) codes.push(await loginFrom(t.baseUrl, WRONG));
    expect(codes.slice(6)).toEqual([401, 401, 401, 429]);
  });

  it('A4 a flood of wrong passwords from one address does not lock the admin out at another', async () => {
    await start({ loginRateLimit: 3 });
    const flood: number[] = [];
    for (let i = 0; i < 10; i++) flood.push(await loginFrom(t.baseUrl, WRONG, { localAddress: '127.0.0.2' }));
    expect(flood.slice(3).every((c) => c === 429)).toBe(true);
    expect(await loginFrom(t.baseUrl, ADMIN, { localAddress: '127.0.0.2' })).toBe(429);
    // The secretariat's own browser, at another address, logs in.
    expect(await loginFrom(t.baseUrl, ADMIN, { localAddress: '127.0.0.3' })).toBe(200);
    // The flooded address is locked out of that account only (until its looser cap per address).
    expect(await loginFrom(t.baseUrl, { username: 'notulis', password: 'salah-salah' }, { localAddress: '127.0.0.2' })).toBe(401);
  });
});

describe('a session that ends takes its live connections with it', () => {
  let t: TestApp;
  const collabs: CollabClient[] = [];
  afterEach(async () => {
    for (const c of collabs.splice(0)) c.destroy();
    await t.close();
  });
  const minutesOf = (cookie: string, meetingId: string) => {
    const c = openCollab(t.baseUrl, cookie, meetingId);
    collabs.push(c);
    return c;
  };

  it("A3 logout ends that session's socket and minutes connection, and no other session's", async () => {
    t = await startTestApp();
    const { admin, meeting } = await setUpMeeting(t);
    const otherBrowser = await adminClient(t);
    const mine = await openPerson(t, admin, meeting.id);
    const theirs = await openPerson(t, otherBrowser, meeting.id);
    const minutes = minutesOf(admin.cookie, meeting.id);
    const theirMinutes = minutesOf(otherBrowser.cookie, meeting.id);
    await Promise.all([minutes.synced(), theirMinutes.synced()]);

    const ended = nextEvent(mine.socket, 'session:ended');
    const closed = disconnected(mine.socket);
    expect((await admin.post(API.logout)).status).toBe(200);
    expect(await ended).toEqual({ code: 'logout' });
    expect(await closed).toBe('io server disconnect');
    await eventually(() => minutes.closes.includes(COLLAB_CLOSE.unauthenticated), { what: 'minutes closed on logout' });

    // The other browser's session carries on: its command is accepted, its minutes stay open.
    const started = await theirs.send({ type: 'meeting.start' });
    expect('data' in started).toBe(true);
    expect(theirs.socket.connected).toBe(true);
    expect(theirMinutes.closes).toEqual([]);
    theirs.close();
  });

  it('A3 once a session expires its socket commands are refused, and the socket is told and closed', async () => {
    const clock = new ManualClock(Date.parse('2026-01-05T08:00:00Z'));
    t = await startTestApp({ clock, scheduler: clock, sessionTtlMs: 60_000 });
    const { meeting, linkFor } = await setUpMeeting(t);
    const chair = await openPerson(t, linkFor('chair'), meeting.id);
    expect('data' in (await chair.send({ type: 'meeting.start' }))).toBe(true);
    const seq = (await t.app.services.queue.state(meeting.id)).seq;

    clock.advance(61_000);
    const ended = nextEvent(chair.socket, 'session:ended');
    const closed = disconnected(chair.socket);
    const refused = await chair.send({ type: 'turn.next' });
    expect('error' in refused && refused.error.code).toBe('unauthenticated');
    expect(await ended).toEqual({ code: 'expired' });
    expect(await closed).toBe('io server disconnect');
    expect((await t.app.services.queue.state(meeting.id)).seq).toBe(seq);
    expect((await chair.client.get(API.meetingQueue(meeting.id))).status).toBe(401);
  });

  it('A3 an expired session writes no more minutes, and the sweep closes the sockets of one that sends nothing', async () => {
    const clock = new ManualClock(Date.parse('2026-01-05T08:00:00Z'));
    t = await startTestApp({ clock, scheduler: clock, sessionTtlMs: 60_000 });
    const { meeting, linkFor } = await setUpMeeting(t);
    const notulis = await openPerson(t, linkFor('notulis', 0), meeting.id);
    const projector = await openPerson(t, linkFor('projector'), meeting.id);
    const writer = minutesOf(notulis.client.cookie, meeting.id);
    const watcher = minutesOf(projector.client.cookie, meeting.id);
    await Promise.all([writer.synced(), watcher.synced()]);
    typeInSection(writer.doc, 'pembukaan', 'Sebelum. ');
    await eventually(() => bodyText(watcher.doc).includes('Sebelum.'), { what: 'a live edit' });

    clock.advance(61_000);
    typeInSection(writer.doc, 'pembukaan', 'SESUDAH KEDALUWARSA');
    await eventually(() => writer.closes.includes(COLLAB_CLOSE.unauthenticated), { what: 'the writer closed on use' });
    const admin = new HttpClient(t.baseUrl);
    expect((await admin.post(API.login, ADMIN)).status).toBe(200);
    const fresh = minutesOf(admin.cookie, meeting.id);
    await fresh.synced();
    expect(bodyText(fresh.doc)).toContain('Sebelum.');
    expect(bodyText(fresh.doc)).not.toContain('SESUDAH');
    expect(bodyText(watcher.doc)).not.toContain('SESUDAH');

    // The projector sends nothing; the periodic sweep of expired sessions ends its connections.
    const ended = nextEvent(projector.socket, 'session:ended');
    const closed = disconnected(projector.socket);
    expect(await t.app.services.auth.purgeExpired()).toBeGreaterThan(0);
    expect(await ended).toEqual({ code: 'expired' });
    expect(await closed).toBe('io server disconnect');
    await eventually(() => watcher.closes.includes(COLLAB_CLOSE.unauthenticated), { what: 'the watcher closed by the sweep' });
    expect(fresh.closes).toEqual([]);
  });
});
