import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TokenVerifier } from 'livekit-server-sdk';
import { API } from '../../shared/protocol/api';
import type { VideoJoin } from '../../shared/protocol';
import { openPerson, setUpMeeting } from '../helpers/meeting-people';
import { LiveKitDouble } from '../helpers/livekit-double';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';
import { at } from '../helpers/at';

const available = e2eAvailable();

describe.skipIf(!available)('video in real browsers', () => {
  let double: LiveKitDouble | null = null;
  // Registered before the fixture, so it runs after it (hooks unwind as a stack): the apps close first.
  afterAll(async () => {
    await double?.close();
  });
  // Each test starts its own app (with or without LiveKit): the fixture closes them with the browser.
  const e2e = useE2E({ app: false });

  const open = (url: string, errors: string[], phone = false) => e2e.open(url, { phone, errors });

  it('V1 without LiveKit, a remote participant sees the notice and the queue still works', async () => {
    const t = await e2e.startApp();
    const { meeting, linkFor } = await setUpMeeting(t);
    const errors: string[] = [];
    // Participant 1 of the factory meeting attends remotely.
    const phone = await open(linkFor('participant', 1).url, errors, true);
    await phone.getByTestId('video-notice').waitFor();
    expect(await phone.getByTestId('video-notice').textContent()).toMatch(/video/i);
    expect(await phone.getByTestId('video-call').count()).toBe(0);

    const chair = await openPerson(t, linkFor('chair'), meeting.id);
    await chair.send({ type: 'meeting.start' });
    await chair.send({ type: 'turn.next' });
    await expect.poll(() => phone.getByTestId('current-speaker').textContent(), { timeout: 5000 }).toContain('Dinkes');
    await phone.getByTestId('ask-response').click();
    await expect.poll(async () => (await t.app.services.queue.state(meeting.id)).requests.length, { timeout: 5000 }).toBe(1);
    chair.close();
    expect(errors).toEqual([]);
  });

  it('V2 V3 with a configured (test double) LiveKit, the token endpoint answers each role from its own browser', async () => {
    double = await LiveKitDouble.start();
    const t = await e2e.startApp({ video: { url: double.url, apiKey: double.apiKey, apiSecret: double.apiSecret } });
    const { meeting, linkFor } = await setUpMeeting(t);
    const errors: string[] = [];
    const verifier = new TokenVerifier(double.apiKey, double.apiSecret);
    /** What the page's own fetch gets from the token endpoint, with its cookie. */
    const tokenFrom = (page: Page, url: string) =>
      page.evaluate(async (u: string) => {
        const res = await fetch(u, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        return { status: res.status, body: await res.json() };
      }, url);

    const remote = await open(linkFor('participant', 1).url, errors, true);
    const remoteToken = await tokenFrom(remote, API.videoToken(meeting.id));
    expect(remoteToken.status).toBe(200);
    const join = remoteToken.body as VideoJoin;
    const claims = await verifier.verify(join.token);
    expect(claims.sub).toBe(at(meeting.participants, 1, 'participant').id);
    expect(claims.video).toMatchObject({ roomJoin: true, room: `rakor-${meeting.id}`, canSubscribe: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(join.canSpeak).toBe(false); // the meeting has not given it the floor

    const inRoom = await open(linkFor('participant', 0).url, errors, true);
    expect((await tokenFrom(inRoom, API.videoToken(meeting.id))).status).toBe(403);

    const projector = await open(linkFor('projector').url, errors);
    const projectorToken = await tokenFrom(projector, API.videoToken(meeting.id));
    expect(projectorToken.status).toBe(200);
    const watch = await verifier.verify((projectorToken.body as VideoJoin).token);
    expect(watch.video).toMatchObject({ canSubscribe: true, canPublish: false, hidden: true });
    const feed = await tokenFrom(projector, API.videoRoomToken(meeting.id));
    expect(feed.status).toBe(200);
    expect((feed.body as VideoJoin).identity).toBe(`room:${meeting.id}`);
    expect((await tokenFrom(remote, API.videoRoomToken(meeting.id))).status).toBe(403);
  });
});
