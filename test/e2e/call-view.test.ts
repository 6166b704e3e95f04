import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livekitAvailable, startLiveKitWithApp, type RealLiveKit } from '../helpers/livekit-server';
import type { TestApp } from '../helpers/test-app';
import { openPerson, setUpMeeting } from '../helpers/meeting-people';
import { at } from '../helpers/at';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

/** The call view against a real LiveKit server (scripts/livekit-server.sh): WebRTC, which the Twirp double cannot do. */
const available = e2eAvailable() && livekitAvailable();

describe.skipIf(!available)('the call view on a phone, the chair console and the projector (real LiveKit)', () => {
  // Fake camera, microphone and screen (Chromium's fake capture answers getDisplayMedia without a picker).
  const e2e = useE2E({ app: false, browser: { fakeMedia: true } });
  let lk: RealLiveKit;
  let t: TestApp;
  beforeAll(async () => {
    ({ lk, t } = await startLiveKitWithApp((opts) => e2e.startApp(opts)));
  });
  afterAll(async () => {
    await lk?.close();
  });

  it('V20 V21 Q7 the floor holder shares from its phone, the projector shows it large, the chair sees quality and stops it; asks and audio-only stay in the call', async () => {
    const { meeting, linkFor } = await setUpMeeting(t);
    const dinsos = at(meeting.participants, 1, 'participant').id;
    const errors: string[] = [];
    const phone = await e2e.open(linkFor('participant', 1).url, { phone: true, errors });
    const console_ = await e2e.open(linkFor('chair').url, { errors });
    const projector = await e2e.open(linkFor('projector').url, { errors });
    const chair = await openPerson(t, linkFor('chair'), meeting.id);
    try {
      await phone.locator('[data-testid="video-call"][data-phase="connected"]').waitFor({ timeout: 20_000 });
      // Before the floor: no share button; the requests are in the call, beside the queue's own.
      expect(await phone.getByTestId('video-share').count()).toBe(0);
      await chair.send({ type: 'meeting.start' });
      await chair.send({ type: 'turn.call', turnId: `p-${dinsos}` });
      await phone.getByTestId('video-share').waitFor({ timeout: 10_000 });
      // The floor holder is not offered a response to its own turn (Y4); a point of order stays.
      expect(await phone.getByTestId('video-ask-response').count()).toBe(0);
      expect(await phone.getByTestId('video-ask-point-of-order').isVisible()).toBe(true);
      // The call stays compact on a 390x844 phone: no horizontal scroll.
      expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

      await phone.getByTestId('video-camera').click();
      await phone.getByTestId('video-share').click();
      await phone.getByTestId('video-sharing').waitFor({ timeout: 10_000 });
      await projector.getByTestId('screen-share').waitFor({ timeout: 15_000 });
      expect(await projector.getByTestId('screen-share').getAttribute('data-identity')).toBe(dinsos);

      const row = console_.locator(`[data-testid="remote-presence-row"][data-identity="${dinsos}"]`);
      await row.getByTestId('remote-sharing').waitFor({ timeout: 15_000 });
      await expect.poll(() => row.getByTestId('remote-quality').getAttribute('data-quality'), { timeout: 15_000 }).toMatch(/excellent|good|poor/);
      // Hidden screens (the console's own quality watch, the projector) are no rows of its list.
      const identities = await console_
        .getByTestId('remote-presence-row')
        .evaluateAll((rows: { getAttribute(name: string): string | null }[]) => rows.map((r) => r.getAttribute('data-identity') ?? ''));
      expect(identities.filter((id) => id.startsWith('watch:'))).toEqual([]);

      await row.getByTestId('remote-stop-share').click();
      await phone.getByTestId('video-share-stopped').waitFor({ timeout: 10_000 });
      await expect.poll(() => phone.getByTestId('video-share').count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => projector.getByTestId('screen-share').count(), { timeout: 10_000 }).toBe(0);

      // Audio-only: the camera goes off and cannot be switched on; back to video at once.
      await phone.getByTestId('video-audio-only').check();
      await phone.getByTestId('video-audio-only-off').waitFor();
      expect(await phone.getByTestId('video-camera').isDisabled()).toBe(true);
      await phone.getByTestId('video-audio-only-off').click();
      await expect.poll(() => phone.getByTestId('video-camera').isDisabled(), { timeout: 5000 }).toBe(false);
      expect(await phone.evaluate<string | null>("localStorage.getItem('rakor.video.audioOnly')")).toBeNull();
      // From inside the call the floor holder may still raise a point of order (a response to its own turn is not offered, Y4).
      await phone.getByTestId('video-ask-point-of-order').click();
      await expect.poll(async () => (await t.app.services.queue.state(meeting.id)).requests.length, { timeout: 5000 }).toBe(1);
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      chair.close();
    }
  });
});
