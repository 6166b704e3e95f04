import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import * as Y from 'yjs';
import { API } from '../../shared/protocol/api';
import type { MeetingLink } from '../../shared/protocol';
import { HEADING_ATTRS, MINUTES_PARTS } from '../../shared/minutes/layout';
import { startTestApp } from '../helpers/test-app';
import { HttpClient } from '../helpers/http-client';
import { setUpMeeting } from '../helpers/meeting-people';
import { openCollab, typeInSection, until, type CollabClient } from '../helpers/collab-client';
import { freePort, startChildServer, type ChildServer } from '../helpers/child-server';

const ROUNDS = Number(process.env.RAKOR_CRASH_ROUNDS ?? 3);
const seed = Number(process.env.RAKOR_CRASH_SEED ?? Date.now() % 100_000);

/** A small seeded generator, so a failing run can be replayed with RAKOR_CRASH_SEED. */
function random(s: number) {
  let x = s || 1;
  return () => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
}

/** The text of the paragraph after the Pembukaan heading. */
function opening(doc: Y.Doc): string {
  const items = doc.getXmlFragment(MINUTES_PARTS.body).toArray();
  const at = items.findIndex((n) => n instanceof Y.XmlElement && n.getAttribute(HEADING_ATTRS.section) === 'pembukaan');
  const p = items[at + 1];
  const t = p instanceof Y.XmlElement ? p.get(0) : null;
  return t instanceof Y.XmlText ? t.toString() : '';
}

describe('minutes survive kill -9', () => {
  const servers: ChildServer[] = [];
  const clients: CollabClient[] = [];
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    for (const s of servers) await s.kill9();
  });

  it(`M4 a scripted notulis types; the server is killed at a random moment; every relayed update survives (seed ${seed})`, async () => {
    // Prepare a meeting and two sessions in-process, then hand the data folder to real server processes.
    const t = await startTestApp();
    const { meeting, linkFor } = await setUpMeeting(t);
    const cookieOf = async (link: MeetingLink) => {
      const c = new HttpClient(t.baseUrl);
      await c.post(API.linkExchange, { token: new URL(link.url).pathname.split('/').pop() });
      return c.cookie;
    };
    const notulis = await cookieOf(linkFor('notulis', 0));
    const reader = await cookieOf(linkFor('participant', 0));
    await t.stop();
    const rand = random(seed);
    const port = await freePort();
    let expected = '';

    for (let round = 0; round < ROUNDS; round++) {
      const server = await startChildServer(t.dataDir, port);
      servers.push(server);
      const typist = openCollab(server.baseUrl, notulis, meeting.id);
      const observer = openCollab(server.baseUrl, reader, meeting.id);
      clients.push(typist, observer);
      await Promise.all([typist.synced(), observer.synced()]);
      // Everything relayed before the last kill is here after the restart.
      expect(opening(observer.doc).startsWith(expected)).toBe(true);

      let n = 0;
      const typing = setInterval(() => typeInSection(typist.doc, 'pembukaan', `r${round}k${n++} `), 4);
      await new Promise((r) => setTimeout(r, 150 + rand() * 600));
      // What a reader was shown is what the server relayed: it must have been stored first.
      expected = opening(observer.doc);
      await server.kill9();
      clearInterval(typing);
      typist.destroy();
      observer.destroy();
      expect(expected.length).toBeGreaterThan(0);
    }

    const last = await startChildServer(t.dataDir, port);
    servers.push(last);
    const check = openCollab(last.baseUrl, reader, meeting.id);
    clients.push(check);
    await check.synced();
    await until(() => opening(check.doc).startsWith(expected), 5000, 'all relayed updates present');
    await last.kill9();
    fs.rmSync(t.dataDir, { recursive: true, force: true });
  }, 120_000);
});
