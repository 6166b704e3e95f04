import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { SessionState } from '../../shared/protocol';
import { ADMIN, adminClient } from '../factories';
import { HttpClient, errorOf } from '../helpers/http-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

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

  it('A4 login is rate limited with the error shape', async () => {
    await adminClient(t);
    const client = new HttpClient(t.baseUrl);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await client.post(API.login, { username: 'x', password: 'y' })).status);
    expect(codes.slice(0, 4).every((c) => c === 401)).toBe(true);
    const limited = await client.post(API.login, ADMIN);
    expect(limited.status).toBe(429);
    expect(errorOf(limited).code).toBe('rate_limited');
  });
});
