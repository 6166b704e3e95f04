import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TrackSource, type ParticipantInfo } from 'livekit-server-sdk';
import type { QueueCommandInput } from '../../shared/protocol';
import { at } from '../helpers/at';
import { livekitAvailable, startLiveKitWithApp, type RealLiveKit } from '../helpers/livekit-server';
import { openPerson, pressOk, setUpMeeting, type Person } from '../helpers/meeting-people';
import type { TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/wait';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable() && livekitAvailable();

const SHOTS = process.env.RAKOR_SHOTS_DIR ?? path.join(os.tmpdir(), 'rakor-video-shots');
/** A screenshot for a person to look at (RAKOR_SHOTS_DIR); the test's assertions never read it. */
async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

const mayPublish = (p: ParticipantInfo | undefined, source: TrackSource) =>
  !!p?.permission?.canPublish && (p.permission.canPublishSources.length === 0 || p.permission.canPublishSources.includes(source));
const publishes = (p: ParticipantInfo | undefined, source: TrackSource) => (p?.tracks ?? []).some((t) => t.source === source);

/** The page's call as the person sees it: its phase, and whether its microphone can be switched on. */
const phaseOf = (page: Page) => page.getByTestId('video-call').getAttribute('data-phase');
const micEnabled = (page: Page) => page.getByTestId('video-mic').isEnabled();
const micOn = async (page: Page) => (await page.getByTestId('video-mic').getAttribute('aria-pressed')) === 'true';

/** Remote sound the page plays: <audio> elements holding a live track (the page's own script: no DOM types in the tests). */
const playing = (page: Page) =>
  page.evaluate<number>(
    `[...document.querySelectorAll('audio')].filter((a) => a.srcObject instanceof MediaStream && a.srcObject.getAudioTracks().some((t) => t.readyState === 'live')).length`,
  );

describe.skipIf(!available)('the call in real browsers against a real LiveKit server', () => {
  const e2e = useE2E({ app: false, browser: { fakeMedia: true } });
  let lk: RealLiveKit;
  let t: TestApp;
  const people: Person[] = [];

  beforeAll(async () => {
    ({ lk, t } = await startLiveKitWithApp((opts) => e2e.startApp(opts)));
  });
  afterAll(async () => {
    for (const p of people.splice(0)) p.close();
    await lk?.close();
  });

  it('LV1 two remote OPDs on phones: the projector shows the floor holder without its sound, Berikutnya moves the microphone in both browsers, a dropped network comes back by itself', async () => {
    const m = await setUpMeeting(t, ['Dinsos', 'Dishub', 'Disdik'], { remoteFirst: 2 });
    const meeting = m.meeting;
    const room = `rakor-${meeting.id}`;
    const [dinsos, dishub] = [at(meeting.participants, 0, 'Dinsos').id, at(meeting.participants, 1, 'Dishub').id];
    const listed = async () => new Map((await lk.rooms.listParticipants(room)).map((p) => [p.identity, p]));
    const chair = await openPerson(t, m.linkFor('chair'), meeting.id);
    people.push(chair);
    const press = (command: QueueCommandInput) => pressOk(chair, command);

    const errors: string[] = [];
    const a = await e2e.open(m.linkFor('participant', 0).url, { phone: true, errors });
    const b = await e2e.open(m.linkFor('participant', 1).url, { phone: true, errors });
    for (const page of [a, b]) {
      await expect.poll(() => phaseOf(page), { timeout: 20_000 }).toBe('connected');
      await page.getByTestId('video-camera').click();
      await expect.poll(() => page.getByTestId('video-camera').getAttribute('aria-pressed')).toBe('true');
    }
    await eventually(
      async () => {
        const now = await listed();
        return [dinsos, dishub].every((id) => publishes(now.get(id), TrackSource.CAMERA));
      },
      {
        what: 'both cameras at the SFU',
      },
    );
    // Before the meeting runs nobody but the room has the floor: the microphone stays locked.
    expect(await micEnabled(a)).toBe(false);
    await expect.poll(() => a.getByTestId('video-mic-locked').isVisible()).toBe(true);

    const projector = await e2e.open(m.linkFor('projector').url, { errors });
    await projector.setViewportSize({ width: 1366, height: 768 });

    await press({ type: 'meeting.start' });
    await press({ type: 'turn.next' });
    // Dinsos has the floor: its phone offers the microphone, and the SFU lets it publish one.
    await expect.poll(() => micEnabled(a), { timeout: 10_000 }).toBe(true);
    expect(await micEnabled(b)).toBe(false);
    if (!(await micOn(a))) await a.getByTestId('video-mic').click();
    await eventually(async () => publishes((await listed()).get(dinsos), TrackSource.MICROPHONE), {
      what: "Dinsos's microphone at the SFU",
      timeoutMs: 10_000,
    });
    expect(mayPublish((await listed()).get(dishub), TrackSource.MICROPHONE)).toBe(false);

    // The projector shows Dinsos's camera large, and plays no sound: the room hears the speaker
    // once, through the room's own computer, never a second time through the projector.
    await projector.getByTestId('projector-video').waitFor({ timeout: 15_000 });
    expect(await projector.getByTestId('speaker-spotlight').getAttribute('data-identity')).toBe(dinsos);
    await expect
      .poll(() => projector.evaluate<number>(`document.querySelector('[data-testid="projector-video"] video')?.videoWidth ?? 0`), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    expect(await projector.locator('audio').count()).toBe(0);
    // Dishub hears Dinsos on its phone; Dinsos does not hear itself.
    await expect.poll(() => playing(b), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await a.evaluate<number>(`document.querySelectorAll('audio').length`)).toBe(0);

    const enabled = b.waitForFunction(`document.querySelector('[data-testid="video-mic"]')?.disabled === false`, null, {
      polling: 10,
      timeout: 10_000,
    });
    const pressed = Date.now();
    await press({ type: 'turn.next' });
    const atSfu = await eventually(async () => mayPublish((await listed()).get(dishub), TrackSource.MICROPHONE), {
      what: 'Dishub allowed at the SFU',
      everyMs: 10,
    });
    await enabled;
    const inBrowser = Date.now() - pressed;
    // The browser's figure includes three Chromium pages encoding and decoding video on the same two cores.
    console.log(`LV1: Berikutnya to Dishub allowed at the SFU ${atSfu} ms`);
    await eventually(async () => !publishes((await listed()).get(dinsos), TrackSource.MICROPHONE), { what: "the SFU to unpublish Dinsos's microphone" });
    console.log(`LV1: Berikutnya to Dishub's microphone button enabled in its browser: ${inBrowser} ms`);
    // Dinsos's phone sees the microphone go and says why.
    await expect.poll(() => micOn(a), { timeout: 10_000 }).toBe(false);
    await a.getByTestId('video-floor-moved').waitFor();
    expect(await micEnabled(a)).toBe(false);
    await expect.poll(() => projector.getByTestId('speaker-spotlight').getAttribute('data-identity'), { timeout: 10_000 }).toBe(dishub);

    if (!(await micOn(b))) await b.getByTestId('video-mic').click();
    await eventually(async () => publishes((await listed()).get(dishub), TrackSource.MICROPHONE), {
      what: "Dishub's microphone at the SFU",
      timeoutMs: 10_000,
    });

    // Dishub's phone loses its network, then finds it again: back in the call with the floor's
    // rights, without a click.
    expect(errors).toEqual([]);
    const before = (await listed()).get(dishub)?.sid;
    await b.context().setOffline(true);
    await expect.poll(() => phaseOf(b), { timeout: 30_000 }).not.toBe('connected');
    await b.context().setOffline(false);
    await expect.poll(() => phaseOf(b), { timeout: 30_000 }).toBe('connected');
    await eventually(async () => mayPublish((await listed()).get(dishub), TrackSource.MICROPHONE), {
      what: 'Dishub back in the call with the floor',
      timeoutMs: 20_000,
    });
    expect(await micEnabled(b)).toBe(true);
    console.log(`LV1: Dishub's connection ${before === (await listed()).get(dishub)?.sid ? 'resumed' : 'rejoined'} after the drop`);
    // While offline, livekit-client and the page's socket say they cannot connect: nothing else may fail.
    expect(errors.filter((e) => !/Failed to fetch|WebSocket|ERR_INTERNET_DISCONNECTED|Failed to load resource/i.test(e))).toEqual([]);
  });

  it("LV2 the paparan shown large with the speaker small on the other phone and the projector; audio-only receives no video and keeps the speaker's voice", async () => {
    const m = await setUpMeeting(t, ['Bappeda', 'Dispora', 'Satpol PP'], { remoteFirst: 2 });
    const meeting = m.meeting;
    const room = `rakor-${meeting.id}`;
    const speaker = at(meeting.participants, 0, 'Bappeda').id;
    const listed = async () => new Map((await lk.rooms.listParticipants(room)).map((p) => [p.identity, p]));
    const chair = await openPerson(t, m.linkFor('chair'), meeting.id);
    people.push(chair);
    await pressOk(chair, { type: 'meeting.start' });
    await pressOk(chair, { type: 'turn.next' });
    const errors: string[] = [];
    const a = await e2e.open(m.linkFor('participant', 0).url, { phone: true, errors });
    const b = await e2e.open(m.linkFor('participant', 1).url, { phone: true, errors });
    const projector = await e2e.open(m.linkFor('projector').url, { errors });
    await projector.setViewportSize({ width: 1920, height: 1080 });
    for (const page of [a, b]) await expect.poll(() => phaseOf(page), { timeout: 20_000 }).toBe('connected');

    await a.getByTestId('video-camera').click();
    await expect.poll(() => micEnabled(a), { timeout: 10_000 }).toBe(true);
    if (!(await micOn(a))) await a.getByTestId('video-mic').click();
    await a.getByTestId('video-share').click();
    await eventually(async () => publishes((await listed()).get(speaker), TrackSource.SCREEN_SHARE), { what: 'the paparan at the SFU', timeoutMs: 10_000 });
    // Bappeda's slides fill the other phone and the projector, its camera small beside them.
    for (const page of [b, projector]) {
      await page.getByTestId('screen-share').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('screen-share').getAttribute('data-identity')).toBe(speaker);
      await page.getByTestId('screen-share-camera').waitFor({ timeout: 10_000 });
      const [share, camera] = await page.evaluate<[number, number]>(
        `[document.querySelector('[data-testid="screen-share"]').getBoundingClientRect().width, document.querySelector('[data-testid="screen-share-camera"]').getBoundingClientRect().width]`,
      );
      expect(camera).toBeLessThan(share / 2);
      // And the slides are really playing there, not an empty frame.
      await expect
        .poll(() => page.evaluate<number>(`document.querySelector('[data-testid="screen-share"] video.screen')?.videoWidth ?? 0`), { timeout: 10_000 })
        .toBeGreaterThan(0);
    }
    await shot(projector, 'lv2-projector-paparan-1920');
    await shot(b, 'lv2-phone-paparan-390');

    // Dispora's phone on a weak link: audio-only. No video arrives any more; Bappeda's voice still does.
    await expect.poll(() => playing(b), { timeout: 10_000 }).toBeGreaterThan(0);
    await b.getByTestId('video-audio-only').check();
    await expect
      .poll(
        () =>
          b.evaluate<number>(
            `[...document.querySelectorAll('video')].filter((v) => v.srcObject instanceof MediaStream && v.srcObject.getVideoTracks().some((t) => t.readyState === 'live')).length`,
          ),
        { timeout: 10_000 },
      )
      .toBe(0);
    expect(await playing(b)).toBeGreaterThan(0);
    // And back: the slides come again.
    await b.getByTestId('video-audio-only-off').click();
    await b.getByTestId('screen-share').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
  });
});
