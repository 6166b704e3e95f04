import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TokenVerifier } from 'livekit-server-sdk';
import { API } from '../../shared/protocol/api';
import { meetingInputOf } from '../../shared/domain/meeting/input';
import type { Meeting, VideoJoin } from '../../shared/protocol';
import { openPerson, setUpMeeting } from '../helpers/meeting-people';
import { LiveKitDouble } from '../helpers/livekit-double';
import { e2eAvailable } from './chromium';
import { useE2E, VIEWPORTS } from './fixture';
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

  it('V1 V16 V17 without LiveKit, a remote participant is told how to follow (the call link once the form sets it), never admin wording; the queue still works', async () => {
    const t = await e2e.startApp();
    const { meeting, linkFor, admin } = await setUpMeeting(t);
    const errors: string[] = [];
    // Participant 1 of the factory meeting attends remotely.
    const phone = await open(linkFor('participant', 1).url, errors, true);
    const notice = phone.getByTestId('video-notice');
    await notice.waitFor();
    const plain = (await notice.textContent()) ?? '';
    expect(plain).toContain('Rapat berlangsung di ruang rapat');
    expect(plain).toContain('Urutan bicara');
    expect(plain).not.toMatch(/belum diatur|LIVEKIT|README/);
    expect(await phone.getByTestId('video-notice-admin').count()).toBe(0);
    expect(await phone.getByTestId('call-link').count()).toBe(0);
    expect(await phone.getByTestId('video-call').count()).toBe(0);

    // The secretariat sets the meeting's Zoom link in the form: an http one is refused naming the field, an https one is saved.
    const adminContext = await e2e.newContext({ viewport: VIEWPORTS.laptop, locale: 'id-ID' });
    await adminContext.addCookies([{ name: 'rakor_session', value: admin.cookie.slice(admin.cookie.indexOf('=') + 1), url: t.baseUrl }]);
    const form = await adminContext.newPage();
    await form.goto(`${t.baseUrl}/admin/meetings/${meeting.id}`);
    await form.getByTestId('meeting-call-link').fill('http://zoom.us/j/81234567890');
    await form.getByTestId('meeting-save').click();
    await expect.poll(() => form.locator('.field-error').first().textContent()).toContain('https://');
    expect(await form.getByTestId('meeting-call-link').getAttribute('aria-invalid')).toBe('true');
    const zoom = 'https://us02web.zoom.us/j/81234567890?pwd=Rakor2022';
    await form.getByTestId('meeting-call-link').fill(zoom);
    await form.getByTestId('meeting-save').click();
    await expect.poll(async () => (await admin.get<Meeting>(API.meeting(meeting.id))).body.externalCallUrl).toBe(zoom);

    // The open page hears the edit: it now leads to Zoom, in a new tab.
    await expect.poll(() => notice.textContent()).toContain('Ikuti lewat tautan rapat daring');
    expect(await notice.textContent()).toContain('Zoom');
    const link = phone.getByTestId('call-link');
    expect(await link.getAttribute('href')).toBe(zoom);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await link.textContent()).toContain('Buka Zoom');
    expect(await phone.getByTestId('call-link-fallback').count()).toBe(0);

    // The chair's console offers the link too, still without setup hints; the admin alone reads them.
    const chairPage = await open(linkFor('chair').url, errors);
    const chairNotice = chairPage.getByTestId('video-notice');
    await chairNotice.waitFor();
    expect(await chairPage.getByTestId('call-link').getAttribute('href')).toBe(zoom);
    expect(await chairNotice.textContent()).not.toMatch(/belum diatur|LIVEKIT/);
    await form.goto(`${t.baseUrl}/m/${meeting.id}`);
    await form.getByTestId('video-notice-admin').waitFor();
    expect(await form.getByTestId('video-notice').textContent()).toContain('Video belum diatur');
    expect(await form.getByTestId('call-link').getAttribute('href')).toBe(zoom);

    const projector = await open(linkFor('projector').url, errors);
    const chair = await openPerson(t, linkFor('chair'), meeting.id);
    await chair.send({ type: 'meeting.start' });
    await chair.send({ type: 'turn.next' });
    await expect.poll(() => phone.getByTestId('current-speaker').textContent(), { timeout: 5000 }).toContain('Dinkes');
    // Dinsos, remote, takes the floor: the projector's corner says where the room can find it.
    await chair.send({ type: 'turn.next' });
    await expect.poll(() => projector.getByTestId('video-notice').textContent(), { timeout: 5000 }).toContain('Pembicara daring bergabung lewat Zoom');
    expect(await projector.getByTestId('video-notice').textContent()).not.toMatch(/belum diatur|LIVEKIT/);
    await chair.send({ type: 'turn.next' });
    await phone.getByTestId('ask-response').click();
    await expect.poll(async () => (await t.app.services.queue.state(meeting.id)).requests.length, { timeout: 5000 }).toBe(1);
    chair.close();
    expect(errors).toEqual([]);
  });

  it('V2 V3 with a configured (test double) LiveKit, the token endpoint answers each role from its own browser', async () => {
    double = await LiveKitDouble.start();
    const t = await e2e.startApp({ video: { url: double.url, apiKey: double.apiKey, apiSecret: double.apiSecret } });
    const { meeting, linkFor, admin } = await setUpMeeting(t);
    const jitsi = 'https://meet.jit.si/RakorKutim-Asisten1';
    expect((await admin.put(API.meeting(meeting.id), { ...meetingInputOf(meeting), externalCallUrl: jitsi })).status).toBe(200);
    const errors: string[] = [];
    const verifier = new TokenVerifier(double.apiKey, double.apiSecret);
    /** What the page's own fetch gets from the token endpoint, with its cookie. */
    const tokenFrom = (page: Page, url: string) =>
      page.evaluate(async (u: string) => {
        const res = await fetch(u, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        return { status: res.status, body: await res.json() };
      }, url);

    const remote = await open(linkFor('participant', 1).url, errors, true);
    // V16: with video, the meeting's call link stands beside the call as the way out, and no notice replaces the call.
    const fallback = remote.getByTestId('call-link-fallback');
    await fallback.waitFor();
    expect(await fallback.textContent()).toContain('Jika video tidak tersambung');
    expect(await fallback.getByTestId('call-link').getAttribute('href')).toBe(jitsi);
    expect(await fallback.textContent()).toContain('Jitsi Meet');
    expect(await remote.getByTestId('video-notice').count()).toBe(0);
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
