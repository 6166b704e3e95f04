import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPerson, pressOk, setUpMeeting } from '../helpers/meeting-people';
import { CHIME_RECORDER, ShiftedClock, WAKE_LOCK_RECORDER, misfits, openIn, shotOnFailure } from '../helpers/screen-fit';
import { eventually } from '../helpers/wait';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();
/** The factory's meetings are on Monday 13 June 2022 (WITA); the server's clock is put on that day, or another. */
const MEETING_MORNING = '2022-06-13T00:25:00Z';
const TABLET = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };
/** What the chair needs without scrolling: who speaks, the time, and the buttons pressed every few minutes. */
/** The app's top bar (about 50 px), the page's padding and a compact meeting header (at most about 72 px at 1024 wide, a little more on a phone). */
const HEADROOM_PX = 190;
/** Screenshots of each first screen, for a person to look at, when RAKOR_SHOTS_DIR is set. */
const SHOTS = process.env.RAKOR_SHOTS_DIR;
const FIRST_SCREEN = ['current-speaker', 'countdown', 'next', 'pause', 'extend-1', 'request-badge', 'request-row', 'absent-warning'];

describe.skipIf(!available)("the chair's console on a tablet and a phone", () => {
  const clock = new ShiftedClock();
  const e2e = useE2E({ app: { clock } });
  const errors = e2e.errors;

  async function openChair(url: string, viewport = TABLET): Promise<Page> {
    const ctx = await e2e.newContext({ viewport, locale: 'id-ID' });
    await ctx.addInitScript(WAKE_LOCK_RECORDER);
    await ctx.addInitScript(CHIME_RECORDER);
    return openIn(ctx, url, errors);
  }
  const wake = (page: Page) => page.evaluate<{ requests: number; releases: number; held: number }>('window.__wake');
  const attr = (page: Page, testid: string, name: string) => page.getByTestId(testid).first().getAttribute(name);
  const background = (page: Page, testid: string) =>
    page.evaluate<string>(`getComputedStyle(document.querySelector('[data-testid="${testid}"]')).backgroundColor`);
  const dialogOpen = (page: Page) => page.evaluate<boolean>(`document.querySelector('[data-testid="confirm-dialog"]').open`);
  /**
   * The first screen as the chair sees it once the page's header is compact (issue 13 gives that to
   * another part): the top bar and the header take at most HEADROOM_PX above the console. A page whose
   * header already fits is measured unscrolled.
   */
  const fits = async (page: Page, name: string, testids: string[]) => {
    const top = await page.evaluate<number>(`document.querySelector('[data-testid="chair-console"]').getBoundingClientRect().top + scrollY`);
    const scroll = Math.max(0, Math.round(top - HEADROOM_PX));
    await page.evaluate(`window.scrollTo(0, ${scroll})`);
    console.log(`[e2e] ${name}: console starts ${Math.round(top)} px down, measured scrolled by ${scroll} px`);
    await shotOnFailure(page, name, async () => expect(await misfits(page, testids)).toEqual([]));
    if (SHOTS) {
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    }
  };

  it('X6 starting a meeting on another day than its date asks first, in the page, by keyboard; on its day it starts at once', async () => {
    clock.setTo('2022-06-10T01:00:00Z'); // Friday before the meeting, 09.00 WITA
    const { meeting, linkFor } = await setUpMeeting(e2e.app, ['Dinkes', 'Dinsos']);
    const chair = await openChair(linkFor('chair').url);
    const queue = e2e.app.app.services.queue;

    await chair.getByTestId('start-meeting').click();
    const dialog = chair.getByTestId('confirm-dialog');
    await dialog.locator('h2').waitFor();
    expect(await dialog.textContent()).toContain('Senin, 13 Juni 2022');
    expect(await dialog.textContent()).toContain('Jumat, 10 Juni 2022');
    // The safe answer has the keyboard; Esc says no.
    expect(await chair.evaluate('document.activeElement?.dataset.testid')).toBe('confirm-cancel');
    await chair.keyboard.press('Escape');
    await eventually(async () => !(await dialogOpen(chair)), { timeoutMs: 2000, what: 'the dialog closed by Esc' });
    expect((await queue.state(meeting.id)).phase).toBe('not_started');

    await chair.getByTestId('start-meeting').click();
    await dialog.locator('h2').waitFor();
    await chair.keyboard.press('Tab');
    expect(await chair.evaluate('document.activeElement?.dataset.testid')).toBe('start-anyway');
    await chair.keyboard.press('Enter');
    await chair.getByTestId('next').waitFor();
    expect((await queue.state(meeting.id)).phase).toBe('running');

    // On the meeting's own day (in its zone, WITA), Mulai rapat starts it without a question.
    clock.setTo(MEETING_MORNING);
    const other = await setUpMeeting(e2e.app, ['Dispar', 'Diskop']);
    const onTheDay = await openChair(other.linkFor('chair').url);
    await onTheDay.getByTestId('start-meeting').click();
    await onTheDay.getByTestId('next').waitFor();
    expect(await dialogOpen(onTheDay)).toBe(false);
    expect(errors).toEqual([]);
  });

  it('X1 X2 X3 X4 X5 X8 the live controls, the requests badge and the absence warning fit the first screen of a tablet and a phone; JEDA; Berikutnya: <OPD>; the two ends differ', async () => {
    clock.setTo(MEETING_MORNING);
    const { meeting, linkFor } = await setUpMeeting(e2e.app, ['Disdik', 'Dishub', 'Bapenda', 'DPMD', 'Disnaker']);
    const chair = await openChair(linkFor('chair').url, TABLET);
    // X8: the console asks to keep the tablet lit from the moment it opens.
    await eventually(async () => (await wake(chair)).held === 1, { timeoutMs: 3000, what: "the console's wake lock" });

    await chair.getByTestId('start-meeting').click();
    await chair.getByTestId('next').click();
    await eventually(async () => (await chair.getByTestId('current-speaker').textContent()) === 'Disdik', { timeoutMs: 3000, what: 'Disdik at the floor' });
    // Nobody recorded Disdik as present: the chair is warned, and the warning takes its room on the first screen.
    await chair.getByTestId('absent-warning').waitFor();

    // X2: two OPDs ask to respond; the badge beside Berikutnya says how many and who.
    const dishub = await openPerson(e2e.app, linkFor('participant', 1), meeting.id);
    const bapenda = await openPerson(e2e.app, linkFor('participant', 2), meeting.id);
    await pressOk(dishub, { type: 'request.create', kind: 'response' });
    await pressOk(bapenda, { type: 'request.create', kind: 'point_of_order' });
    await eventually(async () => (await chair.getByTestId('request-row').count()) === 2, { timeoutMs: 3000, what: 'two requests on the console' });
    const badge = chair.getByTestId('request-badge');
    expect(await badge.textContent()).toContain('2 permintaan');
    expect(await badge.textContent()).toContain('Dishub');
    expect(await badge.textContent()).toContain('Bapenda');

    // X1: at 1024x768 everything the chair presses or reads mid-turn is on the first screen.
    await fits(chair, 'chair-1024x768-running', FIRST_SCREEN);

    // X3: a pause turns the countdown grey and says JEDA.
    await chair.getByTestId('pause').click();
    await eventually(async () => (await attr(chair, 'countdown', 'data-clock')) === 'paused', { timeoutMs: 3000, what: 'the paused countdown' });
    expect(await chair.getByTestId('countdown-caption').textContent()).toBe('JEDA');
    // Grey once its colour has faded over (a 0.4 s transition).
    await eventually(async () => (await background(chair, 'countdown')) === 'rgb(236, 239, 241)', { timeoutMs: 2000, what: 'the grey countdown' });
    expect(await chair.getByTestId('pause').textContent()).toContain('Lanjutkan');
    await fits(chair, 'chair-1024x768-paused', FIRST_SCREEN);

    // The same console on a phone, paused and with the requests: still all on the first screen.
    await chair.setViewportSize(PHONE);
    await fits(chair, 'chair-390x844-paused', FIRST_SCREEN);
    await chair.getByTestId('pause').click();
    await eventually(async () => (await attr(chair, 'countdown', 'data-clock')) === 'running', { timeoutMs: 3000, what: 'the countdown running again' });
    await fits(chair, 'chair-390x844-running', FIRST_SCREEN);

    // X2: the badge takes the chair to the requests, the first decision under the finger.
    await badge.click();
    await eventually(async () => (await chair.evaluate('document.activeElement?.dataset.testid')) === 'admit', {
      timeoutMs: 2000,
      what: 'the focus on Izinkan',
    });
    expect(await chair.evaluate('!!document.activeElement?.closest(\'[data-testid="requests-panel"]\')')).toBe(true);
    await chair.setViewportSize(TABLET);

    // X4: "Selesai giliran" ends the turn; "Akhiri rapat" is elsewhere, red, and asks first.
    const finish = chair.getByTestId('finish-turn');
    const end = chair.getByTestId('end-meeting');
    expect(await finish.textContent()).toBe('Selesai giliran');
    expect(await end.textContent()).toBe('Akhiri rapat');
    const floorBox = (await chair.getByTestId('chair-floor').boundingBox())!;
    const endBox = (await end.boundingBox())!;
    expect(endBox.y).toBeGreaterThan(floorBox.y + floorBox.height + 200);
    expect(await background(chair, 'end-meeting')).toBe('rgb(180, 35, 24)');
    expect(await background(chair, 'finish-turn')).not.toBe(await background(chair, 'end-meeting'));
    await end.click();
    await chair.getByTestId('end-anyway').waitFor();
    await chair.getByTestId('confirm-cancel').click();
    expect((await e2e.app.app.services.queue.state(meeting.id)).phase).toBe('running');

    // X5: between two turns the console names who comes next, not "the first speaker".
    await finish.click();
    await eventually(async () => (await chair.getByTestId('between-turns').count()) === 1, { timeoutMs: 3000, what: 'the console between turns' });
    expect(await chair.getByTestId('between-turns').textContent()).toBe('Berikutnya: Dishub');
    expect(await chair.getByTestId('chair-console').textContent()).not.toContain('pembicara pertama');

    // X8: ending the meeting lets the tablet sleep again.
    await end.click();
    await chair.getByTestId('end-anyway').click();
    await eventually(async () => (await wake(chair)).held === 0, { timeoutMs: 3000, what: 'the wake lock released at the end' });
    dishub.close();
    bapenda.close();
    expect(errors).toEqual([]);
  });

  it('X7 X8 the sound on a new request is off until switched on, is remembered, and rings once per new request; the wake lock comes back with the tab', async () => {
    clock.setTo(MEETING_MORNING);
    const { meeting, linkFor } = await setUpMeeting(e2e.app, ['Kominfo', 'Disperindag', 'Satpol PP']);
    let chair = await openChair(linkFor('chair').url);
    await chair.getByTestId('start-meeting').click();
    await chair.getByTestId('next').click();
    await chair.getByTestId('current-speaker').waitFor();
    const sound = () => attr(chair, 'request-sound', 'aria-pressed');
    expect(await sound()).toBe('false');

    const dinsos = await openPerson(e2e.app, linkFor('participant', 1), meeting.id);
    await pressOk(dinsos, { type: 'request.create', kind: 'response' });
    await chair.getByTestId('request-badge').waitFor();
    expect(await chair.evaluate('window.__chimes')).toBe(0);

    await chair.getByTestId('request-sound').click();
    expect(await sound()).toBe('true');
    await chair.reload();
    await chair.getByTestId('request-sound').waitFor();
    expect(await sound()).toBe('true');
    // The request already pending when the console opened does not ring again.
    expect(await chair.evaluate('window.__chimes')).toBe(0);
    // The browser lets audio start after a gesture on the page: any tap will do.
    await chair.getByTestId('current-speaker').click();

    const disdik = await openPerson(e2e.app, linkFor('participant', 2), meeting.id);
    await pressOk(disdik, { type: 'request.create', kind: 'response' });
    await eventually(async () => (await chair.evaluate('window.__chimes')) === 1, { timeoutMs: 3000, what: 'one chime for the new request' });

    // X8: the tab hidden loses its lock; back in front, the console asks again.
    const before = await wake(chair);
    expect(before.held).toBe(1);
    await chair.evaluate('window.__setHidden(true)');
    expect((await wake(chair)).held).toBe(0);
    await chair.evaluate('window.__setHidden(false)');
    await eventually(async () => (await wake(chair)).held === 1, { timeoutMs: 3000, what: 'the wake lock asked again' });
    expect((await wake(chair)).requests).toBe(before.requests + 1);

    chair = await openChair(linkFor('chair').url);
    expect(await attr(chair, 'request-sound', 'aria-pressed')).toBe('false'); // another browser: its own choice, off
    dinsos.close();
    disdik.close();
    expect(errors).toEqual([]);
  });
});
