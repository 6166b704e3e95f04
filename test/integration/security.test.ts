import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import { HttpClient, errorOf } from '../helpers/http-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

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
