import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { Meeting, MeetingLink, Opd } from '../../shared/protocol';
import { adminClient, createOpds, meetingInput } from '../factories';
import { HttpClient } from '../helpers/http-client';
import { startTestApp } from '../helpers/test-app';

describe('durability', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-restart-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('C2 a restart on the same data folder keeps directory, meetings, sessions and links', async () => {
    const first = await startTestApp({ dataDir });
    const admin = await adminClient(first);
    const opds: Opd[] = await createOpds(admin, ['Dinkes', 'Dinsos']);
    const meeting = (await admin.post<Meeting>(API.meetings, meetingInput(opds))).body;
    const links = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(meeting.id))).body.items;
    const participant = new HttpClient(first.baseUrl);
    const link = links.find((l) => l.role === 'participant')!;
    await participant.post(API.linkExchange, { token: new URL(link.url).pathname.split('/').pop() });
    await first.stop();

    const second = await startTestApp({ dataDir });
    try {
      // The clients keep their cookies and follow the server to its new port.
      admin.baseUrl = second.baseUrl;
      participant.baseUrl = second.baseUrl;
      expect((await admin.get<{ items: Opd[] }>(API.opds)).body.items.map((o) => o.shortName).sort()).toEqual(['Dinkes', 'Dinsos']);
      expect((await admin.get<Meeting>(API.meeting(meeting.id))).body.participants).toHaveLength(2);
      expect((await participant.get<Meeting>(API.meeting(meeting.id))).status).toBe(200);
      const again = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(meeting.id))).body.items;
      // Same key file, same nonce: the same link, so printed QR codes keep working.
      expect(again.find((l) => l.id === link.id)!.url.split('/l/')[1]).toBe(link.url.split('/l/')[1]);
      const fresh = new HttpClient(second.baseUrl);
      expect((await fresh.post(API.linkExchange, { token: link.url.split('/l/')[1] })).status).toBe(200);
      expect(await second.app.setupUrl()).toBeNull();
    } finally {
      await second.stop();
    }
  });
});
