import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPerson, pressOk, setUpMeeting, type Person } from '../helpers/meeting-people';
import { eventually } from '../helpers/wait';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();

/**
 * Before any script of the page: every navigator.vibrate call and every oscillator the page makes
 * are written down, so the test can count the alerts (a headless browser neither buzzes nor plays);
 * and the page can be sent to the background (headless Chromium keeps every tab visible, even
 * behind another one brought to the front), as the browser does it: the state, then the event.
 */
const RECORD_ALERTS = `
  let hidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get() { return hidden ? 'hidden' : 'visible'; } });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get() { return hidden; } });
  window.__setHidden = (h) => { hidden = h; document.dispatchEvent(new Event('visibilitychange')); };
  window.__vibrations = [];
  window.__tones = 0;
  Object.defineProperty(Navigator.prototype, 'vibrate', {
    configurable: true,
    value(pattern) { window.__vibrations.push(pattern); return true; },
  });
  const createOscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () { window.__tones++; return createOscillator.call(this); };
`;

const vibrations = (page: Page) => page.evaluate<number[][]>('window.__vibrations');
const tones = (page: Page) => page.evaluate<number>('window.__tones');

describe.skipIf(!available)("the participant's phone rings when its turn comes", () => {
  const e2e = useE2E();
  const errors = e2e.errors;
  const people: Person[] = [];
  afterEach(() => people.splice(0).forEach((p) => p.close()));

  it('Y5 next and now each ring and buzz once, from a background tab, the title says so and comes back; the toggle is remembered', async () => {
    const { linkFor, meeting } = await setUpMeeting(e2e.app, ['Bappeda', 'Dispora', 'Satpol PP']);
    const chair = await openPerson(e2e.app, linkFor('chair'), meeting.id);
    people.push(chair);
    await pressOk(chair, { type: 'meeting.start' });
    await pressOk(chair, { type: 'turn.next' });

    const phone = await e2e.newPage({ viewport: 'phone' });
    phone.on('pageerror', (err) => errors.push(err.message));
    phone.on('console', (msg) => void (msg.type() === 'error' && errors.push(msg.text())));
    await phone.addInitScript(RECORD_ALERTS);
    await phone.goto(linkFor('participant', 2).url);
    await phone.waitForURL(/\/m\/[0-9a-f-]{36}$/);
    await phone.getByTestId('your-eta').waitFor();
    expect(await phone.title()).toBe('Rakor');

    // One tap turns sound and vibration on; the device remembers it, a reload keeps it on.
    const toggle = phone.getByTestId('alerts-toggle');
    expect(await toggle.textContent()).toContain('Aktifkan suara & getar');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await phone.reload();
    await phone.getByTestId('your-eta').waitFor();
    expect(await phone.getByTestId('alerts-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(await phone.getByTestId('alerts-toggle').textContent()).toContain('Suara & getar aktif');
    // After a reload the browser wants a tap again before any sound: any tap on the page unlocks it.
    await phone.getByTestId('floor-now').click();

    // The person looks at another tab: the phone's page is in the background.
    await phone.evaluate('window.__setHidden(true)');
    expect(await phone.evaluate<string>('document.visibilityState')).toBe('hidden');

    await pressOk(chair, { type: 'turn.next' });
    await eventually(async () => (await phone.title()) === '● Giliran Anda berikutnya — Rakor', { what: 'the title saying the turn is next' });
    await eventually(async () => (await vibrations(phone)).length === 1, { what: 'one vibration for next' });
    expect(await vibrations(phone)).toEqual([[200, 100, 200]]);

    // A change that keeps the moment (more time for Dinsos) and a dropped link that resyncs ring nothing.
    await pressOk(chair, { type: 'turn.extend', minutes: 1 });
    await phone.context().setOffline(true);
    await phone.getByTestId('offline-banner').waitFor();
    await phone.context().setOffline(false);
    await phone.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 15_000 });

    await pressOk(chair, { type: 'turn.next' });
    await eventually(async () => (await phone.title()) === '● Giliran Anda — Rakor', { what: 'the title saying the turn is on' });
    await eventually(async () => (await vibrations(phone)).length === 2, { what: 'a second vibration for now' });
    // A pause and a resume within the turn ring nothing more.
    await pressOk(chair, { type: 'turn.pause' });
    await pressOk(chair, { type: 'turn.resume' });
    // The turn ends: the title is the page's own again (the fence: nothing more rang meanwhile).
    await pressOk(chair, { type: 'turn.finish' });
    await eventually(async () => (await phone.title()) === 'Rakor', { what: 'the title restored' });
    expect(await vibrations(phone)).toEqual([
      [200, 100, 200],
      [400, 150, 400, 150, 400],
    ]);
    const played = await tones(phone);
    console.log(`[e2e] Y5 oscillators started: ${played}`);
    expect(played).toBe(5);
    expect(errors.filter((e) => !/WebSocket|ERR_INTERNET_DISCONNECTED|Failed to load resource/i.test(e))).toEqual([]);
  });
});
