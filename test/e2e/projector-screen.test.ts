import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPerson, pressOk, setUpMeeting, type Person } from '../helpers/meeting-people';
import { ShiftedClock, WAKE_LOCK_RECORDER, misfits, openIn, shotOnFailure, type Viewport } from '../helpers/screen-fit';
import { eventually } from '../helpers/wait';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();
/** The room screens of the secretariats (16:9 at 1280x720, 1366x768, 1600x900, 1920x1080) and an old 4:3 one. */
const SCREENS: Viewport[] = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1600, height: 900 },
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 },
];
const MIN = 60_000;
/** Screenshots of every state at every size, for a person to look at, when RAKOR_SHOTS_DIR is set. */
const SHOTS = process.env.RAKOR_SHOTS_DIR;

describe.skipIf(!available)('the projector at the room screens', () => {
  const clock = new ShiftedClock();
  const e2e = useE2E({ app: { clock } });
  const errors = e2e.errors;

  const wake = (page: Page) => page.evaluate<{ requests: number; releases: number; held: number }>('window.__wake');
  const text = (page: Page, testid: string) => page.getByTestId(testid).first().textContent();

  /** At every size: the named elements inside the screen, their text unclipped, the clock and the digits on one line. */
  async function fitsEverySize(page: Page, state: string, testids: string[]) {
    for (const size of SCREENS) {
      await page.setViewportSize(size);
      const name = `projector-${state}-${size.width}x${size.height}`;
      await shotOnFailure(page, name, async () => {
        // The layout settles within a frame of the resize; the page must not scroll at all.
        let problems: string[] = [];
        await eventually(
          async () => {
            problems = await misfits(page, testids, { oneLine: ['projector-clock', 'countdown-digits'] });
            return problems.length === 0;
          },
          { timeoutMs: 1500, what: `${name} to fit`, seen: () => problems.join('\n') },
        );
        expect(await page.evaluate('document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth')).toBe(true);
      });
      if (SHOTS) {
        fs.mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
      }
    }
  }

  it('X9 X10 X11 X12 X13 X14 X15 the projector fits five room screens while running, paused (JEDA), in arahan, overrun, between turns and in a response; one main; a readable chime button', async () => {
    clock.setTo('2022-06-13T00:25:00Z');
    const { meeting, linkFor } = await setUpMeeting(e2e.app, ['Dinkes', 'Dinsos', 'Disdik', 'Bappeda']);
    const chair: Person = await openPerson(e2e.app, linkFor('chair'), meeting.id);
    const ctx = await e2e.newContext({ viewport: SCREENS[0], locale: 'id-ID' });
    await ctx.addInitScript(WAKE_LOCK_RECORDER);
    let projector = await openIn(ctx, linkFor('projector').url, errors);
    await projector.getByTestId('projector').waitFor();

    // X13: App.svelte's <main> is the page's only main landmark.
    expect(await projector.evaluate('document.querySelectorAll("main, [role=main]").length')).toBe(1);
    // X14: the chime switch reads at least 4.5:1 against the stage behind it.
    const contrast = await projector.evaluate<number>(CONTRAST_OF_CHIME);
    console.log(`[e2e] projector chime button contrast ${contrast.toFixed(2)}:1`);
    expect(contrast).toBeGreaterThanOrEqual(4.5);

    // X9: a turn running.
    await pressOk(chair, { type: 'meeting.start' });
    await pressOk(chair, { type: 'turn.next' });
    await eventually(async () => (await text(projector, 'current-speaker')) === 'Dinkes', { timeoutMs: 3000, what: 'Dinkes on the projector' });
    const running = [
      'meeting-title-heading',
      'projector-clock',
      'current-speaker',
      'countdown',
      'countdown-digits',
      'countdown-caption',
      'next-strip',
      'next-speaker',
      'chime',
    ];
    await fitsEverySize(projector, 'running', running);

    // X10: paused, the countdown is grey and the stage says JEDA.
    await pressOk(chair, { type: 'turn.pause' });
    await eventually(async () => (await text(projector, 'floor-state')) === 'JEDA', { timeoutMs: 3000, what: 'JEDA on the projector' });
    expect(await projector.getByTestId('countdown').getAttribute('data-clock')).toBe('paused');
    await eventually(async () => (await projector.evaluate<string>(GREY_OF_COUNTDOWN)) === 'rgb(159, 176, 186)', { timeoutMs: 2000, what: 'the grey digits' });
    await fitsEverySize(projector, 'paused', [...running, 'floor-state']);

    // X11: the chair's directions: ARAHAN PIMPINAN is what the room reads, the OPD's stopped time small beside it.
    await pressOk(chair, { type: 'turn.resume' });
    await pressOk(chair, { type: 'arahan.start' });
    await eventually(async () => (await text(projector, 'floor-state')) === 'ARAHAN PIMPINAN', { timeoutMs: 3000, what: 'ARAHAN PIMPINAN on the projector' });
    const sizes = await projector.evaluate<{ arahan: number; digits: number }>(
      `({ arahan: parseFloat(getComputedStyle(document.querySelector('[data-testid="floor-state"]')).fontSize),
          digits: parseFloat(getComputedStyle(document.querySelector('[data-testid="countdown-digits"]')).fontSize) })`,
    );
    expect(sizes.arahan).toBeGreaterThan(sizes.digits);
    expect(await text(projector, 'countdown-caption')).toContain('Dinkes');
    await fitsEverySize(projector, 'arahan', [...running, 'floor-state']);
    await pressOk(chair, { type: 'arahan.stop' });

    // X12: more than ten minutes over: "+10:2x" and LEWAT WAKTU, unclipped. The server's clock moves on
    // past the allotment; the projector is opened afresh so that it measures the new clock at once.
    const turn = (await e2e.app.app.services.queue.state(meeting.id)).turns['p-' + meeting.participants[0]!.id]!;
    clock.advance(turn.timer.allotmentMs + 10 * MIN + 20_000);
    await projector.close();
    projector = await openIn(ctx, linkFor('projector').url, errors);
    await eventually(async () => /^\+1\d:\d\d$/.test((await text(projector, 'countdown-digits')) ?? ''), { timeoutMs: 5000, what: 'the overrun countdown' });
    expect(await projector.getByTestId('countdown').getAttribute('data-tone')).toBe('overrun');
    expect(await text(projector, 'countdown-caption')).toBe('Lewat waktu');
    await fitsEverySize(projector, 'overrun', running);

    // X15: between turns the projector names who is next; a response admitted is labelled Tanggapan.
    await pressOk(chair, { type: 'turn.finish' });
    await eventually(async () => (await text(projector, 'between-turns')) === 'Berikutnya: Dinsos', { timeoutMs: 3000, what: 'Berikutnya: Dinsos' });
    await fitsEverySize(projector, 'between', ['meeting-title-heading', 'projector-clock', 'between-turns', 'next-strip', 'next-speaker', 'chime']);
    await pressOk(chair, { type: 'turn.next' });
    const disdik = await openPerson(e2e.app, linkFor('participant', 2), meeting.id);
    await pressOk(disdik, { type: 'request.create', kind: 'response' });
    const state = await e2e.app.app.services.queue.state(meeting.id);
    const request = state.requests.find((r) => r.status === 'pending')!;
    await pressOk(chair, { type: 'request.admit', requestId: request.id, allotmentMinutes: 3 });
    await eventually(async () => (await text(projector, 'next-speaker'))?.includes('Tanggapan') ?? false, { timeoutMs: 3000, what: 'the response next' });
    await pressOk(chair, { type: 'turn.next' });
    await eventually(async () => (await text(projector, 'turn-kind')) === 'Tanggapan', { timeoutMs: 3000, what: 'the Tanggapan label' });
    expect(await text(projector, 'current-speaker')).toBe('Disdik');
    await fitsEverySize(projector, 'response', [...running, 'turn-kind']);

    // X8: the projector holds the wake lock, asks again when its tab comes back, and lets go at the end.
    expect((await wake(projector)).held).toBe(1);
    const asked = (await wake(projector)).requests;
    await projector.evaluate('window.__setHidden(true)');
    expect((await wake(projector)).held).toBe(0);
    await projector.evaluate('window.__setHidden(false)');
    await eventually(async () => (await wake(projector)).held === 1, { timeoutMs: 3000, what: 'the wake lock asked again' });
    expect((await wake(projector)).requests).toBe(asked + 1);
    await pressOk(chair, { type: 'meeting.end' });
    await eventually(async () => (await wake(projector)).held === 0, { timeoutMs: 3000, what: 'the wake lock released at the end' });
    expect((await wake(projector)).releases).toBeGreaterThanOrEqual(1);

    disdik.close();
    chair.close();
    expect(errors).toEqual([]);
  });
});

/** The colour of the projector's countdown (grey when its clock stands). */
const GREY_OF_COUNTDOWN = `getComputedStyle(document.querySelector('[data-testid="countdown"]')).color`;

/**
 * WCAG contrast of the chime button's text against what is behind it (its own background, or the
 * first opaque one up the tree), its opacity folded in. A string: the page has the DOM, the test does not.
 */
const CONTRAST_OF_CHIME = `(() => {
  const rgba = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; };
  const el = document.querySelector('[data-testid="chime"]');
  let bg = null;
  for (let n = el; n && !bg; n = n.parentElement) { const c = rgba(getComputedStyle(n).backgroundColor); if (c.a > 0.99) bg = c; }
  bg = bg || { r: 255, g: 255, b: 255 };
  let opacity = 1;
  for (let n = el; n; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
  const fg = rgba(getComputedStyle(el).color);
  const a = fg.a * opacity;
  const mix = (f, b) => f * a + b * (1 - a);
  const shown = { r: mix(fg.r, bg.r), g: mix(fg.g, bg.g), b: mix(fg.b, bg.b) };
  const lum = (c) => { const ch = [c.r, c.g, c.b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]; };
  const [hi, lo] = [lum(shown), lum(bg)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
})()`;
