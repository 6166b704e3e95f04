import { afterEach, expect } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { MeetingLink } from '../../shared/protocol';
import { startTestApp, type TestApp } from './test-app';
import { HttpClient } from './http-client';
import { openCollab, type CollabClient } from './collab-client';

/** A person's session through its personal link. */
export async function sessionOf(t: TestApp, link: MeetingLink): Promise<HttpClient> {
  const client = new HttpClient(t.baseUrl);
  const res = await client.post(API.linkExchange, { token: new URL(link.url).pathname.split('/').pop() });
  expect(res.status).toBe(200);
  return client;
}

/**
 * Apps and minutes clients of one test file, closed after each test.
 */
export function minutesFixture() {
  let apps: TestApp[] = [];
  let clients: CollabClient[] = [];
  afterEach(async () => {
    clients.forEach((c) => c.destroy());
    clients = [];
    for (const t of apps) await t.close();
    apps = [];
  });
  return {
    // Arrow functions, so a test can destructure them: `const { app, collab } = minutesFixture()`.
    app: async (opts: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> => {
      const t = await startTestApp(opts);
      apps.push(t);
      return t;
    },
    collab: (t: TestApp, cookie: string, meetingId: string): CollabClient => {
      const c = openCollab(t.baseUrl, cookie, meetingId);
      clients.push(c);
      return c;
    },
    /** Destroys this test's clients now and forgets them (e.g. before a restart). */
    dropClients: (): void => {
      clients.forEach((c) => c.destroy());
      clients = [];
    },
  };
}
